"""Rebound, withdrawal and relapse: three time courses after a drug is stopped.

When a medicine taken for months is stopped at :math:`t = 0`, three different
things can follow, and they are easily confused (Chouinard & Chouinard 2015):

* **Rebound** - the symptom the drug suppressed comes back *worse than before
  treatment*, early and briefly. It is the overshoot of a feedback loop whose
  compensation outlasts the drug: the moderator model of
  :func:`neuroadapt.tolerance.moderator_model` (Gabrielsson & Peletier 2008),
  driven by the drug's exponential washout (:func:`rebound_course`). Examples:
  rebound insomnia after a short-acting benzodiazepine hypnotic (Kales, Scharf &
  Kales 1978) and rebound hypertension after clonidine (Geyskes, Boer &
  Dorhout Mees 1979).
* **Withdrawal** - *new* symptoms the person never had, produced by an
  opponent adaptation left unopposed as the drug washes out. Its onset is set
  by the elimination half-life and its length by the adaptation's time
  constant (:func:`withdrawal_course`, the first-order counter-adaptation of
  :mod:`neuroadapt.homeostasis` with a drug that declines exponentially
  instead of stopping at once).
* **Relapse** - the *original illness* returns, at its former intensity,
  gradually, weeks to months later, and it persists. In depression, stopping
  an antidepressant after response left 41 % of patients relapsed against 18 %
  of those who continued, in trials mostly of 12 months (Geddes et al. 2003);
  :func:`relapse_probability` turns these figures into constant hazards.

The common symptom scale
------------------------
All three courses are returned as a *symptom load added by stopping*, 0 at
:math:`t = 0`, in units of the severity of the treated condition before
treatment: the rebound excess of the original symptom above its pre-treatment
level; the intensity of new withdrawal symptoms in units of the drug's full
effect; and, for relapse, the probability that the illness has returned (its
expected load, since a relapse restores the pre-treatment severity, 1).
Time is in days since the last dose (``t_d``); half-lives are in hours.
:func:`classify_course` labels a course from three features (onset, new or
original symptoms, duration) and :func:`course_features` measures them on a
simulated curve.

Parameter values are illustrative unless a source is given
(:class:`DiscontinuationParams`); the models give the shapes and their order
in time, not a forecast for a person.

References
----------
Chouinard G, Chouinard VA. New classification of selective serotonin reuptake
inhibitor withdrawal. Psychother Psychosom 2015;84:63-71.

Geddes JR, Carney SM, Davies C, et al. Relapse prevention with antidepressant
drug treatment in depressive disorders: a systematic review. Lancet
2003;361:653-661.

Gabrielsson J, Peletier LA. A flexible nonlinear feedback system that captures
diverse patterns of adaptation and rebound. AAPS J 2008;10:70-83.

Kales A, Scharf MB, Kales JD. Rebound insomnia: a new clinical syndrome.
Science 1978;201:1039-1041.

Geyskes GG, Boer P, Dorhout Mees EJ. Clonidine withdrawal: mechanism and
frequency of rebound hypertension. Br J Clin Pharmacol 1979;7:55-62.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import as_array, fraction, nonnegative, positive
from .feedback_withdrawal import adaptation_after_last_dose
from .tolerance import moderator_model

__all__ = [
    "DiscontinuationParams",
    "DISCONTINUATION_DEFAULTS",
    "COURSES",
    "drug_fraction_remaining",
    "rebound_course",
    "withdrawal_course",
    "RelapseHazards",
    "relapse_hazards",
    "relapse_probability",
    "DiscontinuationCourses",
    "discontinuation_courses",
    "CourseFeatures",
    "course_features",
    "classify_course",
    "VEGA_WITHDRAWAL",
    "VEGA_RELAPSE",
]

LN2 = float(np.log(2.0))
#: The three course labels, in the order they unfold after stopping.
COURSES = ("rebound", "withdrawal", "relapse")


@dataclass(frozen=True)
class DiscontinuationParams:
    """Default parameters (time in days unless the name says hours).

    Attributes
    ----------
    steady_concentration : float
        Drug concentration during treatment, in units of the EC50.
        Illustrative: 1.5 x EC50 gives a drug action of 0.8 * 1.5/2.5 = 0.48,
        so the tolerant symptom level is sqrt(0.52) = 0.72 of its
        pre-treatment value and an abrupt stop could overshoot by at most
        1/sqrt(0.52) - 1 = 39 %.
    emax : float
        Maximal fractional suppression of the symptom's production, the
        default of :func:`neuroadapt.tolerance.moderator_model`. Illustrative.
    kout_per_h : float
        Turnover rate of the symptom-generating response, 1/h (2-h time
        constant). Illustrative.
    ktol_per_h : float
        Rate constant of the moderator (the compensation), 1/h (a time
        constant of about 3 days, so that a drug with a half-life of a few
        hours leaves a rebound of two or three nights and one with a half-life
        of days none, the pattern of Kales et al. 1978). Illustrative.
    time_constant_adaptation_d : float
        Time constant of the opponent adaptation behind withdrawal, days.
        Illustrative: with a 21-h half-life (paroxetine) symptoms start within
        about 2 days, peak within a week and fade over 2-4 weeks, inside the
        ranges of Fava et al. 2015 and Davies & Read 2019.
    adaptation_gain : float
        Fraction of the drug effect cancelled by the adaptation at steady
        state. Illustrative (the book's default counter-adaptation gain, 0.8).
    relapse_fraction_stopped : float
        Proportion relapsed over ``relapse_horizon_d`` after switching to
        placebo: 0.41 (Geddes et al. 2003, 31 trials, 4410 patients).
    relapse_fraction_continued : float
        Same, on continued antidepressant: 0.18 (Geddes et al. 2003).
    relapse_horizon_d : float
        Follow-up to which those proportions refer: 365 days ("most trials were
        of 12 months' duration", Geddes et al. 2003).
    """

    steady_concentration: float = 1.5
    emax: float = 0.8
    kout_per_h: float = 0.5
    ktol_per_h: float = 0.015
    time_constant_adaptation_d: float = 5.0
    adaptation_gain: float = 0.8
    relapse_fraction_stopped: float = 0.41
    relapse_fraction_continued: float = 0.18
    relapse_horizon_d: float = 365.0


DISCONTINUATION_DEFAULTS = DiscontinuationParams()
_P = DISCONTINUATION_DEFAULTS

#: :func:`withdrawal_course` as a Vega expression of ``datum.t_d`` and the
#: signals ``half_life_h``, ``time_constant_adaptation_d`` and ``gain``. The book's
#: slider figure evaluates it in the browser; a site test compares it with the
#: Python function.
VEGA_WITHDRAWAL = (
    "max("
    "gain * exp(-datum.t_d / time_constant_adaptation_d)"
    " + (abs(1 / time_constant_adaptation_d - 16.635532333438686 / half_life_h) < 1e-12"
    " ? gain * (datum.t_d / time_constant_adaptation_d) * exp(-datum.t_d / time_constant_adaptation_d)"
    " : gain * (1 / time_constant_adaptation_d)"
    " * (exp(-16.635532333438686 / half_life_h * datum.t_d) - exp(-datum.t_d / time_constant_adaptation_d))"
    " / (1 / time_constant_adaptation_d - 16.635532333438686 / half_life_h))"
    " - exp(-16.635532333438686 / half_life_h * datum.t_d)"
    ", 0)"
)

#: :func:`relapse_probability` as a Vega expression of ``datum.t_d`` and the
#: signals ``half_life_h``, ``relapse_rate_stopped`` and ``relapse_rate_continued``
#: (hazards per day, from :func:`relapse_hazards`).
VEGA_RELAPSE = (
    "1 - exp(-(relapse_rate_stopped * datum.t_d"
    " - (relapse_rate_stopped - relapse_rate_continued)"
    " * (1 - exp(-16.635532333438686 / half_life_h * datum.t_d))"
    " / (16.635532333438686 / half_life_h)))"
)


def _elimination_per_day(half_life_h):
    """First-order elimination rate constant, 1/day, from a half-life in hours."""
    return (LN2 * 24.0) / half_life_h


def drug_fraction_remaining(t_d, half_life_h):
    """Fraction of the steady-state drug level left ``t_d`` after the last dose.

    Parameters
    ----------
    t_d : array_like
        Days since stopping (>= 0).
    half_life_h : array_like
        Elimination half-life, h (> 0). Broadcasts with ``t_d``.

    Returns
    -------
    numpy.ndarray
        :math:`d(t) = 2^{-24 t / t_{1/2}}` (first-order elimination).

    Examples
    --------
    >>> drug_fraction_remaining([0.0, 1.0, 2.0], 24.0).tolist()
    [1.0, 0.5, 0.25]
    """
    t = nonnegative("t_d", t_d)
    hl = positive("half_life_h", half_life_h)
    return np.exp(-_elimination_per_day(hl) * t)


def _washout_grid_h(t_end_h, kout_per_h):
    """Output times for the moderator model, h: fine after the stop, coarser later.

    Steps start at 0.05/kout and grow by 1 % per step up to 1/kout (RK4 stays
    accurate for the fast response mode, kout*h <= 1, while the drug and the
    moderator change slowly by then).
    """
    h_min = 0.05 / kout_per_h
    h_max = 1.0 / kout_per_h
    n_growth = int(np.ceil(np.log(h_max / h_min) / np.log(1.01)))
    steps = np.minimum(h_min * 1.01 ** np.arange(n_growth + 1), h_max)
    t = np.concatenate([[0.0], np.cumsum(steps)])
    if t[-1] < t_end_h:
        t = np.concatenate([t, np.arange(t[-1] + h_max, t_end_h + h_max, h_max)])
    return t[: np.searchsorted(t, t_end_h, side="left") + 1]


def rebound_course(
    t_d,
    half_life_h,
    *,
    steady_concentration=_P.steady_concentration,
    emax=_P.emax,
    kout_per_h=_P.kout_per_h,
    ktol_per_h=_P.ktol_per_h,
    excess=True,
):
    r"""Rebound of the suppressed symptom after stopping: moderator model with drug washout.

    Parameters
    ----------
    t_d : array_like, shape (n_times,)
        Days since the last dose (>= 0), in any order.
    half_life_h : array_like
        Elimination half-life of the drug, h (> 0). May be an array (a grid,
        e.g. a slider's values): the result gains its shape.
    steady_concentration : float, optional
        Concentration during treatment, in units of the EC50 (> 0).
    emax : float, optional
        Maximal fractional suppression of the symptom's production, in (0, 1].
    kout_per_h : float, optional
        Turnover rate of the symptom response, 1/h (> 0).
    ktol_per_h : float, optional
        Rate constant of the moderator, 1/h (>= 0; 0 removes the feedback
        and with it the rebound).
    excess : bool, optional
        If True (default) return the rebound excess :math:`\max(R/R_0 - 1, 0)`
        on the common symptom scale; if False the symptom level :math:`R/R_0`
        itself (1 = pre-treatment level, below 1 while the drug still acts).

    Returns
    -------
    numpy.ndarray, shape (*shape(half_life_h), n_times)
        Rebound excess (or relative symptom level), dimensionless; time last.

    Notes
    -----
    The symptom is the response :math:`R` of the moderator model of
    :func:`neuroadapt.tolerance.moderator_model` with the drug inhibiting its
    production:

    .. math::

        \frac{dR}{dt} = \frac{k_{in}(1 - E(C))}{M} - k_{out} R, \qquad
        \frac{dM}{dt} = k_{tol}(R - M), \qquad
        C(t) = C_{ss}\, 2^{-t/t_{1/2}} .

    Treatment is assumed long enough for the tolerant steady state
    :math:`R = M = R_0\sqrt{1 - E(C_{ss})}` (the initial state at the stop;
    without feedback, :math:`k_{tol} = 0`, it is :math:`R = R_0(1 - E)`,
    :math:`M = R_0`).
    When the drug leaves faster than the moderator can follow, production
    recovers while :math:`M` is still low and :math:`R` overshoots its
    pre-treatment level :math:`R_0`, at most to :math:`R_0/\sqrt{1 - E}`
    (abrupt stop); a slowly eliminated drug lets :math:`M` follow and the
    overshoot shrinks - why rebound insomnia followed triazolam but not the
    long-lived flurazepam (Kales et al. 1978). The model is integrated by
    :func:`~neuroadapt.tolerance.moderator_model` (RK4) on a grid that is
    fine just after the stop, then linearly interpolated to ``t_d``.

    References
    ----------
    Gabrielsson J, Peletier LA. AAPS J 2008;10:70-83.
    Kales A, Scharf MB, Kales JD. Science 1978;201:1039-1041.
    Geyskes GG, Boer P, Dorhout Mees EJ. Br J Clin Pharmacol 1979;7:55-62.

    Examples
    --------
    >>> t = np.linspace(0.0, 10.0, 201)
    >>> r = rebound_course(t, [3.0, 120.0])                # triazolam-like vs long-lived
    >>> bool(r[0].max() > 0.15), bool(r[1].max() < 0.01)   # (half-life, time)
    (True, True)
    """
    t = nonnegative("t_d", t_d)
    if t.ndim != 1 or t.size == 0:
        raise ValueError(f"t_d must be a non-empty 1-D array, got shape {t.shape}")
    hl = positive("half_life_h", half_life_h)
    css = float(positive("steady_concentration", steady_concentration))
    emax_v = float(fraction("emax", emax))
    if emax_v <= 0:
        raise ValueError("emax must lie in (0, 1]")
    kout = float(positive("kout_per_h", kout_per_h))
    ktol = float(nonnegative("ktol_per_h", ktol_per_h))
    e_ss = emax_v * css / (1.0 + css)
    if e_ss >= 1.0:
        raise ValueError("emax * C/(EC50 + C) must be < 1 (the symptom cannot be abolished)")
    grid_h = _washout_grid_h(24.0 * max(t.max(), 1e-3), kout)
    conc = css * np.exp(-(LN2 / hl[..., None]) * grid_h)  # (*hl.shape, n_grid), time last
    if ktol > 0:  # tolerant steady state R = M = R0 sqrt(1 - E)
        r_start = m_start = np.sqrt(1.0 - e_ss)
    else:  # no feedback: the indirect-response steady state R = R0 (1 - E), M = R0
        r_start, m_start = 1.0 - e_ss, 1.0
    init = np.stack([np.full(hl.shape, r_start), np.full(hl.shape, m_start)])
    result = moderator_model(
        grid_h,
        conc,
        kout_per_h=kout,
        ktol_per_h=ktol,
        emax=emax_v,
        ec50=1.0,
        hill=1.0,
        baseline_response=1.0,
        mechanism="inhibit_production",
        hold="linear",
        initial_state=init,
    )
    level = result.relative_response.reshape(-1, grid_h.size).T
    t_h = 24.0 * t
    out = np.stack([np.interp(t_h, grid_h, level[:, j]) for j in range(level.shape[1])])
    out = out.reshape(hl.shape + (t.size,))  # time last
    return np.maximum(out - 1.0, 0.0) if excess else out


def withdrawal_course(
    t_d,
    half_life_h,
    time_constant_adaptation_d=_P.time_constant_adaptation_d,
    gain=_P.adaptation_gain,
):
    r"""New withdrawal symptoms as the drug washes out: an opponent adaptation left unopposed.

    Parameters
    ----------
    t_d : array_like
        Days since the last dose (>= 0).
    half_life_h : array_like
        Elimination half-life of the drug, h (> 0).
    time_constant_adaptation_d : array_like, optional
        Time constant of the opponent adaptation, days (> 0).
    gain : array_like, optional
        Fraction of the drug effect cancelled by the adaptation at steady state
        (in [0, 1]). All arguments broadcast.

    Returns
    -------
    numpy.ndarray
        Withdrawal intensity :math:`W(t) = \max(A(t) - d(t), 0)`, in units of
        the drug's full effect (the common symptom scale).

    Notes
    -----
    The counter-adaptation :math:`A` of :mod:`neuroadapt.homeostasis`,
    :math:`\tau\, dA/dt = g\, d(t) - A`, starts fully built, :math:`A(0) = g`,
    and is driven by the drug action that is left, :math:`d(t) = e^{-kt}`,
    :math:`k = 24 \ln 2 / t_{1/2}` per day (the action taken proportional to
    the concentration). With :math:`p = 1/\tau`:

    .. math::

        A(t) = g\, e^{-p t} + g\, p\, \frac{e^{-k t} - e^{-p t}}{p - k}
        \quad (p \ne k), \qquad
        A(t) = g\, e^{-p t} (1 + p t) \quad (p = k).

    While enough drug is left, :math:`d > A` and the net effect is still the
    drug's; withdrawal begins when the drug falls below the adaptation, so its
    onset is set by the half-life, and it fades as the adaptation relaxes.
    A short half-life gives early, intense withdrawal; a long one (fluoxetine
    and its metabolite) lets the adaptation follow the drug down, giving late
    and mild symptoms - the pattern reviewed by Fava et al. (2015) and
    Chouinard & Chouinard (2015). In the limit of a vanishing half-life
    :math:`W = g e^{-pt}`, the abrupt-stop withdrawal of
    :func:`neuroadapt.homeostasis.counter_adaptation`.
    :data:`VEGA_WITHDRAWAL` is the same expression for the browser.

    :math:`A` is :func:`neuroadapt.feedback_withdrawal.adaptation_after_last_dose`,
    the core shared with the book's timing model. This is a model of the
    *shape* and order of the course, not of its clinical timing: the symptom
    follows the net effect with no delay, so :math:`W > 0` as soon as
    :math:`e^{-kt} < A`, about a third of a half-life after the last dose
    (within hours for morphine or venlafaxine), earlier than the published
    onsets of the drug table. It is kept because its closed form runs in the
    browser (:data:`neuroadapt.discontinuation.VEGA_WITHDRAWAL`, the page's slider figure). The book's
    after-last-dose timings (onset, peak, end) come from
    :func:`neuroadapt.feedback_withdrawal.withdrawal_timing`: the same
    adaptation with the same default gain and time constant, plus a
    regulated signal whose turnover delays the symptom, and a threshold;
    ``tests/lib/test_withdrawal_calibration.py`` checks it against the table.

    References
    ----------
    Solomon RL, Corbit JD. Psychol Rev 1974;81:119-145.
    Fava GA, Gatti A, Belaise C, Guidi J, Offidani E. Withdrawal symptoms after
    selective serotonin reuptake inhibitor discontinuation: a systematic
    review. Psychother Psychosom 2015;84:72-81.
    Chouinard G, Chouinard VA. Psychother Psychosom 2015;84:63-71.

    Examples
    --------
    >>> w = withdrawal_course([0.0, 3.0, 60.0], half_life_h=21.0)
    >>> float(w[0]), bool(w[1] > 0.3), bool(w[2] < 0.001)
    (0.0, True, True)
    """
    t = nonnegative("t_d", t_d)
    hl = positive("half_life_h", half_life_h)
    tau = positive("time_constant_adaptation_d", time_constant_adaptation_d)
    g = fraction("gain", gain)
    adaptation = adaptation_after_last_dose(24.0 * t, hl, g, 24.0 * tau)
    return np.maximum(adaptation - np.exp(-(LN2 * 24.0) / hl * t), 0.0)


@dataclass(frozen=True)
class RelapseHazards:
    """Constant relapse hazards (:func:`relapse_hazards`), per day.

    Attributes
    ----------
    stopped_per_d, continued_per_d : numpy.ndarray
        Hazard off and on the drug, 1/day.
    """

    stopped_per_d: np.ndarray
    continued_per_d: np.ndarray


def relapse_hazards(
    fraction_stopped=_P.relapse_fraction_stopped,
    fraction_continued=_P.relapse_fraction_continued,
    horizon_d=_P.relapse_horizon_d,
):
    r"""Constant relapse hazards that reproduce two cumulative relapse proportions.

    Parameters
    ----------
    fraction_stopped, fraction_continued : array_like, optional
        Proportions relapsed by ``horizon_d`` off and on the drug, in
        [0, 1). Defaults 0.41 and 0.18 (Geddes et al. 2003).
    horizon_d : array_like, optional
        Follow-up, days (> 0). Default 365.

    Returns
    -------
    RelapseHazards
        ``stopped_per_d`` and ``continued_per_d``:
        :math:`\lambda = -\ln(1 - P)/T` (exponential survival).

    References
    ----------
    Geddes JR, Carney SM, Davies C, et al. Lancet 2003;361:653-661.

    Examples
    --------
    >>> h = relapse_hazards()
    >>> off, on = h.stopped_per_d, h.continued_per_d
    >>> round(float(off * 365), 4), round(float(on * 365), 4)
    (0.5276, 0.1985)
    """
    p_off = fraction("fraction_stopped", fraction_stopped, closed_high=False)
    p_on = fraction("fraction_continued", fraction_continued, closed_high=False)
    horizon = positive("horizon_d", horizon_d)
    return RelapseHazards(stopped_per_d=-np.log1p(-p_off) / horizon, continued_per_d=-np.log1p(-p_on) / horizon)


def relapse_probability(
    t_d,
    half_life_h=0.0,
    *,
    fraction_stopped=_P.relapse_fraction_stopped,
    fraction_continued=_P.relapse_fraction_continued,
    horizon_d=_P.relapse_horizon_d,
    continued=False,
):
    r"""Probability that the treated illness has returned by ``t_d`` after stopping.

    Parameters
    ----------
    t_d : array_like
        Days since the last dose (>= 0).
    half_life_h : array_like, optional
        Elimination half-life, h (>= 0); 0 (default) ignores the washout.
    fraction_stopped, fraction_continued, horizon_d : array_like, optional
        Published cumulative relapse proportions and their follow-up, see
        :func:`relapse_hazards` (defaults: Geddes et al. 2003).
    continued : bool, optional
        If True, the probability had the drug been continued (hazard
        :math:`\lambda_{on}` throughout).

    Returns
    -------
    numpy.ndarray
        Cumulative probability of relapse, in [0, 1): on the common symptom
        scale, the expected load of an illness that returns at its
        pre-treatment severity.

    Notes
    -----
    The hazard moves from its on-drug value to its off-drug value as the
    drug washes out, :math:`\lambda(t) = \lambda_{off} - (\lambda_{off} -
    \lambda_{on})\, d(t)` with :math:`d(t) = e^{-kt}`, so

    .. math::

        P(t) = 1 - \exp\!\left[-\lambda_{off} t + (\lambda_{off} - \lambda_{on})
        \frac{1 - e^{-kt}}{k}\right].

    A constant hazard is the simplest assumption that reproduces the
    published proportions; the trials report cumulative relapse, not the
    shape of the hazard. Unlike rebound and withdrawal, the curve never comes
    back down: a relapse is the illness itself, not a passing reaction, and
    the drug's half-life barely changes it. :data:`VEGA_RELAPSE` is the same
    expression for the browser.

    References
    ----------
    Geddes JR, Carney SM, Davies C, et al. Relapse prevention with
    antidepressant drug treatment in depressive disorders: a systematic
    review. Lancet 2003;361:653-661.

    Examples
    --------
    >>> round(float(relapse_probability(365.0)), 2), round(float(relapse_probability(365.0, continued=True)), 2)
    (0.41, 0.18)
    """
    t = nonnegative("t_d", t_d)
    hl = nonnegative("half_life_h", half_life_h)
    hazards = relapse_hazards(fraction_stopped, fraction_continued, horizon_d)
    off, on = hazards.stopped_per_d, hazards.continued_per_d
    if continued:
        return -np.expm1(-on * t)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = np.where(hl > 0, (LN2 * 24.0) / np.where(hl > 0, hl, 1.0), np.inf)
        washout = np.where(np.isfinite(k), -np.expm1(-k * t) / np.where(np.isfinite(k), k, 1.0), 0.0)
    return -np.expm1(-(off * t - (off - on) * washout))


@dataclass(frozen=True)
class DiscontinuationCourses:
    """The three courses after stopping (:func:`discontinuation_courses`), on the common symptom scale.

    Attributes
    ----------
    t_d : numpy.ndarray, shape (n_times,)
        Days since the last dose.
    half_life_h : numpy.ndarray, shape (n_half_lives,)
        Elimination half-lives, h.
    rebound, withdrawal, relapse : numpy.ndarray, shape (n_half_lives, n_times)
        Symptom load of each course (time last).
    """

    t_d: np.ndarray
    half_life_h: np.ndarray
    rebound: np.ndarray
    withdrawal: np.ndarray
    relapse: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Long format, one row per time, half-life and course: ``t_d``, ``half_life_h``,
        ``course`` (``"rebound"``, ``"withdrawal"``, ``"relapse"``) and ``symptom_load``."""
        n_t, n_h = self.t_d.size, self.half_life_h.size
        frames = [
            pd.DataFrame(
                {
                    "t_d": np.repeat(self.t_d, n_h),
                    "half_life_h": np.tile(self.half_life_h, n_t),
                    "course": name,
                    "symptom_load": getattr(self, name).T.ravel(),  # rows: time, then half-life
                }
            )
            for name in COURSES
        ]
        return pd.concat(frames, ignore_index=True)


def discontinuation_courses(t_d, half_life_h, params: DiscontinuationParams = DISCONTINUATION_DEFAULTS):
    """The three courses after stopping, for a grid of half-lives, in one result.

    Parameters
    ----------
    t_d : array_like, shape (n_times,)
        Days since the last dose (>= 0).
    half_life_h : array_like, shape (n_half_lives,)
        Elimination half-lives, h (> 0).
    params : DiscontinuationParams, optional
        Model parameters (defaults: :data:`DISCONTINUATION_DEFAULTS`).

    Returns
    -------
    DiscontinuationCourses
        The three courses, shape (n_half_lives, n_times) each; ``.to_frame()``
        gives the long table.

    Examples
    --------
    >>> df = discontinuation_courses([0.0, 7.0], [12.0, 48.0]).to_frame()
    >>> sorted(df["course"].unique()), len(df)
    (['rebound', 'relapse', 'withdrawal'], 12)
    """
    t = nonnegative("t_d", np.atleast_1d(t_d))
    hl = positive("half_life_h", np.atleast_1d(half_life_h))
    if t.ndim != 1 or hl.ndim != 1:
        raise ValueError("t_d and half_life_h must be one-dimensional")
    tt, hh = t[None, :], hl[:, None]  # (half-life, time)
    values = {
        "rebound": rebound_course(
            t,
            hl,
            steady_concentration=params.steady_concentration,
            emax=params.emax,
            kout_per_h=params.kout_per_h,
            ktol_per_h=params.ktol_per_h,
        ),
        "withdrawal": withdrawal_course(tt, hh, params.time_constant_adaptation_d, params.adaptation_gain),
        "relapse": relapse_probability(
            tt,
            hh,
            fraction_stopped=params.relapse_fraction_stopped,
            fraction_continued=params.relapse_fraction_continued,
            horizon_d=params.relapse_horizon_d,
        ),
    }
    shape = (hl.size, t.size)
    return DiscontinuationCourses(
        t_d=t, half_life_h=hl, **{name: np.array(np.broadcast_to(v, shape), dtype=float) for name, v in values.items()}
    )


@dataclass(frozen=True)
class CourseFeatures:
    """Onset, duration, persistence and peak of a symptom course (:func:`course_features`).

    Attributes
    ----------
    onset_d : float
        First time above the threshold, days (NaN if never).
    duration_d : float
        From onset to the last time above the threshold, days.
    persists : bool
        Still above the threshold at the last time.
    peak : float
        Maximum load.
    """

    onset_d: float
    duration_d: float
    persists: bool
    peak: float


def course_features(t_d, symptom_load, threshold=0.05):
    """Onset and duration of a symptom course: when it first exceeds ``threshold``, and for how long.

    Parameters
    ----------
    t_d : array_like, shape (n_times,)
        Strictly increasing days since stopping.
    symptom_load : array_like, shape (n_times,)
        A course on the common symptom scale (>= 0).
    threshold : float, optional
        Level that counts as symptomatic (> 0). Default 0.05.

    Returns
    -------
    CourseFeatures
        ``onset_d`` (first time above the threshold, NaN if never),
        ``duration_d`` (from onset to the last time above it; if the course
        is still above at the last time, up to that time), ``persists``
        (still above at the last time) and ``peak`` (maximum load).

    Examples
    --------
    >>> course_features([0, 1, 2, 3, 4], [0.0, 0.2, 0.3, 0.1, 0.0])
    CourseFeatures(onset_d=1.0, duration_d=2.0, persists=False, peak=0.3)
    """
    from ._validation import increasing

    t = increasing("t_d", t_d)
    y = nonnegative("symptom_load", symptom_load)
    if y.shape != t.shape:
        raise ValueError(f"symptom_load must have the shape of t_d {t.shape}, got {y.shape}")
    thr = float(positive("threshold", threshold))
    above = np.flatnonzero(y > thr)
    if above.size == 0:
        return CourseFeatures(onset_d=float("nan"), duration_d=0.0, persists=False, peak=float(y.max()))
    onset = float(t[above[0]])
    return CourseFeatures(
        onset_d=onset,
        duration_d=float(t[above[-1]] - onset),
        persists=bool(above[-1] == t.size - 1),
        peak=float(y.max()),
    )


def classify_course(onset_d, new_symptoms, duration_d, *, early_onset_d=7.0, transient_d=42.0):
    """Label a course after stopping a drug as rebound, withdrawal or relapse.

    Parameters
    ----------
    onset_d : array_like
        Days from the last dose to the first symptoms (>= 0).
    new_symptoms : array_like of bool
        True if the symptoms are new (the person never had them before
        treatment), False if they are those of the treated condition.
    duration_d : array_like
        How long the symptoms last, days (>= 0); use ``numpy.inf`` for
        symptoms that have not resolved.
    early_onset_d : float, optional
        Latest onset that counts as early, days (> 0). Default 7.
    transient_d : float, optional
        Longest duration that counts as transient, days (> 0). Default 42
        (6 weeks, Chouinard & Chouinard 2015). All arguments broadcast.

    Returns
    -------
    str or numpy.ndarray of str
        ``"withdrawal"`` for new symptoms; ``"rebound"`` for original
        symptoms that start early and are transient; ``"relapse"`` for
        original symptoms that start later or persist.

    Notes
    -----
    A teaching heuristic that follows the definitions of Chouinard &
    Chouinard (2015): new symptoms are withdrawal; rebound is the rapid,
    transient return of the original symptoms (beyond their former intensity);
    relapse is their gradual and lasting return. New and rebound symptoms
    appear within up to 6 weeks, depending on the half-life. The features
    overlap in real patients (withdrawal can last months, Davies & Read 2019),
    so the label is where a clinical assessment starts, not where it ends.

    References
    ----------
    Chouinard G, Chouinard VA. Psychother Psychosom 2015;84:63-71.
    Davies J, Read J. A systematic review into the incidence, severity and
    duration of antidepressant withdrawal effects: are guidelines
    evidence-based? Addict Behav 2019;97:111-121.

    Examples
    --------
    >>> classify_course(1.0, False, 3.0)
    'rebound'
    >>> classify_course([2.0, 60.0], [True, False], [14.0, np.inf]).tolist()
    ['withdrawal', 'relapse']
    """
    onset = nonnegative("onset_d", onset_d)
    try:
        dur = np.asarray(duration_d, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"duration_d must be numeric, got {duration_d!r}") from exc
    if np.any(np.isnan(dur)) or np.any(dur < 0):
        raise ValueError(f"duration_d must be >= 0 (inf allowed for unresolved), got {duration_d!r}")
    new = np.asarray(new_symptoms)
    if new.dtype != bool:
        if not (np.issubdtype(new.dtype, np.number) and np.all(np.isin(as_array("new_symptoms", new), (0, 1)))):
            raise ValueError(f"new_symptoms must be True or False, got {new_symptoms!r}")
        new = new.astype(bool)
    early = float(positive("early_onset_d", early_onset_d))
    transient = float(positive("transient_d", transient_d))
    onset, new, dur = np.broadcast_arrays(onset, new, dur)
    label = np.where(new, "withdrawal", np.where((onset <= early) & (dur <= transient), "rebound", "relapse"))
    return str(label) if label.ndim == 0 else label
