"""Uneven tolerance and incomplete cross-tolerance, from the operational model.

One opioid acts on the same mu receptors everywhere, yet tolerance to its
effects is uneven: marked and fast for euphoria and analgesia, slower and less
complete for respiratory depression, slight for miosis and constipation
(White & Irvine 1999). The book models each effect ``e`` as the operational
model of agonism (Black & Leff 1983) in its own circuit, with its own
transducer ratio :math:`\\tau_{0,e}` (its receptor reserve) and its own
adaptation: the fraction :math:`f_e` of receptor function left relaxes toward
:math:`1 - L_e` during use and back toward 1 in abstinence,

.. math::

    \\frac{df_e}{dt} = \\begin{cases}
        -\\left(f_e - (1 - L_e)\\right)/T_{on,e} & \\text{in use} \\\\
        (1 - f_e)/T_{off,e} & \\text{in abstinence,}
    \\end{cases}
    \\qquad \\tau_e(t) = f_e(t)\\,\\tau_{0,e},

solved exactly, piece by piece. The concentration (in multiples of the
drug's Kd, proportional to the dose at steady state) that gives an effect
level :math:`E^*` (a fraction of the system maximum) is the inverse of the
operational model with slope 1,

.. math:: \\frac{[A]}{K_A} = \\frac{E^*}{\\tau_e (1 - E^*) - E^*},

infinite when the effect is out of reach (:math:`\\tau_e \\le E^*/(1-E^*)`).
The **margin** is the dose that depresses breathing to the danger level
divided by the dose that gives the wanted effect.

Cross-tolerance uses the same inverse: the receptor function lost while
tolerant to one agonist (fraction left :math:`f`) raises the dose another
agonist of the same receptors needs for a fixed effect by

.. math:: R = \\frac{\\tau(1 - E^*) - E^*}{f\\tau(1 - E^*) - E^*},

less for a more efficacious agonist (larger :math:`\\tau`): cross-tolerance
between opioids is incomplete (Pawar et al. 2007; Hill et al. 2020).

All per-effect parameters are illustrative and live in
``neuroadapt/data/opioid_effect_tolerance.csv`` with the source of the
qualitative pattern each encodes. Times in days (``_d``).

References
----------
Black JW, Leff P. Operational models of pharmacological agonism. Proc R Soc
Lond B 1983;220:141-162.

White JM, Irvine RJ. Mechanisms of fatal opioid overdose. Addiction
1999;94:961-972.

Pawar M, Kumar P, Sunkaraneni S, Sirohi S, Walker EA, Yoburn BC. Opioid
agonist efficacy predicts the magnitude of tolerance and the regulation of
mu-opioid receptors and dynamin-2. Eur J Pharmacol 2007;563:92-101.

Hill R, Santhakumar R, Dewey W, Kelly E, Henderson G. Fentanyl depression of
respiration: comparison with heroin and morphine. Br J Pharmacol
2020;177:254-266.
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import broadcast, choice, fraction, nonnegative, positive

__all__ = [
    "EFFECTS",
    "load_effect_table",
    "EffectToleranceParams",
    "effect_parameters",
    "dose_for_effect",
    "fixed_effect_dose_ratio",
    "function_remaining",
    "UnevenToleranceResult",
    "uneven_tolerance",
    "days_until_habitual_dose_is_dangerous",
]

#: Effects in the table, in order.
EFFECTS = ("euphoria", "analgesia", "respiratory_depression", "miosis", "constipation")


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    path = importlib.resources.files("neuroadapt") / "data" / "opioid_effect_tolerance.csv"
    with path.open("r", encoding="utf-8") as f:
        return pd.read_csv(f)


def load_effect_table() -> pd.DataFrame:
    """The per-effect table ``neuroadapt/data/opioid_effect_tolerance.csv`` (a copy).

    Examples
    --------
    >>> list(load_effect_table().effect) == list(EFFECTS)
    True
    """
    return _table().copy()


@dataclass(frozen=True)
class EffectToleranceParams:
    """Tolerance parameters of one opioid effect.

    Attributes
    ----------
    effect : str
        Name of the effect.
    transducer_ratio_naive : float
        Transducer ratio of its circuit before any use (receptor reserve).
    tolerance_extent : float
        Largest fraction of receptor function lost with continued use, [0, 1).
    onset_time_constant_d, recovery_time_constant_d : float
        Time constants of loss during use and of recovery in abstinence, days.
    """

    effect: str
    transducer_ratio_naive: float
    tolerance_extent: float
    onset_time_constant_d: float
    recovery_time_constant_d: float

    def __post_init__(self):
        positive("transducer_ratio_naive", self.transducer_ratio_naive)
        fraction("tolerance_extent", self.tolerance_extent, closed_high=False)
        positive("onset_time_constant_d", self.onset_time_constant_d)
        positive("recovery_time_constant_d", self.recovery_time_constant_d)


def effect_parameters(effect: str) -> EffectToleranceParams:
    """Parameters of one effect from the table.

    Examples
    --------
    >>> effect_parameters("respiratory_depression").tolerance_extent
    0.5
    """
    choice("effect", effect, EFFECTS)
    row = _table().set_index("effect").loc[effect]
    return EffectToleranceParams(
        effect=effect,
        transducer_ratio_naive=float(row.transducer_ratio_naive),
        tolerance_extent=float(row.tolerance_extent),
        onset_time_constant_d=float(row.onset_time_constant_d),
        recovery_time_constant_d=float(row.recovery_time_constant_d),
    )


def dose_for_effect(transducer_ratio, effect_level):
    """Concentration (multiple of Kd) that gives an effect level: the operational model inverted.

    Parameters
    ----------
    transducer_ratio : array_like
        Transducer ratio tau of the circuit now (>= 0).
    effect_level : array_like
        Target effect, fraction of the system maximum, in (0, 1).

    Returns
    -------
    float or numpy.ndarray
        :math:`[A]/K_A = E^*/(\\tau(1-E^*) - E^*)`, >= 0; ``inf`` where the
        effect is out of reach (:math:`\\tau/(1+\\tau) \\le E^*`).

    Examples
    --------
    >>> dose_for_effect([30.0, 3.0, 1.0], 0.5)
    array([0.03448276, 0.5       ,        inf])
    """
    tau = nonnegative("transducer_ratio", transducer_ratio)
    e = fraction("effect_level", effect_level, closed_low=False, closed_high=False)
    tau, e = broadcast(transducer_ratio=tau, effect_level=e)
    denom = tau * (1.0 - e) - e
    with np.errstate(divide="ignore"):
        out = np.where(denom > 0, e / np.where(denom > 0, denom, 1.0), np.inf)
    return _out(out)


def fixed_effect_dose_ratio(fraction_remaining, transducer_ratio, effect_level=0.5):
    """How many times more drug is needed for a fixed effect after receptor function is lost.

    The tolerance (or cross-tolerance) of an agonist with transducer ratio
    ``transducer_ratio`` when only ``fraction_remaining`` of the receptor
    function is left, however it was lost (tolerance to this or to another
    agonist of the same receptors).

    Parameters
    ----------
    fraction_remaining : array_like
        Fraction f of receptor function left, in (0, 1].
    transducer_ratio : array_like
        The agonist's transducer ratio before the loss (> 0).
    effect_level : array_like, optional
        The fixed effect, fraction of the system maximum, in (0, 1). Default 0.5.

    Returns
    -------
    float or numpy.ndarray
        Dose ratio (tolerant / naive) >= 1; ``inf`` if the effect is now out
        of reach, ``nan``-free.

    Raises
    ------
    ValueError
        If the effect level is out of reach even before the loss.

    Examples
    --------
    Half the receptor function gone: an agonist of lower efficacy (tau 2.32)
    needs 8.25 times its dose for a half-maximal effect, one of higher
    efficacy (tau 4) only 3 times; tolerance to the first shows as incomplete
    cross-tolerance to the second.

    >>> fixed_effect_dose_ratio(0.5, [2.32, 4.0]).round(2)
    array([8.25, 3.  ])
    """
    f = fraction("fraction_remaining", fraction_remaining, closed_low=False)
    tau = positive("transducer_ratio", transducer_ratio)
    e = fraction("effect_level", effect_level, closed_low=False, closed_high=False)
    f, tau, e = broadcast(fraction_remaining=f, transducer_ratio=tau, effect_level=e)
    naive = np.asarray(dose_for_effect(tau, e), dtype=float)
    if np.any(~np.isfinite(naive)):
        raise ValueError(
            "effect_level must be below the agonist's maximum tau/(1+tau) before the loss; "
            f"got effect_level {effect_level!r} with transducer_ratio {transducer_ratio!r}"
        )
    tolerant = np.asarray(dose_for_effect(f * tau, e), dtype=float)
    return _out(tolerant / naive)


def function_remaining(t_d, use_stop_d, params: EffectToleranceParams):
    """Fraction of receptor function left for one effect: use from day 0, abstinence after.

    Parameters
    ----------
    t_d : array_like
        Times, days (>= 0).
    use_stop_d : float
        Day of the last use (> 0).
    params : EffectToleranceParams
        The effect's parameters.

    Returns
    -------
    float or numpy.ndarray
        :math:`f(t) = 1 - L (1 - e^{-t/T_{on}})` in use; then
        :math:`f = 1 - (1 - f_{stop}) e^{-(t - t_{stop})/T_{off}}`.

    Examples
    --------
    >>> p = effect_parameters("euphoria")
    >>> function_remaining([0.0, 7.0], 90.0, p).round(3)
    array([1.   , 0.646])
    """
    t = nonnegative("t_d", t_d)
    stop = float(positive("use_stop_d", use_stop_d))
    L, ton, toff = params.tolerance_extent, params.onset_time_constant_d, params.recovery_time_constant_d
    in_use = 1.0 - L * (1.0 - np.exp(-np.minimum(t, stop) / ton))
    f_stop = 1.0 - L * (1.0 - np.exp(-stop / ton))
    after = 1.0 - (1.0 - f_stop) * np.exp(-np.clip(t - stop, 0.0, None) / toff)
    return _out(np.where(t <= stop, in_use, after))


@dataclass(frozen=True)
class UnevenToleranceResult:
    """Doses for each effect over a period of use and a break.

    Attributes
    ----------
    t_d : numpy.ndarray, shape (n_t,)
        Days since the first use.
    use_stop_d : float
        Day of the last use before the break.
    effects : tuple of str
        The effects, in the order of the first axis.
    function_remaining : numpy.ndarray, shape (n_effects, n_t)
        Fraction of receptor function left for each effect.
    dose_relative : numpy.ndarray, shape (n_effects, n_t)
        Dose giving each effect's target level, relative to the naive dose
        for the wanted effect (``inf`` where out of reach).
    wanted_dose_relative, danger_dose_relative : numpy.ndarray, shape (n_t,)
        Dose for the wanted effect and dose that depresses breathing to the
        danger level, both relative to the naive wanted dose.
    margin : numpy.ndarray, shape (n_t,)
        ``danger_dose_relative / wanted_dose_relative``.
    habitual_dose_relative : numpy.ndarray, shape (n_t,)
        The dose the user takes: the wanted dose while using, then frozen at
        the last dose through the break.
    habitual_margin : numpy.ndarray, shape (n_t,)
        ``danger_dose_relative / habitual_dose_relative``; below 1 the old
        dose now depresses breathing past the danger level.
    """

    t_d: np.ndarray
    use_stop_d: float
    effects: tuple
    function_remaining: np.ndarray
    dose_relative: np.ndarray
    wanted_dose_relative: np.ndarray
    danger_dose_relative: np.ndarray
    margin: np.ndarray
    habitual_dose_relative: np.ndarray
    habitual_margin: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Long table: one row per (effect, day)."""
        n_e, n_t = self.dose_relative.shape
        return pd.DataFrame(
            {
                "effect": np.repeat(self.effects, n_t),
                "t_d": np.tile(self.t_d, n_e),
                "function_remaining": self.function_remaining.ravel(),
                "dose_relative": self.dose_relative.ravel(),
            }
        )


