"""Taper design: receptor occupancy, hyperbolic schedules, benzodiazepine and opioid tapers.

.. warning::
   Every schedule this module returns is **teaching material, not a
   prescription**. Real tapers are set by a prescriber with the patient, and
   are slowed or paused according to symptoms.

The central idea (Horowitz & Taylor 2019): drug effect at the target follows a
hyperbola of dose,

.. math:: \\mathrm{occupancy}(D) = \\frac{E_{max} D}{ED_{50} + D},

so equal *dose* steps (a linear taper) remove little occupancy at high doses
and a great deal at low doses. Removing equal steps of *occupancy* instead
gives a hyperbolic taper whose dose steps shrink toward zero; the final doses
are fractions of a milligram. Benzodiazepine tapers (Ashton 2002) and opioid
tapers (CDC 2022) follow the same logic with proportional steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd
from scipy.optimize import curve_fit

from ._validation import as_array, choice, nonnegative, positive
from .drugs import drug_sources, drug_value, load_drug_table, normalize_drug_name

__all__ = [
    "OccupancyFit",
    "TaperSchedule",
    "occupancy",
    "dose_for_occupancy",
    "sert_occupancy_parameters",
    "fit_occupancy_curve",
    "hyperbolic_schedule",
    "linear_schedule",
    "proportional_schedule",
    "schedule_occupancy",
    "round_to_measurable",
    "diazepam_equivalent",
    "benzodiazepine_switch_taper",
    "morphine_milligram_equivalent",
    "opioid_taper",
]

_MAX_STEPS = 10_000
_BENZO_SOURCES = {"ashton": "ashton2002", "ashton2002": "ashton2002", "bnf": "bnf2019", "bnf2019": "bnf2019"}
_MME_GUIDELINES = {"cdc2022": "dowell2022", "cdc2016": "dowell2016"}
# CDC 2016 methadone conversion factors by daily dose (Dowell et al. 2016):
# 1-20 mg/day: 4; 21-40: 8; 41-60: 10; 61-80: 12 (the table stops at 80 mg/day).
_METHADONE_2016_UPPER_MG = np.array([20.0, 40.0, 60.0])
_METHADONE_2016_FACTOR = np.array([4.0, 8.0, 10.0, 12.0])


# --------------------------------------------------------------------------
# Receptor occupancy
# --------------------------------------------------------------------------
def _emax_ed50(emax_pct, ed50_mg) -> tuple[np.ndarray, np.ndarray]:
    emax = positive("emax_pct", emax_pct)
    ed50 = positive("ed50_mg", ed50_mg)
    return emax, ed50


def occupancy(dose_mg, emax_pct, ed50_mg) -> np.ndarray:
    """Target occupancy of a dose by the hyperbolic (Emax) model.

    Parameters
    ----------
    dose_mg : array_like
        Daily dose in mg, >= 0; any shape.
    emax_pct : float or array_like
        Maximal occupancy in percent, > 0 (broadcasts with ``dose_mg``).
    ed50_mg : float or array_like
        Dose giving half of ``emax_pct``, mg, > 0.

    Returns
    -------
    numpy.ndarray
        Occupancy in percent, in ``[0, emax_pct)``, broadcast shape.

    Notes
    -----
    .. math:: O(D) = \\frac{E_{max} D}{ED_{50} + D}

    References
    ----------
    Meyer JH, Wilson AA, Sagrati S, et al. Serotonin transporter occupancy of
    five selective serotonin reuptake inhibitors at different doses: an
    [11C]DASB positron emission tomography study. Am J Psychiatry
    2004;161:826-835.
    Horowitz MA, Taylor D. Tapering of SSRI treatment to mitigate withdrawal
    symptoms. Lancet Psychiatry 2019;6:538-546.

    Examples
    --------
    >>> float(occupancy(2.8, 91.2, 2.8))
    45.6
    """
    dose = nonnegative("dose_mg", dose_mg)
    emax, ed50 = _emax_ed50(emax_pct, ed50_mg)
    return emax * dose / (ed50 + dose)


def dose_for_occupancy(occupancy_pct, emax_pct, ed50_mg) -> np.ndarray:
    """Dose that gives a target occupancy (inverse of :func:`occupancy`).

    Parameters
    ----------
    occupancy_pct : array_like
        Target occupancy in percent, in ``[0, emax_pct)``.
    emax_pct : float or array_like
        Maximal occupancy in percent, > 0.
    ed50_mg : float or array_like
        Dose giving half of ``emax_pct``, mg, > 0.

    Returns
    -------
    numpy.ndarray
        Daily dose in mg, >= 0.

    Raises
    ------
    ValueError
        If an occupancy is negative or not below ``emax_pct`` (unreachable).

    Notes
    -----
    .. math:: D(O) = \\frac{ED_{50}\\, O}{E_{max} - O}

    References
    ----------
    Horowitz MA, Taylor D. Tapering of SSRI treatment to mitigate withdrawal
    symptoms. Lancet Psychiatry 2019;6:538-546.

    Examples
    --------
    >>> round(float(dose_for_occupancy(45.6, 91.2, 2.8)), 6)
    2.8
    """
    occ = nonnegative("occupancy_pct", occupancy_pct)
    emax, ed50 = _emax_ed50(emax_pct, ed50_mg)
    if np.any(occ >= emax):
        raise ValueError(f"occupancy_pct must lie in [0, emax_pct) = [0, {np.max(emax):g}); got {occupancy_pct!r}")
    return ed50 * occ / (emax - occ)


def sert_occupancy_parameters(drug: str, source: str | None = None) -> tuple[float, float]:
    """Serotonin-transporter Emax (%) and ED50 (mg/day) of an antidepressant from the drug table.

    Parameters
    ----------
    drug : str
        ``"citalopram"``, ``"escitalopram"``, ``"fluoxetine"``, ``"paroxetine"``,
        ``"sertraline"`` or ``"venlafaxine"`` (case-insensitive).
    source : str, optional
        ``"horowitz2019"`` (citalopram only; the curve implied by Horowitz &
        Taylor's published doses) or ``"sorensen2022"`` (pooled PET fits).
        Default: the first source in the table.

    Returns
    -------
    (float, float)
        ``(emax_pct, ed50_mg)``.

    Notes
    -----
    Both numbers always come from the same source. See the table's ``note``
    column for how each pair was obtained.

    References
    ----------
    Horowitz MA, Taylor D. Lancet Psychiatry 2019;6:538-546.
    Sorensen A, Ruhe HG, Munkholm K. The relationship between dose and
    serotonin transporter occupancy of antidepressants - a systematic review.
    Mol Psychiatry 2022;27:192-201.

    Examples
    --------
    >>> sert_occupancy_parameters("citalopram")
    (91.2, 2.8)
    """
    sources = drug_sources(drug, "sert_emax_pct")
    if source is None:
        source = sources[0]
    choice("source", source, sources)
    return (drug_value(drug, "sert_emax_pct", source=source),
            drug_value(drug, "sert_ed50_mg", source=source))


def _curve(drug_or_params, source) -> tuple[float, float]:
    if isinstance(drug_or_params, str):
        return sert_occupancy_parameters(drug_or_params, source)
    try:
        emax, ed50 = drug_or_params
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"drug_or_params must be a drug name or an (emax_pct, ed50_mg) pair; got {drug_or_params!r}"
        ) from exc
    emax = float(positive("emax_pct", emax))
    ed50 = float(positive("ed50_mg", ed50))
    if emax > 100:
        raise ValueError(f"emax_pct must be <= 100 (a percentage of targets); got {emax!r}")
    return emax, ed50


@dataclass(frozen=True)
class OccupancyFit:
    """Result of :func:`fit_occupancy_curve` (estimates with standard errors)."""

    emax_pct: float
    ed50_mg: float
    emax_se_pct: float
    ed50_se_mg: float
    residual_sd_pct: float
    n_points: int


def fit_occupancy_curve(dose_mg, occupancy_pct, emax_pct: float | None = None, p0=None) -> OccupancyFit:
    """Fit the hyperbolic occupancy curve to (dose, occupancy) data by least squares.

    Parameters
    ----------
    dose_mg : array_like, shape (n,)
        Doses in mg, >= 0.
    occupancy_pct : array_like, shape (n,)
        Measured occupancy in percent, in [0, 100].
    emax_pct : float, optional
        Fix Emax at this value and fit ED50 only. Default: fit both.
    p0 : (float, float), optional
        Starting guess ``(emax_pct, ed50_mg)``; default from the data.

    Returns
    -------
    OccupancyFit
        Estimates of ``emax_pct`` and ``ed50_mg`` with standard errors from the
        covariance returned by :func:`scipy.optimize.curve_fit` (scaled by the
        residual variance); a fixed Emax has standard error 0.

    Raises
    ------
    ValueError
        Mismatched or too few points (need more points than free
        parameters), negative doses, occupancies outside [0, 100], or data
        that do not determine the parameters.

    Notes
    -----
    Minimises :math:`\\sum_i (O_i - E_{max} D_i / (ED_{50} + D_i))^2` with
    :math:`E_{max}, ED_{50} > 0`.

    References
    ----------
    Meyer JH, Wilson AA, Sagrati S, et al. Am J Psychiatry 2004;161:826-835
    (the dose-occupancy curves of five SSRIs fitted with this model).

    Examples
    --------
    >>> dose = [1, 2, 5, 10, 20, 40, 60]
    >>> occ = occupancy(dose, 90.0, 3.0)
    >>> fit = fit_occupancy_curve(dose, occ)
    >>> round(fit.emax_pct, 3), round(fit.ed50_mg, 3)
    (90.0, 3.0)
    """
    dose = nonnegative("dose_mg", dose_mg)
    occ = as_array("occupancy_pct", occupancy_pct)
    if dose.ndim != 1 or occ.shape != dose.shape:
        raise ValueError(
            f"dose_mg and occupancy_pct must be 1-D of equal length; got shapes {dose.shape} and {occ.shape}"
        )
    if np.any((occ < 0) | (occ > 100)):
        raise ValueError(f"occupancy_pct must lie in [0, 100]; got {occupancy_pct!r}")
    n_free = 1 if emax_pct is not None else 2
    if dose.size <= n_free:
        raise ValueError(f"dose_mg needs more than {n_free} points to fit {n_free} parameter(s); got {dose.size}")
    if np.count_nonzero(dose > 0) < n_free:
        raise ValueError("dose_mg must contain at least as many positive doses as free parameters")
    guess_emax = float(max(np.max(occ), 1.0)) * 1.1
    positive_dose = dose[dose > 0]
    guess_ed50 = float(np.median(positive_dose))
    if emax_pct is not None:
        emax_fixed = float(positive("emax_pct", emax_pct))
        start = [guess_ed50 if p0 is None else float(positive("p0", p0)[1])]
        popt, pcov, info, _, _ = curve_fit(
            lambda d, k: emax_fixed * d / (k + d), dose, occ, p0=start,
            bounds=([1e-12], [np.inf]), full_output=True, maxfev=20_000,
        )
        emax, ed50 = emax_fixed, float(popt[0])
        emax_se, ed50_se = 0.0, float(np.sqrt(pcov[0, 0]))
        resid = info["fvec"]
    else:
        start = [guess_emax, guess_ed50] if p0 is None else list(positive("p0", p0))
        popt, pcov, info, _, _ = curve_fit(
            lambda d, e, k: e * d / (k + d), dose, occ, p0=start,
            bounds=([1e-12, 1e-12], [np.inf, np.inf]), full_output=True, maxfev=20_000,
        )
        emax, ed50 = float(popt[0]), float(popt[1])
        emax_se, ed50_se = (float(s) for s in np.sqrt(np.diag(pcov)))
        resid = info["fvec"]
    if not (np.isfinite(emax_se) and np.isfinite(ed50_se)):
        raise ValueError("dose_mg and occupancy_pct do not determine the parameters (singular fit)")
    dof = dose.size - n_free
    residual_sd = float(np.sqrt(np.sum(np.asarray(resid) ** 2) / dof))
    return OccupancyFit(emax, ed50, emax_se, ed50_se, residual_sd, int(dose.size))


# --------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class TaperSchedule:
    """A dose schedule with the occupancy each step gives.

    ``occupancy_drop_pct[i]`` and ``dose_drop_mg[i]`` are the changes from
    step ``i - 1`` to step ``i`` (0 at step 0): the occupancy drop is the
    book's "withdrawal load" proxy for each reduction.
    """

    step: np.ndarray
    dose_mg: np.ndarray
    occupancy_pct: np.ndarray
    occupancy_drop_pct: np.ndarray
    dose_drop_mg: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Return the schedule as a tidy DataFrame (one row per step)."""
        return pd.DataFrame({
            "step": self.step,
            "dose_mg": self.dose_mg,
            "occupancy_pct": self.occupancy_pct,
            "occupancy_drop_pct": self.occupancy_drop_pct,
            "dose_drop_mg": self.dose_drop_mg,
        })


def _drops(x: np.ndarray) -> np.ndarray:
    out = np.zeros_like(x)
    out[1:] = x[:-1] - x[1:]
    return out


def _schedule(dose: np.ndarray, emax: float, ed50: float) -> TaperSchedule:
    occ = emax * dose / (ed50 + dose)
    return TaperSchedule(np.arange(dose.size), dose, occ, _drops(occ), _drops(dose))


def schedule_occupancy(dose_mg, drug_or_params, source: str | None = None) -> TaperSchedule:
    """Occupancy and per-step occupancy drop ("withdrawal load") of any dose schedule.

    Teaching material, not a prescription.

    Parameters
    ----------
    dose_mg : array_like, shape (n,)
        Doses of successive steps, mg, >= 0.
    drug_or_params : str or (float, float)
        Drug name (SERT parameters from the drug table) or ``(emax_pct, ed50_mg)``.
    source : str, optional
        Source of the drug's parameters (see :func:`sert_occupancy_parameters`).

    Returns
    -------
    TaperSchedule
        Doses, occupancies and the drops between steps.

    Notes
    -----
    Drop at step :math:`i`: :math:`O(D_{i-1}) - O(D_i)` with :math:`O` from
    :func:`occupancy`. For a linear taper the drops grow toward the end;
    for a hyperbolic taper they are equal.

    References
    ----------
    Horowitz MA, Taylor D. Lancet Psychiatry 2019;6:538-546.

    Examples
    --------
    >>> s = schedule_occupancy([20, 15, 10, 5, 0], "citalopram")
    >>> [round(float(x), 1) for x in s.occupancy_drop_pct]
    [0.0, 3.1, 5.6, 12.8, 58.5]
    """
    dose = nonnegative("dose_mg", dose_mg)
    if dose.ndim != 1 or dose.size == 0:
        raise ValueError(f"dose_mg must be a non-empty 1-D array; got shape {dose.shape}")
    emax, ed50 = _curve(drug_or_params, source)
    return _schedule(dose, emax, ed50)


def hyperbolic_schedule(drug_or_params, start_dose_mg: float, occupancy_step_pct: float = 10.0,
                        source: str | None = None) -> TaperSchedule:
    """Taper that removes equal steps of receptor occupancy (a hyperbolic taper).

    Teaching material, not a prescription.

    Parameters
    ----------
    drug_or_params : str or (float, float)
        Drug name (SERT parameters from the drug table, e.g. ``"citalopram"``)
        or an ``(emax_pct, ed50_mg)`` pair.
    start_dose_mg : float
        Current daily dose, mg, > 0.
    occupancy_step_pct : float
        Occupancy removed at each step, percentage points, in (0, 100].
    source : str, optional
        Source of the drug's parameters (see :func:`sert_occupancy_parameters`).

    Returns
    -------
    TaperSchedule
        Doses from ``start_dose_mg`` down to 0. The occupancy falls by exactly
        ``occupancy_step_pct`` at every step except the last, which removes
        what is left (at most one step).

    Notes
    -----
    Target occupancies :math:`O_k = O(D_0) - k\\,\\Delta` while positive, then 0;
    doses :math:`D_k = ED_{50} O_k / (E_{max} - O_k)`. Because the curve is
    hyperbolic, each equal occupancy step needs a smaller dose reduction than
    the one before: for citalopram 20 mg the doses fall 20, 9.25, 5.38, 3.40,
    2.19, 1.37, 0.79, 0.34, 0 mg (Horowitz & Taylor 2019 give 20, 9.1, 5.4, 3.4,
    2.3, 1.5, 0.8 mg).

    References
    ----------
    Horowitz MA, Taylor D. Tapering of SSRI treatment to mitigate withdrawal
    symptoms. Lancet Psychiatry 2019;6:538-546.

    Examples
    --------
    >>> s = hyperbolic_schedule("citalopram", 20.0, occupancy_step_pct=10)
    >>> [round(float(d), 2) for d in s.dose_mg]
    [20.0, 9.25, 5.38, 3.4, 2.19, 1.37, 0.79, 0.34, 0.0]
    """
    emax, ed50 = _curve(drug_or_params, source)
    start = float(positive("start_dose_mg", start_dose_mg))
    step = float(positive("occupancy_step_pct", occupancy_step_pct))
    if step > 100:
        raise ValueError(f"occupancy_step_pct must lie in (0, 100]; got {occupancy_step_pct!r}")
    occ0 = emax * start / (ed50 + start)
    n_positive = int(math.floor(occ0 / step * (1 + 1e-12)))
    if n_positive > _MAX_STEPS:
        raise ValueError(f"occupancy_step_pct too small: more than {_MAX_STEPS} steps")
    targets = occ0 - step * np.arange(n_positive + 1)
    targets = targets[targets > 1e-9 * max(occ0, 1.0)]
    targets = np.append(targets, 0.0)
    dose = ed50 * targets / (emax - targets)
    dose[0] = start
    return _schedule(dose, emax, ed50)


def linear_schedule(start_dose_mg: float, n_steps: int) -> np.ndarray:
    """Taper in equal dose steps (a linear taper) from ``start_dose_mg`` to 0.

    Teaching material, not a prescription.

    Parameters
    ----------
    start_dose_mg : float
        Current daily dose, mg, > 0.
    n_steps : int
        Number of reductions, >= 1.

    Returns
    -------
    numpy.ndarray, shape (n_steps + 1,)
        Doses in mg, ``start, start*(1-1/n), ..., 0``.

    Notes
    -----
    :math:`D_k = D_0 (1 - k/n)`, :math:`k = 0..n`.

    References
    ----------
    Horowitz MA, Taylor D. Lancet Psychiatry 2019;6:538-546 (the linear taper
    they compare with hyperbolic tapering).

    Examples
    --------
    >>> linear_schedule(20, 4).tolist()
    [20.0, 15.0, 10.0, 5.0, 0.0]
    """
    start = float(positive("start_dose_mg", start_dose_mg))
    n = _positive_int("n_steps", n_steps)
    return start * (1.0 - np.arange(n + 1) / n)


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be an integer >= 1; got {value!r}")
    if value < 1 or value > _MAX_STEPS:
        raise ValueError(f"{name} must be an integer in [1, {_MAX_STEPS}]; got {value!r}")
    return int(value)


def proportional_schedule(start_dose_mg: float, percent_per_step: float, stop_below_mg: float) -> np.ndarray:
    """Taper that removes a fixed percentage of the *current* dose at each step.

    Teaching material, not a prescription.

    Parameters
    ----------
    start_dose_mg : float
        Current daily dose, mg, > 0.
    percent_per_step : float
        Percentage of the current dose removed per step, in (0, 100).
    stop_below_mg : float
        Once the next dose would fall below this (mg, > 0), the schedule stops
        (the next dose is 0): a proportional taper never reaches 0 by itself.

    Returns
    -------
    numpy.ndarray
        Doses in mg, strictly decreasing, ending with 0.

    Notes
    -----
    :math:`D_k = D_0 (1 - p/100)^k` while :math:`D_k \\ge` ``stop_below_mg``.
    An exponential taper in dose: the dose steps shrink like the hyperbolic
    taper's, the approach used for benzodiazepines (Ashton 2002).

    References
    ----------
    Ashton CH. Benzodiazepines: How They Work and How to Withdraw. 2002.
    Horowitz MA, Taylor D. Lancet Psychiatry 2019;6:538-546.

    Examples
    --------
    >>> proportional_schedule(20, 50, 2).tolist()
    [20.0, 10.0, 5.0, 2.5, 0.0]
    """
    start = float(positive("start_dose_mg", start_dose_mg))
    p = float(positive("percent_per_step", percent_per_step))
    if p >= 100:
        raise ValueError(f"percent_per_step must lie in (0, 100); got {percent_per_step!r}")
    floor = float(positive("stop_below_mg", stop_below_mg))
    ratio = 1.0 - p / 100.0
    if start < floor:
        return np.array([start, 0.0])
    n = int(math.floor(math.log(floor / start) / math.log(ratio) * (1 + 1e-12) + 1e-12))
    if n > _MAX_STEPS:
        raise ValueError(f"percent_per_step too small for stop_below_mg: more than {_MAX_STEPS} steps")
    dose = start * ratio ** np.arange(n + 1)
    dose = dose[dose >= floor * (1 - 1e-12)]
    return np.append(dose, 0.0)


# --------------------------------------------------------------------------
# Measurable doses
# --------------------------------------------------------------------------
def _micrograms(name: str, values) -> np.ndarray:
    arr = positive(name, values).ravel()
    units = np.rint(arr * 1000.0).astype(np.int64)
    if np.any(units <= 0):
        raise ValueError(f"{name} must be at least 0.001 mg; got {values!r}")
    return units


def _tablet_doses(units_ug: np.ndarray, max_ug: int) -> np.ndarray:
    g = int(np.gcd.reduce(units_ug))
    steps = units_ug // g
    n = max_ug // g + int(steps.max()) + 1
    if n > 2_000_000:
        raise ValueError("tablet_strengths_mg too fine for these doses (more than 2e6 grid points)")
    reachable = np.zeros(n + 1, dtype=bool)
    reachable[0] = True
    for s in np.unique(steps):
        for r in range(int(s)):
            reachable[r::s] = np.logical_or.accumulate(reachable[r::s])
    return np.flatnonzero(reachable) * g / 1000.0


def round_to_measurable(dose_mg, tablet_strengths_mg=None, liquid_mg_per_ml: float | None = None,
                        min_volume_ml: float = 0.1, allow_half_tablets: bool = False,
                        liquid_below_mg: float | None = None, mode: str = "nearest") -> np.ndarray:
    """Round doses to ones that can actually be measured out.

    Teaching material, not a prescription.

    Parameters
    ----------
    dose_mg : array_like
        Target doses, mg, >= 0; any shape (e.g. a whole schedule).
    tablet_strengths_mg : sequence of float, optional
        Available tablet strengths, mg; any whole-number combination of them
        can be given (e.g. ``(10, 20)``).
    liquid_mg_per_ml : float, optional
        Concentration of a liquid formulation, mg/mL.
    min_volume_ml : float
        Smallest volume that can be measured, mL (0.1 mL with an oral syringe).
    allow_half_tablets : bool
        Allow scored tablets to be halved.
    liquid_below_mg : float, optional
        Use the liquid only for doses below this (tablets above); default: the
        liquid may be added to tablets at any dose.
    mode : {"nearest", "down", "up"}
        Round to the nearest measurable dose (ties go to the higher dose: the
        smaller, more cautious reduction), or down, or up.

    Returns
    -------
    numpy.ndarray
        Measurable doses, mg, same shape as ``dose_mg``.

    Notes
    -----
    The measurable set is :math:`\\{\\sum_i n_i s_i + k\\,c\\,v_{min}\\}` for
    whole numbers :math:`n_i, k \\ge 0`, tablet strengths :math:`s_i`,
    concentration :math:`c` and minimal volume :math:`v_{min}`. Rounding to a
    fixed set is monotone, so a non-increasing schedule stays non-increasing
    (consecutive steps may coincide). Liquid formulations make the small final
    doses of a hyperbolic taper possible (Horowitz & Taylor 2019).

    References
    ----------
    Horowitz MA, Taylor D. Lancet Psychiatry 2019;6:538-546.

    Examples
    --------
    >>> round_to_measurable([20, 9.3, 5.4, 3.4], tablet_strengths_mg=(10, 20)).tolist()
    [20.0, 10.0, 10.0, 0.0]
    >>> round_to_measurable([9.25, 5.38, 0.34], liquid_mg_per_ml=2.0).tolist()
    [9.2, 5.4, 0.4]
    """
    dose = nonnegative("dose_mg", dose_mg)
    choice("mode", mode, ("nearest", "down", "up"))
    if tablet_strengths_mg is None and liquid_mg_per_ml is None:
        raise ValueError("tablet_strengths_mg or liquid_mg_per_ml must be given (at least one)")
    max_ug = int(math.ceil(float(np.max(dose, initial=0.0)) * 1000.0)) + 1
    parts = []
    liquid_ug = None
    if liquid_mg_per_ml is not None:
        conc = float(positive("liquid_mg_per_ml", liquid_mg_per_ml))
        vol = float(positive("min_volume_ml", min_volume_ml))
        liquid_ug = int(_micrograms("liquid_mg_per_ml * min_volume_ml", conc * vol)[0])
    if tablet_strengths_mg is not None:
        units = _micrograms("tablet_strengths_mg", tablet_strengths_mg)
        if allow_half_tablets:
            if np.any(units % 2):
                raise ValueError("tablet_strengths_mg must be whole micrograms when halved")
            units = np.concatenate([units, units // 2])
        tablet_set = _tablet_doses(units, max_ug + int(units.max()))
        parts.append(tablet_set)
        if liquid_ug is not None:
            if liquid_below_mg is None:
                combined = _tablet_doses(np.concatenate([units, [liquid_ug]]), max_ug + int(units.max()))
                parts = [combined]
            else:
                limit = float(positive("liquid_below_mg", liquid_below_mg))
                n = int(math.ceil(limit * 1000.0 / liquid_ug))
                liquid_set = np.arange(n + 1) * liquid_ug / 1000.0
                parts.append(liquid_set[liquid_set < limit])
    else:
        n = max_ug // liquid_ug + 2
        parts.append(np.arange(n + 1) * liquid_ug / 1000.0)
    grid = np.unique(np.concatenate(parts))
    flat = dose.ravel()
    hi_idx = np.clip(np.searchsorted(grid, flat - 1e-9, side="left"), 0, grid.size - 1)
    up = grid[hi_idx]
    lo_idx = np.clip(np.searchsorted(grid, flat + 1e-9, side="right") - 1, 0, grid.size - 1)
    down = grid[lo_idx]
    if mode == "down":
        out = down
    elif mode == "up":
        out = np.where(up >= flat - 1e-9, up, grid[-1])
    else:
        out = np.where(up - flat <= flat - down + 1e-12, up, down)
    return np.round(out.reshape(dose.shape), 9)


# --------------------------------------------------------------------------
# Benzodiazepines
# --------------------------------------------------------------------------
def diazepam_equivalent(drug: str, dose_mg, source: str = "ashton2002") -> np.ndarray:
    """Diazepam-equivalent dose of a benzodiazepine (approximate).

    Parameters
    ----------
    drug : str
        Benzodiazepine name (case-insensitive), e.g. ``"alprazolam"``.
    dose_mg : array_like
        Dose of ``drug``, mg, >= 0.
    source : {"ashton2002", "bnf2019", "ashton", "bnf"}
        Equivalence table. The tables disagree (BNF: chlordiazepoxide and
        oxazepam 30 mg = diazepam 10 mg; Ashton: 25 and 20 mg) and the BNF
        lists neither alprazolam nor clonazepam.

    Returns
    -------
    numpy.ndarray
        Diazepam-equivalent dose, mg.

    Notes
    -----
    :math:`D_{diazepam} = 10\\,\\mathrm{mg} \\times D / D_{10}`, where
    :math:`D_{10}` is the table's dose equivalent to diazepam 10 mg.
    Equivalences are approximate and vary between patients.

    References
    ----------
    Ashton CH. Benzodiazepines: How They Work and How to Withdraw (The Ashton
    Manual). Newcastle University; 2002. Table 1.
    Joint Formulary Committee. British National Formulary. BMJ Group and
    Pharmaceutical Press (benzodiazepine withdrawal: approximate equivalent
    doses to diazepam 5 mg).

    Examples
    --------
    >>> float(diazepam_equivalent("alprazolam", 2.0))
    40.0
    >>> float(diazepam_equivalent("oxazepam", 30.0, source="bnf"))
    10.0
    """
    choice("source", source, tuple(_BENZO_SOURCES))
    key = _BENZO_SOURCES[source]
    name = normalize_drug_name(drug)
    sources = drug_sources(name, "diazepam_equivalent_mg")
    if key not in sources:
        raise ValueError(f"source {source!r} gives no diazepam equivalence for {name}; source must be one of {sources}")
    dose = nonnegative("dose_mg", dose_mg)
    return dose * 10.0 / drug_value(name, "diazepam_equivalent_mg", source=key)


def _floor_to(x: float, resolution: float) -> float:
    return math.floor(x / resolution + 1e-9) * resolution


def benzodiazepine_switch_taper(
    drug: str,
    daily_dose_mg: float,
    source: str = "ashton2002",
    switch_steps: int = 4,
    switch_step_weeks: float = 1.0,
    percent_per_step: float = 10.0,
    step_weeks: float = 2.0,
    min_step_mg: float = 0.5,
    tablet_resolution_mg: float = 1.0,
    liquid_below_mg: float = 5.0,
    liquid_mg_per_ml: float = 0.4,
    min_volume_ml: float = 0.05,
    final_dose_mg: float = 0.5,
) -> pd.DataFrame:
    """Switch a benzodiazepine to diazepam, then taper diazepam in proportional steps.

    Teaching material, not a prescription.

    Parameters
    ----------
    drug : str
        Benzodiazepine taken now (``"diazepam"`` skips the switch).
    daily_dose_mg : float
        Its daily dose, mg, > 0.
    source : str
        Equivalence table for the switch (see :func:`diazepam_equivalent`).
    switch_steps : int
        Stages of the switch (Ashton substitutes one dose at a time), >= 1.
    switch_step_weeks : float
        Weeks per switch stage, > 0.
    percent_per_step : float
        Diazepam reduction per step, percent of the current dose, in (0, 100).
    step_weeks : float
        Weeks per reduction step, > 0 (Ashton: 1-2 weeks or longer).
    min_step_mg : float
        Smallest reduction, mg, >= 0 (stops the proportional steps becoming
        vanishingly small; Ashton's final steps are 0.5 mg).
    tablet_resolution_mg : float
        Dose resolution with tablets, mg (1 mg = half a 2 mg tablet).
    liquid_below_mg : float
        Below this dose (mg) the oral liquid is used.
    liquid_mg_per_ml, min_volume_ml : float
        Liquid concentration (UK diazepam 2 mg/5 mL = 0.4 mg/mL) and smallest
        measurable volume (mL; 0.05 mL, a 1 mL oral syringe, makes 0.5 mg
        steps exact).
    final_dose_mg : float
        Last dose before stopping, mg, > 0.

    Returns
    -------
    pandas.DataFrame
        One row per step: ``step``, ``week`` (start of the step), ``phase``
        (``"start"``, ``"switch"``, ``"taper"``, ``"off"``), ``drug``,
        ``original_dose_mg``, ``diazepam_dose_mg`` and
        ``diazepam_equivalent_mg`` (total). Each row's dose is taken from its
        ``week`` until the next row's; the last switch stage (all diazepam) is
        held for one taper step to stabilise. The total never increases and
        the last row is 0.

    Notes
    -----
    Switch stage :math:`k = 1..n`: original drug :math:`D_0 (1 - k/n)`;
    diazepam :math:`\\lfloor E k/n \\rfloor` (rounded down to the tablet
    resolution, and capped so that the total diazepam equivalent never
    rises), where :math:`E` is the diazepam equivalent of :math:`D_0`.
    Taper: :math:`D_{j+1} = \\min(D_j (1 - p/100),\\ D_j - \\delta_{min})`,
    but not below ``final_dose_mg``, rounded to a measurable dose strictly
    below :math:`D_j`; after ``final_dose_mg`` the next dose is 0.

    References
    ----------
    Ashton CH. Benzodiazepines: How They Work and How to Withdraw (The Ashton
    Manual). Newcastle University; 2002.
    Lader M. Benzodiazepines revisited - will we ever learn? Addiction
    2011;106:2086-2109.

    Examples
    --------
    >>> plan = benzodiazepine_switch_taper("alprazolam", 2.0)
    >>> plan.loc[plan.phase == "switch", "diazepam_dose_mg"].tolist()
    [10.0, 20.0, 30.0, 40.0]
    >>> float(plan["diazepam_equivalent_mg"].iloc[-1])
    0.0
    """
    name = normalize_drug_name(drug)
    d0 = float(positive("daily_dose_mg", daily_dose_mg))
    n_switch = _positive_int("switch_steps", switch_steps)
    w_switch = float(positive("switch_step_weeks", switch_step_weeks))
    p = float(positive("percent_per_step", percent_per_step))
    if p >= 100:
        raise ValueError(f"percent_per_step must lie in (0, 100); got {percent_per_step!r}")
    w_step = float(positive("step_weeks", step_weeks))
    min_step = float(nonnegative("min_step_mg", min_step_mg))
    res_tab = float(positive("tablet_resolution_mg", tablet_resolution_mg))
    liquid_below = float(positive("liquid_below_mg", liquid_below_mg))
    final = float(positive("final_dose_mg", final_dose_mg))
    conc = float(positive("liquid_mg_per_ml", liquid_mg_per_ml))
    vol = float(positive("min_volume_ml", min_volume_ml))
    equivalent = float(diazepam_equivalent(name, d0, source=source))
    ratio = 10.0 / drug_value(name, "diazepam_equivalent_mg", source=_BENZO_SOURCES[source])

    rows = [dict(week=0.0, phase="start", original_dose_mg=d0,
                 diazepam_dose_mg=d0 if name == "diazepam" else 0.0)]
    week = 0.0
    if name != "diazepam":
        target = _floor_to(equivalent, res_tab)
        total_prev = equivalent
        for k in range(1, n_switch + 1):
            week += w_switch
            original = d0 * (1.0 - k / n_switch)
            original_eq = original * ratio
            diaz = _floor_to(min(target * k / n_switch, total_prev - original_eq), res_tab)
            diaz = max(diaz, 0.0)
            total_prev = diaz + original_eq
            rows.append(dict(week=week, phase="switch", original_dose_mg=original, diazepam_dose_mg=diaz))
        week_taper_start = week
    else:
        week_taper_start = 0.0

    def measurable(x: float) -> float:
        return float(round_to_measurable(x, tablet_strengths_mg=(res_tab,), liquid_mg_per_ml=conc,
                                         min_volume_ml=vol, liquid_below_mg=liquid_below))

    current = rows[-1]["diazepam_dose_mg"]
    week = week_taper_start
    resolution_small = conc * vol
    for _ in range(_MAX_STEPS):
        if current <= 0:
            break
        week += w_step
        if current <= final + resolution_small / 2:
            nxt = 0.0
        else:
            target = max(min(current * (1 - p / 100.0), current - min_step), final)
            nxt = measurable(target)
            if nxt >= current - 1e-9:
                nxt = float(round_to_measurable(current - resolution_small, tablet_strengths_mg=(res_tab,),
                                                liquid_mg_per_ml=conc, min_volume_ml=vol,
                                                liquid_below_mg=liquid_below, mode="down"))
        rows.append(dict(week=week, phase="taper" if nxt > 0 else "off", original_dose_mg=0.0,
                         diazepam_dose_mg=nxt))
        current = nxt
    frame = pd.DataFrame(rows)
    frame.insert(0, "step", np.arange(len(frame)))
    frame.insert(3, "drug", name)
    frame["diazepam_dose_mg"] = np.round(frame["diazepam_dose_mg"], 9)
    frame["original_dose_mg"] = np.round(frame["original_dose_mg"], 9)
    if name == "diazepam":
        frame.loc[frame.index > 0, "original_dose_mg"] = frame.loc[frame.index > 0, "diazepam_dose_mg"]
        frame["diazepam_equivalent_mg"] = frame["diazepam_dose_mg"]
    else:
        frame["diazepam_equivalent_mg"] = np.round(
            frame["diazepam_dose_mg"] + frame["original_dose_mg"] * ratio, 9)
    return frame


# --------------------------------------------------------------------------
# Opioids
# --------------------------------------------------------------------------
def _mme_drugs(key: str) -> list[str]:
    table = load_drug_table()
    return sorted(table.loc[(table.quantity == "mme_conversion_factor") & (table.source == key), "drug"])


def morphine_milligram_equivalent(drug: str, dose_mg, guideline: str = "cdc2022") -> np.ndarray:
    """Daily morphine milligram equivalents (MME) of an opioid dose.

    Parameters
    ----------
    drug : str
        Opioid with a conversion factor in the drug table: codeine,
        fentanyl_transdermal, hydrocodone, hydromorphone, methadone, morphine,
        oxycodone, oxymorphone, tapentadol, tramadol.
    dose_mg : array_like
        Daily dose, mg/day, >= 0 (for ``fentanyl_transdermal``: the patch rate
        in micrograms per hour).
    guideline : {"cdc2022", "cdc2016"}
        Conversion table. 2022 changed methadone (one factor, 4.7, instead of
        dose-dependent 4-12), hydromorphone (4 -> 5) and tramadol (0.1 -> 0.2).

    Returns
    -------
    numpy.ndarray
        MME per day.

    Notes
    -----
    :math:`\\mathrm{MME} = D \\times f_{drug}`. The factors estimate total
    opioid exposure; they are not for converting one opioid into another.
    Buprenorphine has no factor (partial agonist).

    References
    ----------
    Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice
    Guideline for Prescribing Opioids for Pain - United States, 2022. MMWR
    Recomm Rep 2022;71(RR-3):1-95.
    Dowell D, Haegerich TM, Chou R. CDC Guideline for Prescribing Opioids for
    Chronic Pain - United States, 2016. MMWR Recomm Rep 2016;65(RR-1):1-49.

    Examples
    --------
    >>> float(morphine_milligram_equivalent("oxycodone", 20))
    30.0
    >>> float(morphine_milligram_equivalent("methadone", 30, guideline="cdc2016"))
    240.0
    """
    choice("guideline", guideline, tuple(_MME_GUIDELINES))
    key = _MME_GUIDELINES[guideline]
    name = normalize_drug_name(drug)
    valid = _mme_drugs(key)
    if name not in valid:
        raise ValueError(f"drug must be one of {', '.join(valid)} for {guideline} MME conversion; got {drug!r}")
    dose = nonnegative("dose_mg", dose_mg)
    if name == "methadone" and guideline == "cdc2016":
        idx = np.searchsorted(_METHADONE_2016_UPPER_MG, dose, side="left")
        return dose * _METHADONE_2016_FACTOR[idx]
    return dose * drug_value(name, "mme_conversion_factor", source=key)


def opioid_taper(start_mme: float, percent_per_step: float = 10.0, step_weeks: float = 4.0,
                 basis: str = "original", stop_below_mme: float | None = None) -> pd.DataFrame:
    """Opioid taper in percentage steps of the original or the current dose (CDC 2022).

    Teaching material, not a prescription.

    Parameters
    ----------
    start_mme : float
        Current daily dose, MME/day, > 0 (see :func:`morphine_milligram_equivalent`).
    percent_per_step : float
        Reduction per step, percent, in (0, 100]. CDC 2022: 10% per month is a
        common rate after more than a year of use (slower is fine); 10% per
        week may suit shorter use.
    step_weeks : float
        Weeks per step, > 0 (4 = monthly, 1 = weekly).
    basis : {"original", "current"}
        ``"original"``: each step removes ``percent_per_step`` of the starting
        dose (a linear taper reaching 0 after 100/p steps); ``"current"``:
        of the current dose (an exponential taper with shrinking steps).
    stop_below_mme : float, optional
        Once the next dose would fall below this (MME/day, > 0), the taper
        stops (next dose 0), e.g. at the smallest available dose. Default: no
        floor for ``"original"``; 10% of ``start_mme`` for ``"current"``
        (illustrative).

    Returns
    -------
    pandas.DataFrame
        ``step``, ``week`` (start of step), ``dose_mme``, ``reduction_mme``,
        ``percent_of_start``; non-increasing, ending at 0.

    Notes
    -----
    Original basis: :math:`D_k = D_0 (1 - k p / 100)`; current basis:
    :math:`D_k = D_0 (1 - p/100)^k`. CDC 2022 advises never stopping
    long-term opioids abruptly, tapering slowly enough to minimise
    withdrawal, and pausing a taper when needed.

    References
    ----------
    Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice
    Guideline for Prescribing Opioids for Pain - United States, 2022. MMWR
    Recomm Rep 2022;71(RR-3):1-95.

    Examples
    --------
    >>> plan = opioid_taper(100, percent_per_step=10, step_weeks=4)
    >>> plan["dose_mme"].tolist()[:4], float(plan["week"].iloc[-1])
    ([100.0, 90.0, 80.0, 70.0], 40.0)
    """
    start = float(positive("start_mme", start_mme))
    p = float(positive("percent_per_step", percent_per_step))
    if p > 100:
        raise ValueError(f"percent_per_step must lie in (0, 100]; got {percent_per_step!r}")
    weeks = float(positive("step_weeks", step_weeks))
    choice("basis", basis, ("original", "current"))
    if stop_below_mme is not None:
        floor = float(positive("stop_below_mme", stop_below_mme))
    else:
        floor = 0.1 * start if basis == "current" else 0.0
    if basis == "original":
        n = int(math.ceil(100.0 / p - 1e-9))
        dose = np.maximum(start * (1.0 - np.arange(n + 1) * p / 100.0), 0.0)
        dose[-1] = 0.0
    else:
        if p >= 100:
            dose = np.array([start, 0.0])
        else:
            dose = proportional_schedule(start, p, floor)
    if floor > 0:
        keep = (dose >= floor * (1 - 1e-12)) | (np.arange(dose.size) == 0)
        dose = np.append(dose[keep & (dose > 0)], 0.0)
    dose = np.round(dose, 9)
    return pd.DataFrame({
        "step": np.arange(dose.size),
        "week": np.arange(dose.size) * weeks,
        "dose_mme": dose,
        "reduction_mme": _drops(dose),
        "percent_of_start": 100.0 * dose / start,
    })
