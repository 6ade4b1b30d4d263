"""book/practices/index.md, and what every Hands-On Practices page shares.

The page glues the numbers of its warm-up solution; here: the chapter's
structure, and the drug-table values the index types in prose.
"""

from __future__ import annotations

import re

import pytest

from neuroadapt.drugs import drug_value
from pages import directive_body, prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/index")
SCENARIOS = ["sorting", "antidepressant", "benzodiazepine", "opioid-taper", "alcohol", "codeine", "overdose",
             "induction"]


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_every_scenario_is_in_the_table_and_has_self_checks():
    table = prose(TEXT)
    for name in SCENARIOS:
        assert f"{{doc}}`{name}`" in table, name
        assert read_page(f"practices/{name}").count("NumericQuestion(") >= 1, name


def test_labels_are_unique_across_the_chapter():
    labels = []
    for name in ["index", *SCENARIOS]:
        text = read_page(f"practices/{name}")
        labels += re.findall(r":label: (\S+)", text) + re.findall(r"^\((practices-[^)]+)\)=", text, re.M)
    assert len(labels) == len(set(labels))


def test_washout_literature_is_the_drug_tables():
    exercise = directive_body(TEXT, "exercise", "practices-overview-ex-washout")
    states(exercise, f"half-life of about {drug_value('diazepam', 'half_life_h'):g} hours",
           f"alprazolam (half-life {drug_value('alprazolam', 'half_life_h'):g} hours)")
    solution = directive_body(TEXT, "solution", "practices-overview-ex-washout")

    def days(drug):
        return (f"{drug_value(drug, 'withdrawal_onset_h', bound='low') / 24:g}-"
                f"{drug_value(drug, 'withdrawal_onset_h', bound='high') / 24:g} days")

    states(solution, f"at {days('alprazolam')} for short-acting benzodiazepines", f"at {days('diazepam')} for diazepam")


def test_opioid_taper_defaults_named_in_the_solution():
    """'The defaults remove 10 % of the *starting* dose every 4 weeks.'"""
    import inspect

    from neuroadapt.opioid_taper import opioid_taper

    p = {k: v.default for k, v in inspect.signature(opioid_taper).parameters.items()}
    assert p["basis"] == "original"
    states(directive_body(TEXT, "solution", "practices-overview-ex-units"),
           f"The defaults remove {p['percent_per_step']:g} % of the *starting* dose every {p['step_weeks']:g} weeks")
