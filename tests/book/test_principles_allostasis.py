"""book/principles/allostasis.md: what only the page can get wrong.

(Named with its chapter: ``tests/lib/test_allostasis.py`` tests the model.) Every number the
model gives, including its default threshold and recovery time constant, is glued; the
tests check the glue, the numbered figures, and that the solutions' claims hold for the
glued values.
"""

from __future__ import annotations

import numpy as np
import pytest

from neuroadapt.allostasis import ALLOSTASIS_DEFAULTS
from pages import glue_figures, glue_format_problems, read_page, run_page, structure_problems

PAGE = "principles/allostasis"
TEXT = read_page(PAGE)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figures_are_numbered():
    assert list(glue_figures(TEXT)) == ["fig-set-point-cycles", "fig-escalation"]


def test_solution_claims_hold_for_the_glued_values(glued):
    # recovery to 10 % of the drop takes tau ln 10, whatever the drop ("about 2.3 tau")
    assert glued["allo_recovery_default_d"] == pytest.approx(ALLOSTASIS_DEFAULTS.time_constant_recovery_h / 24 * np.log(10), abs=0.05)
    assert glued["allo_recovery_doubled_d"] == pytest.approx(2 * glued["allo_recovery_default_d"], abs=0.1)
    # short access does not escalate, long access does; short access stays below the threshold
    assert glued["esc_short_first"] == glued["esc_short_last"] == glued["esc_long_first"] < glued["esc_long_last"]
    assert glued["allo_opponent_peak_short"] < glued["allo_threshold"] < glued["allo_opponent_peak_long"]
