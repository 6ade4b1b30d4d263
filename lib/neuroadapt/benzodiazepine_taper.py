"""Benzodiazepine tapers: diazepam equivalence, switch to diazepam, proportional reduction.

.. warning::
   Every schedule this module returns is **teaching material, not a
   prescription**. Real tapers are set by a prescriber with the patient, and
   are slowed or paused according to symptoms.

Ashton (2002) switches a short-acting benzodiazepine to the long-acting
diazepam in stages, using approximate equivalent doses, and then reduces
diazepam in steps of about a tenth of the current dose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._data import columns_frame
from ._validation import choice, nonnegative, positive
from .drugs import drug_sources, drug_value, normalize_drug_name
from .taper_schedules import _MAX_STEPS, _positive_int, round_to_measurable

__all__ = ["diazepam_equivalent", "BenzodiazepineSwitchTaperResult", "benzodiazepine_switch_taper"]

_BENZO_SOURCES = {"ashton": "ashton2002", "ashton2002": "ashton2002", "bnf": "bnf2019", "bnf2019": "bnf2019"}


def diazepam_equivalent(drug: str, dose_mg, source: str = "ashton2002") -> np.ndarray:
    """Diazepam-equivalent dose of a benzodiazepine (approximate).

    Parameters
    ----------
    drug : str
        Benzodiazepine name (case-insensitive), e.g. ``"alprazolam"``.
    dose_mg : array_like
        Dose of ``drug``, mg, >= 0.
    source : {"ashton2002", "bnf2019", "ashton", "bnf"}
        Equivalence table. The tables disagree (BNF: chlordiazepoxide and
        oxazepam 30 mg = diazepam 10 mg; Ashton: 25 and 20 mg) and the BNF
        lists neither alprazolam nor clonazepam.

    Returns
    -------
    numpy.ndarray
        Diazepam-equivalent dose, mg.

    Notes
    -----
    :math:`D_{diazepam} = 10\\,\\mathrm{mg} \\times D / D_{10}`, where
    :math:`D_{10}` is the table's dose equivalent to diazepam 10 mg.
    Equivalences are approximate and vary between patients.

    References
    ----------
    Ashton CH. Benzodiazepines: How They Work and How to Withdraw (The Ashton
    Manual). Newcastle University; 2002. Table 1.
    Joint Formulary Committee. British National Formulary. BMJ Group and
    Pharmaceutical Press (benzodiazepine withdrawal: approximate equivalent
    doses to diazepam 5 mg).

    Examples
    --------
    >>> float(diazepam_equivalent("alprazolam", 2.0))
    40.0
    >>> float(diazepam_equivalent("oxazepam", 30.0, source="bnf"))
    10.0
    """
    choice("source", source, tuple(_BENZO_SOURCES))
    key = _BENZO_SOURCES[source]
    name = normalize_drug_name(drug)
    sources = drug_sources(name, "diazepam_equivalent_mg")
    if key not in sources:
        raise ValueError(f"source {source!r} gives no diazepam equivalence for {name}; source must be one of {sources}")
    dose = nonnegative("dose_mg", dose_mg)
    return dose * 10.0 / drug_value(name, "diazepam_equivalent_mg", source=key)


def _floor_to(x: float, resolution: float) -> float:
    return math.floor(x / resolution + 1e-9) * resolution


@dataclass(frozen=True)
class BenzodiazepineSwitchTaperResult:
    """A switch to diazepam and its taper (:func:`benzodiazepine_switch_taper`), one entry per step.

    Teaching material, not a prescription.

    Attributes
    ----------
    step : numpy.ndarray of int
        Step number, 0 = the current regimen.
    week : numpy.ndarray
        Week at which the step starts (weeks since the start of the switch).
    phase : numpy.ndarray of str
        ``"start"``, ``"switch"``, ``"taper"`` or ``"off"``.
    drug : numpy.ndarray of str
        The benzodiazepine switched from (normalised name), on every entry.
    original_dose_mg, diazepam_dose_mg : numpy.ndarray
        Daily doses of the original drug and of diazepam, mg.
    diazepam_equivalent_mg : numpy.ndarray
        Total daily dose in diazepam equivalents, mg.
    """

    step: np.ndarray
    week: np.ndarray
    phase: np.ndarray
    drug: np.ndarray
    original_dose_mg: np.ndarray
    diazepam_dose_mg: np.ndarray
    diazepam_equivalent_mg: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """The plan as a table, one row per step, one column per attribute."""
        return columns_frame(self)


def benzodiazepine_switch_taper(
    drug: str,
    daily_dose_mg: float,
    source: str = "ashton2002",
    switch_steps: int = 4,
    switch_step_weeks: float = 1.0,
    percent_per_step: float = 10.0,
    step_weeks: float = 2.0,
    min_step_mg: float = 0.5,
    tablet_resolution_mg: float = 1.0,
    liquid_below_mg: float = 5.0,
    liquid_mg_per_ml: float = 0.4,
    min_volume_ml: float = 0.05,
    final_dose_mg: float = 0.5,
) -> BenzodiazepineSwitchTaperResult:
    """Switch a benzodiazepine to diazepam, then taper diazepam in proportional steps.

    Teaching material, not a prescription.

    Parameters
    ----------
    drug : str
        Benzodiazepine taken now (``"diazepam"`` skips the switch).
    daily_dose_mg : float
        Its daily dose, mg, > 0.
    source : str
        Equivalence table for the switch (see :func:`diazepam_equivalent`).
    switch_steps : int
        Stages of the switch (Ashton substitutes one dose at a time), >= 1.
    switch_step_weeks : float
        Weeks per switch stage, > 0.
    percent_per_step : float
        Diazepam reduction per step, percent of the current dose, in (0, 100).
    step_weeks : float
        Weeks per reduction step, > 0 (Ashton: 1-2 weeks or longer).
    min_step_mg : float
        Smallest reduction, mg, >= 0 (stops the proportional steps becoming
        vanishingly small; Ashton's final steps are 0.5 mg).
    tablet_resolution_mg : float
        Dose resolution with tablets, mg (1 mg = half a 2 mg tablet).
    liquid_below_mg : float
        Below this dose (mg) the oral liquid is used.
    liquid_mg_per_ml, min_volume_ml : float
        Liquid concentration (UK diazepam 2 mg/5 mL = 0.4 mg/mL) and smallest
        measurable volume (mL; 0.05 mL, a 1 mL oral syringe, makes 0.5 mg
        steps exact).
    final_dose_mg : float
        Last dose before stopping, mg, > 0.

    Returns
    -------
    BenzodiazepineSwitchTaperResult
        One entry per step: ``step``, ``week`` (start of the step), ``phase``
        (``"start"``, ``"switch"``, ``"taper"``, ``"off"``), ``drug``,
        ``original_dose_mg``, ``diazepam_dose_mg`` and
        ``diazepam_equivalent_mg`` (total). Each step's dose is taken from its
        ``week`` until the next step's; the last switch stage (all diazepam) is
        held for one taper step to stabilise. The total never increases and
        the last entry is 0. ``.to_frame()`` gives a table, one row per step.

    Notes
    -----
    Switch stage :math:`k = 1..n`: original drug :math:`D_0 (1 - k/n)`;
    diazepam :math:`\\lfloor E k/n \\rfloor` (rounded down to the tablet
    resolution, and capped so that the total diazepam equivalent never
    rises), where :math:`E` is the diazepam equivalent of :math:`D_0`.
    Taper: :math:`D_{j+1} = \\min(D_j (1 - p/100),\\ D_j - \\delta_{min})`,
    but not below ``final_dose_mg``, rounded to a measurable dose strictly
    below :math:`D_j`; after ``final_dose_mg`` the next dose is 0.

    References
    ----------
    Ashton CH. Benzodiazepines: How They Work and How to Withdraw (The Ashton
    Manual). Newcastle University; 2002.
    Lader M. Benzodiazepines revisited - will we ever learn? Addiction
    2011;106:2086-2109.

    Examples
    --------
    >>> plan = benzodiazepine_switch_taper("alprazolam", 2.0)
    >>> plan.diazepam_dose_mg[plan.phase == "switch"].tolist()
    [10.0, 20.0, 30.0, 40.0]
    >>> float(plan.diazepam_equivalent_mg[-1])
    0.0
    """
    name = normalize_drug_name(drug)
    d0 = float(positive("daily_dose_mg", daily_dose_mg))
    n_switch = _positive_int("switch_steps", switch_steps)
    w_switch = float(positive("switch_step_weeks", switch_step_weeks))
    p = float(positive("percent_per_step", percent_per_step))
    if p >= 100:
        raise ValueError(f"percent_per_step must lie in (0, 100); got {percent_per_step!r}")
    w_step = float(positive("step_weeks", step_weeks))
    min_step = float(nonnegative("min_step_mg", min_step_mg))
    res_tab = float(positive("tablet_resolution_mg", tablet_resolution_mg))
    liquid_below = float(positive("liquid_below_mg", liquid_below_mg))
    final = float(positive("final_dose_mg", final_dose_mg))
    conc = float(positive("liquid_mg_per_ml", liquid_mg_per_ml))
    vol = float(positive("min_volume_ml", min_volume_ml))
    equivalent = float(diazepam_equivalent(name, d0, source=source))
    ratio = 10.0 / drug_value(name, "diazepam_equivalent_mg", source=_BENZO_SOURCES[source])

    rows = [dict(week=0.0, phase="start", original_dose_mg=d0, diazepam_dose_mg=d0 if name == "diazepam" else 0.0)]
    week = 0.0
    if name != "diazepam":
        target = _floor_to(equivalent, res_tab)
        total_prev = equivalent
        for k in range(1, n_switch + 1):
            week += w_switch
            original = d0 * (1.0 - k / n_switch)
            original_eq = original * ratio
            diaz = _floor_to(min(target * k / n_switch, total_prev - original_eq), res_tab)
            diaz = max(diaz, 0.0)
            total_prev = diaz + original_eq
            rows.append(dict(week=week, phase="switch", original_dose_mg=original, diazepam_dose_mg=diaz))
        week_taper_start = week
    else:
        week_taper_start = 0.0

    def measurable(x: float) -> float:
        return float(
            round_to_measurable(
                x,
                tablet_strengths_mg=(res_tab,),
                liquid_mg_per_ml=conc,
                min_volume_ml=vol,
                liquid_below_mg=liquid_below,
            )
        )

    current = rows[-1]["diazepam_dose_mg"]
    week = week_taper_start
    resolution_small = conc * vol
    for _ in range(_MAX_STEPS):
        if current <= 0:
            break
        week += w_step
        if current <= final + resolution_small / 2:
            nxt = 0.0
        else:
            target = max(min(current * (1 - p / 100.0), current - min_step), final)
            nxt = measurable(target)
            if nxt >= current - 1e-9:
                nxt = float(
                    round_to_measurable(
                        current - resolution_small,
                        tablet_strengths_mg=(res_tab,),
                        liquid_mg_per_ml=conc,
                        min_volume_ml=vol,
                        liquid_below_mg=liquid_below,
                        mode="down",
                    )
                )
        rows.append(dict(week=week, phase="taper" if nxt > 0 else "off", original_dose_mg=0.0, diazepam_dose_mg=nxt))
        current = nxt
    frame = pd.DataFrame(rows)
    frame.insert(0, "step", np.arange(len(frame)))
    frame.insert(3, "drug", name)
    frame["diazepam_dose_mg"] = np.round(frame["diazepam_dose_mg"], 9)
    frame["original_dose_mg"] = np.round(frame["original_dose_mg"], 9)
    if name == "diazepam":
        frame.loc[frame.index > 0, "original_dose_mg"] = frame.loc[frame.index > 0, "diazepam_dose_mg"]
        frame["diazepam_equivalent_mg"] = frame["diazepam_dose_mg"]
    else:
        frame["diazepam_equivalent_mg"] = np.round(frame["diazepam_dose_mg"] + frame["original_dose_mg"] * ratio, 9)
    return BenzodiazepineSwitchTaperResult(
        **{name: frame[name].to_numpy() for name in BenzodiazepineSwitchTaperResult.__dataclass_fields__}
    )
