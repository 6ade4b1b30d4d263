"""Pharmacogenetics: CYP2D6 and codeine, CYP2B6 and methadone.

CYP2D6 genotype to phenotype follows the activity-score (AS) system as
standardised by CPIC and DPWG (Caudle et al. 2020): each allele has a
function value (normal 1, decreased 0.5 or 0.25, none 0), gene duplications
(``xN``) multiply the value by the copy number, and the diplotype's AS is the
sum of its two alleles. Phenotype cut-offs (Caudle et al. 2020):

=============================  =================
phenotype                      activity score
=============================  =================
poor metaboliser (PM)          AS = 0
intermediate metaboliser (IM)  0 < AS < 1.25
normal metaboliser (NM)        1.25 <= AS <= 2.25
ultrarapid metaboliser (UM)    AS > 2.25
=============================  =================

Codeine is a prodrug: a small fraction (commonly quoted as about 5-10% in
normal metabolisers) is O-demethylated by CYP2D6 to morphine, which carries
most of the analgesic effect. Ultrarapid metabolisers form more morphine
(Kirchheiner et al. 2007: morphine AUC median 16 vs 11 ug h/L, UM vs extensive
metabolisers, i.e. about 45% higher) and can be poisoned by ordinary doses
(Gasche et al. 2004); poor metabolisers form almost none. CPIC (Crews et al.
2021) recommends avoiding codeine in both UM and PM.

Methadone is cleared mainly by CYP2B6; carriers of the ``CYP2B6*6`` allele have
lower clearance and higher concentrations (Kharasch et al. 2015).

Teaching use only: none of these numbers is dosing advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._data import read_table
from ._validation import choice, fraction, nonnegative

__all__ = [
    "CYP2D6_ALLELE_FUNCTION",
    "PHENOTYPES",
    "activity_score",
    "phenotype",
    "codeine_morphine_fraction",
    "relative_morphine_exposure",
    "codeine_recommendation",
    "PopulationFrequencies",
    "CYP2D6_POPULATIONS",
    "phenotype_frequencies",
    "REPRESENTATIVE_DIPLOTYPES",
    "sample_morphine_exposure",
    "methadone_relative_clearance",
    "methadone_relative_concentration",
]

#: CYP2D6 allele function values used in the activity score (Caudle et al.
#: 2020, CPIC/DPWG consensus), read from ``data/cyp2d6_allele_function.csv``:
#: normal function 1; decreased function 0.5, except ``*10`` = 0.25; no function 0.
CYP2D6_ALLELE_FUNCTION: dict[str, float] = dict(
    zip(
        *(lambda t: (t["allele"], t["activity_value"]))(
            read_table("cyp2d6_allele_function.csv", numeric=("activity_value",))
        )
    )
)

#: Phenotype codes in order of increasing CYP2D6 activity.
PHENOTYPES: tuple[str, ...] = ("PM", "IM", "NM", "UM")

#: Phenotype cut-offs (Caudle et al. 2020), from ``data/cyp2d6_phenotypes.csv``:
#: the largest activity score of PM, IM (exclusive) and NM (inclusive).
_CUTOFFS = read_table("cyp2d6_phenotypes.csv", numeric=("activity_score_above", "activity_score_at_most")).set_index(
    "phenotype"
)["activity_score_at_most"]

_ALLELE_RE = re.compile(r"^(\*\d+)(?:[xX](\d+))?$")


def _allele_value(token: str, diplotype: str) -> float:
    m = _ALLELE_RE.match(token.strip())
    if m is None:
        raise ValueError(
            f"diplotype {diplotype!r}: cannot read allele {token!r}; expected star alleles such as "
            f"'*1', '*4' or a duplication with an integer copy number such as '*1x2'"
        )
    star, copies = m.group(1), m.group(2)
    if star not in CYP2D6_ALLELE_FUNCTION:
        raise ValueError(
            f"diplotype {diplotype!r}: unknown CYP2D6 allele {star!r}; known alleles are "
            f"{', '.join(CYP2D6_ALLELE_FUNCTION)}"
        )
    n = 1 if copies is None else int(copies)
    if n < 1:
        raise ValueError(f"diplotype {diplotype!r}: copy number must be >= 1, got {n}")
    return CYP2D6_ALLELE_FUNCTION[star] * n


def _score_one(diplotype) -> float:
    if not isinstance(diplotype, str):
        raise ValueError(f"diplotype must be a string such as '*1/*4', got {diplotype!r}")
    parts = diplotype.strip().split("/")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise ValueError(f"diplotype must have two alleles separated by '/', e.g. '*1/*4'; got {diplotype!r}")
    return sum(_allele_value(p, diplotype) for p in parts)


def activity_score(diplotype):
    """CYP2D6 activity score of a diplotype.

    Parameters
    ----------
    diplotype : str or sequence of str
        Star-allele diplotype(s) such as ``"*1/*4"``, ``"*1x2/*2"`` (a
        duplication: copy number after ``x``). Alleles must be in
        :data:`CYP2D6_ALLELE_FUNCTION`.

    Returns
    -------
    float or numpy.ndarray
        Activity score (dimensionless, >= 0); an array for a sequence input.

    Notes
    -----
    .. math:: AS = \\sum_{\\text{alleles}} n_{copies} \\times v_{allele}

    with :math:`v` = 1 (normal), 0.5 or 0.25 (decreased), 0 (no function)
    (Caudle et al. 2020).

    References
    ----------
    Caudle KE, Sangkuhl K, Whirl-Carrillo M, et al. Standardizing CYP2D6
    genotype to phenotype translation: consensus recommendations from the
    Clinical Pharmacogenetics Implementation Consortium and Dutch
    Pharmacogenetics Working Group. Clin Transl Sci 2020;13:116-124.

    Examples
    --------
    >>> activity_score("*1/*4"), activity_score("*1x2/*2"), activity_score("*10/*41")
    (1.0, 3.0, 0.75)
    """
    if isinstance(diplotype, str):
        return _score_one(diplotype)
    try:
        items = list(diplotype)
    except TypeError as exc:
        raise ValueError(f"diplotype must be a string or a sequence of strings, got {diplotype!r}") from exc
    return np.array([_score_one(d) for d in items], dtype=float)


def phenotype(activity_score):
    """CYP2D6 phenotype from the activity score (CPIC/DPWG 2020 cut-offs).

    Parameters
    ----------
    activity_score : float or array_like
        Activity score(s), >= 0.

    Returns
    -------
    str or numpy.ndarray of str
        ``"PM"`` (AS = 0), ``"IM"`` (0 < AS < 1.25), ``"NM"``
        (1.25 <= AS <= 2.25) or ``"UM"`` (AS > 2.25).

    Notes
    -----
    Before the 2020 consensus, CPIC classified AS = 1 as a normal
    metaboliser; it is now an intermediate metaboliser, which moves a large
    share of people (for example every ``*1/*4`` carrier) from NM to IM.

    References
    ----------
    Caudle KE et al. Clin Transl Sci 2020;13:116-124.

    Examples
    --------
    >>> phenotype(0.0), phenotype(1.0), phenotype(1.25), phenotype(2.25), phenotype(3.0)
    ('PM', 'IM', 'NM', 'NM', 'UM')
    """
    arr = nonnegative("activity_score", activity_score)
    out = np.select(
        [arr <= _CUTOFFS["PM"], arr < _CUTOFFS["IM"], arr <= _CUTOFFS["NM"]],
        ["PM", "IM", "NM"],
        default="UM",
    )
    return str(out) if out.ndim == 0 else out


# ---------------------------------------------------------------------------
# codeine -> morphine
# ---------------------------------------------------------------------------

#: Activity score of the reference normal metaboliser (``*1/*1``).
REFERENCE_ACTIVITY_SCORE = 2.0
#: Fraction of a codeine dose O-demethylated to morphine in a ``*1/*1`` normal
#: metaboliser. Illustrative midpoint of the commonly quoted 5-10%.
MORPHINE_FRACTION_NM = 0.075


def codeine_morphine_fraction(activity_score, fraction_at_reference=MORPHINE_FRACTION_NM):
    """Fraction of a codeine dose converted to morphine, by CYP2D6 activity score.

    Parameters
    ----------
    activity_score : float or array_like
        CYP2D6 activity score(s), >= 0.
    fraction_at_reference : float, optional
        Fraction converted in a reference normal metaboliser (AS = 2,
        ``*1/*1``), in (0, 1). Default 0.075, the midpoint of the commonly
        quoted 5-10% (illustrative choice within that range).

    Returns
    -------
    numpy.ndarray
        Fraction of the dose O-demethylated to morphine, in [0, 1).

    Notes
    -----
    Codeine's clearance is split between CYP2D6 O-demethylation and other
    pathways (glucuronidation, CYP3A4 N-demethylation). Assuming (an
    illustrative modelling choice) that the CYP2D6 partial clearance scales
    in proportion to the activity score while the other pathways do not,

    .. math:: f_m(AS) = \\frac{a\\, r}{a\\, r + 1 - r}, \\qquad a = AS / 2

    where :math:`r` is the fraction in the reference metaboliser. For a
    ``*1x2/*1`` ultrarapid metaboliser (AS = 3) this gives 1.45 x the
    reference, close to the ~45% higher morphine AUC measured by Kirchheiner
    et al. 2007.

    References
    ----------
    Kirchheiner J, Schmidt H, Tzvetkov M, et al. Pharmacokinetics of codeine
    and its metabolite morphine in ultra-rapid metabolizers due to CYP2D6
    duplication. Pharmacogenomics J 2007;7:257-265.

    Crews KR, Monte AA, Huddart R, et al. Clinical Pharmacogenetics
    Implementation Consortium guideline for CYP2D6, OPRM1, and COMT genotypes
    and select opioid therapy. Clin Pharmacol Ther 2021;110:888-896.

    Examples
    --------
    >>> codeine_morphine_fraction([0.0, 2.0]).round(3)
    array([0.   , 0.075])
    """
    a = nonnegative("activity_score", activity_score) / REFERENCE_ACTIVITY_SCORE
    r = fraction("fraction_at_reference", fraction_at_reference, closed_low=False, closed_high=False)
    return a * r / (a * r + 1.0 - r)


def relative_morphine_exposure(activity_score, fraction_at_reference=MORPHINE_FRACTION_NM):
    """Morphine exposure (AUC) after codeine, relative to a ``*1/*1`` normal metaboliser.

    Parameters
    ----------
    activity_score : float or array_like
        CYP2D6 activity score(s), >= 0.
    fraction_at_reference : float, optional
        See :func:`codeine_morphine_fraction`.

    Returns
    -------
    numpy.ndarray
        Morphine AUC ratio to the reference normal metaboliser (AS = 2).

    Notes
    -----
    Morphine is cleared by glucuronidation (not CYP2D6), so with an
    unchanged codeine dose its AUC scales with the fraction formed:

    .. math:: \\frac{AUC_{morphine}(AS)}{AUC_{morphine}(2)} = \\frac{f_m(AS)}{f_m(2)}

    Kirchheiner et al. 2007 measured morphine AUCs after 30 mg codeine of
    median 16 (range 10-24) ug h/L in ultrarapid and 11 (5-17) ug h/L in
    extensive (normal) metabolisers: a ratio of about 1.45.

    References
    ----------
    Kirchheiner J et al. Pharmacogenomics J 2007;7:257-265.

    Examples
    --------
    >>> relative_morphine_exposure([0.0, 1.0, 2.0, 3.0]).round(2)
    array([0.  , 0.52, 1.  , 1.45])
    """
    num = codeine_morphine_fraction(activity_score, fraction_at_reference)
    ref = codeine_morphine_fraction(REFERENCE_ACTIVITY_SCORE, fraction_at_reference)
    return num / ref


_CODEINE_RECOMMENDATION = {
    "UM": "Avoid codeine: greater morphine formation and risk of toxicity (CPIC 2021, strong).",
    "NM": "Use label-recommended age- or weight-specific dosing (CPIC 2021, strong).",
    "IM": "Use label-recommended dosing; if there is no response, consider a non-tramadol opioid (CPIC 2021, moderate).",
    "PM": "Avoid codeine: greatly reduced morphine formation and diminished analgesia (CPIC 2021, strong).",
}


def codeine_recommendation(phenotype_code: str) -> str:
    """CPIC codeine recommendation for a CYP2D6 phenotype (teaching summary).

    Parameters
    ----------
    phenotype_code : str
        One of ``"PM"``, ``"IM"``, ``"NM"``, ``"UM"``.

    Returns
    -------
    str
        Short paraphrase of the CPIC 2021 recommendation. Teaching use only,
        not clinical advice.

    Notes
    -----
    The recommendation follows the expected morphine exposure,
    :math:`AUC_{morphine} \\propto f_m(AS)` (see
    :func:`relative_morphine_exposure`): too little in PM, too much in UM.

    References
    ----------
    Crews KR et al. Clin Pharmacol Ther 2021;110:888-896.

    Examples
    --------
    >>> codeine_recommendation("UM").startswith("Avoid codeine")
    True
    """
    return _CODEINE_RECOMMENDATION[choice("phenotype_code", phenotype_code, PHENOTYPES)]


# ---------------------------------------------------------------------------
# population frequencies and sampling
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationFrequencies:
    """CYP2D6 phenotype frequencies of a named population, with their sources.

    ``pm``, ``im``, ``nm`` and ``um`` are proportions summing to 1;
    ``sources`` says which numbers are published and which are illustrative
    fill-ins (``data/cyp2d6_population_frequencies.csv``).
    """

    population: str
    pm: float
    im: float
    nm: float
    um: float
    sources: str = ""

    def frequency(self, phenotype_code: str) -> float:
        """The proportion of one phenotype (``"PM"``, ``"IM"``, ``"NM"`` or ``"UM"``)."""
        return getattr(self, choice("phenotype_code", phenotype_code, PHENOTYPES).lower())

    def to_frame(self) -> pd.DataFrame:
        """One row per phenotype: ``population``, ``phenotype``, ``frequency``."""
        return pd.DataFrame(
            {
                "population": self.population,
                "phenotype": list(PHENOTYPES),
                "frequency": [self.frequency(ph) for ph in PHENOTYPES],
            }
        )


def _populations() -> dict[str, PopulationFrequencies]:
    table = read_table("cyp2d6_population_frequencies.csv", numeric=("frequency",))
    out = {}
    for name in dict.fromkeys(table["population"]):
        rows = table[table["population"] == name]
        sources = "; ".join(
            f"{ph} {f:g}: {src or status}"
            for ph, f, src, status in zip(rows["phenotype"], rows["frequency"], rows["source"], rows["status"])
        )
        f = dict(zip(rows["phenotype"], rows["frequency"]))
        out[name] = PopulationFrequencies(
            population=name, pm=float(f["PM"]), im=float(f["IM"]), nm=float(f["NM"]), um=float(f["UM"]), sources=sources
        )
    return out


#: CYP2D6 phenotype frequencies by population, from
#: ``data/cyp2d6_population_frequencies.csv`` (published values, illustrative
#: fill-ins and the remainder are marked there, with notes on the sources).
CYP2D6_POPULATIONS: dict[str, PopulationFrequencies] = _populations()


def phenotype_frequencies(population: str) -> PopulationFrequencies:
    """CYP2D6 phenotype frequencies for a named population.

    Parameters
    ----------
    population : str
        One of :data:`CYP2D6_POPULATIONS` (``"european"``, ``"emirati"``,
        ``"ethiopian"``).

    Returns
    -------
    PopulationFrequencies
        ``pm``, ``im``, ``nm``, ``um``: proportions summing to 1, and
        ``sources`` (which are published, which illustrative).

    Notes
    -----
    :math:`\\sum_{ph} p_{ph} = 1`. Published UM frequencies range from about
    1-2% (European ancestry) to about 10-30% in some Middle Eastern and East
    African samples; reports differ with the alleles tested and with the
    genotype-to-phenotype scoring used.

    References
    ----------
    Crews KR, Gaedigk A, Dunnenberger HM, et al. Clinical Pharmacogenetics
    Implementation Consortium (CPIC) guidelines for codeine therapy in the
    context of cytochrome P450 2D6 (CYP2D6) genotype. Clin Pharmacol Ther
    2012;91:321-326.

    Qumsieh RY, Ali BR, Abdulrazzaq YM, et al. Identification of new alleles
    and the determination of alleles and genotypes frequencies at the CYP2D6
    gene in Emiratis. PLoS One 2011;6:e28943.

    Aklillu E, Persson I, Bertilsson L, et al. Frequent distribution of
    ultrarapid metabolizers of debrisoquine in an Ethiopian population
    carrying duplicated and multiduplicated functional CYP2D6 alleles.
    J Pharmacol Exp Ther 1996;278:441-446.

    Examples
    --------
    >>> phenotype_frequencies("european").um
    0.02
    """
    return CYP2D6_POPULATIONS[choice("population", population, CYP2D6_POPULATIONS)]


#: A typical diplotype for each phenotype, used to give each sampled person an
#: activity score (illustrative choice of common diplotypes).
REPRESENTATIVE_DIPLOTYPES: dict[str, str] = {
    "PM": "*4/*4",  # AS 0
    "IM": "*4/*41",  # AS 0.5
    "NM": "*1/*1",  # AS 2
    "UM": "*1x2/*1",  # AS 3
}


def _check_frequencies(freqs) -> np.ndarray:
    if not isinstance(freqs, dict) or set(freqs) != set(PHENOTYPES):
        raise ValueError(f"frequencies must be a dict with keys {PHENOTYPES}, got {freqs!r}")
    p = fraction("frequencies", [freqs[k] for k in PHENOTYPES])
    if not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"frequencies must sum to 1, got {p.sum()!r}")
    return p / p.sum()


def sample_morphine_exposure(
    n_subjects: int,
    population: str = "european",
    rng=None,
    *,
    frequencies: dict | None = None,
    cv_between_subject: float = 0.4,
    fraction_at_reference: float = MORPHINE_FRACTION_NM,
) -> pd.DataFrame:
    """Draw a population's CYP2D6 phenotypes and morphine exposure after codeine.

    Parameters
    ----------
    n_subjects : int
        Number of people to draw (>= 1).
    population : str, optional
        Named population in :data:`CYP2D6_POPULATIONS` (default
        ``"european"``); ignored when ``frequencies`` is given.
    rng : numpy.random.Generator or int or None
        Random generator or seed (``None``: fresh entropy, not reproducible).
    frequencies : dict, optional
        Custom phenotype frequencies ``{"PM", "IM", "NM", "UM"}`` summing to 1.
    cv_between_subject : float, optional
        Coefficient of variation of the log-normal between-subject
        variability in morphine exposure (>= 0; default 0.4, illustrative,
        of the order of the spread within the EM group of Kirchheiner et al.
        2007, AUC 5-17 around a median of 11 ug h/L).
    fraction_at_reference : float, optional
        See :func:`codeine_morphine_fraction`.

    Returns
    -------
    pandas.DataFrame
        One row per subject: ``subject``, ``phenotype``, ``activity_score``,
        ``morphine_exposure_relative_to_nm`` (morphine AUC relative to a
        ``*1/*1`` normal metaboliser at the same codeine dose).

    Notes
    -----
    Each person's phenotype is drawn from the categorical distribution of
    frequencies and given the activity score of its representative
    diplotype (:data:`REPRESENTATIVE_DIPLOTYPES`). Exposure is

    .. math:: X_i = \\frac{f_m(AS_i)}{f_m(2)} \\, \\eta_i, \\qquad
              \\ln \\eta_i \\sim N(-\\sigma^2/2, \\sigma^2), \\quad
              \\sigma^2 = \\ln(1 + CV^2)

    so :math:`E[\\eta] = 1`.

    References
    ----------
    Kirchheiner J et al. Pharmacogenomics J 2007;7:257-265.
    Crews KR et al. Clin Pharmacol Ther 2012;91:321-326.

    Examples
    --------
    >>> df = sample_morphine_exposure(5, "european", rng=1)
    >>> list(df.columns)
    ['subject', 'phenotype', 'activity_score', 'morphine_exposure_relative_to_nm']
    """
    if int(n_subjects) != n_subjects or n_subjects < 1:
        raise ValueError(f"n_subjects must be an integer >= 1, got {n_subjects!r}")
    if frequencies is None:
        f = phenotype_frequencies(population)
        p = _check_frequencies({ph: f.frequency(ph) for ph in PHENOTYPES})
    else:
        p = _check_frequencies(frequencies)
    cv = float(nonnegative("cv_between_subject", cv_between_subject))
    if isinstance(rng, (bool, np.bool_)) or not (
        rng is None or isinstance(rng, (int, np.integer, np.random.Generator))
    ):
        raise ValueError(f"rng must be a numpy.random.Generator, an integer seed or None, got {rng!r}")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    n = int(n_subjects)
    idx = gen.choice(len(PHENOTYPES), size=n, p=p)
    phen = np.asarray(PHENOTYPES)[idx]
    scores = np.array([activity_score(REPRESENTATIVE_DIPLOTYPES[ph]) for ph in PHENOTYPES])[idx]
    sigma2 = np.log1p(cv * cv)
    eta = np.exp(gen.normal(-sigma2 / 2.0, np.sqrt(sigma2), size=n))
    exposure = relative_morphine_exposure(scores, fraction_at_reference) * eta
    return pd.DataFrame(
        {
            "subject": np.arange(n),
            "phenotype": phen,
            "activity_score": scores,
            "morphine_exposure_relative_to_nm": exposure,
        }
    )


# ---------------------------------------------------------------------------
# CYP2B6 and methadone
# ---------------------------------------------------------------------------

# Apparent oral clearance relative to CYP2B6*1/*1 (Kharasch et al. 2015,
# abstract; rounded group averages), from data/cyp2b6_methadone_clearance.csv.
_METHADONE_CLEARANCE = {
    e: dict(zip(rows["genotype"], rows["relative_clearance"]))
    for t in [read_table("cyp2b6_methadone_clearance.csv", numeric=("relative_clearance",))]
    for e, rows in t.groupby("enantiomer", sort=False)
}
_CYP2B6_GENOTYPES = ("*1/*1", "*1/*6", "*6/*6", "*1/*4", "*4/*6")


def _cyp2b6_key(genotype: str) -> str:
    if not isinstance(genotype, str):
        raise ValueError(f"cyp2b6_genotype must be a string such as '*1/*6', got {genotype!r}")
    parts = [p.strip() for p in genotype.split("/")]
    norm = "/".join(sorted(parts, key=lambda s: int(s[1:]) if s[1:].isdigit() else 99)) if len(parts) == 2 else genotype
    norm = choice("cyp2b6_genotype", norm, _CYP2B6_GENOTYPES)
    return "*4 carrier" if "*4" in norm.split("/") else norm


def methadone_relative_clearance(cyp2b6_genotype: str, enantiomer: str = "S") -> float:
    """Methadone apparent oral clearance relative to ``CYP2B6*1/*1`` (approximate).

    Parameters
    ----------
    cyp2b6_genotype : str
        ``"*1/*1"``, ``"*1/*6"``, ``"*6/*6"``, ``"*1/*4"`` or ``"*4/*6"``
        (allele order does not matter).
    enantiomer : str, optional
        ``"S"`` (default) or ``"R"`` (R-methadone carries most of the opioid
        effect).

    Returns
    -------
    float
        Clearance ratio to ``*1/*1``.

    Notes
    -----
    Rounded from the group averages in Kharasch et al. 2015 (single oral
    doses in healthy volunteers): S-methadone apparent oral clearance about
    35% and 45% lower in ``*1/*6`` and ``*6/*6``, R-methadone about 25% and 35%
    lower; in ``*4`` carriers about 3-fold (R) and 4-fold (S) higher, from
    only four subjects, so very uncertain. Approximate values, for teaching.
    At steady state :math:`C_{ss,avg} \\propto 1/CL`.

    References
    ----------
    Kharasch ED, Regina KJ, Blood J, Friedel C. Methadone pharmacogenetics:
    CYP2B6 polymorphisms determine plasma concentrations, clearance, and
    metabolism. Anesthesiology 2015;123:1142-1153.

    Examples
    --------
    >>> methadone_relative_clearance("*6/*6"), methadone_relative_clearance("*6/*1", "R")
    (0.55, 0.75)
    """
    key = _cyp2b6_key(cyp2b6_genotype)
    table = _METHADONE_CLEARANCE[choice("enantiomer", enantiomer, tuple(_METHADONE_CLEARANCE))]
    return table[key]


def methadone_relative_concentration(cyp2b6_genotype: str, enantiomer: str = "S") -> float:
    """Steady-state methadone concentration relative to ``CYP2B6*1/*1`` at the same dose.

    Parameters
    ----------
    cyp2b6_genotype : str
        See :func:`methadone_relative_clearance`.
    enantiomer : str, optional
        ``"S"`` (default) or ``"R"``.

    Returns
    -------
    float
        Concentration ratio to ``*1/*1`` (approximate).

    Notes
    -----
    .. math:: \\frac{C_{ss,avg}}{C_{ss,avg,*1/*1}} = \\frac{CL_{*1/*1}}{CL}

    References
    ----------
    Kharasch ED et al. Anesthesiology 2015;123:1142-1153.

    Examples
    --------
    >>> round(methadone_relative_concentration("*6/*6"), 2)
    1.82
    """
    return 1.0 / methadone_relative_clearance(cyp2b6_genotype, enantiomer)
