"""book/introduction/dependence-map.md: what only the page can get wrong.

(Named with its chapter: ``tests/lib/test_dependence_map.py`` tests the model.) Coordinates
the page quotes are glued; the expert ratings it types are literature values, checked
against their one home (``NUTT_2007_RATINGS``); the labels its solutions state are checked
against ``quadrant``/``placements``.
"""

from __future__ import annotations

import re

import pytest

from neuroadapt.dependence_map import NUTT_2007_RATINGS, placements, quadrant
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, solution_body, structure_problems

PAGE = "introduction/dependence-map"
TEXT = read_page(PAGE)
PROSE = prose(TEXT)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_map_is_a_numbered_figure():
    assert list(glue_figures(TEXT)) == ["fig-dependence-map"]


def _rating(name: str, kind: str) -> str:
    return f"{NUTT_2007_RATINGS[name][kind]:.1f}"


def test_typed_expert_ratings_match_the_data():
    cocaine = f"rated {_rating('cocaine', 'psychological')} for psychological and {_rating('cocaine', 'physical')} for physical dependence"
    assert cocaine in PROSE
    tobacco = f"{_rating('tobacco', 'psychological')} for psychological and {_rating('tobacco', 'physical')} for physical dependence"
    assert tobacco in solution_body(TEXT, "intro-ex-nicotine")
    assert f"({_rating('alcohol', 'physical')} of 3," in solution_body(TEXT, "intro-ex-threshold")


@pytest.mark.parametrize("label, drugs", [
    ("High reinforcement, low adaptation", ["cocaine", "methamphetamine"]),
    ("Low reinforcement, high adaptation", ["paroxetine", "venlafaxine", "propranolol"]),
    ("High reinforcement, high adaptation", ["heroin", "alcohol", "nicotine"]),
    ("Low reinforcement, low adaptation", ["amlodipine", "LSD"]),
])
def test_quadrant_examples_sit_in_their_quadrant(label, drugs):
    bullet = re.search(r"- \*\*" + label + r"\*\*:(.*?)(?= - \*\*|## )", PROSE).group(1)
    table = placements().set_index("drug")
    for drug in drugs:
        assert drug in bullet
        assert table.loc[drug, "quadrant"] == label.lower().replace(", ", " / ")


def test_solution_labels_come_from_lib():
    table = placements()
    assert f"**{table.set_index('drug').loc['nicotine', 'quadrant']}**" in solution_body(TEXT, "intro-ex-nicotine")
    moved = table.loc[table["quadrant"] != quadrant(table["reinforcement"], table["adaptation"], threshold=0.55), "drug"]
    assert moved.tolist() == ["alcohol", "paroxetine", "venlafaxine"]
    body = solution_body(TEXT, "intro-ex-threshold")
    assert "Three drugs move: **alcohol**" in body and "**paroxetine** and **venlafaxine**" in body
    new_drug = solution_body(TEXT, "intro-ex-new-drug")
    label = quadrant(0.3, 0.8)
    assert f'**"{label}"**' in new_drug
    same = table.loc[table["quadrant"] == label, "drug"].tolist()
    assert new_drug.count(", ".join(same[:-1]) + " and " + same[-1]) == 1


def test_no_claim_that_antidepressants_sit_nearly_as_high_as_opioids():
    """The hand placements sit below benzodiazepines and alcohol; the prose says so and marks them."""
    assert "nearly as high as the opioids" not in PROSE
    table = placements().set_index("drug")
    assert max(table.loc[["paroxetine", "venlafaxine"], "adaptation"]) < min(table.loc[["diazepam", "alcohol"], "adaptation"])
    assert "below the benzodiazepines and alcohol" in PROSE and "Open markers" in PROSE


def test_figure_marks_hand_placements_with_open_markers_and_bars():
    from neuroadapt_book.figures.dependence_map import dependence_map_chart

    spec = dependence_map_chart().to_dict()
    marks = []

    def walk(node):
        if isinstance(node, dict):
            if "mark" in node:
                m = node["mark"]
                marks.append(m if isinstance(m, dict) else {"type": m})
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    points = [m for m in marks if m.get("type") == "point"]
    assert {m.get("filled") for m in points} == {True, False}
    assert any(m.get("type") == "rule" for m in marks)


def test_opioid_withdrawal_danger_names_its_exceptions():
    for text in (PROSE, prose(read_page("glossary"))):
        assert "rarely life-threatening in itself" in text
        assert "pregnancy" in text and "frail" in text and "tolerance" in text
