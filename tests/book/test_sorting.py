"""book/practices/sorting.md: structure, and the expert rating the page types."""

from __future__ import annotations

from neuroadapt.dependence_map import placement
from pages import code, read_page, scenario_problems, structure_problems

TEXT = read_page("practices/sorting")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_alcohol_rating_in_the_question_is_the_maps():
    """'Alcohol's physical-dependence rating was 1.6 out of 3' (Nutt et al. 2007)."""
    assert "rating was 1.6 out of 3" in code(TEXT)
    assert round(1.6 / 3, 2) == placement("alcohol")["adaptation"]
