"""book/practices/antidepressant.md: structure, and the literature values it types."""

from __future__ import annotations

from neuroadapt.discontinuation import DISCONTINUATION_DEFAULTS
from neuroadapt.drugs import drug_value
from pages import code, directive_body, prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/antidepressant")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_onset_window_and_durations_are_the_drug_tables():
    onset = (f"{drug_value('paroxetine', 'withdrawal_onset_h', bound='low') / 24:g}-"
             f"{drug_value('paroxetine', 'withdrawal_onset_h', bound='high') / 24:g} day window")
    states(directive_body(TEXT, "solution", "practices-antidepressant-ex-relapse"), onset,
           f"about 1-{drug_value('paroxetine', 'withdrawal_duration_d', source='nice2009', bound='high') / 7:g} weeks")
    states(code(TEXT), onset)  # the self-check's explanation


def test_relapse_rates_are_the_models():
    """'41 % against 18 %' (Geddes et al. 2003)."""
    p = DISCONTINUATION_DEFAULTS
    states(prose(TEXT), f"({100 * p.relapse_fraction_stopped:.0f} %\nagainst {100 * p.relapse_fraction_continued:.0f} %")


def test_imaging_occupancy_is_the_drug_tables():
    occupancy = round(100 * drug_value("paroxetine", "sert_occupancy_at_min_dose", source="meyer2001"), 9)
    states(directive_body(TEXT, "exercise", "practices-antidepressant-ex-linear"), f"about {occupancy:g} %")
    states(directive_body(TEXT, "solution", "practices-antidepressant-ex-linear"), f"imaging study's {occupancy:g} %")
