"""Dosing and pharmacokinetics: the one-compartment model with repeated doses.

The body is one well-mixed compartment of apparent volume ``V`` from which
drug is eliminated by first-order kinetics with rate constant
:math:`k = \\ln 2 / t_{1/2}` (clearance :math:`CL = kV`). Doses are given as
intravenous boluses or orally with first-order absorption (rate constant
:math:`k_a`, bioavailable fraction :math:`F`). Because the model is linear,
the concentration after any dosing history is the sum of the curves of the
single doses (superposition). Every curve here is computed in closed form,
without numerical integration: the amounts in the gut and in the body just
after each dose are carried forward exactly from dose to dose, and the
concentration at any time is the exact exponential decay from the last dose
before it.

Shapes: every parameter (dose, volume, half-life, absorption rate,
bioavailability) broadcasts against the others with numpy rules; time is added
as the last axis. ``half_life_h`` shaped ``(50, 1)`` and ``absorption_rate_per_h`` shaped
``(1, 50)`` with 2000 times give a ``(50, 50, 2000)`` array. Dose times are a
1-D array shared by the whole grid.

Units: time in hours (h), doses in mg, volumes in L, concentrations in mg/L,
clearance in L/h.

References
----------
Rowland M, Tozer TN. *Clinical Pharmacokinetics and Pharmacodynamics:
Concepts and Applications*, 4th ed. Philadelphia: Lippincott Williams &
Wilkins; 2011 (chapters on multiple dosing and accumulation).

Gibaldi M, Perrier D. *Pharmacokinetics*, 2nd ed. New York: Marcel Dekker;
1982 (chapter 1, one-compartment model; chapter 3, multiple dosing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_array, broadcast, fraction, nondecreasing, nonnegative, positive

__all__ = [
    "elimination_rate_per_h",
    "clearance_from_half_life",
    "half_life_from_clearance",
    "regular_dose_times_h",
    "bolus_concentration",
    "oral_concentration",
    "oral_peak_time_h",
    "accumulation_ratio",
    "steady_state_average",
    "steady_state_peak_trough",
    "SteadyStatePeakTrough",
    "time_to_fraction_of_steady_state",
    "time_below_threshold",
]

LN2 = float(np.log(2.0))


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _times(name: str, t) -> tuple[np.ndarray, bool]:
    """Validate output times: 1-D, in order; a scalar is allowed."""
    scalar = np.ndim(t) == 0
    arr = nondecreasing(name, np.atleast_1d(np.asarray(t, dtype=float)) if scalar else t)
    return arr, scalar


def _dose_times(dose_times_h) -> np.ndarray:
    td = nondecreasing("dose_times_h", np.atleast_1d(np.asarray(dose_times_h, dtype=float)))
    if td.size == 0:
        raise ValueError("dose_times_h must hold at least one dose time")
    return td


def _relative_doses(relative_doses, n_doses: int) -> np.ndarray:
    if relative_doses is None:
        return np.ones(n_doses)
    w = nonnegative("relative_doses", relative_doses)
    if w.ndim != 1 or w.size != n_doses:
        raise ValueError(f"relative_doses must be 1-D with one entry per dose time ({n_doses}), got shape {w.shape}")
    return w


def _bateman_kernel(k: np.ndarray, ka: np.ndarray, s: np.ndarray) -> np.ndarray:
    """(exp(-k s) - exp(-ka s)) / (ka - k), exact and stable for any k, ka > 0.

    Written as exp(-min(k, ka) s) * (1 - exp(-|ka - k| s)) / |ka - k| so that
    nothing overflows, and with the limit s * exp(-k s) when ka == k.
    """
    lo = np.minimum(k, ka)
    d = np.abs(ka - k)
    ratio = np.asarray(-np.expm1(-(d * s)))
    if np.all(d > 0):
        ratio = ratio / d
    else:
        ratio = np.where(d > 0, ratio / np.where(d > 0, d, 1.0), s)
    return ratio * np.exp(-lo * s)


def _oral_peak_time(amount_body: np.ndarray, amount_gut: np.ndarray, k: np.ndarray, ka: np.ndarray) -> np.ndarray:
    """Time s >= 0 of the maximum of A exp(-k s) + G ka K(s) (one-compartment, oral).

    Setting the derivative to zero gives
    s* = [ln(ka/k) - ln(1 + A (ka - k) / (G ka))] / (ka - k), with the limit
    1/k - A/(G k) when ka == k. When there is no interior maximum (G == 0, or
    the body amount dominates) the curve only falls and the peak is at s = 0.
    """
    A, G, k, ka = np.broadcast_arrays(amount_body, amount_gut, k, ka)
    d = ka - k
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(G > 0, A / np.where(G > 0, G, 1.0), np.inf)  # A / G
        arg = ratio * d / ka  # A (ka - k) / (G ka)
        small = np.abs(d) <= 1e-9 * k
        general = (np.log1p(d / k) - np.log1p(arg)) / np.where(small, 1.0, d)
        limit = 1.0 / k - ratio / k
        s = np.where(small, limit, general)
        s = np.where((G > 0) & (1.0 + arg > 0) & np.isfinite(s), s, 0.0)
    return np.maximum(s, 0.0)


def _index_after(dose_times: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the last dose at or before each time (right-continuous), and a mask."""
    idx = np.searchsorted(dose_times, t, side="right") - 1
    return np.clip(idx, 0, None), idx >= 0


