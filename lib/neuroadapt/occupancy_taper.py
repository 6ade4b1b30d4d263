"""Occupancy-based (hyperbolic) tapering: the dose-occupancy curve of a drug's target.

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
are fractions of a milligram.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import curve_fit

from ._validation import as_array, choice, fraction, nonnegative, positive
from .drugs import drug_sources, drug_status, drug_value, load_drug_table
from .taper_schedules import _MAX_STEPS, _drops

__all__ = [
    "OccupancyCurve",
    "OccupancyFit",
    "TaperSchedule",
    "occupancy",
    "dose_for_occupancy",
    "sert_occupancy_parameters",
    "sert_occupancy_flags",
    "sert_occupancy_regions",
    "SERT_FLAG_TOLERANCE",
    "fit_occupancy_curve",
    "hyperbolic_schedule",
    "schedule_occupancy",
]


# --------------------------------------------------------------------------
# Receptor occupancy
# --------------------------------------------------------------------------
def _emax_ed50(occupancy_max, ed50_mg) -> tuple[np.ndarray, np.ndarray]:
    emax = fraction("occupancy_max", occupancy_max)
    if np.any(emax <= 0):
        raise ValueError(f"occupancy_max must lie in (0, 1]; got {occupancy_max!r}")
    ed50 = positive("ed50_mg", ed50_mg)
    return emax, ed50


def occupancy(dose_mg, occupancy_max, ed50_mg) -> np.ndarray:
    """Target occupancy of a dose by the hyperbolic (Emax) model.

    Parameters
    ----------
    dose_mg : array_like
        Daily dose in mg, >= 0; any shape.
    occupancy_max : float or array_like
        Maximal occupancy, a fraction in (0, 1] (broadcasts with ``dose_mg``).
    ed50_mg : float or array_like
        Dose giving half of ``occupancy_max``, mg, > 0.

    Returns
    -------
    numpy.ndarray
        Occupancy, a fraction in ``[0, occupancy_max)``, broadcast shape.

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
    >>> round(float(occupancy(2.8, 0.912, 2.8)), 6)
    0.456
    """
    dose = nonnegative("dose_mg", dose_mg)
    emax, ed50 = _emax_ed50(occupancy_max, ed50_mg)
    return emax * dose / (ed50 + dose)


def dose_for_occupancy(occupancy, occupancy_max, ed50_mg) -> np.ndarray:
    """Dose that gives a target occupancy (inverse of :func:`occupancy`).

    Parameters
    ----------
    occupancy : array_like
        Target occupancy, a fraction in ``[0, occupancy_max)``.
    occupancy_max : float or array_like
        Maximal occupancy, a fraction in (0, 1].
    ed50_mg : float or array_like
        Dose giving half of ``occupancy_max``, mg, > 0.

    Returns
    -------
    numpy.ndarray
        Daily dose in mg, >= 0.

    Raises
    ------
    ValueError
        If an occupancy is negative or not below ``occupancy_max`` (unreachable).

    Notes
    -----
    .. math:: D(O) = \\frac{ED_{50}\\, O}{E_{max} - O}

    References
    ----------
    Horowitz MA, Taylor D. Tapering of SSRI treatment to mitigate withdrawal
    symptoms. Lancet Psychiatry 2019;6:538-546.

    Examples
    --------
    >>> round(float(dose_for_occupancy(0.456, 0.912, 2.8)), 6)
    2.8
    """
    occ = nonnegative("occupancy", occupancy)
    emax, ed50 = _emax_ed50(occupancy_max, ed50_mg)
    if np.any(occ >= emax):
        raise ValueError(f"occupancy must lie in [0, occupancy_max) = [0, {np.max(emax):g}); got {occupancy!r}")
    return ed50 * occ / (emax - occ)


@dataclass(frozen=True)
class OccupancyCurve:
    """A dose-occupancy curve :math:`O(D) = O_{max} D/(ED_{50} + D)` and where its numbers come from.

    ``status`` is the drug table's status of the pair: ``""`` when checked against
    its source, otherwise what is wrong with it (``"unverified: transcribed from ..."``).
    """

    occupancy_max: float
    ed50_mg: float
    source: str = ""
    status: str = ""


def sert_occupancy_parameters(drug: str, source: str | None = None) -> OccupancyCurve:
    """Serotonin-transporter maximal occupancy and ED50 (mg/day) of an antidepressant from the drug table.

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
    OccupancyCurve
        ``occupancy_max`` (a fraction), ``ed50_mg``, the ``source`` and the
        table's ``status`` of the pair (the Sorensen et al. rows are
        "unverified: transcribed from ..."; see :func:`sert_occupancy_flags`).

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
    OccupancyCurve(occupancy_max=0.912, ed50_mg=2.8, source='horowitz2019', status='')
    """
    sources = drug_sources(drug, "sert_occupancy_max")
    if source is None:
        source = sources[0]
    choice("source", source, sources)
    statuses = dict.fromkeys(
        s
        for s in (
            drug_status(drug, "sert_occupancy_max", source=source),
            drug_status(drug, "sert_ed50_mg", source=source),
        )
        if s
    )
    return OccupancyCurve(
        drug_value(drug, "sert_occupancy_max", source=source),
        drug_value(drug, "sert_ed50_mg", source=source),
        source,
        "; ".join(statuses),
    )


#: A pooled curve is flagged when it differs from an independent reference by at
#: least this much occupancy (5 percentage points): a stated convention of the book.
SERT_FLAG_TOLERANCE = 0.05


def sert_occupancy_flags(source: str = "sorensen2022") -> pd.DataFrame:
    """Compare each pooled SERT curve with the independent numbers the drug table holds.

    Two checks, both computed from ``data/drugs.csv``:

    * ``occupancy_at_minimum_dose``: the curve's occupancy at the drug's
      ``minimum_therapeutic_dose_mg`` against a ``sert_occupancy_at_min_dose``
      row from another source (or the review's own stated plateau);
    * ``occupancy_max_vs_plateau``: the curve's ``occupancy_max`` against a
      measured ``sert_occupancy_plateau``.

    Parameters
    ----------
    source : str
        Source of the curves to check (default ``"sorensen2022"``).

    Returns
    -------
    pandas.DataFrame
        One row per check: ``drug``, ``check``, ``model`` and ``reference``
        (fractions), ``reference_source``, ``difference`` (model - reference)
        and ``flagged`` (``|difference| >= SERT_FLAG_TOLERANCE``).

    Notes
    -----
    The curves are :math:`O(D) = E_{max} D/(ED_{50} + D)`.

    References
    ----------
    Sorensen A, Ruhe HG, Munkholm K. Mol Psychiatry 2022;27:192-201.
    Meyer JH, Wilson AA, Ginovart N, et al. Am J Psychiatry 2001;158:1843-1849.

    Examples
    --------
    >>> flags = sert_occupancy_flags()
    >>> sorted(set(flags.loc[flags["flagged"], "drug"]))
    ['escitalopram', 'paroxetine']
    """
    table = load_drug_table()
    rows = []
    curves = table[(table["quantity"] == "sert_occupancy_max") & (table["source"] == source)]
    for drug in sorted(curves["drug"]):
        curve = sert_occupancy_parameters(drug, source)
        have = set(table.loc[table["drug"] == drug, "quantity"])
        if {"minimum_therapeutic_dose_mg", "sert_occupancy_at_min_dose"} <= have:
            dose = drug_value(drug, "minimum_therapeutic_dose_mg")
            for ref_source in drug_sources(drug, "sert_occupancy_at_min_dose"):
                if drug_status(drug, "sert_occupancy_at_min_dose", source=ref_source):
                    continue
                model = float(occupancy(dose, curve.occupancy_max, curve.ed50_mg))
                ref = drug_value(drug, "sert_occupancy_at_min_dose", source=ref_source)
                rows.append((drug, "occupancy_at_minimum_dose", model, ref, ref_source))
                break
        if "sert_occupancy_plateau" in have:
            ref_source = drug_sources(drug, "sert_occupancy_plateau")[0]
            rows.append(
                (
                    drug,
                    "occupancy_max_vs_plateau",
                    curve.occupancy_max,
                    drug_value(drug, "sert_occupancy_plateau"),
                    ref_source,
                )
            )
    frame = pd.DataFrame(rows, columns=["drug", "check", "model", "reference", "reference_source"])
    frame["difference"] = frame["model"] - frame["reference"]
    frame["flagged"] = frame["difference"].abs() >= SERT_FLAG_TOLERANCE
    return frame


def sert_occupancy_regions(source: str = "sorensen2022") -> pd.Series:
    """Brain region of each pooled SERT curve, read from the drug table's notes.

    Parameters
    ----------
    source : str
        Source of the curves (default ``"sorensen2022"``).

    Returns
    -------
    pandas.Series
        Region (``"striatum"``, ``"thalamus"``, ...) indexed by drug; ``""``
        where the note names none. More than one distinct region means the
        curves are not comparable region for region.

    References
    ----------
    Sorensen A, Ruhe HG, Munkholm K. Mol Psychiatry 2022;27:192-201.

    Examples
    --------
    >>> sert_occupancy_regions()["escitalopram"]
    'thalamus'
    """
    table = load_drug_table()
    rows = table[(table["quantity"] == "sert_occupancy_max") & (table["source"] == source)]
    pattern = re.compile(r"\b(striatum|thalamus|midbrain|caudate|putamen|raphe|amygdala)\b", re.I)
    regions = {row.drug: (m.group(1).lower() if (m := pattern.search(row.note)) else "") for row in rows.itertuples()}
    return pd.Series(regions, name="region").sort_index()


def _curve(drug_or_params, source) -> tuple[float, float]:
    if isinstance(drug_or_params, str):
        drug_or_params = sert_occupancy_parameters(drug_or_params, source)
    if isinstance(drug_or_params, OccupancyCurve):
        return drug_or_params.occupancy_max, drug_or_params.ed50_mg
    try:
        emax, ed50 = drug_or_params
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"drug_or_params must be a drug name, an OccupancyCurve or an (occupancy_max, ed50_mg) pair; got {drug_or_params!r}"
        ) from exc
    emax = float(positive("occupancy_max", emax))
    ed50 = float(positive("ed50_mg", ed50))
    if emax > 1:
        raise ValueError(f"occupancy_max must lie in (0, 1] (a fraction of targets); got {emax!r}")
    return emax, ed50


@dataclass(frozen=True)
class OccupancyFit:
    """Result of :func:`fit_occupancy_curve` (estimates with standard errors)."""

    occupancy_max: float
    ed50_mg: float
    occupancy_max_se: float
    ed50_se_mg: float
    residual_sd: float
    n_points: int


def fit_occupancy_curve(dose_mg, occupancy, occupancy_max: float | None = None, p0=None) -> OccupancyFit:
    """Fit the hyperbolic occupancy curve to (dose, occupancy) data by least squares.

    Parameters
    ----------
    dose_mg : array_like, shape (n,)
        Doses in mg, >= 0.
    occupancy : array_like, shape (n,)
        Measured occupancy, a fraction in [0, 1].
    occupancy_max : float, optional
        Fix Emax at this value and fit ED50 only. Default: fit both.
    p0 : (float, float), optional
        Starting guess ``(occupancy_max, ed50_mg)``; default from the data.

    Returns
    -------
    OccupancyFit
        Estimates of ``occupancy_max`` and ``ed50_mg`` with standard errors from the
        covariance returned by :func:`scipy.optimize.curve_fit` (scaled by the
        residual variance); a fixed Emax has standard error 0.

    Raises
    ------
    ValueError
        Mismatched or too few points (need more points than free
        parameters), negative doses, occupancies outside [0, 1], or data
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
    >>> occ = occupancy(dose, 0.9, 3.0)
    >>> fit = fit_occupancy_curve(dose, occ)
    >>> round(fit.occupancy_max, 3), round(fit.ed50_mg, 3)
    (0.9, 3.0)
    """
    dose = nonnegative("dose_mg", dose_mg)
    occ = as_array("occupancy", occupancy)
    if dose.ndim != 1 or occ.shape != dose.shape:
        raise ValueError(f"dose_mg and occupancy must be 1-D of equal length; got shapes {dose.shape} and {occ.shape}")
    if np.any((occ < 0) | (occ > 1)):
        raise ValueError(f"occupancy must lie in [0, 1]; got {occupancy!r}")
    n_free = 1 if occupancy_max is not None else 2
    if dose.size <= n_free:
        raise ValueError(f"dose_mg needs more than {n_free} points to fit {n_free} parameter(s); got {dose.size}")
    if np.count_nonzero(dose > 0) < n_free:
        raise ValueError("dose_mg must contain at least as many positive doses as free parameters")
    guess_emax = float(max(np.max(occ), 0.01)) * 1.1
    positive_dose = dose[dose > 0]
    guess_ed50 = float(np.median(positive_dose))
    if occupancy_max is not None:
        emax_fixed = float(positive("occupancy_max", occupancy_max))
        start = [guess_ed50 if p0 is None else float(positive("p0", p0)[1])]
        popt, pcov, info, _, _ = curve_fit(
            lambda d, k: emax_fixed * d / (k + d),
            dose,
            occ,
            p0=start,
            bounds=([1e-12], [np.inf]),
            full_output=True,
            maxfev=20_000,
        )
        emax, ed50 = emax_fixed, float(popt[0])
        emax_se, ed50_se = 0.0, float(np.sqrt(pcov[0, 0]))
        resid = info["fvec"]
    else:
        start = [guess_emax, guess_ed50] if p0 is None else list(positive("p0", p0))
        popt, pcov, info, _, _ = curve_fit(
            lambda d, e, k: e * d / (k + d),
            dose,
            occ,
            p0=start,
            bounds=([1e-12, 1e-12], [np.inf, np.inf]),
            full_output=True,
            maxfev=20_000,
        )
        emax, ed50 = float(popt[0]), float(popt[1])
        emax_se, ed50_se = (float(s) for s in np.sqrt(np.diag(pcov)))
        resid = info["fvec"]
    if not (np.isfinite(emax_se) and np.isfinite(ed50_se)):
        raise ValueError("dose_mg and occupancy do not determine the parameters (singular fit)")
    dof = dose.size - n_free
    residual_sd = float(np.sqrt(np.sum(np.asarray(resid) ** 2) / dof))
    return OccupancyFit(emax, ed50, emax_se, ed50_se, residual_sd, int(dose.size))


# --------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class TaperSchedule:
    """A dose schedule with the occupancy each step gives.

    ``occupancy_drop[i]`` and ``dose_drop_mg[i]`` are the changes from
    step ``i - 1`` to step ``i`` (0 at step 0): the occupancy drop is the
    book's "withdrawal load" proxy for each reduction.
    """

    step: np.ndarray
    dose_mg: np.ndarray
    occupancy: np.ndarray
    occupancy_drop: np.ndarray
    dose_drop_mg: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Return the schedule as a tidy DataFrame (one row per step)."""
        return pd.DataFrame(
            {
                "step": self.step,
                "dose_mg": self.dose_mg,
                "occupancy": self.occupancy,
                "occupancy_drop": self.occupancy_drop,
                "dose_drop_mg": self.dose_drop_mg,
            }
        )


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
        Drug name (SERT parameters from the drug table) or ``(occupancy_max, ed50_mg)``.
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
    >>> [round(float(x), 3) for x in s.occupancy_drop]
    [0.0, 0.031, 0.056, 0.128, 0.585]
    """
    dose = nonnegative("dose_mg", dose_mg)
    if dose.ndim != 1 or dose.size == 0:
        raise ValueError(f"dose_mg must be a non-empty 1-D array; got shape {dose.shape}")
    emax, ed50 = _curve(drug_or_params, source)
    return _schedule(dose, emax, ed50)


def hyperbolic_schedule(
    drug_or_params, start_dose_mg: float, occupancy_step: float = 0.10, source: str | None = None
) -> TaperSchedule:
    """Taper that removes equal steps of receptor occupancy (a hyperbolic taper).

    Teaching material, not a prescription.

    Parameters
    ----------
    drug_or_params : str or (float, float)
        Drug name (SERT parameters from the drug table, e.g. ``"citalopram"``)
        or an ``(occupancy_max, ed50_mg)`` pair.
    start_dose_mg : float
        Current daily dose, mg, > 0.
    occupancy_step : float
        Occupancy removed at each step, a fraction in (0, 1] (0.1: ten percentage points).
    source : str, optional
        Source of the drug's parameters (see :func:`sert_occupancy_parameters`).

    Returns
    -------
    TaperSchedule
        Doses from ``start_dose_mg`` down to 0. The occupancy falls by exactly
        ``occupancy_step`` at every step except the last, which removes
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
    >>> s = hyperbolic_schedule("citalopram", 20.0, occupancy_step=0.1)
    >>> [round(float(d), 2) for d in s.dose_mg]
    [20.0, 9.25, 5.38, 3.4, 2.19, 1.37, 0.79, 0.34, 0.0]
    """
    emax, ed50 = _curve(drug_or_params, source)
    start = float(positive("start_dose_mg", start_dose_mg))
    step = float(positive("occupancy_step", occupancy_step))
    if step > 1:
        raise ValueError(f"occupancy_step must lie in (0, 1]; got {occupancy_step!r}")
    occ0 = emax * start / (ed50 + start)
    n_positive = int(math.floor(occ0 / step * (1 + 1e-12)))
    if n_positive > _MAX_STEPS:
        raise ValueError(f"occupancy_step too small: more than {_MAX_STEPS} steps")
    targets = occ0 - step * np.arange(n_positive + 1)
    targets = targets[targets > 1e-9 * max(occ0, 1.0)]
    targets = np.append(targets, 0.0)
    dose = ed50 * targets / (emax - targets)
    dose[0] = start
    return _schedule(dose, emax, ed50)
