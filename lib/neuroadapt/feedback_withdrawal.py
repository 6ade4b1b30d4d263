"""Withdrawal from a feedback loop: after the last dose, and after each step of a taper.

After the last dose (:func:`withdrawal_after_last_dose`, :func:`withdrawal_timing`;
the page *Physiology and pharmacokinetics*), the drug level falls first-order; an
opponent adaptation built up on the drug (gain g, time constant tau) is left
unopposed and relaxes; a regulated signal follows the net action with its own
turnover, so the symptom lags. The core - the adaptation after the last dose,
:func:`adaptation_after_last_dose` - is shared with
:func:`neuroadapt.discontinuation.withdrawal_course`, which is this model without
the signal's turnover (kout -> infinity) and without a threshold: the shape
model of the page *Rebound, withdrawal and relapse*.

.. math::

    \\tau \\frac{dA}{dt} = g\\, d(t) - A, \\quad A(0) = g, \\qquad
    \\frac{dS}{dt} = k_{out}\\,(d - A - S), \\quad S(0) = 1 - g, \\qquad
    d(t) = 2^{-t/t_{1/2}},

and withdrawal is the sag :math:`\\max(-S, 0)/g`. The after-last-dose parameters
(:class:`FeedbackWithdrawalParams`) are illustrative: g and tau are the book's
defaults for the counter-adaptation, and k_out and the threshold were
calibrated (issue 11) so that, with the drug table's half-lives, onset, peak and
duration fall inside the published ranges of every drug the book shows
(``tests/lib/test_withdrawal_calibration.py``).

After each step of a taper (:func:`taper_step_rebound`; the page *Designing
tapers*), a dose schedule held step by step drives the moderator model of
pharmacodynamic tolerance (Gabrielsson & Peletier 2008;
:func:`neuroadapt.tolerance.moderator_model`): a regulated signal R whose
production the drug stimulates, and a slow counter-adaptation M,

.. math::

    \\frac{dR}{dt} = \\frac{k_{in}(1 + E(t))}{M} - k_{out} R, \\qquad
    \\frac{dM}{dt} = k_{tol}(R - M), \\qquad
    E = \\frac{E_{max} C}{EC_{50} + C}, \\qquad k_{in} = k_{out},

so the drug-free baseline is R = M = 1 and the steady state under a constant
action E is :math:`R = M = \\sqrt{1 + E}`
(:func:`neuroadapt.tolerance.moderator_steady_state`). Its parameters are
illustrative too. Teaching material, not medical advice.

References
----------
Gabrielsson J, Peletier LA. A flexible nonlinear feedback system that
captures diverse patterns of adaptation and rebound. AAPS J 2008;10:70-83.
Kosten TR, O'Connor PG. Management of drug and alcohol withdrawal. N Engl J
Med 2003;348:1786-1795.
Solomon RL, Corbit JD. An opponent-process theory of motivation. Psychol Rev
1974;81:119-145.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._data import read_table
from ._validation import fraction, increasing, nonnegative, positive
from .tolerance import moderator_model, moderator_steady_state

__all__ = [
    "FeedbackWithdrawalParams",
    "FEEDBACK_WITHDRAWAL_DEFAULTS",
    "FEEDBACK_MECHANISM",
    "WithdrawalAfterLastDoseResult",
    "WithdrawalTimingResult",
    "adaptation_after_last_dose",
    "withdrawal_after_last_dose",
    "withdrawal_timing",
    "taper_step_rebound",
]

#: The drug raises the regulated signal (as an SSRI raises synaptic serotonin);
#: the moderator turns production down; withdrawal is the sag below the new level.
FEEDBACK_MECHANISM = "stimulate_production"
LN2 = float(np.log(2.0))


def _after_last_dose_parameter(quantity: str) -> float:
    """One default of the after-last-dose model from ``data/withdrawal_model_parameters.csv``."""
    table = read_table("withdrawal_model_parameters.csv", numeric=("value",))
    row = table[(table["model"] == "after_last_dose") & (table["quantity"] == quantity)]
    return float(row["value"].iloc[0])


@dataclass(frozen=True)
class FeedbackWithdrawalParams:
    """Parameters of the feedback-withdrawal models (all illustrative).

    After the last dose (:func:`withdrawal_after_last_dose`): an opponent
    adaptation with the book's default gain and time constant (the same as
    :func:`neuroadapt.discontinuation.withdrawal_course`), a regulated signal
    whose turnover delays the symptom, and a threshold. The last three were
    calibrated together (issue 11) so that, with the drug table's half-lives,
    onset, peak and duration fall inside the table's published ranges for
    every drug the book shows (``tests/lib/test_withdrawal_calibration.py``);
    they are not measured values. The four after-last-dose defaults are read
    from ``data/withdrawal_model_parameters.csv`` (status "illustrative", with
    a note on each). The taper model (:func:`taper_step_rebound`)
    uses the moderator loop of Gabrielsson & Peletier (2008) with
    ``turnover_rate_per_h`` and ``tolerance_rate_per_h``.
    """

    #: taper model: fractional turnover rate of the regulated signal, 1/h (half-life about 7 h).
    turnover_rate_per_h: float = 0.1
    #: taper model: rate constant of the moderator, 1/h.
    tolerance_rate_per_h: float = 0.005
    #: fraction of the drug's action cancelled by the adaptation at steady state on the drug
    #: (the book's default counter-adaptation gain; DiscontinuationParams.adaptation_gain).
    adaptation_gain: float = _after_last_dose_parameter("adaptation_gain")
    #: time constant of the opponent adaptation, h (5 days; DiscontinuationParams.time_constant_adaptation_d).
    adaptation_time_constant_h: float = _after_last_dose_parameter("adaptation_time_constant_h")
    #: fractional turnover rate of the regulated signal after the last dose, 1/h (half-life
    #: about 20 h): the delay between the net drug action and the symptom. Calibrated.
    signal_turnover_rate_per_h: float = _after_last_dose_parameter("signal_turnover_rate_per_h")
    #: withdrawal counts as present at or above this fraction of its largest possible size. Calibrated.
    onset_threshold: float = _after_last_dose_parameter("onset_threshold")
    #: time each dose of a taper is held, days (4 weeks).
    step_duration_d: float = 28.0


FEEDBACK_WITHDRAWAL_DEFAULTS = FeedbackWithdrawalParams()
_P = FEEDBACK_WITHDRAWAL_DEFAULTS


@dataclass(frozen=True)
class WithdrawalAfterLastDoseResult:
    """Drug level and withdrawal after the last dose; time on the last axis.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_times,)
        Times since the last dose, h.
    half_life_h : numpy.ndarray, shape (n,)
        Elimination half-lives, h.
    drug_level : numpy.ndarray, shape (n, n_times)
        Drug level, fraction of the level at the last dose.
    withdrawal : numpy.ndarray, shape (n, n_times)
        Sag of the regulated signal below its drug-free baseline, fraction of
        the largest possible sag (an instant stop with no recovery).
    """

    t_h: np.ndarray
    half_life_h: np.ndarray
    drug_level: np.ndarray
    withdrawal: np.ndarray


@dataclass(frozen=True)
class WithdrawalTimingResult:
    """Onset, peak and end of withdrawal by half-life (:func:`withdrawal_timing`).

    Attributes
    ----------
    half_life_h : numpy.ndarray, shape (n,)
        Elimination half-lives, h.
    onset_d, peak_d, end_d : numpy.ndarray, shape (n,)
        Days from the last dose to the first time withdrawal reaches the
        threshold, to its maximum, and to the last time it is at or above the
        threshold (NaN where it never reaches the threshold).
    peak_withdrawal : numpy.ndarray, shape (n,)
        Largest withdrawal, fraction of the largest possible sag.
    """

    half_life_h: np.ndarray
    onset_d: np.ndarray
    peak_d: np.ndarray
    end_d: np.ndarray
    peak_withdrawal: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """One row per half-life: ``half_life_h``, ``onset_d``, ``peak_d``, ``end_d``, ``peak_withdrawal``."""
        return pd.DataFrame(
            {
                "half_life_h": self.half_life_h,
                "onset_d": self.onset_d,
                "peak_d": self.peak_d,
                "end_d": self.end_d,
                "peak_withdrawal": self.peak_withdrawal,
            }
        )


def _check_loop(turnover_rate_per_h, tolerance_rate_per_h, drug_action_max):
    kout = float(positive("turnover_rate_per_h", turnover_rate_per_h))
    ktol = float(positive("tolerance_rate_per_h", tolerance_rate_per_h))
    emax = fraction("drug_action_max", drug_action_max, closed_low=False)
    return kout, ktol, emax


def _relative_decay(a, b, t):
    """:math:`(e^{-a t} - e^{-b t})/(b - a)`, stable as :math:`b \to a` (limit :math:`t e^{-a t}`)."""
    # symmetric in a and b: factor out the slower decay so that nothing overflows
    low = np.minimum(a, b)
    x = (np.maximum(a, b) - low) * t
    small = x < 1e-8
    safe = np.where(small, 1.0, x)
    ratio = np.where(small, 1.0 - 0.5 * x, -np.expm1(-safe) / safe)
    return np.exp(-low * t) * t * ratio


def adaptation_after_last_dose(t_h, half_life_h, gain, time_constant_h):
    r"""The opponent adaptation after the last dose: the core shared by both after-last-dose models.

    Parameters
    ----------
    t_h : array_like
        Times since the last dose, h (>= 0).
    half_life_h : array_like
        Elimination half-life, h (> 0).
    gain : array_like
        Fraction of the drug's action cancelled by the adaptation at steady
        state, in [0, 1].
    time_constant_h : array_like
        Time constant of the adaptation, h (> 0). All arguments broadcast.

    Returns
    -------
    numpy.ndarray
        :math:`A(t)`, in units of the drug's full action.

    Notes
    -----
    The drug action left after the last dose is :math:`d(t) = e^{-kt}`,
    :math:`k = \ln 2 / t_{1/2}` (taken proportional to the concentration);
    the adaptation follows it with gain :math:`g` and time constant
    :math:`\tau`, starting fully built: :math:`\tau\, dA/dt = g\, d - A`,
    :math:`A(0) = g` (the first-order counter-adaptation of
    :mod:`neuroadapt.homeostasis`). With :math:`p = 1/\tau`,

    .. math::

        A(t) = g\, e^{-pt} + g\, p\, \frac{e^{-kt} - e^{-pt}}{p - k}

    (limit :math:`g e^{-pt}(1 + pt)` when :math:`p = k`). The net action is
    :math:`d - A`: withdrawal is its negative part.
    :func:`neuroadapt.discontinuation.withdrawal_course` is
    :math:`\max(A - d, 0)` itself; :func:`withdrawal_after_last_dose` passes
    :math:`d - A` through the turnover of a regulated signal.

    Examples
    --------
    >>> float(adaptation_after_last_dose(0.0, 24.0, 0.8, 120.0))
    0.8
    """
    t = nonnegative("t_h", t_h)
    hl = positive("half_life_h", half_life_h)
    g = fraction("gain", gain)
    tau = positive("time_constant_h", time_constant_h)
    k = LN2 / hl
    p = 1.0 / tau
    return g * np.exp(-p * t) + g * p * _relative_decay(k, p, t)


def withdrawal_after_last_dose(
    half_life_h,
    t_h,
    *,
    adaptation_gain=_P.adaptation_gain,
    adaptation_time_constant_h=_P.adaptation_time_constant_h,
    signal_turnover_rate_per_h=_P.signal_turnover_rate_per_h,
) -> WithdrawalAfterLastDoseResult:
    r"""Drug level and withdrawal after the last dose, for many half-lives in one call.

    Parameters
    ----------
    half_life_h : array_like, shape (n,)
        Elimination half-lives, h (> 0).
    t_h : array_like, shape (n_times,)
        Times since the last dose, h: strictly increasing from 0.
    adaptation_gain : float, optional
        Fraction :math:`g` of the drug's action cancelled by the adaptation
        at steady state, in (0, 1].
    adaptation_time_constant_h : float, optional
        Time constant :math:`\tau` of the adaptation, h (> 0).
    signal_turnover_rate_per_h : float, optional
        Fractional turnover rate :math:`k_{out}` of the regulated signal, 1/h (> 0).

    Returns
    -------
    WithdrawalAfterLastDoseResult
        ``drug_level`` and ``withdrawal``, shape ``(n, n_times)``.

    Notes
    -----
    The level falls as :math:`d(t) = 2^{-t/t_{1/2}}` (one bolus equal to the
    amount in the body at steady state; the ripple between doses is
    ignored), the drug action is taken proportional to it, and the opponent
    adaptation :math:`A` follows with gain :math:`g` and time constant
    :math:`\tau` (:func:`neuroadapt.feedback_withdrawal.adaptation_after_last_dose`, the core this model
    shares with :func:`neuroadapt.discontinuation.withdrawal_course`). The
    regulated signal :math:`S` (the net effect, 0 at the drug-free baseline)
    follows the net action with first-order turnover,

    .. math::

        \frac{dS}{dt} = k_{out}\,(d - A - S), \qquad S(0) = 1 - g,

    solved in closed form (sums of exponentials). On the drug the signal
    sits at :math:`1 - g` above baseline (the part of the effect left by
    tolerance); after the last dose it has to fall through the baseline
    before withdrawal appears, which delays the onset even when the drug
    goes at once. Withdrawal is :math:`\max(-S, 0)/g`, the sag below the
    baseline as a fraction of its largest possible size (an instant stop
    with an instantaneous signal gives :math:`-S = g`).
    Parameters are illustrative, calibrated against the drug table
    (:class:`neuroadapt.feedback_withdrawal.FeedbackWithdrawalParams`).

    References
    ----------
    Solomon RL, Corbit JD. An opponent-process theory of motivation.
    Psychol Rev 1974;81:119-145.
    Dayneka NL, Garg V, Jusko WJ. Comparison of four basic models of
    indirect pharmacodynamic responses. J Pharmacokinet Biopharm
    1993;21:457-478.

    Examples
    --------
    >>> r = withdrawal_after_last_dose([2.0, 60.0], np.arange(0.0, 24.0 * 20 + 0.5, 1.0))
    >>> r.withdrawal.shape
    (2, 481)
    >>> bool(r.withdrawal[0].max() > r.withdrawal[1].max())   # a short half-life: deeper withdrawal
    True
    """
    hl = positive("half_life_h", np.atleast_1d(half_life_h))
    if hl.ndim != 1:
        raise ValueError(f"half_life_h must be one-dimensional, got shape {hl.shape}")
    t = increasing("t_h", t_h)
    if t.size < 2 or t[0] != 0.0:
        raise ValueError("t_h must start at 0 (the last dose) and hold at least 2 times")
    g = float(fraction("adaptation_gain", adaptation_gain, closed_low=False))
    tau = float(positive("adaptation_time_constant_h", adaptation_time_constant_h))
    q = float(positive("signal_turnover_rate_per_h", signal_turnover_rate_per_h))
    k = (LN2 / hl)[:, None]
    p = 1.0 / tau
    # d - A = a_k e^{-kt} + a_p e^{-pt}; nudge k off p (relative 1e-6) where the two coincide
    k = np.where(np.abs(k - p) < 1e-6 * p, p * (1.0 + 1e-6), k)
    a_p = g * k / (p - k)
    a_k = 1.0 - g - a_p
    tt = t[None, :]
    signal = (1.0 - g) * np.exp(-q * tt) + q * (a_k * _relative_decay(k, q, tt) + a_p * _relative_decay(p, q, tt))
    sag = np.clip(-signal / g, 0.0, 1.0)
    level = np.exp(-LN2 * tt / hl[:, None])
    return WithdrawalAfterLastDoseResult(t_h=t, half_life_h=hl, drug_level=level, withdrawal=sag)


def withdrawal_timing(
    half_life_h,
    *,
    horizon_d=120.0,
    onset_threshold=_P.onset_threshold,
    adaptation_gain=_P.adaptation_gain,
    adaptation_time_constant_h=_P.adaptation_time_constant_h,
    signal_turnover_rate_per_h=_P.signal_turnover_rate_per_h,
) -> WithdrawalTimingResult:
    """Onset, peak and end of withdrawal after the last dose, by half-life.

    Parameters
    ----------
    half_life_h : array_like, shape (n,)
        Elimination half-lives, h (> 0).
    horizon_d : float, optional
        Days simulated after the last dose (> 0), on an hourly grid.
    onset_threshold : float, optional
        Withdrawal counts as present at or above this fraction of its largest
        possible size, in (0, 1).
    adaptation_gain, adaptation_time_constant_h, signal_turnover_rate_per_h : float, optional
        As in :func:`neuroadapt.feedback_withdrawal.withdrawal_after_last_dose`.

    Returns
    -------
    WithdrawalTimingResult
        Onset, peak and end (days; NaN when withdrawal never reaches the
        threshold) and the peak size; ``.to_frame()`` gives a table.

    Notes
    -----
    Read from :func:`neuroadapt.feedback_withdrawal.withdrawal_after_last_dose` on an hourly grid, so the
    times have a resolution of 1 h. Calibration (issue 11;
    ``tests/lib/test_withdrawal_calibration.py``, one test per drug that
    reads the published range from the drug table): with the table's
    half-lives, the onset, peak and end fall inside the published ranges of
    heroin (as morphine), methadone, alprazolam, diazepam, venlafaxine,
    paroxetine and fluoxetine. The onset is roughly a fixed delay (the
    signal's turnover and the fall of the tolerant signal through its
    baseline) plus about one half-life; the end is set mostly by the
    adaptation's time constant. Active metabolites (desmethyldiazepam,
    norfluoxetine) are not modelled.

    References
    ----------
    Kosten TR, O'Connor PG. N Engl J Med 2003;348:1786-1795.

    Examples
    --------
    >>> w = withdrawal_timing([2.0])
    >>> bool(8 / 24 <= w.onset_d[0] <= 1.0), bool(36 / 24 <= w.peak_d[0] <= 3.0)
    (True, True)
    """
    hl = positive("half_life_h", np.atleast_1d(half_life_h))
    horizon = float(positive("horizon_d", horizon_d))
    thr = float(fraction("onset_threshold", onset_threshold, closed_low=False, closed_high=False))
    t = np.arange(0.0, horizon * 24.0 + 0.5, 1.0)
    w = withdrawal_after_last_dose(
        hl,
        t,
        adaptation_gain=adaptation_gain,
        adaptation_time_constant_h=adaptation_time_constant_h,
        signal_turnover_rate_per_h=signal_turnover_rate_per_h,
    ).withdrawal
    above = w >= thr
    any_above = above.any(axis=1)
    first = np.where(any_above, np.argmax(above, axis=1), -1)
    last = np.where(any_above, above.shape[1] - 1 - np.argmax(above[:, ::-1], axis=1), -1)
    peak = np.argmax(w, axis=1)
    days = t / 24.0
    return WithdrawalTimingResult(
        half_life_h=hl,
        onset_d=np.where(any_above, days[first], np.nan),
        peak_d=np.where(any_above, days[peak], np.nan),
        end_d=np.where(any_above, days[last], np.nan),
        peak_withdrawal=w.max(axis=1),
    )


def taper_step_rebound(
    doses_mg,
    occupancy_max,
    ed50_mg,
    *,
    step_duration_d=_P.step_duration_d,
    turnover_rate_per_h=_P.turnover_rate_per_h,
    tolerance_rate_per_h=_P.tolerance_rate_per_h,
    output_step_h=1.0,
) -> np.ndarray:
    r"""Rebound after each step of many dose schedules, from one call of the moderator model.

    Illustrative schedules only, not prescriptions.

    Parameters
    ----------
    doses_mg : array_like, shape (n_runs, n_steps + 1)
        Daily dose of each step (last axis, in time order) of each schedule
        (rows), mg (>= 0); schedules that end early are padded with zeros.
    occupancy_max : array_like, shape (n_runs,)
        Maximal transporter occupancy of each run's drug, fraction in (0, 1].
    ed50_mg : array_like, shape (n_runs,)
        Daily dose giving half of ``occupancy_max``, mg (> 0).
    step_duration_d : float, optional
        Time each dose is held, days (> 0).
    turnover_rate_per_h, tolerance_rate_per_h : float, optional
        :math:`k_{out}` and :math:`k_{tol}` of the regulated signal and the
        moderator, 1/h (> 0).
    output_step_h : float, optional
        Spacing of the output times at which the lowest level of each step is
        read, h (> 0; a divisor of the step duration).

    Returns
    -------
    numpy.ndarray, shape (n_runs, n_steps + 1)
        For each step ``i >= 1``: how far the signal sags below the steady
        level of the new dose during step ``i``, fraction of the drug-free
        baseline (step 0 is 0).

    Notes
    -----
    The dose (a proxy for the steady-state concentration) drives the drug
    action :math:`E = O_{max} D/(ED_{50} + D)` - the occupancy fraction - in
    the moderator model (module docstring), started at the steady state of the
    first dose. The steady level at dose :math:`D_i` is :math:`\sqrt{1 + E_i}`;
    the rebound of step i is :math:`\max(\sqrt{1 + E_i} - \min_{step\ i} R, 0)`.

    References
    ----------
    Gabrielsson J, Peletier LA. AAPS J 2008;10:70-83.

    Examples
    --------
    >>> r = taper_step_rebound([[20.0, 10.0, 0.0], [20.0, 20.0, 20.0]], [0.8, 0.8], [9.0, 9.0])
    >>> bool(r[0, 2] > r[0, 1] > 0.0), bool(r[1].max() < 1e-5)    # a constant dose: no rebound
    (True, True)
    """
    doses = nonnegative("doses_mg", doses_mg)
    if doses.ndim != 2 or doses.shape[1] < 1:
        raise ValueError(f"doses_mg must have shape (n_runs, n_steps + 1), got shape {doses.shape}")
    n_runs, n_rows = doses.shape
    emax = fraction("occupancy_max", np.atleast_1d(occupancy_max), closed_low=False)
    ed50 = positive("ed50_mg", np.atleast_1d(ed50_mg))
    if emax.shape != (n_runs,) or ed50.shape != (n_runs,):
        raise ValueError(f"occupancy_max and ed50_mg must have shape (n_runs,) = ({n_runs},)")
    kout, ktol, _ = _check_loop(turnover_rate_per_h, tolerance_rate_per_h, 1.0)
    step_h = float(positive("step_duration_d", step_duration_d)) * 24.0
    dt_h = float(positive("output_step_h", output_step_h))
    if dt_h > step_h:
        raise ValueError(f"output_step_h must be <= step_duration_d * 24 = {step_h:g} h; got {dt_h:g}")
    n_per = int(round(step_h / dt_h))
    t = np.arange(n_rows * n_per) * dt_h
    index = np.repeat(np.arange(n_rows), n_per)
    conc = doses[:, index]  # (n_runs, n_t), time last: held constant over each step
    action = emax * doses.T / (ed50 + doses.T)
    steady = moderator_steady_state(action, mechanism=FEEDBACK_MECHANISM)
    result = moderator_model(
        t,
        conc,
        kout_per_h=kout,
        ktol_per_h=ktol,
        emax=emax,
        ec50=ed50,
        mechanism=FEEDBACK_MECHANISM,
        hold="step",
        initial_state=np.stack([steady[0], steady[0]]),
    )
    lowest = result.response.reshape(n_runs, n_rows, n_per).min(axis=2).T  # (n_rows, n_runs)
    sag = np.maximum(steady - lowest, 0.0)
    sag[0] = 0.0
    return np.ascontiguousarray(sag.T)
