"""Allostasis: a hedonic set point that drifts with repeated intoxication and recovers slowly.

Koob & Le Moal (1997, 2001) extended the opponent-process theory: when drug
use is frequent and prolonged, the opponent (b-) process has no time to
return to baseline, and the reward system settles at a new, lower set point
(an *allostatic* state). Ahmed & Koob (1998) showed the behavioural signature:
rats given 6-h daily access to cocaine (long access, LgA) escalated their
intake over sessions, while rats given 1-h access (short access, ShA) kept a
stable intake.

The model (time in hours, hedonic state in arbitrary "hedonic units"):

* drug in the body ``x`` (infusion units), first-order elimination; each
  infusion adds one unit;
* drug effect ``a = A x`` (the a-process, instantaneous);
* opponent process ``b``, recruited by the drug effect with gain ``g`` and
  time constant ``tau_b`` (hours);
* set point ``s``: pushed down while the opponent process is strongly recruited
  (``b`` above a threshold ``theta``) and recovering towards ``s0`` with a
  slow time constant ``tau_rec`` (weeks: protracted withdrawal);
* hedonic state ``h = s + a - b``.

:func:`self_administration` closes the loop: during each access session the
animal takes an infusion whenever its hedonic state is below a fixed target
(``s0 + hedonic_target``). As the set point drifts down, more drug is needed to
reach the same target, so intake escalates - but only with long access, where
the opponent process stays above threshold for hours. :func:`session_summary`
gives intake per session and the share of the drug's effect spent merely
restoring the original baseline (negative reinforcement) rather than rising
above it (positive reinforcement).

All parameter values are illustrative: the sources give the structure and the
qualitative pattern, not rate constants. See :class:`AllostasisParams`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._data import columns_frame
from ._numerics import full, input_time_last, phi, step_groups, time_to_last
from ._validation import as_array, increasing, nonnegative, positive

__all__ = [
    "AllostasisParams",
    "ALLOSTASIS_DEFAULTS",
    "AllostasisResult",
    "session_time_grid",
    "hedonic_dynamics",
    "self_administration",
    "negative_reinforcement_fraction",
    "SessionSummary",
    "session_summary",
    "set_point_recovery",
]


@dataclass(frozen=True)
class AllostasisParams:
    """Default parameters (all illustrative; units: h, infusions, hedonic units).

    The structure follows Koob & Le Moal (2001); the values were chosen so that
    the model shows the qualitative pattern of Ahmed & Koob (1998): stable
    intake with 1-h sessions, escalation over ~10-20 daily 6-h sessions, and a
    set point that has not recovered after a month of abstinence.
    """

    #: drug effect per infusion unit in the body, hedonic units. Illustrative (normalisation).
    effect_per_infusion: float = 1.0
    #: elimination half-life of the drug, h (15 min). Illustrative, cocaine-like.
    drug_half_life_h: float = 0.25
    #: steady-state gain of the opponent process, b/a. Illustrative.
    opponent_gain: float = 0.3
    #: time constant of the opponent process, h. Illustrative.
    time_constant_opponent_h: float = 2.0
    #: opponent-process level above which the set point shifts, hedonic units. Illustrative.
    shift_threshold: float = 0.6
    #: rate of set-point shift per unit of supra-threshold opponent process, 1/h. Illustrative.
    shift_rate_per_h: float = 0.05
    #: recovery time constant of the set point, h (30 days: protracted withdrawal). Illustrative.
    time_constant_recovery_h: float = 720.0
    #: drug-naive hedonic set point s0, hedonic units (reference level).
    set_point_baseline: float = 0.0
    #: hedonic level sought by the animal, above s0, hedonic units. Illustrative.
    hedonic_target: float = 2.5


ALLOSTASIS_DEFAULTS = AllostasisParams()


@dataclass(frozen=True)
class AllostasisResult:
    """Time course of :func:`hedonic_dynamics` / :func:`self_administration`.

    Arrays are ``(*grid, n_times)`` (time last); states are recorded at each
    time *before* that time's infusions are given.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_times,)
        Times, h.
    infusions : numpy.ndarray
        Infusions given at each time (count).
    drug_level : numpy.ndarray
        Drug in the body, infusion units.
    opponent : numpy.ndarray
        Opponent (b-) process, hedonic units.
    set_point : numpy.ndarray
        Hedonic set point s, hedonic units.
    hedonic_state : numpy.ndarray
        ``s + A x - b``, hedonic units.
    """

    t_h: np.ndarray
    infusions: np.ndarray
    drug_level: np.ndarray
    opponent: np.ndarray
    set_point: np.ndarray
    hedonic_state: np.ndarray


def session_time_grid(session_starts_h, max_access_h, *, decision_step_h=1.0 / 60.0, between_step_h=1.0, end_h=None):
    """Time grid that is fine during access sessions and coarse between them.

    Parameters
    ----------
    session_starts_h : array_like, shape (n_sessions,)
        Strictly increasing session onsets, h.
    max_access_h : float
        Longest session in the grid, h (> 0); the fine grid covers
        ``[start, start + max_access_h]`` of every session.
    decision_step_h : float, optional
        Step during sessions, h (> 0): the animal decides once per step
        (default 1 min, a time-out of one step after each infusion).
    between_step_h : float, optional
        Step between sessions, h (> 0).
    end_h : float, optional
        Last time of the grid, h (default: one step past the last session's end).

    Returns
    -------
    numpy.ndarray, shape (n_times,)
        Strictly increasing times, h.

    Notes
    -----
    Ahmed & Koob (1998) gave daily sessions of 1 h (ShA) or 6 h (LgA); with
    ``max_access_h = 6`` one grid serves both groups, so a slider over access
    duration is simulated in one call.

    References
    ----------
    Ahmed SH, Koob GF. Science 1998;282:298-300.

    Examples
    --------
    >>> t = session_time_grid([0.0, 24.0], 1.0, decision_step_h=0.5, between_step_h=8.0)
    >>> t.tolist()
    [0.0, 0.5, 1.0, 9.0, 17.0, 24.0, 24.5, 25.0, 25.5]
    """
    starts = increasing("session_starts_h", np.atleast_1d(session_starts_h))
    acc = float(positive("max_access_h", max_access_h))
    fine = float(positive("decision_step_h", decision_step_h))
    coarse = float(positive("between_step_h", between_step_h))
    if starts.size > 1 and np.any(np.diff(starts) < acc):
        raise ValueError("session_starts_h must be at least max_access_h apart (sessions may not overlap)")
    last = starts[-1] + acc + fine if end_h is None else float(nonnegative("end_h", end_h))
    pieces = []
    bounds = np.append(starts, max(last, starts[-1] + acc))
    for k, start in enumerate(starts):
        stop_fine = start + acc
        n_fine = int(np.ceil(acc / fine - 1e-9))
        pieces.append(start + fine * np.arange(n_fine + 1))
        nxt = bounds[k + 1]
        if nxt > stop_fine:
            pieces.append(np.arange(stop_fine, nxt, coarse)[1:])
    pieces.append([last])
    t = np.unique(np.round(np.concatenate(pieces), 9))
    return t[t <= last + 1e-9]


def _check_params(
    effect_per_infusion,
    drug_half_life_h,
    opponent_gain,
    time_constant_opponent_h,
    shift_threshold,
    shift_rate_per_h,
    time_constant_recovery_h,
    set_point_baseline,
    hedonic_target,
):
    return dict(
        amp=positive("effect_per_infusion", effect_per_infusion),
        half=positive("drug_half_life_h", drug_half_life_h),
        gain=nonnegative("opponent_gain", opponent_gain),
        tau_b=positive("time_constant_opponent_h", time_constant_opponent_h),
        theta=nonnegative("shift_threshold", shift_threshold),
        k_shift=nonnegative("shift_rate_per_h", shift_rate_per_h),
        tau_rec=positive("time_constant_recovery_h", time_constant_recovery_h),
        s0=as_array("set_point_baseline", set_point_baseline),
        target=as_array("hedonic_target", hedonic_target),
    )


def _simulate(t, p, grid, infusions=None, in_session=None):
    """Shared stepper: exact for drug and opponent, trapezoidal drive for the set point."""
    k_el = np.log(2.0) / p["half"]
    kb = 1.0 / p["tau_b"]
    h_unique, step_group = step_groups(t)
    coef = []
    for h in h_unique:
        er = np.exp(-h / p["tau_rec"])
        coef.append(
            tuple(
                full(c, grid)
                for c in (
                    np.exp(-k_el * h),
                    np.exp(-kb * h),
                    kb * p["gain"] * p["amp"] * phi(kb, k_el, h),
                    er,
                    -0.5 * p["k_shift"] * p["tau_rec"] * (1.0 - er),
                )
            )
        )
    amp, theta, s0 = full(p["amp"], grid), full(p["theta"], grid), full(p["s0"], grid)
    goal = s0 + full(p["target"], grid)
    x = np.zeros(grid)
    b = np.zeros(grid)
    s = s0.copy()
    shape = (t.size,) + grid
    out_inf = np.empty(shape)
    out_x, out_b, out_s, out_h = (np.empty(shape) for _ in range(4))
    drive = np.maximum(b - theta, 0.0)
    for n in range(t.size):
        hed = s + amp * x - b
        out_x[n], out_b[n], out_s[n], out_h[n] = x, b, s, hed
        if in_session is not None:
            give = in_session[n] & (hed < goal)
            out_inf[n] = give
            x = x + give
        else:
            out_inf[n] = infusions[n]
            x = x + infusions[n]
        if n == t.size - 1:
            break
        ex, eb, cb, er, cs = coef[step_group[n]]
        b = eb * b + cb * x
        x = ex * x
        new_drive = np.maximum(b - theta, 0.0)
        s = s0 + (s - s0) * er + cs * (drive + new_drive)
        drive = new_drive
    return AllostasisResult(
        t_h=t,
        infusions=time_to_last(out_inf),
        drug_level=time_to_last(out_x),
        opponent=time_to_last(out_b),
        set_point=time_to_last(out_s),
        hedonic_state=time_to_last(out_h),
    )


_DOC_PARAMS = """effect_per_infusion : array_like, optional
        Drug effect A per infusion unit in the body, hedonic units (> 0).
    drug_half_life_h : array_like, optional
        Elimination half-life of the drug, h (> 0).
    opponent_gain : array_like, optional
        Steady-state gain g of the opponent process (>= 0).
    time_constant_opponent_h : array_like, optional
        Time constant of the opponent process, h (> 0).
    shift_threshold : array_like, optional
        Opponent level theta above which the set point shifts (>= 0).
    shift_rate_per_h : array_like, optional
        Rate k_shift of set-point shift per unit supra-threshold opponent, 1/h (>= 0).
    time_constant_recovery_h : array_like, optional
        Recovery time constant of the set point, h (> 0).
    set_point_baseline : array_like, optional
        Drug-naive set point s0, hedonic units.
    hedonic_target : array_like, optional
        Target hedonic level above s0, hedonic units (used by
        :func:`self_administration`)."""


def hedonic_dynamics(
    t_h,
    infusions,
    *,
    effect_per_infusion=ALLOSTASIS_DEFAULTS.effect_per_infusion,
    drug_half_life_h=ALLOSTASIS_DEFAULTS.drug_half_life_h,
    opponent_gain=ALLOSTASIS_DEFAULTS.opponent_gain,
    time_constant_opponent_h=ALLOSTASIS_DEFAULTS.time_constant_opponent_h,
    shift_threshold=ALLOSTASIS_DEFAULTS.shift_threshold,
    shift_rate_per_h=ALLOSTASIS_DEFAULTS.shift_rate_per_h,
    time_constant_recovery_h=ALLOSTASIS_DEFAULTS.time_constant_recovery_h,
    set_point_baseline=ALLOSTASIS_DEFAULTS.set_point_baseline,
    hedonic_target=ALLOSTASIS_DEFAULTS.hedonic_target,
):
    r"""Hedonic state, opponent process and set point for a given infusion schedule (open loop).

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing times, h; the system is drug-naive at ``t_h[0]``.
    infusions : array_like, shape (..., n_times)
        Infusions (>= 0, infusion units) given at each time; time is the last
        axis, leading axes form a grid with the parameters.
    {params}

    Returns
    -------
    AllostasisResult
        ``(*grid, n_times)`` arrays; states recorded before each time's infusions.

    Notes
    -----
    .. math::

        \frac{dx}{dt} = -k_{el} x + \sum_i \delta(t - t_i)\,n_i, \qquad
        \tau_b \frac{db}{dt} = g A x - b,

        \frac{ds}{dt} = -k_{shift} \max(b - \theta, 0) + \frac{s_0 - s}{\tau_{rec}}, \qquad
        h = s + A x - b .

    Drug and opponent are integrated exactly between grid points (linear
    ODEs); the set point is integrated exactly for its linear recovery with
    the threshold drive averaged over the step by the trapezoidal rule
    (second order; the drive changes on the time scale of ``tau_b``, the set
    point on that of ``tau_rec``). The opponent is recruited by the drug as in
    Solomon & Corbit (1974); the set point drifts only when the opponent is
    strongly and persistently recruited (threshold), Koob & Le Moal's (2001)
    condition for an allostatic state. Parameters are illustrative
    (:class:`AllostasisParams`).

    References
    ----------
    Koob GF, Le Moal M. Drug abuse: hedonic homeostatic dysregulation. Science
    1997;278:52-58.
    Koob GF, Le Moal M. Drug addiction, dysregulation of reward, and
    allostasis. Neuropsychopharmacology 2001;24:97-129.
    Solomon RL, Corbit JD. Psychol Rev 1974;81:119-145.

    Examples
    --------
    >>> t = np.linspace(0.0, 10.0, 601)
    >>> n = np.zeros_like(t); n[0] = 5.0
    >>> r = hedonic_dynamics(t, n)
    >>> bool(r.hedonic_state[1] > 4.0), bool(r.hedonic_state[-1] < 0.0)   # high, then after-reaction
    (True, True)
    """
    t = increasing("t_h", t_h)
    if t.size < 2:
        raise ValueError(f"t_h must hold at least 2 times, got {t.size}")
    inf = input_time_last("infusions", infusions, t.size)  # (n_times, *grid) inside
    p = _check_params(
        effect_per_infusion,
        drug_half_life_h,
        opponent_gain,
        time_constant_opponent_h,
        shift_threshold,
        shift_rate_per_h,
        time_constant_recovery_h,
        set_point_baseline,
        hedonic_target,
    )
    grid = np.broadcast_shapes(inf.shape[1:], *(v.shape for v in p.values()))
    return _simulate(t, p, grid, infusions=inf)


hedonic_dynamics.__doc__ = hedonic_dynamics.__doc__.replace("{params}", _DOC_PARAMS)


def self_administration(
    t_h,
    session_starts_h,
    access_h,
    *,
    effect_per_infusion=ALLOSTASIS_DEFAULTS.effect_per_infusion,
    drug_half_life_h=ALLOSTASIS_DEFAULTS.drug_half_life_h,
    opponent_gain=ALLOSTASIS_DEFAULTS.opponent_gain,
    time_constant_opponent_h=ALLOSTASIS_DEFAULTS.time_constant_opponent_h,
    shift_threshold=ALLOSTASIS_DEFAULTS.shift_threshold,
    shift_rate_per_h=ALLOSTASIS_DEFAULTS.shift_rate_per_h,
    time_constant_recovery_h=ALLOSTASIS_DEFAULTS.time_constant_recovery_h,
    set_point_baseline=ALLOSTASIS_DEFAULTS.set_point_baseline,
    hedonic_target=ALLOSTASIS_DEFAULTS.hedonic_target,
):
    r"""Drug self-administration that defends a hedonic target: escalation with long access.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing times, h (e.g. :func:`session_time_grid`); the
        animal decides once per grid point inside a session.
    session_starts_h : array_like, shape (n_sessions,)
        Strictly increasing onsets of the access sessions, h.
    access_h : array_like
        Session length, h (> 0): 1 for short access (ShA), 6 for long access
        (LgA) as in Ahmed & Koob (1998). Broadcasts with the parameters.
    {params}

    Returns
    -------
    AllostasisResult
        ``(*grid, n_times)`` arrays, with the infusions the model chose.

    Notes
    -----
    Intake rule: at each grid time inside a session the animal takes one
    infusion if its hedonic state is below the target,
    :math:`h < s_0 + \Delta` (``hedonic_target``); then
    :func:`hedonic_dynamics` advances the state. The target is fixed relative
    to the *drug-naive* set point, so when the set point s has drifted down the
    drug must supply :math:`s_0 + \Delta - s + b`: the "increase in hedonic
    set point" for drug that Ahmed & Koob (1998) inferred from escalation, and
    the reward-threshold elevation (allostatic state) of Koob & Le Moal (2001).
    In 1-h sessions the opponent process never reaches the shift threshold and
    intake stays stable; in 6-h sessions it stays above threshold for hours,
    the set point falls from session to session and intake (including the
    first hour, as in Ahmed & Koob 1998, Fig. 2) escalates. Parameters are
    illustrative.

    References
    ----------
    Ahmed SH, Koob GF. Transition from moderate to excessive drug intake:
    change in hedonic set point. Science 1998;282:298-300.
    Koob GF, Le Moal M. Neuropsychopharmacology 2001;24:97-129.

    Examples
    --------
    >>> starts = 24.0 * np.arange(3)
    >>> t = session_time_grid(starts, 6.0)
    >>> r = self_administration(t, starts, access_h=[1.0, 6.0])
    >>> r.infusions.shape[:-1]          # the grid; time is the last axis
    (2,)
    """
    t = increasing("t_h", t_h)
    if t.size < 2:
        raise ValueError(f"t_h must hold at least 2 times, got {t.size}")
    starts = increasing("session_starts_h", np.atleast_1d(session_starts_h))
    acc = positive("access_h", access_h)
    p = _check_params(
        effect_per_infusion,
        drug_half_life_h,
        opponent_gain,
        time_constant_opponent_h,
        shift_threshold,
        shift_rate_per_h,
        time_constant_recovery_h,
        set_point_baseline,
        hedonic_target,
    )
    grid = np.broadcast_shapes(acc.shape, *(v.shape for v in p.values()))
    k = np.searchsorted(starts, t + 1e-9, side="right") - 1
    since = t - starts[np.maximum(k, 0)]
    since = np.where(k >= 0, since, -1.0).reshape((-1,) + (1,) * len(grid))
    in_session = np.ascontiguousarray(np.broadcast_to((since >= -1e-9) & (since < acc - 1e-9), (t.size,) + grid))
    return _simulate(t, p, grid, in_session=in_session)


self_administration.__doc__ = self_administration.__doc__.replace("{params}", _DOC_PARAMS)


def negative_reinforcement_fraction(drug_effect, opponent, set_point, set_point_baseline=0.0):
    r"""Share of a drug effect spent restoring the drug-naive baseline (negative reinforcement).

    Parameters
    ----------
    drug_effect : array_like
        Drug effect a present after the infusion, hedonic units (>= 0).
    opponent : array_like
        Opponent process b at that time, hedonic units (>= 0).
    set_point : array_like
        Current set point s, hedonic units.
    set_point_baseline : array_like, optional
        Drug-naive set point s0, hedonic units. All arguments broadcast.

    Returns
    -------
    numpy.ndarray
        Fraction in [0, 1]:
        :math:`\min(a, \max(s_0 - (s - b), 0)) / a` (0 where a = 0). The
        rest, :math:`1 -` this, lifts the hedonic state above the original
        baseline (positive reinforcement).

    Notes
    -----
    Koob & Le Moal (2001) describe the transition from impulsive use driven
    by positive reinforcement to compulsive use driven by negative
    reinforcement (relief of the dysphoria of the allostatic state). Here the
    deficit below the drug-naive baseline is :math:`s_0 - (s - b)` (drift of
    the set point plus the opponent process); the part of the drug effect
    that only fills that deficit is counted as negative reinforcement.

    References
    ----------
    Koob GF, Le Moal M. Neuropsychopharmacology 2001;24:97-129.

    Examples
    --------
    >>> negative_reinforcement_fraction([2.0, 2.0], [0.0, 0.5], [0.0, -1.0]).tolist()
    [0.0, 0.75]
    """
    a = nonnegative("drug_effect", drug_effect)
    b = nonnegative("opponent", opponent)
    s = as_array("set_point", set_point)
    s0 = as_array("set_point_baseline", set_point_baseline)
    deficit = np.maximum(s0 - (s - b), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(a > 0, np.minimum(deficit, a) / np.where(a > 0, a, 1.0), 0.0)
    return share


@dataclass(frozen=True)
class SessionSummary:
    """Intake per session (:func:`session_summary`); one entry per session and grid point.

    Attributes
    ----------
    session : numpy.ndarray of int
        Session number, 1-based.
    grid_index : numpy.ndarray of int
        Grid point (grid flattened in C order).
    infusions_total, infusions_first_hour : numpy.ndarray
        Infusions in the session and in its first hour (count).
    set_point_at_start : numpy.ndarray
        Set point at the start of the session, hedonic units.
    negative_reinforcement_fraction : numpy.ndarray
        Mean share of the session's infusions spent restoring the drug-naive
        baseline (NaN if none were taken).
    """

    session: np.ndarray
    grid_index: np.ndarray
    infusions_total: np.ndarray
    infusions_first_hour: np.ndarray
    set_point_at_start: np.ndarray
    negative_reinforcement_fraction: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Long format, one row per session and grid point, one column per attribute."""
        return columns_frame(self)


def session_summary(result, session_starts_h, *, first_hour_h=1.0, set_point_baseline=0.0, effect_per_infusion=1.0):
    """Intake per session, first-hour intake and negative-reinforcement share (tidy).

    Parameters
    ----------
    result : AllostasisResult
        From :func:`self_administration` (or :func:`hedonic_dynamics`).
    session_starts_h : array_like, shape (n_sessions,)
        Session onsets used in the simulation, h.
    first_hour_h : float, optional
        Length of the early window counted separately, h (Ahmed & Koob 1998
        report intake in the first hour of each session).
    set_point_baseline, effect_per_infusion : float, optional
        The values used in the simulation (for the negative-reinforcement share).

    Returns
    -------
    SessionSummary
        One entry per session and grid point (grid flattened in C order;
        ``.to_frame()`` gives a table):
        ``session`` (1-based), ``grid_index``, ``infusions_total``,
        ``infusions_first_hour``, ``set_point_at_start`` (hedonic units) and
        ``negative_reinforcement_fraction`` (mean over the session's
        infusions; NaN if none were taken).

    References
    ----------
    Ahmed SH, Koob GF. Science 1998;282:298-300.

    Examples
    --------
    >>> starts = 24.0 * np.arange(2)
    >>> t = session_time_grid(starts, 1.0)
    >>> df = session_summary(self_administration(t, starts, 1.0), starts)
    >>> df.session.tolist()
    [1, 2]
    """
    starts = increasing("session_starts_h", np.atleast_1d(session_starts_h))
    early = float(positive("first_hour_h", first_hour_h))
    t = result.t_h
    n_t = t.size
    # (n_times, n_grid) views of the (*grid, n_times) results
    inf = result.infusions.reshape(-1, n_t).T
    share = (
        negative_reinforcement_fraction(
            effect_per_infusion * (result.drug_level + result.infusions),
            result.opponent,
            result.set_point,
            set_point_baseline,
        )
        .reshape(-1, n_t)
        .T
    )
    s_pts = result.set_point.reshape(-1, n_t).T
    ends = np.append(starts[1:], np.inf)
    frames = []
    for k, (start, end) in enumerate(zip(starts, ends)):
        window = (t >= start - 1e-9) & (t < end - 1e-9)
        first = window & (t < start + early - 1e-9)
        total = inf[window].sum(axis=0)
        weighted = (inf[window] * share[window]).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            frac = np.where(total > 0, weighted / np.where(total > 0, total, 1.0), np.nan)
        i0 = int(np.searchsorted(t, start - 1e-9))
        frames.append(
            pd.DataFrame(
                {
                    "session": k + 1,
                    "grid_index": np.arange(inf.shape[1]),
                    "infusions_total": total,
                    "infusions_first_hour": inf[first].sum(axis=0),
                    "set_point_at_start": s_pts[min(i0, n_t - 1)],
                    "negative_reinforcement_fraction": frac,
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    return SessionSummary(**{name: table[name].to_numpy() for name in SessionSummary.__dataclass_fields__})


def set_point_recovery(
    t_since_stop_h,
    set_point_at_stop,
    *,
    set_point_baseline=0.0,
    time_constant_recovery_h=ALLOSTASIS_DEFAULTS.time_constant_recovery_h,
):
    r"""Protracted withdrawal: recovery of the set point after cessation, closed form.

    Parameters
    ----------
    t_since_stop_h : array_like
        Time since the opponent process fell below the shift threshold
        (hours after the last session), h (>= 0).
    set_point_at_stop : array_like
        Set point at that time, hedonic units.
    set_point_baseline : array_like, optional
        Drug-naive set point s0, hedonic units.
    time_constant_recovery_h : array_like, optional
        Recovery time constant, h (> 0); illustrative default 30 days.

    Returns
    -------
    numpy.ndarray
        :math:`s(t) = s_0 + (s_{stop} - s_0)\, e^{-t/\tau_{rec}}`, hedonic units.

    Notes
    -----
    With no drug the opponent process decays within hours and the set point
    relaxes monotonically to its baseline with the slow time constant: the
    long tail of dysphoria and anhedonia of protracted withdrawal (Koob & Le
    Moal 2001). The time constant is illustrative.

    References
    ----------
    Koob GF, Le Moal M. Neuropsychopharmacology 2001;24:97-129.

    Examples
    --------
    >>> round(float(set_point_recovery(720.0, -1.0)), 4)
    -0.3679
    """
    t = nonnegative("t_since_stop_h", t_since_stop_h)
    s_stop = as_array("set_point_at_stop", set_point_at_stop)
    s0 = as_array("set_point_baseline", set_point_baseline)
    tau = positive("time_constant_recovery_h", time_constant_recovery_h)
    return s0 + (s_stop - s0) * np.exp(-t / tau)
