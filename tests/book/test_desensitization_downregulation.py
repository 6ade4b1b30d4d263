"""book/principles/desensitization-downregulation.md: what only the page can get wrong.

Every recovery time and receptor fraction the page quotes is glued from its own cells; the
tests check that they are pasted where they are glued, that the figure is numbered, and the
qualitative claims the solutions make about the glued values.
"""

from __future__ import annotations

import pytest

from pages import glue_figures, glue_format_problems, read_page, run_page, structure_problems

PAGE = "principles/desensitization-downregulation"
TEXT = read_page(PAGE)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figure_is_numbered():
    assert list(glue_figures(TEXT)) == ["fig-receptor-regulation"]


def test_solution_claims_hold_for_the_glued_values(glued):
    # "about half an hour" after a pulse; days after a week; "the total never fell below 95%"
    assert 20 <= glued["pulse_active_back_min"] <= 45
    assert glued["week_active_back_d"] > 3
    # the figure's simulation and the exercise's agree on the pulse
    assert round(glued["pulse_recovery_min"]) == round(glued["pulse_active_back_min"])
    # without synthesis, recovery after a pulse is nearly complete, after a week it is capped
    assert glued["no_synthesis_best_pulse"] > 0.9 > glued["no_synthesis_best_week"]
    assert glued["no_synthesis_best_week"] == pytest.approx(glued["traffic_ss_total"], abs=0.02)
