"""Kindling: repeated withdrawals make later withdrawals worse.

Ballenger and Post (1978) proposed that each alcohol withdrawal, a bout of
hyperexcitability, leaves the brain more excitable, as repeated subthreshold
electrical stimulation of the limbic system "kindles" seizures. Becker and
Hale (1993) showed it in mice: 48 hours of ethanol vapour broken into three
16-hour bouts with 8-hour withdrawals produced worse withdrawal seizures than
the same 48 hours given in one bout; the severity grows with the number of
prior withdrawals (Becker et al. 1997).

The book's model is the simplest that carries both findings, a recursion over
episodes of intoxication (index n):

* **dependence** :math:`D` (0-1) builds during each bout of length
  :math:`E_n` and fades during the abstinence :math:`G_n` that follows,

  .. math:: D_n^{stop} = 1 - (1 - D_n^{start})\\,e^{-E_n/T_D}, \\qquad
            D_{n+1}^{start} = D_n^{stop}\\,e^{-G_n/T_R};

* the **withdrawal** after bout n has severity
  :math:`W_n = D_n^{stop}\\,(1 + K_n)`, where :math:`K` is the
  **sensitisation** left by earlier withdrawals;
* each withdrawal adds to the sensitisation, which saturates at
  :math:`K_{max}` and fades very slowly,

  .. math:: K_{n+1} = \\left[K_n + g\\,W_n\\,(1 - K_n/K_{max})\\right]
            e^{-G_n/T_K}.

Severity is relative: 1 is the withdrawal after full dependence with no
history. The parameters are illustrative; :data:`KINDLING_DEFAULTS` is set on
a human time scale (bouts of weeks, detoxifications months apart) and
:data:`KINDLING_MOUSE` on the hours of Becker and Hale's vapour chambers.

References
----------
Ballenger JC, Post RM. Kindling as a model for alcohol withdrawal syndromes.
Br J Psychiatry 1978;133:1-14.

Becker HC, Hale RL. Repeated episodes of ethanol withdrawal potentiate the
severity of subsequent withdrawal seizures: an animal model of alcohol
withdrawal "kindling". Alcohol Clin Exp Res 1993;17:94-98.

Becker HC, Diaz-Granados JL, Weathersby RT. Repeated ethanol withdrawal
experience increases the severity and duration of subsequent withdrawal
seizures in mice. Alcohol 1997;14:319-326.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import broadcast, nonnegative, positive

__all__ = [
    "KindlingParams",
    "KINDLING_DEFAULTS",
    "KINDLING_MOUSE",
    "KindlingResult",
    "kindling_episodes",
    "regular_detoxifications",
]


@dataclass(frozen=True)
class KindlingParams:
    """Parameters of the kindling recursion (all illustrative).

    Attributes
    ----------
    dependence_time_constant_h : float
        Time constant with which dependence builds during a bout, h (> 0).
    dependence_recovery_time_constant_h : float
        Time constant with which it fades in abstinence, h (> 0).
    sensitisation_gain : float
        Sensitisation added per unit of withdrawal severity (>= 0).
    sensitisation_max : float
        Ceiling of the sensitisation (> 0): severity can reach at most
        ``1 + sensitisation_max`` times that of a first withdrawal.
    sensitisation_decay_time_constant_h : float
        Time constant with which sensitisation fades in abstinence, h (> 0).
    """

    dependence_time_constant_h: float = 24.0 * 7
    dependence_recovery_time_constant_h: float = 24.0 * 7
    sensitisation_gain: float = 0.35
    sensitisation_max: float = 3.0
    sensitisation_decay_time_constant_h: float = 24.0 * 365

    def __post_init__(self):
        for name in (
            "dependence_time_constant_h",
            "dependence_recovery_time_constant_h",
            "sensitisation_max",
            "sensitisation_decay_time_constant_h",
        ):
            positive(name, getattr(self, name))
        nonnegative("sensitisation_gain", self.sensitisation_gain)


#: Human time scale (illustrative): dependence builds and fades over about a
#: week; sensitisation fades over about a year.
KINDLING_DEFAULTS = KindlingParams()

#: Mouse vapour-chamber time scale (illustrative), for Becker & Hale (1993).
KINDLING_MOUSE = KindlingParams(
    dependence_time_constant_h=24.0,
    dependence_recovery_time_constant_h=24.0,
    sensitisation_gain=0.35,
    sensitisation_max=3.0,
    sensitisation_decay_time_constant_h=24.0 * 30,
)


@dataclass(frozen=True)
class KindlingResult:
    """Episode-by-episode dependence, sensitisation and withdrawal severity.

    Attributes
    ----------
    dependence : numpy.ndarray, shape ``grid + (n_episodes,)``
        Dependence at the end of each bout (0-1).
    sensitisation : numpy.ndarray
        Sensitisation carried into each withdrawal.
    severity : numpy.ndarray
        Severity of each withdrawal, relative to a first withdrawal after full
        dependence.
    """

    dependence: np.ndarray
    sensitisation: np.ndarray
    severity: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Long table, one row per episode (of a single schedule, or of each grid point)."""
        n = self.severity.shape[-1]
        flat = self.severity.reshape(-1, n)
        return pd.DataFrame(
            {
                "grid_index": np.repeat(np.arange(flat.shape[0]), n),
                "episode": np.tile(np.arange(1, n + 1), flat.shape[0]),
                "dependence": self.dependence.reshape(-1, n).ravel(),
                "sensitisation": self.sensitisation.reshape(-1, n).ravel(),
                "severity": flat.ravel(),
            }
        )


