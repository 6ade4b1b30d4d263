"""book/principles/cross-tolerance-kindling.md: what only the page can get wrong."""

from __future__ import annotations

import pytest

from neuroadapt.kindling import KINDLING_MOUSE, kindling_episodes
from neuroadapt.receptor_competition import agonist_value
from neuroadapt.uneven_tolerance import days_until_habitual_dose_is_dangerous, fixed_effect_dose_ratio
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, structure_problems

PAGE = "principles/cross-tolerance-kindling"
TEXT = read_page(PAGE)
PROSE = prose(TEXT)


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def test_page_structure():
    assert structure_problems(TEXT) == []
    assert "```{admonition} Teaching material, not medical advice" in TEXT
    assert "```{admonition} Learning objectives" in TEXT and "```{important} Key points" in TEXT
    assert TEXT.count("```{exercise}") >= 2
    for term in ("{term}`cross-tolerance`", "{term}`kindling`"):
        assert term in TEXT


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figures_are_numbered():
    assert list(glue_figures(TEXT)) == ["fig-kindling", "fig-tolerance-margin"]


def test_incomplete_cross_tolerance_as_stated(glued):
    assert glued["ct_ratio_morphine"] > glued["ct_ratio_methadone"] and glued["ct_ratio_morphine"] > glued["ct_ratio_fentanyl"]
    assert glued["ct_overshoot_methadone"] > 1
    assert "lost 40% of receptor function" in PROSE


def test_exercise_switch(glued):
    tau_ref = agonist_value("reference", "transducer_ratio_full_efficacy")
    r_m = fixed_effect_dose_ratio(0.7, tau_ref * agonist_value("morphine", "relative_efficacy"))
    r_f = fixed_effect_dose_ratio(0.7, tau_ref * agonist_value("fentanyl", "relative_efficacy"))
    assert glued["ct_ex_r_morphine"] == pytest.approx(r_m)
    assert glued["ct_ex_overestimate"] == pytest.approx(r_m / r_f - 1)
    assert 0 < glued["ct_ex_overestimate"] < 1


def test_becker_hale_ordering_quoted(glued):
    """The prose states three bouts > one 48-h bout > one 16-h bout (Becker & Hale 1993)."""
    assert glued["ct_mouse_three"] > glued["ct_mouse_one"] > glued["ct_mouse_single"]
    assert glued["ct_mouse_three"] == pytest.approx(
        float(kindling_episodes([16.0] * 3, [8.0] * 3, KINDLING_MOUSE).severity[-1]))


def test_exercise_kindling_spacing(glued):
    assert glued["ct_ex_tenth_4w"] > glued["ct_ex_tenth_52w"] > 1


def test_exercise_break(glued):
    assert glued["ct_ex_days_90"] < glued["ct_ex_days_60"] < 14
    assert glued["ct_ex_days_60"] == pytest.approx(days_until_habitual_dose_is_dangerous(60.0))
    assert glued["ct_old_dose_day14"] > 1


def test_uneven_tolerance_numbers(glued):
    assert glued["ct_fold_euphoria"] > glued["ct_fold_respiration"] > glued["ct_fold_miosis"]
    assert glued["ct_margin_day60"] < glued["ct_margin_day0"] / 4
