r"""Neonatal withdrawal: the newborn's drug level and withdrawal after birth.

A fetus whose mother takes an opioid every day is exposed through the
placenta, reaches a steady level and adapts to it. Birth is an abrupt last
dose: the cord is clamped, the supply stops, and the newborn must eliminate
what it has with its own, immature, metabolism. Neonatal opioid withdrawal
syndrome is therefore physical dependence in its purest form, with no
behaviour at all (Hudak & Tan 2012; Kocherlakota 2014).

The model reuses the book's after-last-dose withdrawal model,
:func:`neuroadapt.feedback_withdrawal.withdrawal_after_last_dose`: from birth
(t = 0) the newborn's level falls as :math:`C(t) = C_0\, 2^{-t/t_{1/2,n}}` with
the *neonatal* half-life :math:`t_{1/2,n}`, and a regulated signal, left with an
opponent adaptation built up in utero, sags below its drug-free level as the
drug leaves faster than the counter-adaptation can unwind. Onset is the first
time the sag reaches the model's threshold (a fifth of its largest possible
size, :data:`neuroadapt.feedback_withdrawal.FEEDBACK_WITHDRAWAL_DEFAULTS`).

The published onsets after birth (``neuroadapt/data/neonatal_withdrawal.csv``;
Kocherlakota 2014) are short-acting opioids within about 24 h, buprenorphine
about 40 h or later, methadone 48-72 h or later. The neonatal half-lives of
:class:`NeonatalWithdrawalParams` are illustrative, chosen so that the model's
onsets fall in those windows; measured neonatal half-lives are few and vary
widely. What the model shows is the mechanism: the newborn's own elimination
sets the clock, and a slower elimination gives a later and milder syndrome.

References
----------
Hudak ML, Tan RC; Committee on Drugs; Committee on Fetus and Newborn. Neonatal
drug withdrawal. Pediatrics 2012;129:e540-e560.

Kocherlakota P. Neonatal abstinence syndrome. Pediatrics 2014;134:e547-e561.

Grossman MR, Berkwitt AK, Osborn RR, et al. An initiative to improve the
quality of care of infants with neonatal abstinence syndrome. Pediatrics
2017;139:e20163360.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._data import read_table
from ._validation import choice, fraction, positive
from .feedback_withdrawal import FEEDBACK_WITHDRAWAL_DEFAULTS, withdrawal_after_last_dose

__all__ = [
    "NEONATAL_DRUG_GROUPS",
    "NeonatalWithdrawalParams",
    "NEONATAL_WITHDRAWAL_DEFAULTS",
    "NeonatalWithdrawalResult",
    "neonatal_data",
    "neonatal_value",
    "neonatal_half_life_h",
    "newborn_withdrawal",
]

#: Maternal drug groups with a published onset window after birth.
NEONATAL_DRUG_GROUPS = ("short_acting_opioid", "buprenorphine", "methadone")


@dataclass(frozen=True)
class NeonatalWithdrawalParams:
    """Illustrative neonatal elimination half-lives, h, by maternal drug group.

    Chosen so that :func:`newborn_withdrawal` puts the onset inside each
    group's published window (Kocherlakota 2014); not measured values.
    """

    #: heroin, morphine, oxycodone (illustrative).
    short_acting_opioid_half_life_h: float = 4.0
    #: buprenorphine (illustrative).
    buprenorphine_half_life_h: float = 24.0
    #: methadone (illustrative).
    methadone_half_life_h: float = 36.0
    #: withdrawal counts as present at or above this fraction of its largest possible size.
    onset_threshold: float = FEEDBACK_WITHDRAWAL_DEFAULTS.onset_threshold


NEONATAL_WITHDRAWAL_DEFAULTS = NeonatalWithdrawalParams()


def _table() -> pd.DataFrame:
    return read_table("neonatal_withdrawal.csv", numeric=("value", "low", "high"))


def neonatal_data() -> pd.DataFrame:
    """Published onsets of neonatal opioid withdrawal and the Eat, Sleep, Console results.

    Returns
    -------
    pandas.DataFrame
        ``drug_group``, ``examples``, ``quantity``, ``value``, ``low``,
        ``high``, ``unit``, ``source`` (BibTeX key) and ``note``, from
        ``neuroadapt/data/neonatal_withdrawal.csv``.

    References
    ----------
    Kocherlakota P. Pediatrics 2014;134:e547-e561. Grossman MR, et al.
    Pediatrics 2017;139:e20163360.

    Examples
    --------
    >>> d = neonatal_data()
    >>> sorted(d.loc[d["quantity"] == "onset_h", "drug_group"])
    ['buprenorphine', 'methadone', 'short_acting_opioid']
    """
    return _table()


def neonatal_value(drug_group: str, quantity: str, bound: str = "value") -> float:
    """One number of :func:`neonatal_data` (NaN where the source gives no such bound).

    Parameters
    ----------
    drug_group : str
        e.g. ``"methadone"`` or ``"eat_sleep_console"``.
    quantity : str
        e.g. ``"onset_h"``, ``"length_of_stay_d_after"``.
    bound : {"value", "low", "high"}

    Raises
    ------
    ValueError
        No such row.

    Examples
    --------
    >>> neonatal_value("methadone", "onset_h", "low"), neonatal_value("methadone", "onset_h", "high")
    (48.0, 72.0)
    """
    choice("bound", bound, ("value", "low", "high"))
    t = _table()
    row = t[(t["drug_group"] == drug_group) & (t["quantity"] == quantity)]
    if row.empty:
        raise ValueError(f"no row ({drug_group!r}, {quantity!r}) in neonatal_withdrawal.csv")
    return float(row[bound].iloc[0])


def neonatal_half_life_h(drug_group: str, params: NeonatalWithdrawalParams = NEONATAL_WITHDRAWAL_DEFAULTS) -> float:
    """The illustrative neonatal half-life of a maternal drug group, h.

    Parameters
    ----------
    drug_group : {"short_acting_opioid", "buprenorphine", "methadone"}
    params : NeonatalWithdrawalParams, optional

    Examples
    --------
    >>> neonatal_half_life_h("methadone")
    36.0
    """
    choice("drug_group", drug_group, NEONATAL_DRUG_GROUPS)
    return float(positive(f"{drug_group}_half_life_h", getattr(params, f"{drug_group}_half_life_h")))


@dataclass(frozen=True)
class NeonatalWithdrawalResult:
    """The newborn's drug level and withdrawal after birth; time on the last axis.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_t,)
        Hours after birth.
    neonatal_half_life_h : numpy.ndarray, shape (n,)
    drug_level : numpy.ndarray, shape (n, n_t)
        Newborn's drug level, fraction of the level at birth.
    withdrawal : numpy.ndarray, shape (n, n_t)
        Withdrawal, fraction of its largest possible size (0-1).
    onset_h, peak_h : numpy.ndarray, shape (n,)
        First time withdrawal reaches the threshold, and time of its peak, h
        after birth (NaN where it never reaches the threshold).
    peak_withdrawal : numpy.ndarray, shape (n,)
    """

    t_h: np.ndarray
    neonatal_half_life_h: np.ndarray
    drug_level: np.ndarray
    withdrawal: np.ndarray
    onset_h: np.ndarray
    peak_h: np.ndarray
    peak_withdrawal: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Long format: one row per half-life and time.

        Columns ``neonatal_half_life_h``, ``t_h``, ``drug_level`` and ``withdrawal``.
        """
        n, n_t = self.drug_level.shape
        return pd.DataFrame(
            {
                "neonatal_half_life_h": np.repeat(self.neonatal_half_life_h, n_t),
                "t_h": np.tile(self.t_h, n),
                "drug_level": self.drug_level.ravel(),
                "withdrawal": self.withdrawal.ravel(),
            }
        )