# ---------------------------------------------------------------------------
# basic relations
# ---------------------------------------------------------------------------


def elimination_rate_per_h(half_life_h):
    """First-order elimination rate constant from the half-life.

    Parameters
    ----------
    half_life_h : array_like
        Elimination half-life, h (> 0). Any shape.

    Returns
    -------
    numpy.ndarray
        :math:`k`, 1/h, same shape as ``half_life_h``.

    Notes
    -----
    .. math:: k = \\frac{\\ln 2}{t_{1/2}}

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011.

    Examples
    --------
    >>> round(float(elimination_rate_per_h(6.931471805599453)), 6)
    0.1
    """
    return LN2 / positive("half_life_h", half_life_h)


def clearance_from_half_life(half_life_h, volume_l):
    """Clearance of a one-compartment drug from its half-life and volume.

    Parameters
    ----------
    half_life_h : array_like
        Elimination half-life, h (> 0).
    volume_l : array_like
        Apparent volume of distribution, L (> 0). Broadcasts with ``half_life_h``.

    Returns
    -------
    numpy.ndarray
        Clearance, L/h.

    Notes
    -----
    .. math:: CL = k V = \\frac{\\ln 2 \\, V}{t_{1/2}}

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011.

    Examples
    --------
    >>> round(float(clearance_from_half_life(35.0, 70.0)), 3)
    1.386
    """
    k = elimination_rate_per_h(half_life_h)
    return k * positive("volume_l", volume_l)


def half_life_from_clearance(clearance_l_per_h, volume_l):
    """Half-life of a one-compartment drug from its clearance and volume.

    Parameters
    ----------
    clearance_l_per_h : array_like
        Clearance, L/h (> 0).
    volume_l : array_like
        Apparent volume of distribution, L (> 0).

    Returns
    -------
    numpy.ndarray
        Half-life, h.

    Notes
    -----
    .. math:: t_{1/2} = \\frac{\\ln 2 \\, V}{CL}

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011.

    Examples
    --------
    >>> round(float(half_life_from_clearance(1.386294361, 70.0)), 3)
    35.0
    """
    cl = positive("clearance_l_per_h", clearance_l_per_h)
    return LN2 * positive("volume_l", volume_l) / cl


def regular_dose_times_h(dosing_interval_h: float, n_doses: int, first_dose_h: float = 0.0) -> np.ndarray:
    """Dose times of a regular regimen: one dose every ``dosing_interval_h`` hours.

    Parameters
    ----------
    dosing_interval_h : float
        Dosing interval, h (> 0).
    n_doses : int
        Number of doses (>= 1).
    first_dose_h : float, optional
        Time of the first dose, h.

    Returns
    -------
    numpy.ndarray, shape (n_doses,)
        ``first_dose_h + dosing_interval_h * [0, 1, ..., n_doses - 1]``, h.

    Notes
    -----
    .. math:: t_i = t_0 + i\\,\\tau, \\quad i = 0, \\dots, n - 1

    References
    ----------
    Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. Marcel Dekker; 1982,
    ch. 3 (multiple dosing).

    Examples
    --------
    >>> regular_dose_times_h(12.0, 3)
    array([ 0., 12., 24.])
    """
    tau = float(positive("dosing_interval_h", dosing_interval_h))
    first = float(as_array("first_dose_h", first_dose_h))
    if int(n_doses) != n_doses or n_doses < 1:
        raise ValueError(f"n_doses must be an integer >= 1, got {n_doses!r}")
    return first + tau * np.arange(int(n_doses), dtype=float)


