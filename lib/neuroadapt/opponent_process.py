"""The opponent-process theory of motivation (Solomon & Corbit 1974).

A fast a-process follows the stimulus (the drug); a sluggish b-process is
recruited by the a-process; net affect is ``a - b``. The gain of the b-process
grows with closely spaced use and relaxes with disuse, so the peak of the
effect shrinks (tolerance) and the after-reaction deepens (withdrawal).

The same principle - a slow process opposes a drug's effect, balances it while
the drug is present, and is left unopposed when the drug stops - has two
mechanistic instances in their own modules: :mod:`neuroadapt.locus_coeruleus`
(opioids and the cAMP pathway) and :mod:`neuroadapt.alcohol` (GABA-A / NMDA
counter-adaptation).

Numerical method
----------------
The stimulus is sampled on the output time grid and held constant over each
interval ``[t_i, t_{i+1})`` (zero-order hold). Over such an interval the model
has a closed-form solution, so the simulator takes *exact* steps (see
:func:`solomon_corbit`); the tests compare it with
:func:`scipy.integrate.solve_ivp` at ``rtol=1e-10``.

Parameter values are illustrative; :class:`SolomonCorbitParams` says so for each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._numerics import chi, full, input_time_last, phi, step_groups, time_grid, time_to_last
from ._validation import increasing, nonnegative, positive

__all__ = [
    "SolomonCorbitParams",
    "SOLOMON_CORBIT_DEFAULTS",
    "SolomonCorbitResult",
    "stimulus_train",
    "solomon_corbit",
    "ExposureSummary",
    "exposure_summary",
]


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
    time_constant_a_process_h: float = 0.05
    #: b-process time constant, h (15 min: "sluggish", tau_b >> tau_a). Illustrative.
    time_constant_b_process_h: float = 0.25
    #: b-process gain of a naive subject (b/a at steady state). Illustrative.
    gain_baseline: float = 0.2
    #: growth of the b-process gain per unit a-process per hour, 1/h. Illustrative.
    gain_growth_per_h: float = 0.15
    #: relaxation time constant of the gain with disuse, h (2 days). Illustrative.
    time_constant_gain_h: float = 48.0


SOLOMON_CORBIT_DEFAULTS = SolomonCorbitParams()


@dataclass(frozen=True)
class SolomonCorbitResult:
    """Time course of :func:`solomon_corbit`; arrays shaped ``(*grid, n_times)`` (time last).

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


