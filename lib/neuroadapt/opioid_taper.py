"""Opioid tapers: morphine milligram equivalents and percentage-step schedules (CDC).

.. warning::
   Every schedule this module returns is **teaching material, not a
   prescription**. Real tapers are set by a prescriber with the patient, and
   are slowed or paused according to symptoms.

Daily doses of different opioids are counted in morphine milligram
equivalents (MME) with the CDC conversion factors; a taper removes a fixed
percentage of the original dose (linear) or of the current dose
(proportional) per step (Dowell et al. 2022).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._data import columns_frame, read_table
from ._validation import choice, nonnegative, positive
from .drugs import drug_value, load_drug_table, normalize_drug_name
from .taper_schedules import _drops, proportional_schedule

__all__ = ["morphine_milligram_equivalent", "OpioidTaperResult", "opioid_taper"]

_MME_GUIDELINES = {"cdc2022": "dowell2022", "cdc2016": "dowell2016"}
# CDC 2016 methadone conversion factors by daily dose (Dowell et al. 2016),
# from data/methadone_mme_2016.csv: the factor of the band whose upper limit
# (mg/day, inclusive) is the first at or above the dose.
_METHADONE_2016 = read_table(
    "methadone_mme_2016.csv", numeric=("dose_above_mg_per_d", "dose_at_most_mg_per_d", "mme_conversion_factor")
)
_METHADONE_2016_UPPER_MG = _METHADONE_2016["dose_at_most_mg_per_d"].dropna().to_numpy()
_METHADONE_2016_FACTOR = _METHADONE_2016["mme_conversion_factor"].to_numpy()


def _mme_drugs(key: str) -> list[str]:
    table = load_drug_table()
    return sorted(table.loc[(table.quantity == "mme_conversion_factor") & (table.source == key), "drug"])


def morphine_milligram_equivalent(drug: str, dose_mg, guideline: str = "cdc2022") -> np.ndarray:
    """Daily morphine milligram equivalents (MME) of an opioid dose.

    Parameters
    ----------
    drug : str
        Opioid with a conversion factor in the drug table: codeine,
        fentanyl_transdermal, hydrocodone, hydromorphone, methadone, morphine,
        oxycodone, oxymorphone, tapentadol, tramadol.
    dose_mg : array_like
        Daily dose, mg/day, >= 0 (for ``fentanyl_transdermal``: the patch rate
        in micrograms per hour).
    guideline : {"cdc2022", "cdc2016"}
        Conversion table. 2022 changed methadone (one factor, 4.7, instead of
        dose-dependent 4-12), hydromorphone (4 -> 5) and tramadol (0.1 -> 0.2).

    Returns
    -------
    numpy.ndarray
        MME per day.

    Notes
    -----
    :math:`\\mathrm{MME} = D \\times f_{drug}`. The factors estimate total
    opioid exposure; they are not for converting one opioid into another.
    Buprenorphine has no factor (partial agonist).

    References
    ----------
    Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice
    Guideline for Prescribing Opioids for Pain - United States, 2022. MMWR
    Recomm Rep 2022;71(RR-3):1-95.
    Dowell D, Haegerich TM, Chou R. CDC Guideline for Prescribing Opioids for
    Chronic Pain - United States, 2016. MMWR Recomm Rep 2016;65(RR-1):1-49.

    Examples
    --------
    >>> float(morphine_milligram_equivalent("oxycodone", 20))
    30.0
    >>> float(morphine_milligram_equivalent("methadone", 30, guideline="cdc2016"))
    240.0
    """
    choice("guideline", guideline, tuple(_MME_GUIDELINES))
    key = _MME_GUIDELINES[guideline]
    name = normalize_drug_name(drug)
    valid = _mme_drugs(key)
    if name not in valid:
        raise ValueError(f"drug must be one of {', '.join(valid)} for {guideline} MME conversion; got {drug!r}")
    dose = nonnegative("dose_mg", dose_mg)
    if name == "methadone" and guideline == "cdc2016":
        idx = np.searchsorted(_METHADONE_2016_UPPER_MG, dose, side="left")
        return dose * _METHADONE_2016_FACTOR[idx]
    return dose * drug_value(name, "mme_conversion_factor", source=key)


@dataclass(frozen=True)
class OpioidTaperResult:
    """An opioid taper (:func:`opioid_taper`): one entry per step, the last at dose 0.

    Teaching material, not a prescription.

    Attributes
    ----------
    step : numpy.ndarray of int
        Step number, 0 = the starting dose.
    week : numpy.ndarray
        Week at which the step starts (weeks since the start of the taper).
    dose_mme : numpy.ndarray
        Daily dose during the step, MME/day.
    reduction_mme : numpy.ndarray
        Reduction from the previous step, MME/day (0 at step 0).
    percent_of_start : numpy.ndarray
        Dose as a percentage of the starting dose.
    """

    step: np.ndarray
    week: np.ndarray
    dose_mme: np.ndarray
    reduction_mme: np.ndarray
    percent_of_start: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """The schedule as a table, one row per step, one column per attribute."""
        return columns_frame(self)


def opioid_taper(
    start_mme: float,
    percent_per_step: float = 10.0,
    step_weeks: float = 4.0,
    basis: str = "original",
    stop_below_mme: float | None = None,
) -> OpioidTaperResult:
    """Opioid taper in percentage steps of the original or the current dose (CDC 2022).

    Teaching material, not a prescription.

    Parameters
    ----------
    start_mme : float
        Current daily dose, MME/day, > 0 (see :func:`morphine_milligram_equivalent`).
    percent_per_step : float
        Reduction per step, percent, in (0, 100]. CDC 2022: 10% per month is a
        common rate after more than a year of use (slower is fine); 10% per
        week may suit shorter use.
    step_weeks : float
        Weeks per step, > 0 (4 = monthly, 1 = weekly).
    basis : {"original", "current"}
        ``"original"``: each step removes ``percent_per_step`` of the starting
        dose (a linear taper reaching 0 after 100/p steps); ``"current"``:
        of the current dose (an exponential taper with shrinking steps).
    stop_below_mme : float, optional
        Once the next dose would fall below this (MME/day, > 0), the taper
        stops (next dose 0), e.g. at the smallest available dose. Default: no
        floor for ``"original"``; 10% of ``start_mme`` for ``"current"``
        (illustrative).

    Returns
    -------
    OpioidTaperResult
        ``step``, ``week`` (start of step), ``dose_mme``, ``reduction_mme``,
        ``percent_of_start``, one entry per step; non-increasing, ending at 0.
        ``.to_frame()`` gives a table, one row per step.

    Notes
    -----
    Original basis: :math:`D_k = D_0 (1 - k p / 100)`; current basis:
    :math:`D_k = D_0 (1 - p/100)^k`. CDC 2022 advises never stopping
    long-term opioids abruptly, tapering slowly enough to minimise
    withdrawal, and pausing a taper when needed.

    References
    ----------
    Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice
    Guideline for Prescribing Opioids for Pain - United States, 2022. MMWR
    Recomm Rep 2022;71(RR-3):1-95.

    Examples
    --------
    >>> plan = opioid_taper(100, percent_per_step=10, step_weeks=4)
    >>> plan.dose_mme.tolist()[:4], float(plan.week[-1])
    ([100.0, 90.0, 80.0, 70.0], 40.0)
    """
    start = float(positive("start_mme", start_mme))
    p = float(positive("percent_per_step", percent_per_step))
    if p > 100:
        raise ValueError(f"percent_per_step must lie in (0, 100]; got {percent_per_step!r}")
    weeks = float(positive("step_weeks", step_weeks))
    choice("basis", basis, ("original", "current"))
    if stop_below_mme is not None:
        floor = float(positive("stop_below_mme", stop_below_mme))
    else:
        floor = 0.1 * start if basis == "current" else 0.0
    if basis == "original":
        n = int(math.ceil(100.0 / p - 1e-9))
        dose = np.maximum(start * (1.0 - np.arange(n + 1) * p / 100.0), 0.0)
        dose[-1] = 0.0
    else:
        if p >= 100:
            dose = np.array([start, 0.0])
        else:
            dose = proportional_schedule(start, p, floor)
    if floor > 0:
        keep = (dose >= floor * (1 - 1e-12)) | (np.arange(dose.size) == 0)
        dose = np.append(dose[keep & (dose > 0)], 0.0)
    dose = np.round(dose, 9)
    return OpioidTaperResult(
        step=np.arange(dose.size),
        week=np.arange(dose.size) * weeks,
        dose_mme=dose,
        reduction_mme=np.asarray(_drops(dose), dtype=float),
        percent_of_start=100.0 * dose / start,
    )