# ---------------------------------------------------------------------------
# concentration-time curves
# ---------------------------------------------------------------------------


def bolus_concentration(t_h, dose_mg, volume_l, half_life_h, dose_times_h=(0.0,), *, relative_doses=None):
    """Concentration after repeated intravenous bolus doses (closed form).

    Parameters
    ----------
    t_h : array_like, shape (n_t,) or scalar
        Times at which to evaluate, h, in non-decreasing order.
    dose_mg : array_like
        Amount of each bolus, mg (>= 0). Broadcasts with the other parameters.
    volume_l : array_like
        Apparent volume of distribution, L (> 0).
    half_life_h : array_like
        Elimination half-life, h (> 0).
    dose_times_h : array_like, shape (n_doses,), optional
        Dose times, h, non-decreasing (default: a single dose at 0). Shared
        by every parameter set.
    relative_doses : array_like, shape (n_doses,), optional
        Multiplier of ``dose_mg`` for each dose (>= 0), e.g. a taper
        schedule; default all ones.

    Returns
    -------
    numpy.ndarray, shape broadcast(params) + (n_t,)
        Plasma concentration, mg/L. Zero before the first dose; a dose given
        at exactly ``t`` is included (the curve is right-continuous). A scalar
        ``t_h`` drops the time axis.

    Notes
    -----
    Superposition of single-dose curves (Gibaldi & Perrier 1982, ch. 3):

    .. math:: C(t) = \\sum_{i:\\, t_i \\le t} \\frac{D_i}{V} e^{-k (t - t_i)},
              \\qquad k = \\ln 2 / t_{1/2}

    computed exactly by carrying the amount in the body from dose to dose,
    :math:`A_i^+ = A_{i-1}^+ e^{-k (t_i - t_{i-1})} + D_i`, then
    :math:`C(t) = A_j^+ e^{-k (t - t_j)} / V` with ``j`` the last dose at or
    before ``t``; cost is O(grid x (n_t + n_doses)).

    References
    ----------
    Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. Marcel Dekker; 1982.
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011.

    Examples
    --------
    One half-life after a 100 mg bolus into 10 L, the concentration is half
    of 10 mg/L:

    >>> bolus_concentration([0.0, 6.0], 100.0, 10.0, 6.0)
    array([10.,  5.])
    """
    t, scalar = _times("t_h", t_h)
    dose = nonnegative("dose_mg", dose_mg)
    volume = positive("volume_l", volume_l)
    k = elimination_rate_per_h(half_life_h)
    td = _dose_times(dose_times_h)
    w = _relative_doses(relative_doses, td.size)
    dose, volume, k = broadcast(dose_mg=dose, volume_l=volume, half_life_h=k)

    amounts = np.empty(dose.shape + (td.size,))
    a = np.zeros(dose.shape)
    for j in range(td.size):
        if j > 0:
            a = a * np.exp(-k * (td[j] - td[j - 1]))
        a = a + dose * w[j]
        amounts[..., j] = a

    idx, valid = _index_after(td, t)
    s = t - td[idx]
    conc = amounts[..., idx] * np.exp(-k[..., None] * s) / volume[..., None]
    conc = np.where(valid, conc, 0.0)
    return conc[..., 0] if scalar else conc


def _oral_amounts(dose, k, ka, bio, td, w):
    """Gut and body amounts just after each dose, shape grid + (n_doses,)."""
    gut = np.empty(dose.shape + (td.size,))
    body = np.empty(dose.shape + (td.size,))
    g = np.zeros(dose.shape)
    a = np.zeros(dose.shape)
    for j in range(td.size):
        if j > 0:
            dt = td[j] - td[j - 1]
            a = a * np.exp(-k * dt) + g * ka * _bateman_kernel(k, ka, dt)
            g = g * np.exp(-ka * dt)
        g = g + bio * dose * w[j]
        gut[..., j] = g
        body[..., j] = a
    return gut, body