def stimulus_train(t_h, n_exposures, dosing_interval_h, duration_h, *, start_h=0.0, intensity=1.0):
    r"""Rectangular stimulus pulses (drug exposures) sampled on a time grid.

    Exposure ``k`` (k = 0, ..., n_exposures - 1) is on for
    ``start_h + k * dosing_interval_h <= t < start_h + k * dosing_interval_h + duration_h``.
    The value at ``t_i`` is held over ``[t_i, t_{i+1})`` by the simulators, so
    choose grids on which onsets and offsets fall on grid points.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing times, h.
    n_exposures : array_like
        Number of exposures (> 0). Broadcasts with the other parameters.
    dosing_interval_h : array_like
        Time from one onset to the next, h (> 0).
    duration_h : array_like
        Duration of each exposure, h (> 0, <= dosing_interval_h).
    start_h : array_like, optional
        Onset of the first exposure, h.
    intensity : array_like, optional
        Stimulus level while on (>= 0), in units of the a-process input.

    Returns
    -------
    numpy.ndarray, shape (*broadcast(parameters), n_times)
        Stimulus level (``intensity`` while on, 0 while off).

    Notes
    -----
    :math:`u(t) = I` if :math:`0 \le (t - t_0) - k T < d` for some
    :math:`k < n`, else 0 (``T = dosing_interval_h``, ``d = duration_h``). Closely
    spaced exposures (T short compared with the b-process gain's decay) are
    what strengthens the opponent process in Solomon & Corbit (1974).

    References
    ----------
    Solomon RL, Corbit JD. An opponent-process theory of motivation: I. Temporal
    dynamics of affect. Psychol Rev 1974;81:119-145.

    Examples
    --------
    >>> t = np.arange(0.0, 13.0, 1.0)
    >>> stimulus_train(t, n_exposures=2, dosing_interval_h=6.0, duration_h=2.0).tolist()
    [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    t = increasing("t_h", t_h)
    n = positive("n_exposures", n_exposures)
    interval = positive("dosing_interval_h", dosing_interval_h)
    duration = positive("duration_h", duration_h)
    start = nonnegative("start_h", start_h)
    level = nonnegative("intensity", intensity)
    if np.any(np.broadcast_to(duration, np.broadcast_shapes(duration.shape, interval.shape)) > interval):
        raise ValueError("duration_h must be <= dosing_interval_h (exposures may not overlap)")
    shape = np.broadcast_shapes(n.shape, interval.shape, duration.shape, start.shape, level.shape)
    n, interval, duration, start, level = (x[..., None] for x in (n, interval, duration, start, level))
    since = t - start
    k = np.floor(since / interval + 1e-9)
    phase = since - k * interval
    eps = 1e-9 * np.maximum(interval, 1.0)
    on = (since >= -eps) & (k < n - 1e-9) & (phase < duration - eps)
    return np.broadcast_to(on * level, shape + (t.size,)).astype(float)


def solomon_corbit(
    t_h,
    stimulus,
    *,
    a_gain=SOLOMON_CORBIT_DEFAULTS.a_gain,
    time_constant_a_process_h=SOLOMON_CORBIT_DEFAULTS.time_constant_a_process_h,
    time_constant_b_process_h=SOLOMON_CORBIT_DEFAULTS.time_constant_b_process_h,
    gain_baseline=SOLOMON_CORBIT_DEFAULTS.gain_baseline,
    gain_growth_per_h=SOLOMON_CORBIT_DEFAULTS.gain_growth_per_h,
    time_constant_gain_h=SOLOMON_CORBIT_DEFAULTS.time_constant_gain_h,
):
    r"""Opponent-process dynamics of affect (Solomon & Corbit 1974), with a use-dependent b-process.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing output times, h. The system starts at rest at
        ``t_h[0]`` (a = b = 0, gain = ``gain_baseline``).
    stimulus : array_like, shape (..., n_times)
        Stimulus (drug) level u >= 0, held constant over ``[t_i, t_{i+1})``;
        e.g. from :func:`stimulus_train`. Time is the last axis; leading axes form a grid.
    a_gain : array_like, optional
        a-process amplitude A per unit stimulus, affect units (> 0).
    time_constant_a_process_h, time_constant_b_process_h : array_like, optional
        Time constants of the a- and b-process, h (> 0).
    gain_baseline : array_like, optional
        Gain g0 of the b-process before any use (>= 0).
    gain_growth_per_h : array_like, optional
        Growth rate eta of the gain per unit a-process, 1/(affect unit h) (>= 0).
    time_constant_gain_h : array_like, optional
        Time constant with which the gain relaxes to g0 in disuse, h (> 0).
        All parameters broadcast against the stimulus's leading (grid) axes.

    Returns
    -------
    SolomonCorbitResult
        a, b, gain and net affect, each ``(*grid, n_times)``.

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
    dynamics"). Closely spaced exposures (interval << ``time_constant_gain_h``) let the
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
    >>> u = stimulus_train(t, n_exposures=1, dosing_interval_h=4.0, duration_h=1.0)
    >>> r = solomon_corbit(t, u)
    >>> bool(r.net_affect.max() > 0.8), bool(r.net_affect.min() < 0)
    (True, True)
    """
    t = time_grid(t_h)
    u = input_time_last("stimulus", stimulus, t.size)  # (n_times, *grid) inside
    amp = positive("a_gain", a_gain)
    tau_a = positive("time_constant_a_process_h", time_constant_a_process_h)
    tau_b = positive("time_constant_b_process_h", time_constant_b_process_h)
    g0 = nonnegative("gain_baseline", gain_baseline)
    eta = nonnegative("gain_growth_per_h", gain_growth_per_h)
    tau_g = positive("time_constant_gain_h", time_constant_gain_h)
    pshape = np.broadcast_shapes(amp.shape, tau_a.shape, tau_b.shape, g0.shape, eta.shape, tau_g.shape)
    grid = np.broadcast_shapes(u.shape[1:], pshape)

    ka, kb, kg = 1.0 / tau_a, 1.0 / tau_b, 1.0 / tau_g
    e_gain = eta * tau_g  # steady-state gain increase per unit a-process
    h_unique, step_group = step_groups(t)
    coef = []
    for h in h_unique:
        # exact convolutions of the step; see Notes
        c0 = kb * phi(kb, 0.0, h)  # g_inf * a_inf
        c1 = kb * phi(kb, ka, h)  # g_inf * alpha
        c2 = kb * phi(kb, kg, h)  # (g - g_inf) * a_inf
        c3 = kb * phi(kb, ka + kg, h)  # (g - g_inf) * alpha
        c4 = kb * eta * chi(kb, kg, ka, h)  # alpha * a_inf
        c5 = kb * eta * chi(kb, kg + ka, 2.0 * ka, h)  # alpha ** 2
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
            eta * phi(kg, ka, h),  # gg: alpha
            np.exp(-ka * h),  # a
        )
        coef.append(tuple(full(x, grid) for x in c))
    amp_f, g0_f = full(amp, grid), full(g0, grid)

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
    return SolomonCorbitResult(
        t_h=t,
        a_process=time_to_last(out_a),
        b_process=time_to_last(out_b),
        b_gain=time_to_last(out_g),
        net_affect=time_to_last(out_net),
    )


@dataclass(frozen=True)
class ExposureSummary:
    """Peak and after-reaction of every exposure (:func:`exposure_summary`); one entry per exposure and grid point.

    Attributes
    ----------
    grid_index : numpy.ndarray of int
        Grid point (grid flattened in C order).
    exposure : numpy.ndarray of int
        Exposure number, 0-based.
    onset_h : numpy.ndarray
        Onset of the exposure, h.
    peak_net_affect : numpy.ndarray
        Maximum net affect from onset to offset.
    trough_net_affect : numpy.ndarray
        Minimum net affect from offset to the next onset or the end (the
        after-reaction, < 0 in withdrawal; NaN if the exposure never ends).
    """

    grid_index: np.ndarray
    exposure: np.ndarray
    onset_h: np.ndarray
    peak_net_affect: np.ndarray
    trough_net_affect: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Long format: columns ``grid_index``, ``exposure``, ``onset_h``, ``peak_net_affect``, ``trough_net_affect``."""
        return pd.DataFrame(
            {
                "grid_index": self.grid_index,
                "exposure": self.exposure,
                "onset_h": self.onset_h,
                "peak_net_affect": self.peak_net_affect,
                "trough_net_affect": self.trough_net_affect,
            }
        )


