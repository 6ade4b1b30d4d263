"""book/applications/physiology.md: what only the page can get wrong.

The page glues every number it computes. Here: its structure, the drug-table
values it types in prose, and the claims it makes about the feedback model.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroadapt.drugs import drug_value
from pages import directive_body, figure_names, prose, read_page, states, structure_problems

TEXT = read_page("applications/physiology")
PROSE = prose(TEXT)


def _range(drug, quantity, scale=1.0):
    return (f"{drug_value(drug, quantity, bound='low') / scale:g}–"
            f"{drug_value(drug, quantity, bound='high') / scale:g}")


def test_structure():
    assert structure_problems(TEXT) == []
    assert figure_names(TEXT) == ["fig-physiology-half-life", "fig-physiology-inducer"]


def test_half_lives_and_windows_in_prose_are_the_drug_tables():
    states(PROSE,
           f"morphine's half-life is about {drug_value('morphine', 'half_life_h'):g} hours",
           f"Withdrawal begins {_range('heroin', 'withdrawal_onset_h')} hours after the last use",
           f"peaks at {_range('heroin', 'withdrawal_peak_h')} hours",
           f"is over in {_range('heroin', 'withdrawal_duration_d')} days",
           f"lasts {_range('methadone', 'withdrawal_duration_d')} days",
           f"Alprazolam's half-life is {_range('alprazolam', 'half_life_h')} hours",
           f"Diazepam's is {_range('diazepam', 'half_life_h')} hours",
           f"desmethyldiazepam lasts {_range('diazepam', 'metabolite_half_life_h')} hours",
           f"may not begin for {_range('diazepam', 'withdrawal_onset_h', 24)} days",
           f"Venlafaxine's half-life is about {drug_value('venlafaxine', 'half_life_h'):g} hours "
           f"({drug_value('venlafaxine', 'metabolite_half_life_h'):g} hours",
           f"fluoxetine's is {drug_value('fluoxetine', 'half_life_h') / 24:g}–"
           f"{drug_value('fluoxetine', 'half_life_h', bound='high') / 24:g} days on chronic dosing",
           f"norfluoxetine lasts {_range('fluoxetine', 'metabolite_half_life_h', 24)} days")
    assert drug_value("methadone", "half_life_h") == 24  # "Methadone's half-life is about a day"


def test_exercise_half_lives_are_the_drug_tables():
    states(directive_body(TEXT, "exercise", "apps-physiology-ex-two-half-lives"),
           f"a half-life of {drug_value('methadone', 'half_life_h'):g} hours (methadone)",
           f"of {drug_value('morphine', 'half_life_h'):g} hours (morphine)")


def test_claims_about_the_feedback_model():
    """The paragraph under the half-life figure, checked against the model it describes
    (tests/lib/test_withdrawal_calibration.py checks peak and duration too)."""
    from neuroadapt.feedback_withdrawal import withdrawal_timing

    names = ["heroin", "methadone", "alprazolam", "diazepam", "venlafaxine", "fluoxetine"]
    half_life = {"heroin": drug_value("morphine", "half_life_h"),  # heroin acts as morphine
                 **{d: drug_value(d, "half_life_h") for d in names[1:]}}
    t = withdrawal_timing([half_life[d] for d in names])
    onset = dict(zip(names, np.asarray(t.onset_d) * 24))
    end = dict(zip(names, np.asarray(t.end_d)))
    peak = dict(zip(names, np.asarray(t.peak_withdrawal)))

    states(PROSE, "published windows of heroin, methadone, alprazolam, diazepam\nand venlafaxine")
    for drug in ("heroin", "methadone", "alprazolam", "diazepam", "venlafaxine"):
        lo = drug_value(drug, "withdrawal_onset_h", bound="low")
        hi = drug_value(drug, "withdrawal_onset_h", bound="high")
        assert lo <= onset[drug] <= hi, drug
    # "after fluoxetine it starts later than five days" (the table's lower bound, Michelson 2000)
    assert drug_value("fluoxetine", "withdrawal_onset_h", bound="low") == 5 * 24
    assert np.isnan(onset["fluoxetine"]) or onset["fluoxetine"] > 5 * 24
    # "Withdrawal after methadone begins later than after heroin ..., is milder and lasts longer"
    assert onset["methadone"] > onset["heroin"] and peak["methadone"] < peak["heroin"]
    assert end["methadone"] > end["heroin"]
    states(PROSE, "The\nagreement is a calibration, not a test")


def test_cyp3a4_turnover_half_life_is_not_cited_to_dayneka():
    """Dayneka et al. 1993 is the turnover model form, not a measurement of CYP3A4 turnover."""
    assert "half-life of about three days {cite:p}`galetin2006,dayneka1993`" not in PROSE
    states(PROSE, "half-life of about three days {cite:p}`galetin2006`", "indirect-response) model of pharmacodynamics {cite:p}`dayneka1993`")
    states(PROSE, "the smaller, pharmacokinetic part of tolerance to {term}`barbiturates`")
