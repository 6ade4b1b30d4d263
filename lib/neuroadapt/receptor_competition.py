"""Two agonists competing for one receptor pool: buprenorphine and precipitated withdrawal.

The operational model of agonism (Black & Leff 1983;
:mod:`neuroadapt.concentration_effect`) extended to two agonists A and B that
bind the same receptors competitively (Leff et al. 1993). With
:math:`a = [A]/K_A` and :math:`b = [B]/K_B` (concentrations in multiples of
each drug's dissociation constant) and transducer ratios :math:`\\tau_A`,
:math:`\\tau_B`:

.. math::

    p_A = \\frac{a}{1 + a + b}, \\qquad p_B = \\frac{b}{1 + a + b}, \\qquad
    E = E_m \\frac{\\tau_A a + \\tau_B b}{1 + a + b + \\tau_A a + \\tau_B b}.

With :math:`b = 0` this is :func:`~neuroadapt.concentration_effect.operational_effect`
(hyperbolic transducer, slope 1). The stimulus :math:`\\sigma = \\tau_A p_A +
\\tau_B p_B` is a weighted mean of the full agonist's own stimulus
:math:`\\sigma_A = \\tau_A a/(1+a)` (weight :math:`1 + a`) and of
:math:`\\tau_B` (weight :math:`b`). Two consequences carry the clinical story:

* adding B moves the signal from A's level toward B's ceiling
  :math:`E_m\\tau_B/(1+\\tau_B)`, never past it: if A alone gives more than
  B's ceiling, B **lowers** the signal (precipitated withdrawal); if less, B
  raises it (relief);
* the crossover, where B changes nothing, is where A alone gives exactly B's
  ceiling, whatever the dose of B; the dose of B only sets how far the signal
  moves.

:func:`buprenorphine_induction` adds the pharmacokinetics of the full agonist
after its last dose (:func:`neuroadapt.pharmacokinetics.bolus_concentration`,
with an optional slow deep-tissue phase for lipophilic fentanyl), the
occupancy of buprenorphine measured by PET (Greenwald et al. 2003), and a
dependent patient whose adaptation is set to the average signal of their
regimen (the set point). The withdrawal the patient feels is read as the
shortfall of signal below the set point, scaled to an illustrative COWS-like
score.

Units: concentrations in nM (``_nm``), times in hours (``_h``), doses in mg;
occupancy and signal are fractions (signal of the system maximum).
Literature numbers (Ki, relative efficacies, PET occupancies) and the
illustrative choices live in ``neuroadapt/data/mu_receptor_agonists.csv``,
with a ``status`` column that says which is which.

References
----------
Black JW, Leff P. Operational models of pharmacological agonism. Proc R Soc
Lond B 1983;220:141-162.

Leff P, Dougall IG, Harper D. Estimation of partial agonist affinity by
interaction with a full agonist: a direct operational model-fitting approach.
Br J Pharmacol 1993;110:239-244.

Volpe DA, McMahon Tobin GA, Mellon RD, et al. Uniform assessment and ranking
of opioid mu receptor binding constants for selected opioid drugs. Regul
Toxicol Pharmacol 2011;59:385-390.

Borgland SL, Connor M, Osborne PB, Furness JB, Christie MJ. Opioid agonists
have different efficacy profiles for G protein activation, rapid
desensitization, and endocytosis of mu-opioid receptors. J Biol Chem
2003;278:18776-18784.

Greenwald MK, Johanson CE, Moody DE, et al. Effects of buprenorphine
maintenance dose on mu-opioid receptor availability, plasma concentrations,
and antagonist blockade in heroin-dependent volunteers.
Neuropsychopharmacology 2003;28:2000-2009.

Huhn AS, Hobelmann JG, Oyler GA, Strain EC. Protracted renal clearance of
fentanyl in persons with opioid use disorder. Drug Alcohol Depend
2020;214:108147.
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import curve_fit

from ._validation import broadcast, choice, fraction, nonnegative, positive
from .drugs import drug_value
from .pharmacokinetics import bolus_concentration

__all__ = [
    "competitive_occupancy",
    "two_agonist_signal",
    "partial_agonist_ceiling",
    "full_agonist_crossover_ratio",
    "CompetitionResult",
    "receptor_competition",
    "load_agonist_table",
    "treatment_outcomes",
    "treatment_outcome",
    "agonist_value",
    "buprenorphine_occupancy",
    "buprenorphine_occupancy_fit",
    "washout_relative_concentration",
    "BuprenorphineInductionParams",
    "BUPRENORPHINE_INDUCTION_DEFAULTS",
    "INDUCTION_DRUGS",
    "induction_params",
    "BuprenorphineInductionResult",
    "buprenorphine_induction",
    "crossover_time_h",
    "cows_equivalent",
]

#: Full agonists with a preset (heroin acts through morphine: morphine's Ki,
#: efficacy and half-life; its own dosing interval).
INDUCTION_DRUGS = ("heroin", "methadone", "fentanyl")
_PD_NAME = {"heroin": "morphine", "methadone": "methadone", "fentanyl": "fentanyl"}


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


# ---------------------------------------------------------------------------
# Two agonists at one receptor pool (closed form)
# ---------------------------------------------------------------------------


def competitive_occupancy(full_agonist_nm, partial_agonist_nm, kd_full_nm, kd_partial_nm):
    """Receptor occupancy by two ligands that compete for the same sites.

    Parameters
    ----------
    full_agonist_nm, partial_agonist_nm : array_like
        Free concentrations of the two ligands, nM (>= 0).
    kd_full_nm, kd_partial_nm : array_like
        Their equilibrium dissociation constants, nM (> 0).

    Returns
    -------
    tuple of float or numpy.ndarray
        ``(occupancy_full, occupancy_partial)``, fractions in [0, 1) whose sum
        is below 1; all inputs broadcast.

    Notes
    -----
    Gaddum's equation for competitive binding at equilibrium,

    .. math:: p_A = \\frac{[A]/K_A}{1 + [A]/K_A + [B]/K_B}, \\qquad
              p_B = \\frac{[B]/K_B}{1 + [A]/K_A + [B]/K_B}.

    References
    ----------
    Leff P, Dougall IG, Harper D. Br J Pharmacol 1993;110:239-244.

    Examples
    --------
    >>> competitive_occupancy(1.168, 0.2157, 1.168, 0.2157)   # both at their Kd
    (0.3333333333333333, 0.3333333333333333)
    """
    ca = nonnegative("full_agonist_nm", full_agonist_nm)
    cb = nonnegative("partial_agonist_nm", partial_agonist_nm)
    ka = positive("kd_full_nm", kd_full_nm)
    kb = positive("kd_partial_nm", kd_partial_nm)
    ca, cb, ka, kb = broadcast(full_agonist_nm=ca, partial_agonist_nm=cb, kd_full_nm=ka, kd_partial_nm=kb)
    a, b = ca / ka, cb / kb
    total = 1.0 + a + b
    return _out(a / total), _out(b / total)


def two_agonist_signal(
    full_agonist_nm,
    partial_agonist_nm,
    kd_full_nm,
    kd_partial_nm,
    transducer_ratio_full,
    transducer_ratio_partial,
    system_emax=1.0,
):
    """Net receptor signal of two competing agonists (operational model).

    Parameters
    ----------
    full_agonist_nm, partial_agonist_nm : array_like
        Free concentrations, nM (>= 0).
    kd_full_nm, kd_partial_nm : array_like
        Dissociation constants, nM (> 0).
    transducer_ratio_full, transducer_ratio_partial : array_like
        Operational efficacies :math:`\\tau = [R_0]/K_E` of each agonist in
        this tissue (>= 0).
    system_emax : array_like, optional
        Maximal response of the system (> 0). Default 1.

    Returns
    -------
    float or numpy.ndarray
        Net signal, in the unit of ``system_emax``.

    Notes
    -----
    .. math::

        E = E_m \\frac{\\tau_A a + \\tau_B b}{1 + a + b + \\tau_A a + \\tau_B b},
        \\qquad a = [A]/K_A,\\; b = [B]/K_B

    (Leff et al. 1993, hyperbolic transducer). It lies between the full
    agonist's signal alone and the partial agonist's ceiling
    :math:`E_m\\tau_B/(1+\\tau_B)`.

    References
    ----------
    Black JW, Leff P. Proc R Soc Lond B 1983;220:141-162.
    Leff P, Dougall IG, Harper D. Br J Pharmacol 1993;110:239-244.

    Examples
    --------
    A full agonist alone at its Kd with tau = 4 gives 4 x 0.5 / (1 + 4 x 0.5):

    >>> round(two_agonist_signal(1.0, 0.0, 1.0, 1.0, 4.0, 0.8), 4)
    0.6667
    >>> round(two_agonist_signal(1.0, 1000.0, 1.0, 1.0, 4.0, 0.8), 3)   # B takes over
    0.445
    """
    ca = nonnegative("full_agonist_nm", full_agonist_nm)
    cb = nonnegative("partial_agonist_nm", partial_agonist_nm)
    ka = positive("kd_full_nm", kd_full_nm)
    kb = positive("kd_partial_nm", kd_partial_nm)
    ta = nonnegative("transducer_ratio_full", transducer_ratio_full)
    tb = nonnegative("transducer_ratio_partial", transducer_ratio_partial)
    em = positive("system_emax", system_emax)
    ca, cb, ka, kb, ta, tb, em = broadcast(
        full_agonist_nm=ca,
        partial_agonist_nm=cb,
        kd_full_nm=ka,
        kd_partial_nm=kb,
        transducer_ratio_full=ta,
        transducer_ratio_partial=tb,
        system_emax=em,
    )
    return _out(_signal(ca / ka, cb / kb, ta, tb) * em)


def _signal(a, b, ta, tb):
    s = ta * a + tb * b
    return s / (1.0 + a + b + s)


def partial_agonist_ceiling(transducer_ratio_partial, system_emax=1.0):
    """Highest signal an agonist can give, however high its concentration.

    Parameters
    ----------
    transducer_ratio_partial : array_like
        Its transducer ratio tau (>= 0).
    system_emax : array_like, optional
        Maximal response of the system (> 0). Default 1.

    Returns
    -------
    float or numpy.ndarray
        :math:`E_m\\tau/(1+\\tau)`, the unit of ``system_emax``. It is also the
        crossover: the full-agonist signal at which adding this agonist
        changes nothing.

    Examples
    --------
    >>> partial_agonist_ceiling(1.0)
    0.5
    """
    tb = nonnegative("transducer_ratio_partial", transducer_ratio_partial)
    em = positive("system_emax", system_emax)
    tb, em = broadcast(transducer_ratio_partial=tb, system_emax=em)
    return _out(em * tb / (1.0 + tb))


def full_agonist_crossover_ratio(transducer_ratio_full, transducer_ratio_partial):
    """Full-agonist concentration (multiple of its Kd) at the crossover.

    Parameters
    ----------
    transducer_ratio_full : array_like
        Transducer ratio of the full agonist (> ``transducer_ratio_partial``).
    transducer_ratio_partial : array_like
        Transducer ratio of the partial agonist (>= 0).

    Returns
    -------
    float or numpy.ndarray
        :math:`a^* = \\tau_B / (\\tau_A - \\tau_B)`: above it the partial
        agonist lowers the signal, below it raises it. Independent of the
        partial agonist's concentration.

    Notes
    -----
    The crossover is :math:`\\sigma_A = \\tau_A a/(1+a) = \\tau_B`; solving for
    :math:`a` gives the formula. The full agonist then occupies a fraction
    :math:`\\tau_B/\\tau_A` of the receptors.

    Examples
    --------
    >>> full_agonist_crossover_ratio(4.0, 1.0)
    0.3333333333333333
    """
    ta = nonnegative("transducer_ratio_full", transducer_ratio_full)
    tb = nonnegative("transducer_ratio_partial", transducer_ratio_partial)
    ta, tb = broadcast(transducer_ratio_full=ta, transducer_ratio_partial=tb)
    if np.any(ta <= tb):
        raise ValueError(
            "transducer_ratio_full must be > transducer_ratio_partial (a full agonist "
            f"more efficacious than the partial one); got {transducer_ratio_full!r} and "
            f"{transducer_ratio_partial!r}"
        )
    return _out(tb / (ta - tb))


@dataclass(frozen=True)
class CompetitionResult:
    """Occupancies and net signal of a full and a partial agonist together.

    Attributes
    ----------
    occupancy_full, occupancy_partial : numpy.ndarray
        Fractions of receptors occupied by each, together.
    signal_full_alone : numpy.ndarray
        Signal of the full agonist without the partial one.
    signal : numpy.ndarray
        Net signal with both.
    signal_change : numpy.ndarray
        ``signal - signal_full_alone``: negative means the partial agonist
        lowered the signal (precipitated withdrawal in a dependent person).
    """

    occupancy_full: np.ndarray
    occupancy_partial: np.ndarray
    signal_full_alone: np.ndarray
    signal: np.ndarray
    signal_change: np.ndarray


def receptor_competition(
    full_agonist_nm, partial_agonist_nm, kd_full_nm, kd_partial_nm, transducer_ratio_full, transducer_ratio_partial
) -> CompetitionResult:
    """Occupancies and signal before and after a partial agonist is added.

    Parameters are those of :func:`two_agonist_signal` (system maximum 1).

    Returns
    -------
    CompetitionResult
        All fields broadcast to the inputs' shape.

    Examples
    --------
    Morphine at 3 x its Kd, then buprenorphine at 3 x its Kd:

    >>> r = receptor_competition(3 * 1.168, 3 * 0.2157, 1.168, 0.2157, 2.32, 0.8)
    >>> round(float(r.occupancy_full), 3), round(float(r.signal_change), 3)
    (0.429, -0.063)
    """
    occ_a, occ_b = competitive_occupancy(full_agonist_nm, partial_agonist_nm, kd_full_nm, kd_partial_nm)
    alone = two_agonist_signal(
        full_agonist_nm, 0.0, kd_full_nm, kd_partial_nm, transducer_ratio_full, transducer_ratio_partial
    )
    both = two_agonist_signal(
        full_agonist_nm, partial_agonist_nm, kd_full_nm, kd_partial_nm, transducer_ratio_full, transducer_ratio_partial
    )
    arrays = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (occ_a, occ_b, alone, both)))
    occ_a, occ_b, alone, both = (np.array(x) for x in arrays)
    return CompetitionResult(
        occupancy_full=occ_a, occupancy_partial=occ_b, signal_full_alone=alone, signal=both, signal_change=both - alone
    )


# ---------------------------------------------------------------------------
# Literature data
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _agonist_table() -> pd.DataFrame:
    path = importlib.resources.files("neuroadapt") / "data" / "mu_receptor_agonists.csv"
    with path.open("r", encoding="utf-8") as f:
        return pd.read_csv(f, keep_default_na=False, na_values=[""])


def load_agonist_table() -> pd.DataFrame:
    """The table ``neuroadapt/data/mu_receptor_agonists.csv`` (a copy).

    Columns: ``drug``, ``quantity``, ``value``, ``unit``, ``status``
    (``literature`` or ``illustrative``), ``source`` (BibTeX key) and ``note``.

    Examples
    --------
    >>> t = load_agonist_table()
    >>> sorted(t.loc[t.quantity == "kd_nm", "drug"])
    ['buprenorphine', 'fentanyl', 'methadone', 'morphine']
    """
    return _agonist_table().copy()


def agonist_value(drug: str, quantity: str) -> float:
    """One number of the mu-agonist table.

    Parameters
    ----------
    drug : str
        ``"buprenorphine"``, ``"morphine"``, ``"fentanyl"``, ``"methadone"``,
        ``"heroin"`` or ``"reference"`` (system-wide values).
    quantity : str
        E.g. ``"kd_nm"``, ``"relative_efficacy"``, ``"dosing_interval_h"``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the table has no such row (the message lists the quantities it has
        for that drug).

    Examples
    --------
    >>> agonist_value("buprenorphine", "kd_nm")
    0.2157
    """
    t = _agonist_table()
    rows = t[(t.drug == drug) & (t.quantity == quantity)]
    if rows.empty:
        have = sorted(t.loc[t.drug == drug, "quantity"])
        raise ValueError(f"no {quantity!r} for drug {drug!r} in mu_receptor_agonists.csv; it has {have or 'no rows'}")
    return float(rows["value"].iloc[0])


@functools.lru_cache(maxsize=1)
def _outcomes() -> pd.DataFrame:
    path = importlib.resources.files("neuroadapt") / "data" / "opioid_treatment_outcomes.csv"
    with path.open("r", encoding="utf-8") as f:
        return pd.read_csv(f)


def treatment_outcomes() -> pd.DataFrame:
    """Published outcomes of opioid treatment the book quotes (a copy of ``opioid_treatment_outcomes.csv``).

    Columns: ``source`` (BibTeX key: ``sordo2017`` mortality in and out of
    methadone and buprenorphine treatment; ``lee2018`` the X:BOT trial of
    extended-release naltrexone against buprenorphine-naloxone; ``strang2003``
    overdose deaths after inpatient detoxification), ``group``, ``quantity``,
    ``value``, ``unit``, ``note``.

    Examples
    --------
    >>> sorted(set(treatment_outcomes().source))
    ['lee2018', 'sordo2017', 'strang2003']
    """
    return _outcomes().copy()


def treatment_outcome(source: str, group: str, quantity: str) -> float:
    """One number of :func:`treatment_outcomes`.

    Raises
    ------
    ValueError
        If there is no such row.

    Examples
    --------
    >>> treatment_outcome("sordo2017", "methadone_out_of_treatment", "all_cause_deaths_per_1000_person_years")
    36.1
    """
    t = _outcomes()
    rows = t[(t.source == source) & (t.group == group) & (t.quantity == quantity)]
    if rows.empty:
        raise ValueError(
            f"no outcome for source {source!r}, group {group!r}, quantity {quantity!r} in opioid_treatment_outcomes.csv"
        )
    return float(rows["value"].iloc[0])


def _emax_model(dose, occupancy_max, ed50_mg):
    return occupancy_max * dose / (ed50_mg + dose)


@functools.lru_cache(maxsize=1)
def buprenorphine_occupancy_fit() -> tuple[float, float]:
    """Fit of an Emax curve to Greenwald et al.'s (2003) PET occupancies.

    Returns
    -------
    tuple of float
        ``(occupancy_max, ed50_mg)`` of :math:`p = p_{max} D/(ED_{50} + D)`,
        least squares through the mean falls in mu-receptor availability at
        2, 16 and 32 mg/day (0.41, 0.80, 0.84).

    References
    ----------
    Greenwald MK, Johanson CE, Moody DE, et al. Neuropsychopharmacology
    2003;28:2000-2009.

    Examples
    --------
    >>> occ_max, ed50 = buprenorphine_occupancy_fit()
    >>> round(occ_max, 2), round(ed50, 1)
    (0.91, 2.4)
    """
    doses = np.array([2.0, 16.0, 32.0])
    occ = np.array([agonist_value("buprenorphine", f"occupancy_{int(d)}mg") for d in doses])
    (occ_max, ed50), _ = curve_fit(_emax_model, doses, occ, p0=(0.9, 3.0))
    return float(occ_max), float(ed50)


def buprenorphine_occupancy(dose_mg):
    """Mu-receptor occupancy by sublingual buprenorphine alone, from PET.

    Parameters
    ----------
    dose_mg : array_like
        Daily sublingual dose, mg (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Fraction of mu receptors occupied (the fall in [11C]carfentanil
        binding), from :func:`buprenorphine_occupancy_fit`.

    Examples
    --------
    >>> round(buprenorphine_occupancy(16.0), 2)
    0.79
    """
    d = nonnegative("dose_mg", dose_mg)
    occ_max, ed50 = buprenorphine_occupancy_fit()
    return _out(_emax_model(d, occ_max, ed50))


# ---------------------------------------------------------------------------
# Full-agonist washout (pharmacokinetics)
# ---------------------------------------------------------------------------


def washout_relative_concentration(
    hours_since_last_dose_h, half_life_h, dosing_interval_h, slow_fraction=0.0, slow_half_life_h=None
):
    """Concentration after the last of many regular doses, relative to the steady-state average.

    Parameters
    ----------
    hours_since_last_dose_h : array_like, shape (n_t,) or scalar
        Times since the last dose, h (>= 0), in non-decreasing order.
    half_life_h : float
        Elimination half-life of the main phase, h (> 0).
    dosing_interval_h : float
        Interval of the regimen that preceded the stop, h (> 0).
    slow_fraction : float, optional
        Fraction of the steady-state average carried by a slow phase, in
        [0, 1) (deep-tissue store of a lipophilic drug). Default 0.
    slow_half_life_h : float, optional
        Half-life of that slow phase, h (> 0); needed when ``slow_fraction`` > 0.

    Returns
    -------
    float or numpy.ndarray
        :math:`C(t)/\\bar C_{ss}`, dimensionless; its average over one dosing
        interval at steady state is 1.

    Notes
    -----
    Each phase is the superposition of intravenous boluses at steady state
    (:func:`neuroadapt.pharmacokinetics.bolus_concentration`, enough doses
    for 25 half-lives), divided by its steady-state average
    :math:`D/(k V \\tau)`:

    .. math:: \\frac{C(t)}{\\bar C_{ss}} = (1 - f)\\,
              \\frac{k\\tau\\, e^{-k t}}{1 - e^{-k\\tau}}
              + f\\, \\frac{k_s\\tau\\, e^{-k_s t}}{1 - e^{-k_s\\tau}}.

    Examples
    --------
    >>> washout_relative_concentration([0.0, 24.0], 24.0, 24.0).round(3)
    array([1.386, 0.693])
    """
    t = nonnegative("hours_since_last_dose_h", hours_since_last_dose_h)
    half = float(positive("half_life_h", half_life_h))
    interval = float(positive("dosing_interval_h", dosing_interval_h))
    f = float(fraction("slow_fraction", slow_fraction, closed_high=False))
    if f > 0 and slow_half_life_h is None:
        raise ValueError("slow_half_life_h must be given (> 0) when slow_fraction > 0")
    phases = [(1.0 - f, half)]
    if f > 0:
        phases.append((f, float(positive("slow_half_life_h", slow_half_life_h))))
    longest = max(h for _, h in phases)
    n = int(np.ceil(25.0 * longest / interval)) + 2
    dose_times = np.arange(n) * interval
    flat = np.atleast_1d(t)
    order = np.argsort(flat, kind="stable")
    rel = np.zeros(flat.shape)
    for weight, h in phases:
        k = np.log(2.0) / h
        c = bolus_concentration(dose_times[-1] + flat[order], 1.0, 1.0, h, dose_times)
        rel[order] += weight * c * k * interval
    return _out(rel.reshape(np.shape(t)))


# ---------------------------------------------------------------------------
# Buprenorphine induction in a dependent patient
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BuprenorphineInductionParams:
    """A dependent patient's full agonist, and buprenorphine.

    Attributes
    ----------
    drug : str
        Name of the full agonist (label only).
    kd_full_nm, kd_partial_nm : float
        Dissociation constants (Ki) of the full agonist and buprenorphine, nM.
    transducer_ratio_full, transducer_ratio_partial : float
        Their transducer ratios in the patient's (tolerant) system.
    half_life_h, dosing_interval_h : float
        Elimination half-life and dosing interval of the full agonist, h.
    slow_fraction, slow_half_life_h : float
        Slow deep-tissue phase (fraction of the steady-state average, and its
        half-life in h); 0 and NaN when there is none.
    occupancy_average : float
        Average receptor occupancy by the full agonist at steady state.
    cows_at_full_loss : float
        COWS-like score of a complete loss of the adapted-to signal.
    """

    drug: str
    kd_full_nm: float
    kd_partial_nm: float
    transducer_ratio_full: float
    transducer_ratio_partial: float
    half_life_h: float
    dosing_interval_h: float
    slow_fraction: float
    slow_half_life_h: float
    occupancy_average: float
    cows_at_full_loss: float

    def __post_init__(self):
        for name in ("kd_full_nm", "kd_partial_nm", "half_life_h", "dosing_interval_h", "cows_at_full_loss"):
            positive(name, getattr(self, name))
        nonnegative("transducer_ratio_full", self.transducer_ratio_full)
        nonnegative("transducer_ratio_partial", self.transducer_ratio_partial)
        fraction("slow_fraction", self.slow_fraction, closed_high=False)
        fraction("occupancy_average", self.occupancy_average, closed_low=False, closed_high=False)
        if self.slow_fraction > 0:
            positive("slow_half_life_h", self.slow_half_life_h)


def induction_params(drug: str = "heroin") -> BuprenorphineInductionParams:
    """Preset for a patient dependent on heroin, methadone or fentanyl.

    Every number comes from ``mu_receptor_agonists.csv`` (Ki: Volpe et al.
    2011; relative efficacy: Borgland et al. 2003, fentanyl's and
    buprenorphine's illustrative) and ``drugs.csv`` (half-lives); the
    transducer ratio of each drug is the reference full-efficacy transducer
    ratio times its relative efficacy.

    Parameters
    ----------
    drug : {"heroin", "methadone", "fentanyl"}

    Returns
    -------
    BuprenorphineInductionParams

    Examples
    --------
    >>> p = induction_params("methadone")
    >>> p.kd_full_nm, round(p.transducer_ratio_full, 2), p.half_life_h
    (3.378, 3.92, 24.0)
    """
    choice("drug", drug, INDUCTION_DRUGS)
    pd_name = _PD_NAME[drug]
    tau_ref = agonist_value("reference", "transducer_ratio_full_efficacy")
    slow_fraction, slow_half = 0.0, float("nan")
    if drug == "fentanyl":
        slow_fraction = agonist_value("fentanyl", "slow_fraction")
        slow_half = agonist_value("fentanyl", "slow_half_life_h")
    return BuprenorphineInductionParams(
        drug=drug,
        kd_full_nm=agonist_value(pd_name, "kd_nm"),
        kd_partial_nm=agonist_value("buprenorphine", "kd_nm"),
        transducer_ratio_full=tau_ref * agonist_value(pd_name, "relative_efficacy"),
        transducer_ratio_partial=tau_ref * agonist_value("buprenorphine", "relative_efficacy"),
        half_life_h=drug_value(pd_name, "half_life_h"),
        dosing_interval_h=agonist_value(drug, "dosing_interval_h"),
        slow_fraction=slow_fraction,
        slow_half_life_h=slow_half,
        occupancy_average=agonist_value("reference", "occupancy_average"),
        cows_at_full_loss=agonist_value("reference", "cows_at_full_loss"),
    )


#: The default patient: dependent on heroin (see :func:`induction_params`).
BUPRENORPHINE_INDUCTION_DEFAULTS = induction_params("heroin")


def cows_equivalent(signal, set_point, cows_at_full_loss):
    """Illustrative COWS-like score of a shortfall of signal below the set point.

    Parameters
    ----------
    signal : array_like
        Net receptor signal, fraction of the system maximum, in [0, 1].
    set_point : array_like
        The signal the patient has adapted to, in (0, 1].
    cows_at_full_loss : array_like
        Score of a complete loss of signal (> 0).

    Returns
    -------
    float or numpy.ndarray
        :math:`S_{full}\\max(0, 1 - E/E_{set})`: 0 at or above the set point.

    Notes
    -----
    A linear reading of the opponent process of opioid withdrawal: the
    adaptation balances the set-point signal, so what is felt grows with the
    part of it that is missing. The scaling is illustrative, not a fitted relation.

    Examples
    --------
    >>> cows_equivalent([0.6, 0.3, 0.0], 0.6, 30.0)
    array([ 0., 15., 30.])
    """
    s = fraction("signal", signal)
    sp = fraction("set_point", set_point, closed_low=False)
    full = positive("cows_at_full_loss", cows_at_full_loss)
    s, sp, full = broadcast(signal=s, set_point=sp, cows_at_full_loss=full)
    return _out(full * np.clip(1.0 - s / sp, 0.0, None))


@dataclass(frozen=True)
class BuprenorphineInductionResult:
    """Signal before and after a buprenorphine dose, by hours since the last full-agonist dose.

    Attributes
    ----------
    hours_since_last_dose_h : numpy.ndarray, shape (n_t,)
        Time of the buprenorphine dose after the last full-agonist dose, h.
    buprenorphine_mg : numpy.ndarray
        Buprenorphine doses, mg, shape ``D`` (broadcast leading axes).
    full_agonist_relative : numpy.ndarray, shape (n_t,)
        Full-agonist concentration relative to its steady-state average.
    occupancy_full_before, occupancy_full_after, occupancy_partial_after : numpy.ndarray
        Receptor occupancies, shape ``D + (n_t,)`` (``_before`` is (n_t,)).
    signal_before, signal_after : numpy.ndarray
        Net signal without and with buprenorphine.
    set_point : float
        Average signal over one dosing interval at steady state.
    ceiling : float
        Buprenorphine's maximal signal (the crossover level).
    cows_before, cows_after : numpy.ndarray
        Illustrative COWS-like scores (:func:`cows_equivalent`).
    """

    hours_since_last_dose_h: np.ndarray
    buprenorphine_mg: np.ndarray
    full_agonist_relative: np.ndarray
    occupancy_full_before: np.ndarray
    occupancy_full_after: np.ndarray
    occupancy_partial_after: np.ndarray
    signal_before: np.ndarray
    signal_after: np.ndarray
    set_point: float
    ceiling: float
    cows_before: np.ndarray
    cows_after: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Long table: one row per (buprenorphine dose, hour)."""
        shape = self.signal_after.shape
        dose = np.broadcast_to(np.asarray(self.buprenorphine_mg)[..., None], shape)
        hours = np.broadcast_to(self.hours_since_last_dose_h, shape)
        return pd.DataFrame(
            {
                "buprenorphine_mg": dose.ravel(),
                "hours_since_last_dose_h": hours.ravel(),
                "signal_before": np.broadcast_to(self.signal_before, shape).ravel(),
                "signal_after": self.signal_after.ravel(),
                "cows_before": np.broadcast_to(self.cows_before, shape).ravel(),
                "cows_after": self.cows_after.ravel(),
            }
        )


def _set_point(p: BuprenorphineInductionParams) -> float:
    tt = np.linspace(0.0, p.dosing_interval_h, 401)
    a = p.occupancy_average / (1.0 - p.occupancy_average) * _washout(tt, p)
    s = _signal(a, 0.0, p.transducer_ratio_full, p.transducer_ratio_partial)
    return float(np.trapezoid(s, tt) / p.dosing_interval_h)


def _washout(t, p: BuprenorphineInductionParams):
    return np.asarray(
        washout_relative_concentration(
            t, p.half_life_h, p.dosing_interval_h, p.slow_fraction, p.slow_half_life_h if p.slow_fraction > 0 else None
        ),
        dtype=float,
    )


def buprenorphine_induction(
    hours_since_last_dose_h, buprenorphine_mg=8.0, params: BuprenorphineInductionParams | None = None, **overrides
) -> BuprenorphineInductionResult:
    """Net mu-receptor signal before and after a first buprenorphine dose.

    Parameters
    ----------
    hours_since_last_dose_h : array_like, shape (n_t,)
        When buprenorphine is given, h after the last full-agonist dose (>= 0,
        non-decreasing).
    buprenorphine_mg : array_like, optional
        Sublingual dose(s), mg (> 0); any shape ``D``. Default 8 mg.
    params : BuprenorphineInductionParams, optional
        The patient; default :data:`BUPRENORPHINE_INDUCTION_DEFAULTS` (heroin).
    **overrides
        Fields of ``params`` to replace (e.g. ``half_life_h=60.0``).

    Returns
    -------
    BuprenorphineInductionResult

    Notes
    -----
    The full agonist's concentration, in multiples of its Kd, is
    :math:`a(t) = \\frac{\\bar p}{1-\\bar p}\\,C(t)/\\bar C_{ss}` with
    :math:`\\bar p` the average occupancy (:func:`washout_relative_concentration`).
    Buprenorphine's is :math:`b = p_B/(1-p_B)` with :math:`p_B` its PET
    occupancy at that dose alone (:func:`buprenorphine_occupancy`), taken at
    its peak and with the full agonist frozen at the moment of the dose. The
    signals follow :func:`two_agonist_signal`; the set point is the average
    signal over one dosing interval at steady state.

    Examples
    --------
    >>> r = buprenorphine_induction([2.0, 24.0])
    >>> (r.signal_after < r.signal_before).tolist()   # too early: falls; later: rises
    [True, False]
    """
    t = nonnegative("hours_since_last_dose_h", hours_since_last_dose_h)
    if t.ndim != 1:
        raise ValueError(f"hours_since_last_dose_h must be one-dimensional, got shape {t.shape}")
    dose = positive("buprenorphine_mg", buprenorphine_mg)
    p = params or BUPRENORPHINE_INDUCTION_DEFAULTS
    if overrides:
        p = replace(p, **overrides)
    rel = _washout(t, p)
    a = p.occupancy_average / (1.0 - p.occupancy_average) * rel
    occ_b_alone = np.asarray(buprenorphine_occupancy(dose), dtype=float)
    b = (occ_b_alone / (1.0 - occ_b_alone))[..., None]
    ta, tb = p.transducer_ratio_full, p.transducer_ratio_partial
    before = _signal(a, 0.0, ta, tb)
    after = _signal(a, b, ta, tb)
    total = 1.0 + a + b
    set_point = _set_point(p)
    return BuprenorphineInductionResult(
        hours_since_last_dose_h=t,
        buprenorphine_mg=np.asarray(dose, dtype=float),
        full_agonist_relative=rel,
        occupancy_full_before=a / (1.0 + a),
        occupancy_full_after=a / total,
        occupancy_partial_after=b / total,
        signal_before=before,
        signal_after=after,
        set_point=set_point,
        ceiling=float(partial_agonist_ceiling(tb)),
        cows_before=np.asarray(cows_equivalent(np.clip(before, 0, 1), set_point, p.cows_at_full_loss)),
        cows_after=np.asarray(cows_equivalent(np.clip(after, 0, 1), set_point, p.cows_at_full_loss)),
    )


def crossover_time_h(params: BuprenorphineInductionParams | None = None, max_h: float = 480.0, **overrides) -> float:
    """Hours after the last full-agonist dose at which buprenorphine stops lowering the signal.

    Parameters
    ----------
    params : BuprenorphineInductionParams, optional
        The patient (default heroin).
    max_h : float, optional
        Search horizon, h (> 0). Default 480 (20 days).
    **overrides
        Fields of ``params`` to replace.

    Returns
    -------
    float
        The first time at which the full agonist alone gives no more than
        buprenorphine's ceiling (:func:`full_agonist_crossover_ratio`);
        independent of the buprenorphine dose. ``inf`` if beyond ``max_h``.

    Examples
    --------
    >>> round(crossover_time_h(), 1)
    6.8
    """
    p = params or BUPRENORPHINE_INDUCTION_DEFAULTS
    if overrides:
        p = replace(p, **overrides)
    horizon = float(positive("max_h", max_h))
    a_star = full_agonist_crossover_ratio(p.transducer_ratio_full, p.transducer_ratio_partial)
    rel_star = a_star * (1.0 - p.occupancy_average) / p.occupancy_average
    t = np.linspace(0.0, horizon, int(horizon * 20) + 1)
    rel = _washout(t, p)
    below = rel <= rel_star
    if not below.any():
        return float("inf")
    i = int(np.argmax(below))
    if i == 0:
        return 0.0
    # linear interpolation in log concentration between the bracketing samples
    y0, y1 = np.log(rel[i - 1]), np.log(rel[i])
    return float(t[i - 1] + (t[i] - t[i - 1]) * (y0 - np.log(rel_star)) / (y0 - y1))
