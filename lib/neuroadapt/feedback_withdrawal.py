"""Withdrawal from a feedback loop: after the last dose, and after each step of a taper.

The moderator model of pharmacodynamic tolerance (Gabrielsson & Peletier 2008;
:func:`neuroadapt.tolerance.moderator_model`) is a regulated signal R whose
production the drug stimulates, and a slow counter-adaptation (the moderator M)
that turns production down until R is nearly back at baseline. When the drug
level falls faster than M can follow, R sags below the level it is regulated
to: withdrawal. This module drives that loop with two inputs the book uses:

* :func:`withdrawal_after_last_dose` - the first-order fall of the drug level
  after the last dose, for a grid of elimination half-lives; and
  :func:`withdrawal_timing` - the onset, peak and end of the sag that follows,
  by half-life (the page *Physiology and pharmacokinetics*);
* :func:`taper_step_rebound` - a dose schedule held step by step, for many
  schedules at once; the sag after each reduction (the page *Designing tapers*).

.. math::

    \\frac{dR}{dt} = \\frac{k_{in}(1 + E(t))}{M} - k_{out} R, \\qquad
    \\frac{dM}{dt} = k_{tol}(R - M), \\qquad
    E = \\frac{E_{max} C}{EC_{50} + C}, \\qquad k_{in} = k_{out},

so the drug-free baseline is R = M = 1 and the steady state under a constant
action E is :math:`R = M = \\sqrt{1 + E}`
(:func:`neuroadapt.tolerance.moderator_steady_state`).

All parameter values are illustrative (:class:`FeedbackWithdrawalParams`):
chosen by hand so that an abrupt stop of a drug with a 2-hour half-life gives
an onset, a peak and an end inside heroin's published windows; not fitted to
any drug. The known misses against the drug table (methadone, diazepam) are
listed in :func:`withdrawal_timing`.
Teaching material, not medical advice.

References
----------
Gabrielsson J, Peletier LA. A flexible nonlinear feedback system that
captures diverse patterns of adaptation and rebound. AAPS J 2008;10:70-83.
Kosten TR, O'Connor PG. Management of drug and alcohol withdrawal. N Engl J
Med 2003;348:1786-1795.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import fraction, increasing, nonnegative, positive
from .tolerance import moderator_model, moderator_steady_state

__all__ = [
    "FeedbackWithdrawalParams",
    "FEEDBACK_WITHDRAWAL_DEFAULTS",
    "FEEDBACK_MECHANISM",
    "WithdrawalAfterLastDoseResult",
    "WithdrawalTimingResult",
    "withdrawal_after_last_dose",
    "withdrawal_timing",
    "taper_step_rebound",
]

#: The drug raises the regulated signal (as an SSRI raises synaptic serotonin);
#: the moderator turns production down; withdrawal is the sag below the new level.
FEEDBACK_MECHANISM = "stimulate_production"
LN2 = float(np.log(2.0))


@dataclass(frozen=True)
class FeedbackWithdrawalParams:
    """Parameters of the feedback-withdrawal models (all illustrative).

    Chosen by hand so that an abrupt stop of a drug with a 2-hour half-life
    gives an onset and a peak of withdrawal inside heroin's published windows
    (Kosten & O'Connor 2003); not fitted to any drug.
    """

    #: fractional turnover rate of the regulated signal, 1/h (half-life about 7 h).
    turnover_rate_per_h: float = 0.1
    #: rate constant of the counter-adaptation (moderator), 1/h (time constant about 8 days).
    tolerance_rate_per_h: float = 0.005
    #: steady-state drug level at the last dose, in multiples of the EC50 of the drug action.
    level_over_ec50: float = 2.0
    #: maximal drug action, fraction (the action at the last dose is 0.8 * 2/3 = 0.53).
    drug_action_max: float = 0.8
    #: withdrawal counts as present above this fraction of its largest possible size.
    #: Calibrated (illustrative, not fitted): 0.15 puts the onset, peak and end after a
    #: 2-h half-life (morphine) inside the published opioid ranges (Kosten & O'Connor
    #: 2003) and the onsets of alprazolam, venlafaxine and paroxetine inside theirs;
    #: tests/lib/test_withdrawal_calibration.py checks every drug the book shows,
    #: including the known misses (methadone and diazepam too late).
    onset_threshold: float = 0.15
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


def withdrawal_after_last_dose(
    half_life_h,
    t_h,
    *,
    level_over_ec50=_P.level_over_ec50,
    drug_action_max=_P.drug_action_max,
    turnover_rate_per_h=_P.turnover_rate_per_h,
    tolerance_rate_per_h=_P.tolerance_rate_per_h,
) -> WithdrawalAfterLastDoseResult:
    r"""Drug level and withdrawal after the last dose, for many half-lives in one call.

    Parameters
    ----------
    half_life_h : array_like, shape (n,)
        Elimination half-lives, h (> 0).
    t_h : array_like, shape (n_times,)
        Times since the last dose, h: strictly increasing from 0.
    level_over_ec50 : float, optional
        Steady-state level at the last dose, multiples of the EC50 of the
        drug action (> 0).
    drug_action_max : float, optional
        Maximal drug action :math:`E_{max}`, fraction in (0, 1].
    turnover_rate_per_h, tolerance_rate_per_h : float, optional
        :math:`k_{out}` and :math:`k_{tol}`, 1/h (> 0).

    Returns
    -------
    WithdrawalAfterLastDoseResult
        ``drug_level`` and ``withdrawal``, shape ``(n, n_times)``.

    Notes
    -----
    The level falls as :math:`C(t) = C_{ss}\, 2^{-t/t_{1/2}}` (one bolus equal
    to the amount in the body at steady state; a simplification that ignores
    the ripple between doses). The signal R follows the moderator model (see
    the module docstring), starting at its steady state on the drug,
    :math:`R_{ss} = \sqrt{1 + E_0}` with
    :math:`E_0 = E_{max} C_{ss}/(EC_{50} + C_{ss})`. Withdrawal is
    :math:`\max(1 - R, 0)/(1 - 1/R_{ss})`: the sag below the drug-free
    baseline as a fraction of the largest possible sag (production falls to
    :math:`k_{in}` at once while M stays at :math:`R_{ss}`, so R tends to
    :math:`1/R_{ss}`). Parameters are illustrative
    (:class:`FeedbackWithdrawalParams`).

    References
    ----------
    Gabrielsson J, Peletier LA. AAPS J 2008;10:70-83.

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
    kout, ktol, emax = _check_loop(turnover_rate_per_h, tolerance_rate_per_h, drug_action_max)
    c_ss = float(positive("level_over_ec50", level_over_ec50))
    level = c_ss * np.exp(-LN2 * t[None, :] / hl[:, None])  # (n, n_times), units of EC50
    action0 = emax * c_ss / (1.0 + c_ss)
    r_ss = moderator_steady_state(action0, mechanism=FEEDBACK_MECHANISM)
    result = moderator_model(
        t,
        level,
        kout_per_h=kout,
        ktol_per_h=ktol,
        emax=emax,
        ec50=1.0,
        mechanism=FEEDBACK_MECHANISM,
        initial_state=np.array([r_ss, r_ss]),
    )
    sag = np.maximum(1.0 - result.response, 0.0) / (1.0 - 1.0 / r_ss)
    return WithdrawalAfterLastDoseResult(t_h=t, half_life_h=hl, drug_level=level / c_ss, withdrawal=sag)


def withdrawal_timing(
    half_life_h,
    *,
    horizon_d=120.0,
    onset_threshold=_P.onset_threshold,
    level_over_ec50=_P.level_over_ec50,
    drug_action_max=_P.drug_action_max,
    turnover_rate_per_h=_P.turnover_rate_per_h,
    tolerance_rate_per_h=_P.tolerance_rate_per_h,
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
    level_over_ec50, drug_action_max, turnover_rate_per_h, tolerance_rate_per_h : float, optional
        As in :func:`withdrawal_after_last_dose`.

    Returns
    -------
    WithdrawalTimingResult
        Onset, peak and end (days; NaN when withdrawal never reaches the
        threshold) and the peak size; ``.to_frame()`` gives a table.

    Notes
    -----
    Read from :func:`withdrawal_after_last_dose` on an hourly grid, so the
    times have a resolution of 1 h. With the illustrative defaults, a 2-hour
    half-life (morphine, which carries heroin's effect) gives an onset and a
    peak inside heroin's published windows (onset 8-24 h, peak 36-72 h;
    Kosten & O'Connor 2003) and an end inside its 4-10 days; past about 2.5
    days of half-life withdrawal never reaches the threshold (15 % of its
    largest possible size). Against the drug table (issue 11;
    ``tests/lib/test_withdrawal_calibration.py``): alprazolam, venlafaxine and
    paroxetine onsets fall inside their windows; methadone's comes too late
    (about 81 h against 24-48 h) and diazepam's never (against 48-168 h), so
    one set of constants does not fit the long-acting drugs. This is the
    book's model of withdrawal *timing*;
    :func:`neuroadapt.discontinuation.withdrawal_course` gives only the shape
    (it has no delay and starts within a third of a half-life).

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
        level_over_ec50=level_over_ec50,
        drug_action_max=drug_action_max,
        turnover_rate_per_h=turnover_rate_per_h,
        tolerance_rate_per_h=tolerance_rate_per_h,
    ).withdrawal
    # the threshold test on the percent scale, as in the first version of the model (same boundary cases)
    above = w * 100.0 >= thr * 100.0
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