def oral_concentration(
    t_h,
    dose_mg,
    volume_l,
    half_life_h,
    absorption_rate_per_h,
    bioavailability=1.0,
    dose_times_h=(0.0,),
    *,
    relative_doses=None,
):
    """Concentration after repeated oral doses with first-order absorption.

    Parameters
    ----------
    t_h : array_like, shape (n_t,) or scalar
        Times at which to evaluate, h, in non-decreasing order.
    dose_mg : array_like
        Amount of each oral dose, mg (>= 0). Broadcasts with the other parameters.
    volume_l : array_like
        Apparent volume of distribution, L (> 0).
    half_life_h : array_like
        Elimination half-life, h (> 0).
    absorption_rate_per_h : array_like
        First-order absorption rate constant, 1/h (> 0). ``ka == k`` is
        allowed (the limit :math:`t e^{-kt}` is used).
    bioavailability : array_like, optional
        Fraction of the dose reaching the circulation, in [0, 1] (default 1).
    dose_times_h : array_like, shape (n_doses,), optional
        Dose times, h, non-decreasing (default: a single dose at 0).
    relative_doses : array_like, shape (n_doses,), optional
        Multiplier of ``dose_mg`` for each dose (>= 0); default all ones.

    Returns
    -------
    numpy.ndarray, shape broadcast(params) + (n_t,)
        Plasma concentration, mg/L (zero before the first dose).

    Notes
    -----
    Single dose (the Bateman function, Gibaldi & Perrier 1982, ch. 1):

    .. math:: C(t) = \\frac{F D k_a}{V (k_a - k)} \\left(e^{-k t} - e^{-k_a t}\\right)

    Repeated doses by superposition, computed exactly by carrying the gut
    amount :math:`G` and body amount :math:`A` from dose to dose:
    :math:`G(s) = G_j e^{-k_a s}`,
    :math:`A(s) = A_j e^{-k s} + G_j k_a (e^{-k s} - e^{-k_a s})/(k_a - k)`.

    References
    ----------
    Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. Marcel Dekker; 1982.
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011.

    Examples
    --------
    >>> c = oral_concentration([0.0, 2.0, 24.0], 100.0, 10.0, 6.0, absorption_rate_per_h=1.0)
    >>> c.round(3)
    array([0.   , 7.444, 0.707])
    """
    t, scalar = _times("t_h", t_h)
    dose = nonnegative("dose_mg", dose_mg)
    volume = positive("volume_l", volume_l)
    k = elimination_rate_per_h(half_life_h)
    ka = positive("absorption_rate_per_h", absorption_rate_per_h)
    bio = fraction("bioavailability", bioavailability)
    td = _dose_times(dose_times_h)
    w = _relative_doses(relative_doses, td.size)
    dose, volume, k, ka, bio = broadcast(
        dose_mg=dose, volume_l=volume, half_life_h=k, absorption_rate_per_h=ka, bioavailability=bio
    )
    gut, body = _oral_amounts(dose, k, ka, bio, td, w)

    idx, valid = _index_after(td, t)
    s = t - td[idx]
    kk, kka = k[..., None], ka[..., None]
    amount = _bateman_kernel(kk, kka, s)
    amount *= gut[..., idx] * kka
    amount += body[..., idx] * np.exp(-kk * s)
    amount /= volume[..., None]
    conc = amount if valid.all() else np.where(valid, amount, 0.0)
    return conc[..., 0] if scalar else conc


