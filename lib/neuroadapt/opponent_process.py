"""Opponent processes and homeostatic counter-adaptation: why withdrawal mirrors the drug.

Three models of one principle: a slow process opposes a drug's effect, balances
it while the drug is present, and is left unopposed when the drug stops.

1. :func:`solomon_corbit` - the opponent-process theory of motivation
   (Solomon & Corbit 1974). A fast a-process follows the stimulus; a sluggish
   b-process is recruited by the a-process; net affect is ``a - b``. The gain of
   the b-process grows with closely spaced use and relaxes with disuse, so the
   peak of the effect shrinks (tolerance) and the after-reaction deepens
   (withdrawal).
2. :func:`locus_coeruleus_camp` - the opioid homeostat of the locus coeruleus
   (Nestler & Aghajanian 1997; Nestler 2001): opioids inhibit adenylyl cyclase
   (AC); AC is up-regulated until cAMP is back at baseline; when the opioid is
   removed, cAMP (and LC firing, :func:`lc_firing_rate`) overshoots by a factor
   that grows with the duration of use (:func:`withdrawal_camp_peak`).
3. :func:`alcohol_homeostat` - alcohol enhances GABA-A and blocks NMDA
   receptors; GABA-A gain falls and NMDA gain rises until excitability is back at
   baseline; after the last drink (blood alcohol from :func:`bac_after_last_drink`)
   the brain is left hyperexcitable, inside the published withdrawal windows of
   :func:`withdrawal_windows`.

Numerical method
----------------
Inputs (stimulus, receptor occupancy, blood alcohol) are sampled on the output
time grid and held constant over each interval ``[t_i, t_{i+1})`` (zero-order
hold). Over such an interval every model here has a closed-form solution, so
the simulators take *exact* steps: the result equals the solution of the ODE for
the piecewise-constant input, whatever the step length, and the tests compare
it with :func:`scipy.integrate.solve_ivp` at ``rtol=1e-10``. All state arrays
are shaped ``(n_times, *grid)``: time first, then the broadcast shape of the
input's trailing axes and the parameters (a slider grid).

Parameter values are illustrative unless a source is given; each default says
which.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.linalg import expm
from scipy.special import exprel, wrightomega

from ._validation import as_array, fraction, increasing, nonnegative, positive

__all__ = [
    "SolomonCorbitParams",
    "SOLOMON_CORBIT_DEFAULTS",
    "OpponentProcessResult",
    "stimulus_train",
    "solomon_corbit",
    "exposure_summary",
    "LocusCoeruleusParams",
    "LOCUS_COERULEUS_DEFAULTS",
    "LocusCoeruleusResult",
    "opioid_use_occupancy",
    "locus_coeruleus_camp",
    "withdrawal_camp_peak",
    "lc_firing_rate",
    "AlcoholParams",
    "ALCOHOL_DEFAULTS",
    "AlcoholHomeostatResult",
    "withdrawal_windows",
    "bac_after_last_drink",
    "hours_to_bac",
    "maintained_drinking_bac",
    "alcohol_homeostat",
]


# ---------------------------------------------------------------------------
# shared helpers (private)
# ---------------------------------------------------------------------------


def _time_grid(t_h) -> np.ndarray:
    t = increasing("t_h", t_h)
    if t.size < 2:
        raise ValueError(f"t_h must hold at least 2 times, got {t.size}")
    return t


def _input_on_grid(name: str, value, n_times: int, check=nonnegative) -> np.ndarray:
    arr = check(name, value)
    if arr.ndim == 0 or arr.shape[0] != n_times:
        raise ValueError(
            f"{name} must have shape (n_times, ...) with n_times = len(t_h) = {n_times}, got shape {arr.shape}"
        )
    return arr


def _full(x, grid) -> np.ndarray:
    """``x`` broadcast to ``grid`` as a C-contiguous float array (fast inner loops)."""
    return np.array(np.broadcast_to(np.asarray(x, dtype=float), grid), dtype=float, order="C")


def _step_groups(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group the steps of ``t`` by length (relative tolerance 1e-10).

    Returns the distinct step lengths and, for every step, the index of its
    group, so that step-dependent coefficients are computed once per length.
    """
    h = np.diff(t)
    key = np.round(h / h.max(), 10)
    _, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.ravel()
    h_unique = np.bincount(inverse, weights=h) / np.bincount(inverse)
    return h_unique, inverse


def _input_changes(values: np.ndarray, step_group: np.ndarray) -> np.ndarray:
    """For each step, whether its input (over the whole grid) or its length differs from the previous step.

    Step coefficients are recomputed only where this is True; constant stretches of a
    piecewise-constant input (the usual case) reuse them.
    """
    n_steps = step_group.size
    changed = np.ones(n_steps, dtype=bool)
    if n_steps > 1:
        flat = values[:n_steps].reshape(n_steps, -1)
        changed[1:] = np.any(flat[1:] != flat[:-1], axis=1) | (step_group[1:] != step_group[:-1])
    return changed


