"""book/introduction/two-patients.md: the labels its solutions state come from lib.

The page computes nothing it quotes except the quadrants of the map exercise, which a
code cell prints with ``placement``; the solution names them in bold, in the same order.
"""

from __future__ import annotations

import re

from neuroadapt.dependence_map import placement
from pages import read_page, solution_body, structure_problems

TEXT = read_page("introduction/two-patients")


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_map_exercise_quadrants_come_from_placement():
    body = solution_body(TEXT, "intro-ex-map-is-not-a-diagnosis")
    bold = re.findall(r"\*\*(.+?)\*\*", body)
    assert bold[:3] == [placement(d)["quadrant"] for d in ("morphine", "cocaine", "paroxetine")]


def _incidence(source: str, group: str = "antidepressant"):
    from neuroadapt._data import read_table

    table = read_table("antidepressant_discontinuation_incidence.csv", numeric=("incidence", "severe"))
    return table[(table["source"] == source) & (table["group"] == group)].iloc[0]


def test_carla_incidence_gives_both_estimates_from_the_data_table():
    """Davies & Read 2019 beside Henssler et al. 2024 (and its placebo group): the range, not one
    settled figure. 'One person in seven' is Henssler's drug-attributable share, 31% - 17%."""
    from pages import prose

    text = prose(TEXT)
    davies, henssler = _incidence("davies2019"), _incidence("henssler2024")
    placebo = _incidence("henssler2024", "placebo")
    assert f"estimated that {100 * davies.incidence:.0f}%" in text and f"{100 * davies.severe:.0f}% of those" in text
    assert (f"found symptoms in {100 * henssler.incidence:.0f}% of those who stopped an antidepressant, but also in "
            f"{100 * placebo.incidence:.0f}%") in text
    assert f"severe symptoms in {100 * henssler.severe:.1f}%" in text
    assert round(1 / (henssler.incidence - placebo.incidence)) == 7 and "one person in seven" in text
    assert round(1 / davies.incidence) == 2 and "one in two" in text


def test_addiction_convention_agrees_with_the_glossary():
    """Both say: addiction = a moderate or severe substance use disorder (4 or more criteria)."""
    from pages import prose, read_page

    glossary = prose(read_page("glossary"))
    for text in (prose(TEXT), glossary):
        assert "uses it for a moderate or severe substance use disorder" in text.replace("{term}`substance use disorder`", "substance use disorder")
        assert "4 or more criteria" in text
