"""book/principles/addiction-vs-dependence.md: what only the page can get wrong.

Computed numbers (rank correlations, counts, durations) are glued; the withdrawal course
of heroin, the antidepressants and the other drugs is typed as literature, so it is checked
against the drug table; the labels of the quadrant exercise come from ``quadrant``.
"""

from __future__ import annotations

import pytest

from neuroadapt.dependence_map import quadrant
from neuroadapt.drugs import drug_value
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, solution_body, structure_problems

PAGE = "principles/addiction-vs-dependence"
TEXT = read_page(PAGE)
PROSE = prose(TEXT)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def rng(drug: str, quantity: str, scale: float = 1.0) -> str:
    low = drug_value(drug, quantity, bound="low") / scale
    high = drug_value(drug, quantity, bound="high") / scale
    return f"{low:g}–{high:g}"


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figure_is_numbered_and_refers_to_the_map():
    figures = glue_figures(TEXT)
    assert list(figures) == ["fig-withdrawal-course"]
    assert "{numref}`fig-dependence-map`" in figures["fig-withdrawal-course"]["caption"]


def test_typed_withdrawal_courses_match_the_drug_table():
    assert f"begins {rng('heroin', 'withdrawal_onset_h')} hours after the last dose" in PROSE
    # "peaks in the second or third day": the published peak lies within days 2-3
    assert 24 <= drug_value("heroin", "withdrawal_peak_h", bound="low") <= drug_value("heroin", "withdrawal_peak_h", bound="high") <= 72
    assert "peaks in the second or third day" in PROSE
    assert f"fades over {rng('heroin', 'withdrawal_duration_d')} days" in PROSE
    for drug in ("paroxetine", "venlafaxine"):
        assert rng(drug, "withdrawal_onset_h", 24) == "2–4"
    assert "start late (2–4 days)" in PROSE
    assert drug_value("diazepam", "withdrawal_onset_h", bound="high") == 7 * 24
    assert "may not begin for up to a week" in PROSE
    assert rng("nicotine", "withdrawal_duration_d", 7) == "2–4"
    assert "two to four weeks" in PROSE
    assert drug_value("alcohol", "withdrawal_duration_d") == 6 and "alcohol's six days" in PROSE
    assert drug_value("nicotine", "withdrawal_duration_d") == 21 and "nicotine's three weeks" in PROSE


def test_figure_order_claims():
    """The prose: cocaine is second from the top, the antidepressants at the bottom."""
    from neuroadapt_book.figures.tolerance import withdrawal_course_table

    table = withdrawal_course_table()
    assert list(table["drug"][:2]) == ["heroin", "cocaine"]
    assert set(table["drug"][-2:]) == {"paroxetine", "venlafaxine"}
    assert "Cocaine, second from the top" in PROSE


def test_quadrant_exercise_labels_come_from_lib():
    body = solution_body(TEXT, "principles-ex-quadrant-task")
    assert f'`quadrant(0.6, 0.7)` returns **"{quadrant(0.6, 0.7)}"**' in body
    assert f'`quadrant(0.7, 0.2)` returns **"{quadrant(0.7, 0.2)}"**' in body


def test_rank_correlation_answer_names_the_extremes(glued):
    """The solution names cocaine and nicotine as the shortest and longest courses it glues."""
    assert drug_value("cocaine", "withdrawal_duration_d") == glued["rank_shortest_d"]
    assert drug_value("nicotine", "withdrawal_duration_d") == glued["rank_longest_d"]
