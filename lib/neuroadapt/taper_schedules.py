"""Taper schedule shapes: linear, proportional, and rounding to measurable doses.

.. warning::
   Every schedule this module returns is **teaching material, not a
   prescription**. Real tapers are set by a prescriber with the patient, and
   are slowed or paused according to symptoms.

A linear taper removes equal dose steps; a proportional taper removes a fixed
percentage of the current dose (an exponential in dose, Ashton 2002). Any
schedule can be rounded to doses that tablets, halved tablets or an oral
liquid can actually deliver (:func:`round_to_measurable`). The hyperbolic
(occupancy-based) taper is in :mod:`neuroadapt.occupancy_taper`.
"""

from __future__ import annotations

import math
from numbers import Integral

import numpy as np

from ._validation import choice, nonnegative, positive

__all__ = ["linear_schedule", "proportional_schedule", "round_to_measurable"]

_MAX_STEPS = 10_000


def _drops(x: np.ndarray) -> np.ndarray:
    out = np.zeros_like(x)
    out[1:] = x[:-1] - x[1:]
    return out


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


def round_to_measurable(
    dose_mg,
    tablet_strengths_mg=None,
    liquid_mg_per_ml: float | None = None,
    min_volume_ml: float = 0.1,
    allow_half_tablets: bool = False,
    liquid_below_mg: float | None = None,
    mode: str = "nearest",
) -> np.ndarray:
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