def uneven_tolerance(
    t_d, use_stop_d=60.0, wanted_effect="euphoria", wanted_level=0.5, danger_level=0.5
) -> UnevenToleranceResult:
    """Uneven tolerance over daily use and a break: the narrowing margin.

    Parameters
    ----------
    t_d : array_like, shape (n_t,)
        Days since the first use (>= 0, non-decreasing).
    use_stop_d : float, optional
        Last day of daily use (> 0); abstinence after. Default 60.
    wanted_effect : {"euphoria", "analgesia"}, optional
        The effect the dose is taken for. Default ``"euphoria"``.
    wanted_level : float, optional
        Its target level, fraction of maximum, in (0, 1). Default 0.5.
    danger_level : float, optional
        Level of respiratory depression counted as dangerous, in (0, 1).
        Default 0.5 (illustrative).

    Returns
    -------
    UnevenToleranceResult

    Notes
    -----
    Each effect follows :func:`function_remaining` and :func:`dose_for_effect`
    with its own parameters (:func:`effect_parameters`); the user is assumed
    to take, each day of use, the dose that gives the wanted effect.

    Examples
    --------
    >>> r = uneven_tolerance([0.0, 60.0, 74.0])
    >>> r.margin.round(1), r.habitual_margin.round(2)
    (array([9.7, 1.9, 9.9]), array([9.67, 1.87, 0.92]))
    """
    t = nonnegative("t_d", t_d)
    if t.ndim != 1 or (t.size > 1 and np.any(np.diff(t) < 0)):
        raise ValueError("t_d must be one-dimensional and non-decreasing")
    stop = float(positive("use_stop_d", use_stop_d))
    choice("wanted_effect", wanted_effect, ("euphoria", "analgesia"))
    levels = {}
    levels[wanted_effect] = float(fraction("wanted_level", wanted_level, closed_low=False, closed_high=False))
    levels["respiratory_depression"] = float(
        fraction("danger_level", danger_level, closed_low=False, closed_high=False)
    )
    f = np.empty((len(EFFECTS), t.size))
    dose = np.empty((len(EFFECTS), t.size))
    for i, name in enumerate(EFFECTS):
        p = effect_parameters(name)
        f[i] = function_remaining(t, stop, p)
        dose[i] = dose_for_effect(f[i] * p.transducer_ratio_naive, levels.get(name, 0.5))
    w = EFFECTS.index(wanted_effect)
    naive = float(dose_for_effect(effect_parameters(wanted_effect).transducer_ratio_naive, levels[wanted_effect]))
    dose = dose / naive
    wanted, danger = dose[w], dose[EFFECTS.index("respiratory_depression")]
    p_w = effect_parameters(wanted_effect)
    last = (
        float(dose_for_effect(function_remaining(stop, stop, p_w) * p_w.transducer_ratio_naive, levels[wanted_effect]))
        / naive
    )
    habitual = np.where(t <= stop, wanted, last)
    return UnevenToleranceResult(
        t_d=t,
        use_stop_d=stop,
        effects=EFFECTS,
        function_remaining=f,
        dose_relative=dose,
        wanted_dose_relative=wanted,
        danger_dose_relative=danger,
        margin=danger / wanted,
        habitual_dose_relative=habitual,
        habitual_margin=danger / habitual,
    )


def days_until_habitual_dose_is_dangerous(use_stop_d=60.0, **kwargs) -> float:
    """Days of abstinence after which the last habitual dose reaches the danger level.

    Parameters
    ----------
    use_stop_d : float, optional
        Days of daily use before the break (> 0). Default 60.
    **kwargs
        Passed to :func:`uneven_tolerance` (``wanted_level``, ``danger_level``).

    Returns
    -------
    float
        Days after the last use at which ``habitual_margin`` first falls to 1
        (``inf`` if never within a year).

    Examples
    --------
    >>> round(days_until_habitual_dose_is_dangerous(), 1)
    10.1
    """
    stop = float(positive("use_stop_d", use_stop_d))
    t = stop + np.linspace(0.0, 365.0, 36501)
    m = uneven_tolerance(t, stop, **kwargs).habitual_margin
    below = m <= 1.0
    if not below.any():
        return float("inf")
    i = int(np.argmax(below))
    if i == 0:
        return 0.0
    return float((t[i - 1] - stop) + (t[i] - t[i - 1]) * (m[i - 1] - 1.0) / (m[i - 1] - m[i]))
