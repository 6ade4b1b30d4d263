"""Tests of neuroadapt.pharmacogenetics (CYP2D6/codeine, CYP2B6/methadone).

Sources: Caudle et al. 2020 (Clin Transl Sci 13:116-124) activity-score
cut-offs and allele values; Kirchheiner et al. 2007 (Pharmacogenomics J
7:257-265) morphine AUC in UM vs EM; Crews et al. 2012/2021 (CPIC codeine);
Kharasch et al. 2015 (Anesthesiology 123:1142-1153) CYP2B6 and methadone.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt import pharmacogenetics as pg

SETTINGS = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------------------
# (a) published values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score, expected",
    [(0.0, "PM"), (0.25, "IM"), (1.0, "IM"), (1.25, "NM"), (2.0, "NM"), (2.25, "NM"), (2.5, "UM"), (3.0, "UM")],
)
def test_phenotype_cutoffs_caudle_2020(score, expected):
    """Caudle et al. 2020: PM AS=0, IM 0<AS<1.25, NM 1.25<=AS<=2.25, UM AS>2.25."""
    assert pg.phenotype(score) == expected


def test_phenotype_vectorized():
    out = pg.phenotype([0.0, 1.0, 1.25, 3.0])
    assert list(out) == ["PM", "IM", "NM", "UM"]


@pytest.mark.parametrize(
    "diplotype, score, phen",
    [
        ("*1/*1", 2.0, "NM"),
        ("*1/*4", 1.0, "IM"),  # NM before 2020, IM under the consensus (Caudle et al. 2020)
        ("*1/*41", 1.5, "NM"),
        ("*1/*10", 1.25, "NM"),  # *10 = 0.25 (Caudle et al. 2020)
        ("*10/*10", 0.5, "IM"),
        ("*4/*4", 0.0, "PM"),
        ("*3/*5", 0.0, "PM"),
        ("*4/*41", 0.5, "IM"),
        ("*1x2/*2", 3.0, "UM"),
        ("*1x2/*4", 2.0, "NM"),  # a duplicated normal allele with a null allele
        ("*41x2/*4", 1.0, "IM"),  # duplication multiplies the allele value
        ("*4x2/*4", 0.0, "PM"),
        ("*2x3/*1", 4.0, "UM"),
        (" *17 / *29 ", 1.0, "IM"),
    ],
)
def test_diplotype_parsing(diplotype, score, phen):
    assert pg.activity_score(diplotype) == pytest.approx(score)
    assert pg.phenotype(pg.activity_score(diplotype)) == phen


def test_activity_score_sequence():
    np.testing.assert_allclose(pg.activity_score(["*1/*1", "*4/*4", "*1x2/*1"]), [2.0, 0.0, 3.0])


def test_um_morphine_about_45_percent_higher_than_nm():
    """Kirchheiner et al. 2007: morphine AUC median 16 (UM) vs 11 ug h/L (EM) -> ratio ~1.45."""
    ratio = float(pg.relative_morphine_exposure(pg.activity_score("*1x2/*1")))
    assert ratio == pytest.approx(16.0 / 11.0, rel=0.05)
    # and the UM range 10-24 vs EM 5-17 overlap: the ratio is far from, e.g., 3
    assert 1.2 < ratio < 1.7


def test_morphine_ordering_um_nm_im_pm():
    """Morphine exposure from codeine: UM > NM > IM > PM (CPIC: avoid in UM and PM)."""
    scores = [pg.activity_score(pg.REPRESENTATIVE_DIPLOTYPES[p]) for p in ("UM", "NM", "IM", "PM")]
    x = pg.relative_morphine_exposure(scores)
    assert x[0] > x[1] > x[2] > x[3] == 0.0
    assert float(pg.relative_morphine_exposure(2.0)) == pytest.approx(1.0)


def test_nm_fraction_within_5_to_10_percent():
    """The fraction of codeine O-demethylated in a *1/*1 NM lies in the quoted 5-10%."""
    f = float(pg.codeine_morphine_fraction(2.0))
    assert 0.05 <= f <= 0.10


def test_codeine_recommendations_crews_2021():
    """CPIC 2021: avoid codeine in UM and PM; label dosing in NM and IM."""
    assert "Avoid" in pg.codeine_recommendation("UM")
    assert "Avoid" in pg.codeine_recommendation("PM")
    assert "label" in pg.codeine_recommendation("NM")
    assert "label" in pg.codeine_recommendation("IM")


def test_methadone_kharasch_2015():
    """Kharasch et al. 2015: S-methadone CL 35% / 45% lower in *1/*6 / *6/*6; *4 carriers higher."""
    assert pg.methadone_relative_clearance("*1/*6") == pytest.approx(0.65)
    assert pg.methadone_relative_clearance("*6/*6") == pytest.approx(0.55)
    assert pg.methadone_relative_clearance("*6/*6", "R") == pytest.approx(0.65)
    assert pg.methadone_relative_clearance("*4/*6") > 1.0
    # order of alleles does not matter; *6 carriers have higher concentrations
    assert pg.methadone_relative_clearance("*6/*1") == pg.methadone_relative_clearance("*1/*6")
    assert pg.methadone_relative_concentration("*6/*6") > pg.methadone_relative_concentration("*1/*6") > 1.0


def test_population_frequencies_sum_to_one_and_match_sources():
    for name in pg.CYP2D6_POPULATIONS:
        f = pg.phenotype_frequencies(name)
        assert f.to_frame()["phenotype"].tolist() == list(pg.PHENOTYPES)
        assert f.to_frame()["frequency"].sum() == pytest.approx(1.0, abs=1e-12)
        assert pg.CYP2D6_POPULATIONS[name].sources
    eu = pg.phenotype_frequencies("european")
    assert 0.01 <= eu.um <= 0.02 and 0.05 <= eu.pm <= 0.10  # Crews et al. 2012 Table 1
    assert 0.77 <= eu.nm <= 0.92 and 0.02 <= eu.im <= 0.11
    assert pg.phenotype_frequencies("emirati").um == pytest.approx(0.112)  # Qumsieh et al. 2011
    assert pg.phenotype_frequencies("ethiopian").um == pytest.approx(0.29)  # Aklillu et al. 1996


def test_sampler_reproduces_frequencies():
    """Large samples recover the phenotype frequencies and mean exposure."""
    df = pg.sample_morphine_exposure(200_000, "ethiopian", rng=np.random.default_rng(3))
    freq = df["phenotype"].value_counts(normalize=True)
    ethiopian = pg.phenotype_frequencies("ethiopian")
    for k, v in zip(pg.PHENOTYPES, (ethiopian.pm, ethiopian.im, ethiopian.nm, ethiopian.um)):
        assert freq.get(k, 0.0) == pytest.approx(v, abs=0.005)
    # between-subject factor has mean 1: group means equal the deterministic ratio
    um = df.loc[df.phenotype == "UM", "morphine_exposure_relative_to_nm"]
    assert um.mean() == pytest.approx(float(pg.relative_morphine_exposure(3.0)), rel=0.02)
    cv = um.std() / um.mean()
    assert cv == pytest.approx(0.4, rel=0.05)


def test_sampler_reproducible_with_seed():
    a = pg.sample_morphine_exposure(100, "european", rng=42)
    b = pg.sample_morphine_exposure(100, "european", rng=np.random.default_rng(42))
    c = pg.sample_morphine_exposure(100, "european", rng=43)
    assert a.equals(b)
    assert not a.equals(c)


def test_sampler_custom_frequencies():
    df = pg.sample_morphine_exposure(50, rng=0, frequencies={"PM": 1.0, "IM": 0.0, "NM": 0.0, "UM": 0.0})
    assert (df["phenotype"] == "PM").all()
    assert (df["morphine_exposure_relative_to_nm"] == 0.0).all()


# ---------------------------------------------------------------------------
# (b) properties
# ---------------------------------------------------------------------------

alleles = st.sampled_from(sorted(pg.CYP2D6_ALLELE_FUNCTION))
copies = st.integers(1, 4)


@SETTINGS
@given(a1=alleles, n1=copies, a2=alleles, n2=copies)
def test_activity_score_additive_and_symmetric(a1, n1, a2, n2):
    d1 = f"{a1}x{n1}" if n1 > 1 else a1
    d2 = f"{a2}x{n2}" if n2 > 1 else a2
    s = pg.activity_score(f"{d1}/{d2}")
    assert s == pg.activity_score(f"{d2}/{d1}")
    expected = n1 * pg.CYP2D6_ALLELE_FUNCTION[a1] + n2 * pg.CYP2D6_ALLELE_FUNCTION[a2]
    assert s == pytest.approx(expected)
    assert pg.phenotype(s) in pg.PHENOTYPES


@SETTINGS
@given(s1=st.floats(0, 6), s2=st.floats(0, 6), r=st.floats(0.01, 0.5))
def test_exposure_monotone_in_activity(s1, s2, r):
    lo, hi = sorted((s1, s2))
    x = pg.relative_morphine_exposure([lo, hi], r)
    assert x[0] <= x[1]
    f = pg.codeine_morphine_fraction([lo, hi], r)
    assert np.all((f >= 0) & (f < 1))


@SETTINGS
@given(s1=st.floats(0, 6), s2=st.floats(0, 6))
def test_phenotype_order_monotone(s1, s2):
    lo, hi = sorted((s1, s2))
    assert pg.PHENOTYPES.index(pg.phenotype(lo)) <= pg.PHENOTYPES.index(pg.phenotype(hi))


@SETTINGS
@given(n=st.integers(1, 300), seed=st.integers(0, 2**31), cv=st.floats(0, 1.5))
def test_sampler_output_valid(n, seed, cv):
    df = pg.sample_morphine_exposure(n, "emirati", rng=seed, cv_between_subject=cv)
    assert len(df) == n
    assert (df["morphine_exposure_relative_to_nm"] >= 0).all()
    assert set(df["phenotype"]) <= set(pg.PHENOTYPES)


# ---------------------------------------------------------------------------
# (c) bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["*1", "*1/*4/*2", "*1/", "1/4", "*1/*99", "*1xN/*2", "*1x0/*2", "*4*4", "", "CYP2D6", 5, None],
)
def test_bad_diplotypes_raise(bad):
    with pytest.raises(ValueError, match="diplotype"):
        pg.activity_score(bad)


def test_other_bad_input():
    with pytest.raises(ValueError, match="activity_score"):
        pg.phenotype(-0.5)
    with pytest.raises(ValueError, match="activity_score"):
        pg.phenotype(np.nan)
    with pytest.raises(ValueError, match="phenotype_code"):
        pg.codeine_recommendation("EM")
    with pytest.raises(ValueError, match="population"):
        pg.phenotype_frequencies("martian")
    with pytest.raises(ValueError, match="frequencies"):
        pg.sample_morphine_exposure(10, rng=0, frequencies={"PM": 0.5, "IM": 0.5, "NM": 0.5, "UM": 0.0})
    with pytest.raises(ValueError, match="frequencies"):
        pg.sample_morphine_exposure(10, rng=0, frequencies={"PM": 1.0})
    with pytest.raises(ValueError, match="n_subjects"):
        pg.sample_morphine_exposure(0, rng=0)
    with pytest.raises(ValueError, match="cv_between_subject"):
        pg.sample_morphine_exposure(10, rng=0, cv_between_subject=-0.1)
    with pytest.raises(ValueError, match="rng"):
        pg.sample_morphine_exposure(10, rng="seed")
    with pytest.raises(ValueError, match="fraction_at_reference"):
        pg.codeine_morphine_fraction(2.0, 0.0)
    with pytest.raises(ValueError, match="cyp2b6_genotype"):
        pg.methadone_relative_clearance("*1/*9")
    with pytest.raises(ValueError, match="enantiomer"):
        pg.methadone_relative_clearance("*1/*1", "D")