def _phi(p, q, h):
    r"""Convolution of two decaying exponentials, :math:`\int_0^h e^{-p(h-s)} e^{-q s} ds`.

    Written as :math:`h\, e^{-\min(p,q) h}\, \mathrm{exprel}(-|p-q| h)`, which is
    exact, symmetric in ``p`` and ``q`` and free of cancellation when p = q.
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return h * np.exp(-np.minimum(p, q) * h) * exprel(-np.abs(p - q) * h)


def _chi(p, q, r, h):
    r"""Triple convolution :math:`\int_0^h e^{-p(h-s)} \phi_{q,r}(s) ds` via a 3x3 matrix exponential.

    The bidiagonal chain x0' = -r x0, x1' = x0 - q x1, x2' = x1 - p x2 with
    x(0) = (1, 0, 0) gives x2(h) = the integral, robustly for equal rates.
    """
    p, q, r = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (p, q, r)))
    m = np.zeros(p.shape + (3, 3))
    m[..., 0, 0] = -r * h
    m[..., 1, 0] = h
    m[..., 1, 1] = -q * h
    m[..., 2, 1] = h
    m[..., 2, 2] = -p * h
    return expm(m)[..., 2, 0]


# ---------------------------------------------------------------------------
# 1. Solomon & Corbit opponent process
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SolomonCorbitParams:
    """Default parameters of :func:`solomon_corbit` (all illustrative).

    Solomon & Corbit (1974) give the structure (a fast a-process, a sluggish
    b-process recruited by it, strengthened by use and weakened by disuse), not
    numbers; the values below only respect their ordering of time scales.
    """

    #: a-process amplitude per unit stimulus (affect units). Illustrative (normalisation).
    a_gain: float = 1.0
    #: a-process time constant, h (3 min: "follows the stimulus"). Illustrative.
    tau_a_h: float = 0.05
    #: b-process time constant, h (15 min: "sluggish", tau_b >> tau_a). Illustrative.
    tau_b_h: float = 0.25
    #: b-process gain of a naive subject (b/a at steady state). Illustrative.
    gain_baseline: float = 0.2
    #: growth of the b-process gain per unit a-process per hour, 1/h. Illustrative.
    gain_growth_per_h: float = 0.15
    #: relaxation time constant of the gain with disuse, h (2 days). Illustrative.
    tau_gain_h: float = 48.0


SOLOMON_CORBIT_DEFAULTS = SolomonCorbitParams()


@dataclass(frozen=True)
class OpponentProcessResult:
    """Time course of :func:`solomon_corbit`; arrays shaped ``(n_times, *grid)``.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_times,)
        Output times, h.
    a_process, b_process : numpy.ndarray
        The primary (drug) process and its opponent, affect units.
    b_gain : numpy.ndarray
        Gain of the b-process, dimensionless (b/a at steady state).
    net_affect : numpy.ndarray
        ``a_process - b_process``: positive is the drug's effect, negative the
        after-reaction (withdrawal).
    """

    t_h: np.ndarray
    a_process: np.ndarray
    b_process: np.ndarray
    b_gain: np.ndarray
    net_affect: np.ndarray


def stimulus_train(t_h, n_exposures, interval_h, duration_h, *, start_h=0.0, intensity=1.0):
    r"""Rectangular stimulus pulses (drug exposures) sampled on a time grid.

    Exposure ``k`` (k = 0, ..., n_exposures - 1) is on for
    ``start_h + k * interval_h <= t < start_h + k * interval_h + duration_h``.
    The value at ``t_i`` is held over ``[t_i, t_{i+1})`` by the simulators, so
    choose grids on which onsets and offsets fall on grid points.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing times, h.
    n_exposures : array_like
        Number of exposures (> 0). Broadcasts with the other parameters.
    interval_h : array_like
        Time from one onset to the next, h (> 0).
    duration_h : array_like
        Duration of each exposure, h (> 0, <= interval_h).
    start_h : array_like, optional
        Onset of the first exposure, h.
    intensity : array_like, optional
        Stimulus level while on (>= 0), in units of the a-process input.

    Returns
    -------
    numpy.ndarray, shape (n_times, *broadcast(parameters))
        Stimulus level (``intensity`` while on, 0 while off).

    Notes
    -----
    :math:`u(t) = I` if :math:`0 \le (t - t_0) - k T < d` for some
    :math:`k < n`, else 0 (``T = interval_h``, ``d = duration_h``). Closely
    spaced exposures (T short compared with the b-process gain's decay) are
    what strengthens the opponent process in Solomon & Corbit (1974).

    References
    ----------
    Solomon RL, Corbit JD. An opponent-process theory of motivation: I. Temporal
    dynamics of affect. Psychol Rev 1974;81:119-145.

    Examples
    --------
    >>> t = np.arange(0.0, 13.0, 1.0)
    >>> stimulus_train(t, n_exposures=2, interval_h=6.0, duration_h=2.0).tolist()
    [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    t = increasing("t_h", t_h)
    n = positive("n_exposures", n_exposures)
    interval = positive("interval_h", interval_h)
    duration = positive("duration_h", duration_h)
    start = nonnegative("start_h", start_h)
    level = nonnegative("intensity", intensity)
    if np.any(np.broadcast_to(duration, np.broadcast_shapes(duration.shape, interval.shape)) > interval):
        raise ValueError("duration_h must be <= interval_h (exposures may not overlap)")
    shape = np.broadcast_shapes(n.shape, interval.shape, duration.shape, start.shape, level.shape)
    tt = t.reshape((-1,) + (1,) * len(shape))
    since = tt - start
    k = np.floor(since / interval + 1e-9)
    phase = since - k * interval
    eps = 1e-9 * np.maximum(interval, 1.0)
    on = (since >= -eps) & (k < n - 1e-9) & (phase < duration - eps)
    return np.broadcast_to(on * level, (t.size,) + shape).astype(float)


def solomon_corbit(
    t_h,
    stimulus,
    *,
    a_gain=SOLOMON_CORBIT_DEFAULTS.a_gain,
    tau_a_h=SOLOMON_CORBIT_DEFAULTS.tau_a_h,
    tau_b_h=SOLOMON_CORBIT_DEFAULTS.tau_b_h,
    gain_baseline=SOLOMON_CORBIT_DEFAULTS.gain_baseline,
    gain_growth_per_h=SOLOMON_CORBIT_DEFAULTS.gain_growth_per_h,
    tau_gain_h=SOLOMON_CORBIT_DEFAULTS.tau_gain_h,
):
    r"""Opponent-process dynamics of affect (Solomon & Corbit 1974), with a use-dependent b-process.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing output times, h. The system starts at rest at
        ``t_h[0]`` (a = b = 0, gain = ``gain_baseline``).
    stimulus : array_like, shape (n_times, ...)
        Stimulus (drug) level u >= 0, held constant over ``[t_i, t_{i+1})``;
        e.g. from :func:`stimulus_train`. Trailing axes form a grid.
    a_gain : array_like, optional
        a-process amplitude A per unit stimulus, affect units (> 0).
    tau_a_h, tau_b_h : array_like, optional
        Time constants of the a- and b-process, h (> 0).
    gain_baseline : array_like, optional
        Gain g0 of the b-process before any use (>= 0).
    gain_growth_per_h : array_like, optional
        Growth rate eta of the gain per unit a-process, 1/(affect unit h) (>= 0).
    tau_gain_h : array_like, optional
        Time constant with which the gain relaxes to g0 in disuse, h (> 0).
        All parameters broadcast against the stimulus's trailing axes.

    Returns
    -------
    OpponentProcessResult
        a, b, gain and net affect, each ``(n_times, *grid)``.

    Notes
    -----
    .. math::

        \frac{da}{dt} = \frac{A u(t) - a}{\tau_a}, \qquad
        \frac{db}{dt} = \frac{g\,a - b}{\tau_b}, \qquad
        \frac{dg}{dt} = \eta\, a - \frac{g - g_0}{\tau_g}, \qquad
        \text{net affect} = a - b.

    With ``tau_b >> tau_a`` the b-process lags the a-process: a stimulus gives
    a peak of net affect, a decline to a plateau ``A(1 - g)`` and, when it stops,
    an after-reaction of the opposite sign that decays with ``tau_b``
    (Solomon & Corbit 1974, the "standard pattern of affective
    dynamics"). Closely spaced exposures (interval << ``tau_gain_h``) let the
    gain accumulate: the peak shrinks and the after-reaction deepens (their
    pattern "after many stimulations"); widely spaced exposures do not.

    Within a step with constant u the a- and g-equations are linear and the
    product ``g a`` is a sum of exponentials, so every step is integrated in
    closed form (exponential convolutions :math:`\phi` and a triple
    convolution evaluated by a 3x3 matrix exponential): exact for the
    piecewise-constant stimulus. Parameter values are illustrative.

    References
    ----------
    Solomon RL, Corbit JD. An opponent-process theory of motivation: I. Temporal
    dynamics of affect. Psychol Rev 1974;81:119-145.

    Examples
    --------
    >>> t = np.linspace(0.0, 4.0, 401)
    >>> u = stimulus_train(t, n_exposures=1, interval_h=4.0, duration_h=1.0)
    >>> r = solomon_corbit(t, u)
    >>> bool(r.net_affect.max() > 0.8), bool(r.net_affect.min() < 0)
    (True, True)
    """
    t = _time_grid(t_h)
    u = _input_on_grid("stimulus", stimulus, t.size)
    amp = positive("a_gain", a_gain)
    tau_a = positive("tau_a_h", tau_a_h)
    tau_b = positive("tau_b_h", tau_b_h)
    g0 = nonnegative("gain_baseline", gain_baseline)
    eta = nonnegative("gain_growth_per_h", gain_growth_per_h)
    tau_g = positive("tau_gain_h", tau_gain_h)
    pshape = np.broadcast_shapes(amp.shape, tau_a.shape, tau_b.shape, g0.shape, eta.shape, tau_g.shape)
    grid = np.broadcast_shapes(u.shape[1:], pshape)

    ka, kb, kg = 1.0 / tau_a, 1.0 / tau_b, 1.0 / tau_g
    e_gain = eta * tau_g  # steady-state gain increase per unit a-process
    h_unique, step_group = _step_groups(t)
    coef = []
    for h in h_unique:
        # exact convolutions of the step; see Notes
        c0 = kb * _phi(kb, 0.0, h)  # g_inf * a_inf
        c1 = kb * _phi(kb, ka, h)  # g_inf * alpha
        c2 = kb * _phi(kb, kg, h)  # (g - g_inf) * a_inf
        c3 = kb * _phi(kb, ka + kg, h)  # (g - g_inf) * alpha
        c4 = kb * eta * _chi(kb, kg, ka, h)  # alpha * a_inf
        c5 = kb * eta * _chi(kb, kg + ka, 2.0 * ka, h)  # alpha ** 2
        eg = np.exp(-kg * h)
        # regrouped in v = a_inf, alpha = a - v and the gain excess gg = g - g0 (fewer array operations)
        c = (
            np.exp(-kb * h),  # b
            g0 * c0,  # v
            e_gain * (c0 - c2),  # v^2
            e_gain * (c1 - c3) + c4,  # v alpha
            c2,  # v gg
            g0 * c1,  # alpha
            c3,  # alpha gg
            c5,  # alpha^2
            eg,  # gg
            e_gain * (1.0 - eg),  # gg: v
            eta * _phi(kg, ka, h),  # gg: alpha
            np.exp(-ka * h),  # a
        )
        coef.append(tuple(_full(x, grid) for x in c))
    amp_f, g0_f = _full(amp, grid), _full(g0, grid)

    a = np.zeros(grid)
    b = np.zeros(grid)
    gg = np.zeros(grid)
    out_a = np.empty((t.size,) + grid)
    out_b = np.empty_like(out_a)
    out_g = np.empty_like(out_a)
    out_net = np.empty_like(out_a)
    out_a[0], out_b[0], out_g[0], out_net[0] = a, b, g0_f, 0.0
    for n in range(t.size - 1):
        eb, k_v, k_vv, k_va, k_vg, k_a, k_ag, k_aa, eg, m_v, m_a, ea = coef[step_group[n]]
        v = amp_f * u[n]
        alpha = a - v
        b = eb * b + v * (k_v + k_vv * v + k_va * alpha + k_vg * gg) + alpha * (k_a + k_ag * gg + k_aa * alpha)
        gg = m_v * v + eg * gg + m_a * alpha
        a = v + ea * alpha
        out_a[n + 1] = a
        out_b[n + 1] = b
        out_g[n + 1] = gg + g0_f
        out_net[n + 1] = a - b
    return OpponentProcessResult(t_h=t, a_process=out_a, b_process=out_b, b_gain=out_g, net_affect=out_net)


def exposure_summary(t_h, stimulus, net_affect) -> pd.DataFrame:
    """Peak effect and after-reaction of every exposure: the tolerance/withdrawal read-out.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Output times, h.
    stimulus : array_like, shape (n_times, ...)
        The stimulus given to :func:`solomon_corbit` (exposure = a run of
        positive values).
    net_affect : array_like, shape (n_times, ...)
        Net affect from :func:`solomon_corbit` (same shape, or broadcastable).

    Returns
    -------
    pandas.DataFrame
        One row per exposure and grid point (grid flattened in C order):
        ``grid_index``, ``exposure`` (0-based), ``onset_h``, ``peak_net_affect``
        (maximum from onset to offset) and ``trough_net_affect`` (minimum from
        offset to the next onset or the end: the after-reaction, < 0 in
        withdrawal).

    References
    ----------
    Solomon RL, Corbit JD. Psychol Rev 1974;81:119-145 (peak, adaptation,
    after-reaction).

    Examples
    --------
    >>> t = np.linspace(0.0, 24.0, 481)
    >>> u = stimulus_train(t, n_exposures=2, interval_h=12.0, duration_h=1.0)
    >>> df = exposure_summary(t, u, solomon_corbit(t, u).net_affect)
    >>> df["exposure"].tolist()
    [0, 1]
    """
    t = _time_grid(t_h)
    u = _input_on_grid("stimulus", stimulus, t.size)
    net = _input_on_grid("net_affect", net_affect, t.size, check=lambda name, v: np.asarray(v, dtype=float))
    if not np.all(np.isfinite(net)):
        raise ValueError("net_affect must be finite (no NaN or infinity)")
    shape = np.broadcast_shapes(u.shape, net.shape)
    u2 = np.broadcast_to(u, shape).reshape(t.size, -1)
    n2 = np.broadcast_to(net, shape).reshape(t.size, -1)
    rows = []
    for j in range(u2.shape[1]):
        on = u2[:, j] > 0
        prev = np.concatenate(([False], on[:-1]))
        onsets = np.flatnonzero(on & ~prev)
        offsets = np.flatnonzero(~on & prev)
        for k, i0 in enumerate(onsets):
            later_off = offsets[offsets > i0]
            i1 = int(later_off[0]) if later_off.size else t.size - 1
            i2 = int(onsets[k + 1]) if k + 1 < onsets.size else t.size - 1
            trough = n2[i1 : i2 + 1, j].min() if later_off.size else np.nan
            rows.append((j, k, t[i0], n2[i0 : i1 + 1, j].max(), trough))
    return pd.DataFrame(rows, columns=["grid_index", "exposure", "onset_h", "peak_net_affect", "trough_net_affect"])


# ---------------------------------------------------------------------------
# 2. Opioids and the locus coeruleus cAMP homeostat
# ---------------------------------------------------------------------------


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
    tau_camp_h: float = 0.1
    #: AC adaptation time constant at baseline, h (1 day; up-regulation over days of
    #: morphine, Nestler 2001; withdrawal hyperactivity subsiding over days). Illustrative.
    tau_ac_h: float = 24.0
    #: LC baseline firing, Hz (order of 1 Hz in anaesthetised rats). Illustrative.
    baseline_rate_hz: float = 1.0


LOCUS_COERULEUS_DEFAULTS = LocusCoeruleusParams()


@dataclass(frozen=True)
class LocusCoeruleusResult:
    """Time course of :func:`locus_coeruleus_camp`; arrays ``(n_times, *grid)``.

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
    numpy.ndarray, shape (n_times, *broadcast(parameters))
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
    tt = t.reshape((-1,) + (1,) * len(shape))
    after = np.maximum(tt - dur, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        decay = np.where(half > 0, np.exp(-np.log(2.0) * after / np.where(half > 0, half, 1.0)), 0.0)
    out = np.where(tt < dur, occ, occ * decay)
    return np.broadcast_to(out, (t.size,) + shape).astype(float)


def _check_lc_params(max_inhibition, tau_camp_h, tau_ac_h):
    imax = fraction("max_inhibition", max_inhibition, closed_high=False)
    tc = positive("tau_camp_h", tau_camp_h)
    ta = positive("tau_ac_h", tau_ac_h)
    if np.any(ta <= 4.0 * tc):
        raise ValueError("tau_ac_h must exceed 4 * tau_camp_h (slow adaptation of a fast messenger; no oscillation)")
    return imax, tc, ta


def locus_coeruleus_camp(
    t_h,
    occupancy,
    *,
    max_inhibition=LOCUS_COERULEUS_DEFAULTS.max_inhibition,
    tau_camp_h=LOCUS_COERULEUS_DEFAULTS.tau_camp_h,
    tau_ac_h=LOCUS_COERULEUS_DEFAULTS.tau_ac_h,
):
    r"""cAMP and adenylyl cyclase in locus coeruleus neurons under an opioid: homeostasis and overshoot.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing output times, h; the cell is at its drug-free
        steady state at ``t_h[0]``.
    occupancy : array_like, shape (n_times, ...)
        Mu-opioid receptor occupancy by the agonist, fraction in [0, 1], held
        constant over ``[t_i, t_{i+1})`` (e.g. :func:`opioid_use_occupancy`).
    max_inhibition : array_like, optional
        Fractional inhibition of AC at full occupancy, I_max in [0, 1).
    tau_camp_h : array_like, optional
        cAMP turnover time constant, h (> 0).
    tau_ac_h : array_like, optional
        AC adaptation time constant, h (> 4 * ``tau_camp_h``).

    Returns
    -------
    LocusCoeruleusResult
        cAMP and AC relative to baseline, ``(n_times, *grid)``.

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
    t = _time_grid(t_h)
    occ = _input_on_grid("occupancy", occupancy, t.size, check=fraction)
    imax, tc, ta = _check_lc_params(max_inhibition, tau_camp_h, tau_ac_h)
    grid = np.broadcast_shapes(occ.shape[1:], imax.shape, tc.shape, ta.shape)
    k = _full(1.0 / tc, grid)
    mu = 0.5 * k
    mu2 = mu * mu
    k_over_ta = _full(1.0 / (tc * ta), grid)
    inv_ta = _full(1.0 / ta, grid)
    imax_f = _full(imax, grid)
    h_unique, step_group = _step_groups(t)
    changed = _input_changes(occ, step_group)
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
    return LocusCoeruleusResult(t_h=t, camp_relative=out_c, adenylyl_cyclase_relative=out_a)


def withdrawal_camp_peak(
    use_duration_h,
    *,
    occupancy=1.0,
    max_inhibition=LOCUS_COERULEUS_DEFAULTS.max_inhibition,
    tau_camp_h=LOCUS_COERULEUS_DEFAULTS.tau_camp_h,
    tau_ac_h=LOCUS_COERULEUS_DEFAULTS.tau_ac_h,
):
    r"""Peak cAMP overshoot after an abrupt stop, in closed form, as a function of duration of use.

    Parameters
    ----------
    use_duration_h : array_like
        Duration of continuous use at constant ``occupancy`` before an abrupt
        stop (antagonist-precipitated or instantaneous offset), h (>= 0).
    occupancy : array_like, optional
        Receptor occupancy during use, fraction in [0, 1].
    max_inhibition, tau_camp_h, tau_ac_h : array_like, optional
        As in :func:`locus_coeruleus_camp`. All arguments broadcast.

    Returns
    -------
    peak_camp_relative : numpy.ndarray
        Maximum cAMP after the stop, relative to baseline (> 1 after any use).
    time_to_peak_h : numpy.ndarray
        Time from the stop to that maximum, h.

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
    >>> peak, when = withdrawal_camp_peak([24.0, 24.0 * 30])
    >>> bool(1.0 < peak[0] < peak[1] < 4.0)
    True
    """
    dur = nonnegative("use_duration_h", use_duration_h)
    occ = fraction("occupancy", occupancy)
    imax, tc, ta = _check_lc_params(max_inhibition, tau_camp_h, tau_ac_h)
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
    return peak, t_star


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


# ---------------------------------------------------------------------------
# 3. Alcohol: GABA-A / NMDA homeostat
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AlcoholParams:
    """Default parameters of the alcohol models (BAC in g/dL, time in h)."""

    #: fractional NMDA block per g/dL of alcohol (illustrative: 37.5 % block at 0.25 g/dL).
    nmda_block_per_g_dl: float = 1.5
    #: fractional GABA-A enhancement per g/dL of alcohol (illustrative: +62.5 % at 0.25 g/dL).
    gaba_enhance_per_g_dl: float = 2.5
    #: NMDA-gain adaptation time constant, h (2 days). Illustrative, chosen so that
    #: hyperexcitability subsides over ~5-7 days (Hall & Zador 1997; Becker 2008).
    tau_nmda_h: float = 48.0
    #: GABA-A-gain adaptation time constant, h (2 days). Illustrative, as above.
    tau_gaba_h: float = 48.0
    #: maximal (zero-order) elimination rate, g/dL per h: 0.015-0.02 in most
    #: drinkers, higher in heavy drinkers (Widmark 1932; Jones 2010). 0.02 chosen.
    elimination_g_per_dl_h: float = 0.02
    #: Michaelis constant of elimination, g/dL. Illustrative: small compared with
    #: intoxicating levels, so elimination is zero-order until BAC is low.
    km_g_per_dl: float = 0.01


ALCOHOL_DEFAULTS = AlcoholParams()


@dataclass(frozen=True)
class AlcoholHomeostatResult:
    """Time course of :func:`alcohol_homeostat`; arrays ``(n_times, *grid)``.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_times,)
        Output times, h.
    nmda_gain, gabaa_gain : numpy.ndarray
        Receptor-system gains relative to drug-free baseline (1).
    excitability : numpy.ndarray
        Net excitatory drive minus inhibitory drive, relative to baseline (0):
        negative = sedation, positive = withdrawal hyperexcitability.
    """

    t_h: np.ndarray
    nmda_gain: np.ndarray
    gabaa_gain: np.ndarray
    excitability: np.ndarray


def withdrawal_windows() -> pd.DataFrame:
    """Published time windows of alcohol-withdrawal signs, hours after the last drink.

    Returns
    -------
    pandas.DataFrame
        One row per sign with columns ``sign``, ``window_start_h`` and
        ``window_end_h`` (the period in which the sign typically appears),
        ``peak_start_h`` and ``peak_end_h`` (typical peak, NaN where no peak is
        given) and ``source``.

    Notes
    -----
    Typical values for uncomplicated withdrawal; individual courses vary.

    * Tremor and autonomic hyperactivity: from ~6 h, peak 24-48 h, subsiding
      over 5-7 days (Hall & Zador 1997; Becker 2008).
    * Withdrawal seizures: 7-48 h, most at 13-24 h (Victor & Adams 1953).
    * Hallucinosis: ~12-48 h (Hall & Zador 1997).
    * Delirium tremens: begins 48-96 h after the last drink (Schuckit 2014).

    References
    ----------
    Victor M, Adams RD. The effect of alcohol on the nervous system. Res Publ
    Assoc Res Nerv Ment Dis 1953;32:526-573.
    Hall W, Zador D. The alcohol withdrawal syndrome. Lancet 1997;349:1897-1900.
    Becker HC. Alcohol dependence, withdrawal, and relapse. Alcohol Res Health
    2008;31:348-361.
    Schuckit MA. Recognition and management of withdrawal delirium (delirium
    tremens). N Engl J Med 2014;371:2109-2113.

    Examples
    --------
    >>> withdrawal_windows().set_index("sign").loc["seizures", "window_end_h"]
    np.float64(48.0)
    """
    nan = np.nan
    rows = [
        ("tremor", 6.0, 168.0, 24.0, 48.0, "Hall & Zador 1997; Becker 2008"),
        ("seizures", 7.0, 48.0, 13.0, 24.0, "Victor & Adams 1953"),
        ("hallucinosis", 12.0, 48.0, nan, nan, "Hall & Zador 1997"),
        ("delirium tremens", 48.0, 96.0, nan, nan, "Schuckit 2014"),
    ]
    return pd.DataFrame(
        rows, columns=["sign", "window_start_h", "window_end_h", "peak_start_h", "peak_end_h", "source"]
    )


def _check_elimination(elimination_g_per_dl_h, km_g_per_dl):
    return positive("elimination_g_per_dl_h", elimination_g_per_dl_h), positive("km_g_per_dl", km_g_per_dl)


def bac_after_last_drink(
    t_since_h,
    bac_at_last_drink_g_per_dl,
    *,
    elimination_g_per_dl_h=ALCOHOL_DEFAULTS.elimination_g_per_dl_h,
    km_g_per_dl=ALCOHOL_DEFAULTS.km_g_per_dl,
):
    r"""Blood alcohol after the last drink with saturable (Michaelis-Menten) elimination, closed form.

    Parameters
    ----------
    t_since_h : array_like
        Time since the last drink (absorption complete), h; negative times
        return the starting BAC.
    bac_at_last_drink_g_per_dl : array_like
        BAC at the last drink, g/dL (>= 0, <= 1).
    elimination_g_per_dl_h : array_like, optional
        Maximal elimination rate V_max, g/dL per h (> 0).
    km_g_per_dl : array_like, optional
        Michaelis constant K_m, g/dL (> 0). All arguments broadcast.

    Returns
    -------
    numpy.ndarray
        BAC, g/dL.

    Notes
    -----
    :math:`dC/dt = -V_{max} C / (K_m + C)` has the solution
    :math:`C(t) = K_m\, W\!\left(\frac{C_0}{K_m} e^{(C_0 - V_{max} t)/K_m}\right)`
    (W: Lambert W function, evaluated as the Wright omega function of the
    logarithm of its argument to avoid overflow). While :math:`C \gg K_m` the decline is linear at
    :math:`V_{max}` (Widmark's zero-order elimination, 0.015-0.02 g/dL per h;
    Jones 2010), so BAC reaches ~0 about :math:`C_0/V_{max}` hours after the
    last drink (:func:`hours_to_bac`).

    References
    ----------
    Widmark EMP. Die theoretischen Grundlagen und die praktische
    Verwendbarkeit der gerichtlich-medizinischen Alkoholbestimmung. Berlin:
    Urban & Schwarzenberg; 1932.
    Jones AW. Evidence-based survey of the elimination rates of ethanol from
    blood with applications in forensic casework. Forensic Sci Int
    2010;200:1-20.

    Examples
    --------
    >>> round(float(bac_after_last_drink(5.0, 0.2)), 3)   # ~0.2 - 5 * 0.02, a little more (MM)
    0.106
    """
    t = np.maximum(as_array("t_since_h", t_since_h), 0.0)
    c0 = nonnegative("bac_at_last_drink_g_per_dl", bac_at_last_drink_g_per_dl)
    if np.any(c0 > 1.0):
        raise ValueError("bac_at_last_drink_g_per_dl must be <= 1 g/dL")
    vmax, km = _check_elimination(elimination_g_per_dl_h, km_g_per_dl)
    # C/Km = W(y_exp) with y = ln(C0/Km) + (C0 - Vmax t)/Km: the Wright omega function omega(y) = W(e^y)
    y = np.log(np.where(c0 > 0, c0, 1.0) / km) + (c0 - vmax * t) / km
    # omega(y) = e^y (1 - e^y + ...) for y << 0 (BAC < 1e-8 Km): skip the costly special function there
    y = np.asarray(y, dtype=float)
    w = np.array(np.exp(np.minimum(y, -20.0)), dtype=float, ndmin=0)
    w *= 1.0 - w
    big = y > -20.0
    w[big] = wrightomega(y[big])
    return np.where(c0 > 0, km * w, 0.0)


def hours_to_bac(
    bac_at_last_drink_g_per_dl,
    target_g_per_dl=0.001,
    *,
    elimination_g_per_dl_h=ALCOHOL_DEFAULTS.elimination_g_per_dl_h,
    km_g_per_dl=ALCOHOL_DEFAULTS.km_g_per_dl,
):
    r"""Hours from the last drink until BAC falls to ``target_g_per_dl`` (Michaelis-Menten).

    Parameters
    ----------
    bac_at_last_drink_g_per_dl : array_like
        BAC at the last drink, g/dL (> 0, <= 1).
    target_g_per_dl : array_like, optional
        BAC treated as sober, g/dL (> 0); default 0.001 g/dL.
    elimination_g_per_dl_h, km_g_per_dl : array_like, optional
        As in :func:`bac_after_last_drink`.

    Returns
    -------
    numpy.ndarray
        Time, h: :math:`[C_0 - C + K_m \ln(C_0/C)]/V_{max}` (0 if the BAC
        is already at or below the target).

    References
    ----------
    Jones AW. Forensic Sci Int 2010;200:1-20.

    Examples
    --------
    >>> round(float(hours_to_bac(0.2, 0.001, km_g_per_dl=1e-9)), 2)   # zero-order limit
    9.95
    """
    c0 = positive("bac_at_last_drink_g_per_dl", bac_at_last_drink_g_per_dl)
    if np.any(c0 > 1.0):
        raise ValueError("bac_at_last_drink_g_per_dl must be <= 1 g/dL")
    c = positive("target_g_per_dl", target_g_per_dl)
    vmax, km = _check_elimination(elimination_g_per_dl_h, km_g_per_dl)
    hours = (c0 - c + km * np.log(c0 / c)) / vmax
    return np.maximum(hours, 0.0)


def maintained_drinking_bac(
    t_h,
    drinking_days,
    plateau_bac_g_per_dl,
    *,
    elimination_g_per_dl_h=ALCOHOL_DEFAULTS.elimination_g_per_dl_h,
    km_g_per_dl=ALCOHOL_DEFAULTS.km_g_per_dl,
):
    """BAC for sustained heavy drinking at a plateau, then abrupt cessation.

    BAC is held at ``plateau_bac_g_per_dl`` from t = 0 until the last drink at
    ``24 * drinking_days`` h, then falls by :func:`bac_after_last_drink`.
    This idealises the sustained intoxication of the classic experimental
    studies of withdrawal (Isbell et al. 1955).

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing times, h.
    drinking_days : array_like
        Duration of drinking, days (> 0). Broadcasts with the plateau.
    plateau_bac_g_per_dl : array_like
        BAC maintained while drinking, g/dL (in [0, 1]).
    elimination_g_per_dl_h, km_g_per_dl : array_like, optional
        Elimination parameters, as in :func:`bac_after_last_drink`.

    Returns
    -------
    numpy.ndarray, shape (n_times, *broadcast(parameters))
        BAC, g/dL.

    References
    ----------
    Isbell H, Fraser HF, Wikler A, Belleville RE, Eisenman AJ. An experimental
    study of the etiology of "rum fits" and delirium tremens. Q J Stud Alcohol
    1955;16:1-33.

    Examples
    --------
    >>> b = maintained_drinking_bac([0.0, 24.0, 38.0], drinking_days=1.0, plateau_bac_g_per_dl=0.2)
    >>> round(float(b[0]), 3), round(float(b[1]), 3), bool(b[2] < 0.01)
    (0.2, 0.2, True)
    """
    t = increasing("t_h", t_h)
    days = positive("drinking_days", drinking_days)
    plateau = nonnegative("plateau_bac_g_per_dl", plateau_bac_g_per_dl)
    if np.any(plateau > 1.0):
        raise ValueError("plateau_bac_g_per_dl must be <= 1 g/dL")
    vmax, km = _check_elimination(elimination_g_per_dl_h, km_g_per_dl)
    shape = np.broadcast_shapes(days.shape, plateau.shape, vmax.shape, km.shape)
    tt = t.reshape((-1,) + (1,) * len(shape))
    last = 24.0 * days
    since = np.broadcast_to(tt - last, (t.size,) + shape)
    out = np.array(np.broadcast_to(plateau, (t.size,) + shape), dtype=float)
    after = since >= 0
    out[after] = bac_after_last_drink(
        since[after],
        np.broadcast_to(plateau, out.shape)[after],
        elimination_g_per_dl_h=np.broadcast_to(vmax, out.shape)[after],
        km_g_per_dl=np.broadcast_to(km, out.shape)[after],
    )
    return out


def alcohol_homeostat(
    t_h,
    bac_g_per_dl,
    *,
    nmda_block_per_g_dl=ALCOHOL_DEFAULTS.nmda_block_per_g_dl,
    gaba_enhance_per_g_dl=ALCOHOL_DEFAULTS.gaba_enhance_per_g_dl,
    tau_nmda_h=ALCOHOL_DEFAULTS.tau_nmda_h,
    tau_gaba_h=ALCOHOL_DEFAULTS.tau_gaba_h,
):
    r"""GABA-A / NMDA counter-adaptation to alcohol: sedation, tolerance and withdrawal hyperexcitability.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing output times, h; drug-free steady state at ``t_h[0]``.
    bac_g_per_dl : array_like, shape (n_times, ...)
        Blood alcohol, g/dL (>= 0), held constant over ``[t_i, t_{i+1})``
        (e.g. :func:`maintained_drinking_bac`).
    nmda_block_per_g_dl : array_like, optional
        Fractional NMDA block per g/dL, beta (>= 0, beta * max BAC < 1).
    gaba_enhance_per_g_dl : array_like, optional
        Fractional GABA-A enhancement per g/dL, epsilon (>= 0).
    tau_nmda_h, tau_gaba_h : array_like, optional
        Adaptation time constants of the NMDA and GABA-A gains, h (> 0).

    Returns
    -------
    AlcoholHomeostatResult
        Gains and excitability, ``(n_times, *grid)``.

    Notes
    -----
    With alcohol concentration c, NMDA gain N and GABA-A gain G (baseline 1):

    .. math::

        E = N(1 - \beta c) - G(1 + \varepsilon c), \qquad
        \tau_N \frac{dN}{dt} = 1 - N(1 - \beta c), \qquad
        \tau_G \frac{dG}{dt} = 1 - G(1 + \varepsilon c).

    Each receptor system is under homeostatic feedback on its own signalling:
    while alcohol is present the NMDA gain rises towards :math:`1/(1-\beta c)`
    and the GABA-A gain falls towards :math:`1/(1+\varepsilon c)`, so
    excitability returns to baseline (E = 0, tolerance). When alcohol is
    eliminated both changes are unmasked, :math:`E = N - G > 0`
    (hyperexcitability: tremor, seizures), and subside as the gains relax
    with :math:`\tau_N, \tau_G`. With the defaults the excitability peak comes
    shortly after BAC reaches ~0, inside the published seizure and tremor
    windows (:func:`withdrawal_windows`), and it has largely resolved by 5-7
    days. Each gain obeys a scalar linear ODE for constant c, so steps are
    exact. Parameter values are illustrative (:class:`AlcoholParams`).

    References
    ----------
    Becker HC. Alcohol Res Health 2008;31:348-361.
    Hall W, Zador D. Lancet 1997;349:1897-1900.
    Victor M, Adams RD. Res Publ Assoc Res Nerv Ment Dis 1953;32:526-573.

    Examples
    --------
    >>> t = np.arange(0.0, 24.0 * 21, 0.5)
    >>> bac = maintained_drinking_bac(t, drinking_days=14, plateau_bac_g_per_dl=0.25)
    >>> r = alcohol_homeostat(t, bac)
    >>> peak_h = t[np.argmax(r.excitability)] - 24 * 14
    >>> bool(7.0 <= peak_h <= 48.0)
    True
    """
    t = _time_grid(t_h)
    c = _input_on_grid("bac_g_per_dl", bac_g_per_dl, t.size)
    beta = nonnegative("nmda_block_per_g_dl", nmda_block_per_g_dl)
    eps = nonnegative("gaba_enhance_per_g_dl", gaba_enhance_per_g_dl)
    tau_n = positive("tau_nmda_h", tau_nmda_h)
    tau_g = positive("tau_gaba_h", tau_gaba_h)
    if np.any(np.max(beta) * np.max(c) >= 1.0):
        raise ValueError("nmda_block_per_g_dl * max(bac_g_per_dl) must be < 1 (NMDA block cannot reach 100 %)")
    grid = np.broadcast_shapes(c.shape[1:], beta.shape, eps.shape, tau_n.shape, tau_g.shape)
    beta_f, eps_f = _full(beta, grid), _full(eps, grid)
    neg_rate_n, neg_rate_g = _full(-1.0 / tau_n, grid), _full(-1.0 / tau_g, grid)
    h_unique, step_group = _step_groups(t)
    changed = _input_changes(c, step_group)
    nmda = np.ones(grid)
    gaba = np.ones(grid)
    out_n = np.empty((t.size,) + grid)
    out_g = np.empty_like(out_n)
    out_e = np.empty_like(out_n)
    for n in range(t.size):
        if n == t.size - 1 or changed[n]:
            drive_n = 1.0 - beta_f * c[n]
            drive_g = 1.0 + eps_f * c[n]
        out_n[n] = nmda
        out_g[n] = gaba
        out_e[n] = nmda * drive_n - gaba * drive_g
        if n == t.size - 1:
            break
        if changed[n]:
            h = h_unique[step_group[n]]
            n_inf = 1.0 / drive_n
            g_inf = 1.0 / drive_g
            decay_n = np.exp((h * neg_rate_n) * drive_n)
            decay_g = np.exp((h * neg_rate_g) * drive_g)
        nmda = n_inf + (nmda - n_inf) * decay_n
        gaba = g_inf + (gaba - g_inf) * decay_g
    return AlcoholHomeostatResult(t_h=t, nmda_gain=out_n, gabaa_gain=out_g, excitability=out_e)