def newborn_withdrawal(
    neonatal_half_life_h,
    *,
    horizon_h: float = 240.0,
    step_h: float = 1.0,
    onset_threshold: float = NEONATAL_WITHDRAWAL_DEFAULTS.onset_threshold,
) -> NeonatalWithdrawalResult:
    r"""The newborn's drug level and withdrawal after birth, for many neonatal half-lives at once.

    Parameters
    ----------
    neonatal_half_life_h : array_like, shape (n,) or scalar
        The newborn's elimination half-life of the maternal drug, h (> 0).
    horizon_h : float, optional
        Hours simulated after birth (> 0).
    step_h : float, optional
        Time step, h, in (0, 1] (the resolution of onset and peak).
    onset_threshold : float, optional
        Fraction of the largest possible withdrawal at which it counts as
        present, in (0, 1).

    Returns
    -------
    NeonatalWithdrawalResult

    Raises
    ------
    ValueError
        A half-life, horizon, step or threshold out of range (the message
        names it).

    Notes
    -----
    In utero the fetus is at steady state with the maternal supply; at birth
    (t = 0) the supply stops and

    .. math:: C(t) = C_0\, 2^{-t / t_{1/2,n}},

    the after-last-dose model of
    :func:`neuroadapt.feedback_withdrawal.withdrawal_after_last_dose` with the
    neonatal half-life. The parameters of the feedback loop are that model's
    (illustrative) defaults, calibrated against the adult drug table.

    References
    ----------
    Kocherlakota P. Pediatrics 2014;134:e547-e561.
    Solomon RL, Corbit JD. Psychol Rev 1974;81:119-145.

    Examples
    --------
    >>> r = newborn_withdrawal([4.0, 20.0])
    >>> r.onset_h.tolist()
    [20.0, 40.0]
    >>> bool(r.peak_withdrawal[0] > r.peak_withdrawal[1])
    True
    """
    hl = positive("neonatal_half_life_h", np.atleast_1d(neonatal_half_life_h))
    if hl.ndim != 1:
        raise ValueError(f"neonatal_half_life_h must be a scalar or one-dimensional, got shape {hl.shape}")
    horizon = float(positive("horizon_h", horizon_h))
    dt = float(positive("step_h", step_h))
    if dt > 1.0:
        raise ValueError(f"step_h must lie in (0, 1], got {step_h!r}")
    thr = float(fraction("onset_threshold", onset_threshold, closed_low=False, closed_high=False))
    n_t = int(np.floor(horizon / dt + 1e-9)) + 1
    t = dt * np.arange(n_t)
    r = withdrawal_after_last_dose(hl, t)
    w = r.withdrawal
    above = w >= thr
    any_above = above.any(axis=-1)
    first = np.argmax(above, axis=-1)
    peak = np.argmax(w, axis=-1)
    return NeonatalWithdrawalResult(
        t_h=t,
        neonatal_half_life_h=hl,
        drug_level=r.drug_level,
        withdrawal=w,
        onset_h=np.where(any_above, t[first], np.nan),
        peak_h=np.where(any_above, t[peak], np.nan),
        peak_withdrawal=w.max(axis=-1),
    )
