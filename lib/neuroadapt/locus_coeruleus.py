"""Opioids and the locus coeruleus cAMP homeostat: tolerance, dependence and withdrawal overshoot.

Opioids inhibit adenylyl cyclase (AC) in locus coeruleus (LC) neurons; AC is
up-regulated until cAMP is back at baseline (tolerance); when the opioid is
removed, cAMP (and LC firing, :func:`lc_firing_rate`) overshoots by a factor
that grows with the duration of use (:func:`withdrawal_camp_peak`)
(Nestler & Aghajanian 1997; Nestler 2001).

Numerical method
----------------
Receptor occupancy is sampled on the output grid and held constant over each
interval ``[t_i, t_{i+1})``. The model is linear for constant occupancy, so
each step is an exact 2x2 matrix exponential, written in closed form; the
tests compare it with :func:`scipy.integrate.solve_ivp` at ``rtol=1e-10``.

Parameter values are illustrative; :class:`LocusCoeruleusParams` says so for each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import exprel

from ._numerics import full, input_changes, input_time_last, step_groups, time_grid, time_to_last
from ._validation import fraction, increasing, nonnegative, positive

__all__ = [
    "LocusCoeruleusParams",
    "LOCUS_COERULEUS_DEFAULTS",
    "LocusCoeruleusResult",
    "opioid_use_occupancy",
    "locus_coeruleus_camp",
    "WithdrawalCampPeak",
    "withdrawal_camp_peak",
    "lc_firing_rate",
]


@dataclass(frozen=True)
class LocusCoeruleusParams:
    """Default parameters of :func:`locus_coeruleus_camp` (normalised: baseline cAMP = AC = 1).

    Nestler & Aghajanian (1997) and Nestler (2001) give the mechanism (acute
    inhibition of adenylyl cyclase, compensatory up-regulation of the cAMP
    pathway over days of chronic morphine, cAMP overshoot in withdrawal);
    Aghajanian (1978) shows LC firing rising several-fold in
    naloxone-precipitated withdrawal, and Rasmussen et al. (1990) relate the
    time course of LC hyperactivity to the behavioural signs of withdrawal,
    which subside over days. The numbers are illustrative choices consistent
    with those orders of magnitude, not fitted values.
    """

    #: fractional inhibition of AC at full receptor occupancy. Illustrative: gives a
    #: fully adapted overshoot of 1/(1-0.75) = 4-fold, "several-fold" as in Aghajanian 1978.
    max_inhibition: float = 0.75
    #: cAMP turnover time constant, h (6 min; second messengers turn over in minutes). Illustrative.
    time_constant_camp_h: float = 0.1
    #: AC adaptation time constant at baseline, h (1 day; up-regulation over days of
    #: morphine, Nestler 2001; withdrawal hyperactivity subsiding over days). Illustrative.
    time_constant_ac_h: float = 24.0
    #: LC baseline firing, Hz (order of 1 Hz in anaesthetised rats). Illustrative.
    baseline_rate_hz: float = 1.0


LOCUS_COERULEUS_DEFAULTS = LocusCoeruleusParams()


@dataclass(frozen=True)
class LocusCoeruleusResult:
    """Time course of :func:`locus_coeruleus_camp`; arrays ``(*grid, n_times)`` (time last).

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_times,)
        Output times, h.
    camp_relative : numpy.ndarray
        cAMP relative to its drug-free baseline (1 = baseline).
    adenylyl_cyclase_relative : numpy.ndarray
        AC activity (expression) relative to baseline.
    """

    t_h: np.ndarray
    camp_relative: np.ndarray
    adenylyl_cyclase_relative: np.ndarray


def opioid_use_occupancy(t_h, use_duration_h, *, occupancy=1.0, offset_half_life_h=0.0):
    r"""Receptor occupancy for continuous opioid use from t = 0 to ``use_duration_h``, then stop.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing times, h.
    use_duration_h : array_like
        Duration of use, h (>= 0); the chapter's slider. Broadcasts with the others.
    occupancy : array_like, optional
        Receptor occupancy during use, fraction in [0, 1].
    offset_half_life_h : array_like, optional
        Half-life of the decline of occupancy after the stop, h (>= 0); 0
        (default) is an abrupt stop, as in antagonist-precipitated withdrawal.

    Returns
    -------
    numpy.ndarray, shape (*broadcast(parameters), n_times)
        Occupancy, fraction.

    Notes
    -----
    Occupancy is ``occupancy`` for :math:`t < T` and
    :math:`\mathrm{occ}\, 2^{-(t - T)/t_{1/2}}` afterwards (0 if
    :math:`t_{1/2} = 0`). An abrupt stop mimics naloxone-precipitated
    withdrawal (Aghajanian 1978); a gradual offset, spontaneous withdrawal as
    the opioid is eliminated (Rasmussen et al. 1990).

    References
    ----------
    Aghajanian GK. Nature 1978;276:186-188.
    Rasmussen K, Beitner-Johnson DB, Krystal JH, Aghajanian GK, Nestler EJ.
    J Neurosci 1990;10:2308-2317.

    Examples
    --------
    >>> opioid_use_occupancy([0.0, 1.0, 2.0, 3.0], use_duration_h=2.0, occupancy=0.8).tolist()
    [0.8, 0.8, 0.0, 0.0]
    """
    t = increasing("t_h", t_h)
    dur = nonnegative("use_duration_h", use_duration_h)
    occ = fraction("occupancy", occupancy)
    half = nonnegative("offset_half_life_h", offset_half_life_h)
    shape = np.broadcast_shapes(dur.shape, occ.shape, half.shape)
    dur, occ, half = dur[..., None], occ[..., None], half[..., None]
    tt = t
    after = np.maximum(tt - dur, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        decay = np.where(half > 0, np.exp(-np.log(2.0) * after / np.where(half > 0, half, 1.0)), 0.0)
    out = np.where(tt < dur, occ, occ * decay)
    return np.broadcast_to(out, shape + (t.size,)).astype(float)


def _check_lc_params(max_inhibition, time_constant_camp_h, time_constant_ac_h):
    imax = fraction("max_inhibition", max_inhibition, closed_high=False)
    tc = positive("time_constant_camp_h", time_constant_camp_h)
    ta = positive("time_constant_ac_h", time_constant_ac_h)
    if np.any(ta <= 4.0 * tc):
        raise ValueError(
            "time_constant_ac_h must exceed 4 * time_constant_camp_h (slow adaptation of a fast messenger; no oscillation)"
        )
    return imax, tc, ta


def locus_coeruleus_camp(
    t_h,
    occupancy,
    *,
    max_inhibition=LOCUS_COERULEUS_DEFAULTS.max_inhibition,
    time_constant_camp_h=LOCUS_COERULEUS_DEFAULTS.time_constant_camp_h,
    time_constant_ac_h=LOCUS_COERULEUS_DEFAULTS.time_constant_ac_h,
):
    r"""cAMP and adenylyl cyclase in locus coeruleus neurons under an opioid: homeostasis and overshoot.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing output times, h; the cell is at its drug-free
        steady state at ``t_h[0]``.
    occupancy : array_like, shape (..., n_times)
        Mu-opioid receptor occupancy by the agonist, fraction in [0, 1], held
        constant over ``[t_i, t_{i+1})`` (e.g. :func:`opioid_use_occupancy`);
        time is the last axis, leading axes form a grid.
    max_inhibition : array_like, optional
        Fractional inhibition of AC at full occupancy, I_max in [0, 1).
    time_constant_camp_h : array_like, optional
        cAMP turnover time constant, h (> 0).
    time_constant_ac_h : array_like, optional
        AC adaptation time constant, h (> 4 * ``time_constant_camp_h``).

    Returns
    -------
    LocusCoeruleusResult
        cAMP and AC relative to baseline, ``(*grid, n_times)``.

    Notes
    -----
    With cAMP and AC in units of their baseline (so production and
    degradation balance at 1) and :math:`I(t) = I_{max}\,\mathrm{occ}(t)`:

    .. math::

        \tau_{cAMP}\frac{d\,cAMP}{dt} = AC\,(1 - I) - cAMP, \qquad
        \tau_{AC}\frac{d\,AC}{dt} = 1 - cAMP .

    The AC equation is integral feedback: the only steady state has
    cAMP = 1 whatever the inhibition, with :math:`AC = 1/(1 - I)`. Chronic
    opioid therefore ends with normal cAMP (tolerance) and an up-regulated
    cyclase (dependence); removing the opioid lets cAMP rise towards
    :math:`AC \approx 1/(1 - I)` within minutes (withdrawal), after which AC
    returns to baseline with time constant :math:`\approx \tau_{AC}`. During
    use the adaptation runs with time constant
    :math:`\approx \tau_{AC}/(1 - I)`, so the overshoot grows with the duration
    of use and saturates (:func:`withdrawal_camp_peak`). The linear
    (integral) form of the feedback makes each step an exact 2x2 matrix
    exponential (overdamped when :math:`\tau_{AC} > 4\tau_{cAMP}`).
    Parameters are illustrative (:class:`LocusCoeruleusParams`).

    References
    ----------
    Nestler EJ, Aghajanian GK. Molecular and cellular basis of addiction.
    Science 1997;278:58-63.
    Nestler EJ. Molecular basis of long-term plasticity underlying addiction.
    Nat Rev Neurosci 2001;2:119-128.
    Aghajanian GK. Tolerance of locus coeruleus neurones to morphine and
    suppression of withdrawal response by clonidine. Nature 1978;276:186-188.

    Examples
    --------
    >>> t = np.linspace(0.0, 24.0 * 60, 2001)
    >>> r = locus_coeruleus_camp(t, np.ones_like(t))          # 60 days of opioid
    >>> round(float(r.camp_relative[-1]), 4), round(float(r.adenylyl_cyclase_relative[-1]), 3)
    (1.0, 4.0)
    """
    t = time_grid(t_h)
    occ = input_time_last("occupancy", occupancy, t.size, check=fraction)  # (n_times, *grid) inside
    imax, tc, ta = _check_lc_params(max_inhibition, time_constant_camp_h, time_constant_ac_h)
    grid = np.broadcast_shapes(occ.shape[1:], imax.shape, tc.shape, ta.shape)
    k = full(1.0 / tc, grid)
    mu = 0.5 * k
    mu2 = mu * mu
    k_over_ta = full(1.0 / (tc * ta), grid)
    inv_ta = full(1.0 / ta, grid)
    imax_f = full(imax, grid)
    h_unique, step_group = step_groups(t)
    changed = input_changes(occ, step_group)
    camp = np.ones(grid)
    ac = np.ones(grid)
    out_c = np.empty((t.size,) + grid)
    out_a = np.empty_like(out_c)
    out_c[0], out_a[0] = camp, ac
    for n in range(t.size - 1):
        if changed[n]:
            h = h_unique[step_group[n]]
            s = 1.0 - imax_f * occ[n]
            omega = np.sqrt(mu2 - k_over_ta * s)
            e1 = np.exp(h * (omega - mu))  # e^{(omega - mu) h}
            q = e1 * np.expm1(-2.0 * h * omega)  # e1 (e^{-2 omega h} - 1)
            cosh_part = e1 + 0.5 * q  # e^{-mu h} cosh(omega h)
            sinh_part = (-0.5 * q) / omega  # e^{-mu h} sinh(omega h) / omega
            mu_s = mu * sinh_part
            # Phi = cosh_part I + sinh_part (M + mu I),  M = [[-k, k s], [-1/tau_ac, 0]]
            p11 = cosh_part - mu_s
            p12 = sinh_part * k * s
            p21 = sinh_part * inv_ta
            p22 = cosh_part + mu_s
            ac_star = 1.0 / s
        z1 = camp - 1.0
        z2 = ac - ac_star
        camp = 1.0 + (p11 * z1 + p12 * z2)
        ac = ac_star + (p22 * z2 - p21 * z1)
        out_c[n + 1] = camp
        out_a[n + 1] = ac
    return LocusCoeruleusResult(t_h=t, camp_relative=time_to_last(out_c), adenylyl_cyclase_relative=time_to_last(out_a))


@dataclass(frozen=True)
class WithdrawalCampPeak:
    """Peak cAMP overshoot after an abrupt stop (:func:`withdrawal_camp_peak`).

    Attributes
    ----------
    peak_camp_relative : numpy.ndarray
        Maximum cAMP after the stop, relative to baseline (> 1 after any use).
    time_to_peak_h : numpy.ndarray
        Time from the stop to that maximum, h.
    """

    peak_camp_relative: np.ndarray
    time_to_peak_h: np.ndarray


def withdrawal_camp_peak(
    use_duration_h,
    *,
    occupancy=1.0,
    max_inhibition=LOCUS_COERULEUS_DEFAULTS.max_inhibition,
    time_constant_camp_h=LOCUS_COERULEUS_DEFAULTS.time_constant_camp_h,
    time_constant_ac_h=LOCUS_COERULEUS_DEFAULTS.time_constant_ac_h,
):
    r"""Peak cAMP overshoot after an abrupt stop, in closed form, as a function of duration of use.

    Parameters
    ----------
    use_duration_h : array_like
        Duration of continuous use at constant ``occupancy`` before an abrupt
        stop (antagonist-precipitated or instantaneous offset), h (>= 0).
    occupancy : array_like, optional
        Receptor occupancy during use, fraction in [0, 1].
    max_inhibition, time_constant_camp_h, time_constant_ac_h : array_like, optional
        As in :func:`locus_coeruleus_camp`. All arguments broadcast.

    Returns
    -------
    WithdrawalCampPeak
        ``peak_camp_relative`` (maximum cAMP after the stop, relative to
        baseline) and ``time_to_peak_h`` (h from the stop to that maximum),
        broadcast shape of the arguments.

    Notes
    -----
    During use the deviation from the adapted steady state
    :math:`(1, 1/s)`, :math:`s = 1 - I`, decays with the matrix exponential of
    :func:`locus_coeruleus_camp`; after the stop, cAMP - 1 is a sum
    :math:`A_1 e^{\lambda_1 t} + A_2 e^{\lambda_2 t}` with
    :math:`\lambda_{1,2} = -\mu \pm \omega`, :math:`\mu = 1/(2\tau_{cAMP})`,
    :math:`\omega = \sqrt{\mu^2 - 1/(\tau_{cAMP}\tau_{AC})}`, whose maximum is at
    :math:`t^* = \ln(-A_2\lambda_2 / (A_1\lambda_1))/(\lambda_1-\lambda_2)`.
    For long use the peak tends to :math:`1/(1 - I)` (slightly less, because
    AC starts to fall while cAMP rises).

    References
    ----------
    Nestler EJ, Aghajanian GK. Science 1997;278:58-63 (cAMP overshoot).
    Rasmussen K, Beitner-Johnson DB, Krystal JH, Aghajanian GK, Nestler EJ.
    Opiate withdrawal and the rat locus coeruleus: behavioral,
    electrophysiological, and biochemical correlates. J Neurosci
    1990;10:2308-2317.

    Examples
    --------
    >>> peak = withdrawal_camp_peak([24.0, 24.0 * 30]).peak_camp_relative
    >>> bool(1.0 < peak[0] < peak[1] < 4.0)
    True
    """
    dur = nonnegative("use_duration_h", use_duration_h)
    occ = fraction("occupancy", occupancy)
    imax, tc, ta = _check_lc_params(max_inhibition, time_constant_camp_h, time_constant_ac_h)
    dur, occ, imax, tc, ta = np.broadcast_arrays(dur, occ, imax, tc, ta)
    k = 1.0 / tc
    mu = 0.5 * k
    s = 1.0 - imax * occ
    # during use: z(0) = (0, 1 - 1/s) relative to (1, 1/s)
    om = np.sqrt(mu * mu - k * s / ta)
    e1 = np.exp((om - mu) * dur)
    x = 2.0 * dur * om
    sinh_part = dur * e1 * exprel(-x)
    cosh_part = 0.5 * e1 * (1.0 + np.exp(-x))
    z2 = 1.0 - 1.0 / s
    camp_stop = 1.0 + sinh_part * k * s * z2
    ac_stop = 1.0 / s + cosh_part * z2 + sinh_part * mu * z2
    # after the stop (s = 1): deviations from (1, 1)
    w1 = camp_stop - 1.0
    w2 = ac_stop - 1.0
    om1 = np.sqrt(mu * mu - k / ta)
    lam1, lam2 = -mu + om1, -mu - om1
    slope0 = k * (w2 - w1)  # d(cAMP)/dt at the stop
    a1 = (slope0 - lam2 * w1) / (lam1 - lam2)
    a2 = w1 - a1
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = -a2 * lam2 / (a1 * lam1)
        t_star = np.where((a1 > 0) & (ratio > 1.0), np.log(np.where(ratio > 1.0, ratio, 1.0)) / (lam1 - lam2), 0.0)
    peak = 1.0 + a1 * np.exp(lam1 * t_star) + a2 * np.exp(lam2 * t_star)
    return WithdrawalCampPeak(peak_camp_relative=peak, time_to_peak_h=t_star)


def lc_firing_rate(camp_relative, *, baseline_rate_hz=LOCUS_COERULEUS_DEFAULTS.baseline_rate_hz, exponent=1.0):
    r"""Locus coeruleus firing-rate proxy, increasing with cAMP.

    Parameters
    ----------
    camp_relative : array_like
        cAMP relative to baseline (>= 0), e.g. from :func:`locus_coeruleus_camp`.
    baseline_rate_hz : array_like, optional
        Firing rate at baseline cAMP, Hz (> 0). Illustrative default 1 Hz.
    exponent : array_like, optional
        Power n of the proxy (> 0); 1 (default) makes firing proportional to cAMP.

    Returns
    -------
    numpy.ndarray
        Firing rate, Hz: :math:`f = f_0\, cAMP^n`.

    Notes
    -----
    cAMP-dependent protein kinase raises LC excitability (Nestler & Aghajanian
    1997), and LC neurons fire several-fold faster than baseline in
    naloxone-precipitated withdrawal (Aghajanian 1978) with a time course that
    parallels behavioural withdrawal (Rasmussen et al. 1990). The proportional
    proxy is the simplest monotone link; it is not a fitted transfer function.

    References
    ----------
    Aghajanian GK. Nature 1978;276:186-188.
    Rasmussen K, et al. J Neurosci 1990;10:2308-2317.

    Examples
    --------
    >>> lc_firing_rate([1.0, 4.0]).tolist()
    [1.0, 4.0]
    """
    c = nonnegative("camp_relative", camp_relative)
    f0 = positive("baseline_rate_hz", baseline_rate_hz)
    n = positive("exponent", exponent)
    return f0 * c**n