def kindling_episodes(exposure_h, abstinence_h, params: KindlingParams = KINDLING_DEFAULTS) -> KindlingResult:
    """Withdrawal severity across repeated bouts of intoxication and withdrawal.

    Parameters
    ----------
    exposure_h : array_like, shape ``grid + (n_episodes,)``
        Length of each bout of intoxication, h (>= 0); episodes on the last
        axis, parameter grids on the leading axes.
    abstinence_h : array_like, shape ``grid + (n_episodes,)``
        Abstinence after each bout, h (>= 0); broadcasts with ``exposure_h``.
    params : KindlingParams, optional
        Default :data:`KINDLING_DEFAULTS`.

    Returns
    -------
    KindlingResult

    Notes
    -----
    The recursion of the module docstring, starting drug-naive
    (:math:`D = K = 0`); closed form within each bout and gap.

    References
    ----------
    Becker HC, Hale RL. Alcohol Clin Exp Res 1993;17:94-98.

    Examples
    --------
    Becker & Hale's schedules: three 16-h bouts with 8-h withdrawals, against
    one 48-h bout (the same total exposure):

    >>> mw = kindling_episodes([16.0, 16.0, 16.0], [8.0, 8.0, 8.0], KINDLING_MOUSE)
    >>> single = kindling_episodes([48.0], [8.0], KINDLING_MOUSE)
    >>> round(float(mw.severity[-1]), 2), round(float(single.severity[-1]), 2)
    (1.04, 0.86)
    """
    e = nonnegative("exposure_h", exposure_h)
    g = nonnegative("abstinence_h", abstinence_h)
    if e.ndim == 0 or g.ndim == 0:
        e, g = np.atleast_1d(e), np.atleast_1d(g)
    e, g = broadcast(exposure_h=e, abstinence_h=g)
    p = params
    dep = np.empty(e.shape)
    sens = np.empty(e.shape)
    sev = np.empty(e.shape)
    d = np.zeros(e.shape[:-1])
    k = np.zeros(e.shape[:-1])
    for n in range(e.shape[-1]):
        d = 1.0 - (1.0 - d) * np.exp(-e[..., n] / p.dependence_time_constant_h)
        w = d * (1.0 + k)
        dep[..., n], sens[..., n], sev[..., n] = d, k, w
        k = (k + p.sensitisation_gain * w * (1.0 - k / p.sensitisation_max)) * np.exp(
            -g[..., n] / p.sensitisation_decay_time_constant_h
        )
        d = d * np.exp(-g[..., n] / p.dependence_recovery_time_constant_h)
    return KindlingResult(dependence=dep, sensitisation=sens, severity=sev)


def regular_detoxifications(n_episodes: int, drinking_weeks, weeks_between, params: KindlingParams = KINDLING_DEFAULTS):
    """Repeated drinking bouts ended by detoxification, at a regular interval.

    Parameters
    ----------
    n_episodes : int
        Number of detoxifications (>= 1).
    drinking_weeks : array_like
        Length of each heavy-drinking bout, weeks (> 0); any shape ``G``.
    weeks_between : array_like
        Abstinence between a detoxification and the next bout, weeks (>= 0);
        broadcasts with ``drinking_weeks``.
    params : KindlingParams, optional

    Returns
    -------
    KindlingResult
        Arrays shaped ``G + (n_episodes,)``.

    Examples
    --------
    >>> r = regular_detoxifications(5, 8.0, [4.0, 52.0])
    >>> r.severity.round(2)
    array([[1.  , 1.32, 1.68, 2.05, 2.41],
           [1.  , 1.13, 1.19, 1.21, 1.22]])
    """
    if int(n_episodes) != n_episodes or n_episodes < 1:
        raise ValueError(f"n_episodes must be a whole number >= 1, got {n_episodes!r}")
    dw = positive("drinking_weeks", drinking_weeks)
    wb = nonnegative("weeks_between", weeks_between)
    dw, wb = broadcast(drinking_weeks=dw, weeks_between=wb)
    shape = dw.shape + (int(n_episodes),)
    return kindling_episodes(
        np.broadcast_to(dw[..., None] * 168.0, shape), np.broadcast_to(wb[..., None] * 168.0, shape), params
    )
