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