def oral_peak_time_h(absorption_rate_per_h, half_life_h):
    """Time of the peak concentration after a single oral dose.

    Parameters
    ----------
    absorption_rate_per_h : array_like
        Absorption rate constant, 1/h (> 0).
    half_life_h : array_like
        Elimination half-life, h (> 0). Broadcasts with ``absorption_rate_per_h``.

    Returns
    -------
    numpy.ndarray
        :math:`t_{max}`, h.

    Notes
    -----
    .. math:: t_{max} = \\frac{\\ln(k_a / k)}{k_a - k}, \\qquad
              t_{max} = 1/k \\text{ when } k_a = k

    References
    ----------
    Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. Marcel Dekker; 1982, ch. 1.

    Examples
    --------
    >>> round(float(oral_peak_time_h(1.0, 6.0)), 3)
    2.44
    """
    ka = positive("absorption_rate_per_h", absorption_rate_per_h)
    k = elimination_rate_per_h(half_life_h)
    ka, k = broadcast(absorption_rate_per_h=ka, half_life_h=k)
    return _oral_peak_time(np.zeros_like(k), np.ones_like(k), k, ka)


# ---------------------------------------------------------------------------
# accumulation and steady state
# ---------------------------------------------------------------------------


def accumulation_ratio(half_life_h, dosing_interval_h):
    """Accumulation ratio of a regular regimen (steady state / first dose).

    Parameters
    ----------
    half_life_h : array_like
        Elimination half-life, h (> 0).
    dosing_interval_h : array_like
        Dosing interval, h (> 0). Broadcasts with ``half_life_h``.

    Returns
    -------
    numpy.ndarray
        :math:`R` (dimensionless, >= 1): ratio of the steady-state to the
        first-dose concentration at the same time after a dose.

    Notes
    -----
    .. math:: R = \\frac{1}{1 - e^{-k \\tau}}

    Dosing once every half-life gives :math:`R = 2`.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011, ch. on multiple-dose regimens.

    Examples
    --------
    >>> float(accumulation_ratio(12.0, 12.0))
    2.0
    """
    k = elimination_rate_per_h(half_life_h)
    tau = positive("dosing_interval_h", dosing_interval_h)
    return 1.0 / -np.expm1(-k * tau)


def steady_state_average(dose_mg, dosing_interval_h, clearance_l_per_h, bioavailability=1.0):
    """Average steady-state concentration of a regular regimen.

    Parameters
    ----------
    dose_mg : array_like
        Dose per administration, mg (>= 0).
    dosing_interval_h : array_like
        Dosing interval, h (> 0).
    clearance_l_per_h : array_like
        Clearance, L/h (> 0).
    bioavailability : array_like, optional
        Bioavailable fraction in [0, 1] (default 1).

    Returns
    -------
    numpy.ndarray
        :math:`C_{ss,avg}`, mg/L (all inputs broadcast).

    Notes
    -----
    At steady state the rate in equals the rate out:

    .. math:: C_{ss,avg} = \\frac{F \\cdot \\mathrm{Dose}}{CL \\cdot \\tau}

    It does not depend on the absorption rate or the volume.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011.

    Examples
    --------
    >>> float(steady_state_average(400.0, 12.0, 2.0, 0.75))
    12.5
    """
    dose = nonnegative("dose_mg", dose_mg)
    tau = positive("dosing_interval_h", dosing_interval_h)
    cl = positive("clearance_l_per_h", clearance_l_per_h)
    bio = fraction("bioavailability", bioavailability)
    return bio * dose / (cl * tau)


@dataclass(frozen=True)
class SteadyStatePeakTrough:
    """Steady-state extremes of a regular regimen (arrays broadcast over parameters)."""

    peak_mg_per_l: np.ndarray
    trough_mg_per_l: np.ndarray
    time_of_peak_h: np.ndarray


