"""Tests of neuroadapt.receptor_competition (two agonists at one receptor pool; buprenorphine induction)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.concentration_effect import operational_effect
from neuroadapt.drugs import drug_value
from neuroadapt.pharmacokinetics import bolus_concentration
from neuroadapt.receptor_competition import (
    BUPRENORPHINE_INDUCTION_DEFAULTS,
    INDUCTION_DRUGS,
    agonist_value,
    buprenorphine_induction,
    buprenorphine_occupancy,
    buprenorphine_occupancy_fit,
    competitive_occupancy,
    cows_equivalent,
    crossover_time_h,
    full_agonist_crossover_ratio,
    induction_params,
    load_agonist_table,
    partial_agonist_ceiling,
    receptor_competition,
    two_agonist_signal,
    washout_relative_concentration,
)

conc = st.floats(min_value=0.0, max_value=1e4, allow_nan=False)
kd = st.floats(min_value=1e-2, max_value=1e2, allow_nan=False)
tau = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)


# ---------------------------------------------------------------------------
# published numbers
# ---------------------------------------------------------------------------


def test_greenwald_2003_pet_occupancies_reproduced():
    """Greenwald et al. 2003 (Neuropsychopharmacology 28:2000): buprenorphine 2, 16 and 32 mg/day
    lowered whole-brain mu-receptor availability by 41 +/- 8, 80 +/- 2 and 84 +/- 2 %. The fitted
    Emax curve passes within one SEM of each mean."""
    fitted = buprenorphine_occupancy([2.0, 16.0, 32.0])
    assert np.all(np.abs(fitted - [0.41, 0.80, 0.84]) <= [0.08, 0.02, 0.02])
    occ_max, ed50 = buprenorphine_occupancy_fit()
    assert 0.85 < occ_max < 0.95 and 1.0 < ed50 < 5.0


def test_volpe_2011_ki_ranking():
    """Volpe et al. 2011 (Regul Toxicol Pharmacol 59:385): buprenorphine is in the Ki < 1 nM group,
    morphine, fentanyl and methadone in the 1-100 nM group."""
    assert agonist_value("buprenorphine", "kd_nm") < 1.0
    for drug in ("morphine", "fentanyl", "methadone"):
        assert 1.0 <= agonist_value(drug, "kd_nm") <= 100.0


def test_borgland_2003_efficacy_order():
    """Borgland et al. 2003 (J Biol Chem 278:18776): relative efficacy methadone 0.98 > morphine 0.58."""
    assert agonist_value("methadone", "relative_efficacy") == 0.98
    assert agonist_value("morphine", "relative_efficacy") == 0.58


def test_table_marks_every_row_literature_or_illustrative_with_source_or_note():
    t = load_agonist_table()
    assert set(t.status) == {"literature", "illustrative"}
    assert t.loc[t.status == "literature", "source"].notna().all()
    assert t["note"].notna().all()


def test_half_lives_come_from_the_drug_table():
    assert induction_params("heroin").half_life_h == drug_value("morphine", "half_life_h")
    assert induction_params("methadone").half_life_h == drug_value("methadone", "half_life_h")
    assert induction_params("fentanyl").half_life_h == drug_value("fentanyl", "half_life_h")


def test_guideline_ordering_of_waits():
    """Guidelines ask for a longer wait after methadone than after short-acting opioids (ASAM 2020);
    Huhn et al. 2020 tie difficult inductions after fentanyl to its protracted clearance. The model's
    crossover is later after fentanyl than heroin, and latest after methadone; after heroin it falls
    inside the published onset of heroin withdrawal (8-24 h, Kosten & O'Connor 2003) or before it."""
    t = {d: crossover_time_h(induction_params(d)) for d in INDUCTION_DRUGS}
    assert t["heroin"] < t["fentanyl"] < t["methadone"]
    assert t["heroin"] <= drug_value("heroin", "withdrawal_onset_h", bound="high")
    assert t["methadone"] > 24.0


# ---------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------


def test_reduces_to_the_operational_model_without_partial_agonist():
    c = np.geomspace(0.01, 100, 9)
    np.testing.assert_allclose(two_agonist_signal(c, 0.0, 2.0, 0.2, 5.0, 0.5), operational_effect(c, 2.0, 5.0))
    np.testing.assert_allclose(two_agonist_signal(0.0, c, 2.0, 0.2, 5.0, 0.5), operational_effect(c, 0.2, 0.5))


def test_crossover_is_dose_independent():
    a_star = full_agonist_crossover_ratio(4.0, 1.0)
    before = two_agonist_signal(a_star, 0.0, 1.0, 1.0, 4.0, 1.0)
    for b in (0.1, 1.0, 10.0, 1e3):
        assert two_agonist_signal(a_star, b, 1.0, 1.0, 4.0, 1.0) == pytest.approx(before)
    assert before == pytest.approx(partial_agonist_ceiling(1.0))


def test_fall_depends_on_how_much_full_agonist_is_left():
    """Above the crossover the fall is largest at an intermediate full-agonist level: with little left
    buprenorphine adds signal, with a great deal the full agonist keeps the receptors."""
    a = np.geomspace(1e-3, 1e4, 400)
    change = receptor_competition(a, 3.0, 1.0, 1.0, 4.0, 0.8).signal_change
    k = int(np.argmin(change))
    assert change[k] < 0 and 0 < k < a.size - 1
    assert change[0] > 0 and abs(change[-1]) < abs(change[k]) / 10


def test_induction_signal_falls_early_and_rises_late():
    t = np.arange(0.0, 121.0, 1.0)
    for drug in INDUCTION_DRUGS:
        p = induction_params(drug)
        r = buprenorphine_induction(t, 8.0, p)
        tc = crossover_time_h(p)
        early, late = t < tc - 0.5, t > tc + 0.5
        assert np.all(r.signal_after[early] < r.signal_before[early])
        assert np.all(r.signal_after[late] > r.signal_before[late])


def test_crossover_cows_is_set_by_set_point_and_ceiling():
    p = BUPRENORPHINE_INDUCTION_DEFAULTS
    r = buprenorphine_induction([crossover_time_h(p)], [2.0, 8.0, 32.0])
    np.testing.assert_allclose(r.signal_after[:, 0], r.signal_before[0], rtol=1e-3)
    np.testing.assert_allclose(r.cows_before[0], p.cows_at_full_loss * (1 - r.ceiling / r.set_point), rtol=1e-3)


def test_washout_matches_closed_form_and_averages_one():
    t = np.linspace(0.0, 24.0, 7)
    k = np.log(2) / 24.0
    expected = k * 24.0 * np.exp(-k * t) / (1 - np.exp(-k * 24.0))
    np.testing.assert_allclose(washout_relative_concentration(t, 24.0, 24.0), expected, rtol=1e-6)
    tt = np.linspace(0.0, 6.0, 2001)
    rel = washout_relative_concentration(tt, 4.0, 6.0, 0.3, 36.0)
    assert np.trapezoid(rel, tt) / 6.0 == pytest.approx(1.0, rel=1e-4)
    # the same as lib's bolus superposition, scaled
    c = bolus_concentration(np.arange(50) * 6.0 + 0.0, 1.0, 1.0, 2.0, np.arange(50) * 6.0)[-1]
    assert washout_relative_concentration(0.0, 2.0, 6.0) == pytest.approx(c * np.log(2) / 2.0 * 6.0)


def test_fentanyl_slow_phase_delays_the_crossover():
    p = induction_params("fentanyl")
    assert crossover_time_h(p) > 2 * crossover_time_h(p, slow_fraction=0.0)


def test_to_frame_long_format():
    r = buprenorphine_induction([0.0, 12.0, 24.0], [4.0, 8.0])
    f = r.to_frame()
    assert len(f) == 6 and set(f.buprenorphine_mg) == {4.0, 8.0}


# ---------------------------------------------------------------------------
# invariants (hypothesis)
# ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(conc, conc, kd, kd)
def test_occupancies_are_fractions(ca, cb, ka, kb):
    pa, pb = competitive_occupancy(ca, cb, ka, kb)
    assert 0.0 <= pa <= 1.0 and 0.0 <= pb <= 1.0 and pa + pb <= 1.0 + 1e-12


@settings(max_examples=300, deadline=None)
@given(conc, conc, kd, kd, tau, tau)
def test_net_signal_between_full_alone_and_partial_ceiling(ca, cb, ka, kb, ta, tb):
    alone = two_agonist_signal(ca, 0.0, ka, kb, ta, tb)
    both = two_agonist_signal(ca, cb, ka, kb, ta, tb)
    ceiling = partial_agonist_ceiling(tb)
    lo, hi = min(alone, ceiling), max(alone, ceiling)
    assert lo - 1e-12 <= both <= hi + 1e-12
    assert 0.0 <= both < 1.0


@settings(max_examples=50, deadline=None)
@given(
    st.sampled_from(INDUCTION_DRUGS),
    st.floats(min_value=0.5, max_value=64.0),
    st.floats(min_value=0.0, max_value=200.0),
)
def test_induction_invariants(drug, dose, hour):
    r = buprenorphine_induction([hour], dose, induction_params(drug))
    for occ in (r.occupancy_full_before, r.occupancy_full_after, r.occupancy_partial_after):
        assert np.all((occ >= 0) & (occ <= 1))
    assert np.all(r.full_agonist_relative >= 0)
    assert np.all((r.cows_after >= 0) & (r.cows_after <= induction_params(drug).cows_at_full_loss))
    lo = np.minimum(r.signal_before, r.ceiling)
    hi = np.maximum(r.signal_before, r.ceiling)
    assert np.all((r.signal_after >= lo - 1e-12) & (r.signal_after <= hi + 1e-12))


@given(st.floats(min_value=0.0, max_value=1000.0))
def test_buprenorphine_occupancy_is_a_fraction(dose):
    assert 0.0 <= buprenorphine_occupancy(dose) < 1.0


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: competitive_occupancy(-1.0, 1.0, 1.0, 1.0), "full_agonist_nm"),
        (lambda: competitive_occupancy(1.0, 1.0, 0.0, 1.0), "kd_full_nm"),
        (lambda: two_agonist_signal(1.0, 1.0, 1.0, 1.0, -1.0, 1.0), "transducer_ratio_full"),
        (lambda: full_agonist_crossover_ratio(1.0, 2.0), "transducer_ratio_full"),
        (lambda: buprenorphine_occupancy(-2.0), "dose_mg"),
        (lambda: buprenorphine_induction([1.0], 0.0), "buprenorphine_mg"),
        (lambda: buprenorphine_induction([-1.0]), "hours_since_last_dose_h"),
        (lambda: induction_params("oxycodone"), "drug"),
        (lambda: washout_relative_concentration(1.0, 2.0, 6.0, slow_fraction=0.3), "slow_half_life_h"),
        (lambda: washout_relative_concentration(1.0, 2.0, 6.0, slow_fraction=1.0), "slow_fraction"),
        (lambda: cows_equivalent(0.5, 0.0, 30.0), "set_point"),
        (lambda: agonist_value("morphine", "nonsense"), "nonsense"),
        (lambda: buprenorphine_induction([1.0], occupancy_average=1.0), "occupancy_average"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