def exposure_summary(t_h, stimulus, net_affect) -> ExposureSummary:
    """Peak effect and after-reaction of every exposure: the tolerance/withdrawal read-out.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Output times, h.
    stimulus : array_like, shape (..., n_times)
        The stimulus given to :func:`solomon_corbit` (exposure = a run of
        positive values).
    net_affect : array_like, shape (..., n_times)
        Net affect from :func:`solomon_corbit` (same shape, or broadcastable).

    Returns
    -------
    ExposureSummary
        One entry per exposure and grid point (grid flattened in C order):
        ``grid_index``, ``exposure`` (0-based), ``onset_h``, ``peak_net_affect``
        (maximum from onset to offset) and ``trough_net_affect`` (minimum from
        offset to the next onset or the end: the after-reaction, < 0 in
        withdrawal); ``.to_frame()`` gives a table.

    References
    ----------
    Solomon RL, Corbit JD. Psychol Rev 1974;81:119-145 (peak, adaptation,
    after-reaction).

    Examples
    --------
    >>> t = np.linspace(0.0, 24.0, 481)
    >>> u = stimulus_train(t, n_exposures=2, dosing_interval_h=12.0, duration_h=1.0)
    >>> df = exposure_summary(t, u, solomon_corbit(t, u).net_affect)
    >>> df.exposure.tolist()
    [0, 1]
    """
    t = time_grid(t_h)
    u = input_time_last("stimulus", stimulus, t.size)
    net = input_time_last("net_affect", net_affect, t.size, check=lambda name, v: np.asarray(v, dtype=float))
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
    cols = list(zip(*rows)) if rows else [(), (), (), (), ()]
    return ExposureSummary(
        grid_index=np.asarray(cols[0], dtype=int),
        exposure=np.asarray(cols[1], dtype=int),
        onset_h=np.asarray(cols[2], dtype=float),
        peak_net_affect=np.asarray(cols[3], dtype=float),
        trough_net_affect=np.asarray(cols[4], dtype=float),
    )