def steady_state_peak_trough(
    dose_mg, volume_l, half_life_h, dosing_interval_h, *, absorption_rate_per_h=None, bioavailability=1.0
):
    """Peak, trough and time of peak at steady state (bolus or oral).

    Parameters
    ----------
    dose_mg : array_like
        Dose per administration, mg (>= 0).
    volume_l : array_like
        Apparent volume, L (> 0).
    half_life_h : array_like
        Elimination half-life, h (> 0).
    dosing_interval_h : array_like
        Dosing interval, h (> 0).
    absorption_rate_per_h : array_like or None, optional
        Absorption rate constant, 1/h (> 0); ``None`` (default) for IV bolus.
    bioavailability : array_like, optional
        Bioavailable fraction in [0, 1] (default 1).

    Returns
    -------
    SteadyStatePeakTrough
        ``peak_mg_per_l``, ``trough_mg_per_l`` (mg/L) and ``time_of_peak_h``
        (h after a dose), broadcast over the parameters.

    Notes
    -----
    Bolus: :math:`C_{max} = (D/V) R`, :math:`C_{min} = C_{max} e^{-k\\tau}` with
    :math:`R` the accumulation ratio. Oral: the gut and body amounts just
    after a dose at steady state are the fixed point of the dose-to-dose map,
    :math:`G^+ = F D / (1 - e^{-k_a \\tau})`,
    :math:`A^+ = G^+ k_a K(\\tau) / (1 - e^{-k\\tau})` with
    :math:`K(s) = (e^{-ks} - e^{-k_a s})/(k_a - k)`; the trough is
    :math:`A^+/V` and the peak time
    :math:`t_{max,ss} = \\ln\\left[\\frac{k_a (1 - e^{-k\\tau})}{k (1 - e^{-k_a\\tau})}\\right] / (k_a - k)`
    (Gibaldi & Perrier 1982, ch. 3).

    References
    ----------
    Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. Marcel Dekker; 1982.

    Examples
    --------
    >>> r = steady_state_peak_trough(100.0, 10.0, 12.0, 12.0)
    >>> float(r.peak_mg_per_l), float(r.trough_mg_per_l)
    (20.0, 10.0)
    """
    dose = nonnegative("dose_mg", dose_mg)
    volume = positive("volume_l", volume_l)
    k = elimination_rate_per_h(half_life_h)
    tau = positive("dosing_interval_h", dosing_interval_h)
    bio = fraction("bioavailability", bioavailability)
    if absorption_rate_per_h is None:
        dose, volume, k, tau, bio = broadcast(
            dose_mg=dose, volume_l=volume, half_life_h=k, dosing_interval_h=tau, bioavailability=bio
        )
        peak = bio * dose / volume / -np.expm1(-k * tau)
        return SteadyStatePeakTrough(peak, peak * np.exp(-k * tau), np.zeros_like(peak))
    ka = positive("absorption_rate_per_h", absorption_rate_per_h)
    dose, volume, k, tau, bio, ka = broadcast(
        dose_mg=dose,
        volume_l=volume,
        half_life_h=k,
        dosing_interval_h=tau,
        bioavailability=bio,
        absorption_rate_per_h=ka,
    )
    gut = bio * dose / -np.expm1(-ka * tau)
    body = gut * ka * _bateman_kernel(k, ka, tau) / -np.expm1(-k * tau)
    s_peak = np.minimum(_oral_peak_time(body, gut, k, ka), tau)
    peak = (body * np.exp(-k * s_peak) + gut * ka * _bateman_kernel(k, ka, s_peak)) / volume
    return SteadyStatePeakTrough(peak, body / volume, s_peak)


def time_to_fraction_of_steady_state(half_life_h, fraction_of_steady_state):
    """Time for a constant-rate or regular regimen to reach a fraction of steady state.

    Parameters
    ----------
    half_life_h : array_like
        Elimination half-life, h (> 0).
    fraction_of_steady_state : array_like
        Target fraction, in the open interval (0, 1).

    Returns
    -------
    numpy.ndarray
        Time, h (broadcast of the inputs).

    Notes
    -----
    Approach to steady state is governed by the elimination half-life alone:

    .. math:: f(t) = 1 - e^{-k t} \\;\\Rightarrow\\; t = -\\frac{\\ln(1 - f)}{k}
              = t_{1/2} \\log_2 \\frac{1}{1 - f}

    After 5 half-lives :math:`f = 1 - 2^{-5} \\approx 0.97`. For intermittent
    dosing this holds for the average (and for the trough) concentration.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed. Lippincott Williams & Wilkins; 2011.

    Examples
    --------
    >>> float(time_to_fraction_of_steady_state(10.0, 0.5))
    10.0
    """
    k = elimination_rate_per_h(half_life_h)
    f = fraction("fraction_of_steady_state", fraction_of_steady_state, closed_low=False, closed_high=False)
    return -np.log1p(-f) / k


def time_below_threshold(
    threshold_mg_per_l,
    dose_mg,
    volume_l,
    half_life_h,
    dose_times_h=(0.0,),
    *,
    absorption_rate_per_h=None,
    bioavailability=1.0,
    relative_doses=None,
):
    """Time after the last dose until the concentration falls below a threshold for good.

    Parameters
    ----------
    threshold_mg_per_l : array_like
        Threshold concentration, mg/L (> 0).
    dose_mg, volume_l, half_life_h : array_like
        As in :func:`bolus_concentration`; all parameters broadcast.
    dose_times_h : array_like, shape (n_doses,), optional
        Dose times, h (default a single dose at 0).
    absorption_rate_per_h : array_like or None, optional
        Absorption rate constant, 1/h; ``None`` (default) for IV bolus.
    bioavailability : array_like, optional
        Bioavailable fraction in [0, 1] (oral only; default 1).
    relative_doses : array_like, shape (n_doses,), optional
        Multiplier of ``dose_mg`` per dose.

    Returns
    -------
    numpy.ndarray
        Hours after the last dose time at which the concentration crosses the
        threshold downwards and stays below it; 0 if it never exceeds the
        threshold after the last dose.

    Notes
    -----
    Bolus (closed form): with :math:`C_{last}` the concentration just after
    the last dose,

    .. math:: t = \\frac{\\ln(C_{last} / C_{thr})}{k}.

    Oral: after the last dose the curve
    :math:`C(s) = [A e^{-ks} + G k_a K(s)]/V` is a sum of two exponentials,
    so it has one maximum (found in closed form) and then falls
    monotonically; the crossing on the falling branch is found by vectorized
    bracketing and bisection to machine precision.

    References
    ----------
    Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. Marcel Dekker; 1982.

    Examples
    --------
    A 100 mg bolus into 10 L (10 mg/L) falls below 2.5 mg/L after two
    half-lives:

    >>> float(time_below_threshold(2.5, 100.0, 10.0, 6.0))
    12.0
    """
    thr = positive("threshold_mg_per_l", threshold_mg_per_l)
    dose = nonnegative("dose_mg", dose_mg)
    volume = positive("volume_l", volume_l)
    k = elimination_rate_per_h(half_life_h)
    td = _dose_times(dose_times_h)
    w = _relative_doses(relative_doses, td.size)
    if absorption_rate_per_h is None:
        # the body amount just after the last dose, then exponential decay
        thr, dose, volume, k = broadcast(threshold_mg_per_l=thr, dose_mg=dose, volume_l=volume, half_life_h=k)
        a = np.zeros(dose.shape)
        for j in range(td.size):
            if j > 0:
                a = a * np.exp(-k * (td[j] - td[j - 1]))
            a = a + dose * w[j]
        c0 = a / volume
        with np.errstate(divide="ignore"):
            return np.where(c0 > thr, np.log(np.where(c0 > 0, c0, 1.0) / thr) / k, 0.0)

    ka = positive("absorption_rate_per_h", absorption_rate_per_h)
    bio = fraction("bioavailability", bioavailability)
    thr, dose, volume, k, ka, bio = broadcast(
        threshold_mg_per_l=thr,
        dose_mg=dose,
        volume_l=volume,
        half_life_h=k,
        absorption_rate_per_h=ka,
        bioavailability=bio,
    )
    gut, body = _oral_amounts(dose, k, ka, bio, td, w)
    g, a = gut[..., -1], body[..., -1]

    def conc(s):
        return (a * np.exp(-k * s) + g * ka * _bateman_kernel(k, ka, s)) / volume

    lo = _oral_peak_time(a, g, k, ka)
    need = conc(lo) > thr
    hi = lo + 1.0 / np.minimum(k, ka)
    for _ in range(200):  # expand the bracket until C(hi) < threshold
        grow = need & (conc(hi) >= thr)
        if not grow.any():
            break
        hi = np.where(grow, lo + 2.0 * (hi - lo), hi)
    for _ in range(200):  # bisection on the falling branch
        mid = 0.5 * (lo + hi)
        above = conc(mid) >= thr
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
        if np.all((hi - lo) <= 4 * np.finfo(float).eps * np.maximum(hi, 1.0)):
            break
    return np.where(need, 0.5 * (lo + hi), 0.0)
