"""book/applications/opioid-agonist-treatment.md: what only the page can get wrong.

Every number the models give is glued, so the tests check that each pasted name is glued
and formats, that the exercise answers stated in words agree with lib, and that the
literature numbers typed in the prose match their one home in ``neuroadapt/data``.
"""

from __future__ import annotations

import pytest

from neuroadapt.drugs import drug_value
from neuroadapt.receptor_competition import (
    agonist_value,
    buprenorphine_induction,
    crossover_time_h,
    induction_params,
)
from neuroadapt.scales import COWS_BANDS
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, structure_problems

PAGE = "applications/opioid-agonist-treatment"
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


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figure_is_numbered():
    assert list(glue_figures(TEXT)) == ["fig-induction-signal"]


def test_exercise_dose_does_not_move_the_crossover(glued):
    """oat-ex-dose: deeper fall with dose at 4 h; all doses meet at the ceiling at the crossover."""
    assert glued["oat_ex_after_4h_32"] < glued["oat_ex_after_4h_8"] < glued["oat_ex_after_4h_2"] < glued["oat_ex_before_4h"]
    assert glued["oat_ex_at_crossover"] == pytest.approx(induction_params("heroin").transducer_ratio_partial
                                                         / (1 + induction_params("heroin").transducer_ratio_partial))
    r = buprenorphine_induction([glued["oat_ex_tc"]], [2.0, 8.0, 32.0])
    assert r.signal_after[:, 0] == pytest.approx([glued["oat_ex_at_crossover"]] * 3, rel=1e-3)


def test_exercise_methadone_half_life_range(glued):
    """oat-ex-methadone: the slow clearer's crossover is more than three times the fast one's."""
    p = induction_params("methadone")
    assert glued["oat_ex_methadone_fast"] == pytest.approx(
        crossover_time_h(p, half_life_h=drug_value("methadone", "half_life_h", bound="low")))
    assert glued["oat_ex_methadone_slow"] > 3 * glued["oat_ex_methadone_fast"]
    assert "range of 15 to 60 hours" in PROSE
    assert (drug_value("methadone", "half_life_h", bound="low"), drug_value("methadone", "half_life_h", bound="high")) == (15, 60)


def test_exercise_blockade(glued):
    assert glued["oat_ex_fold16"] == pytest.approx(1 + glued["oat_ex_b16"])
    assert glued["oat_ex_fold16"] > 4


def test_crossover_scores_bracket_the_guideline_threshold(glued):
    """The prose: heroin's crossover comes below the 8-12 range, methadone's and fentanyl's inside it."""
    assert glued["oat_heroin_cows_crossover"] < 8
    assert 8 < glued["oat_methadone_cows_crossover"] <= 12
    assert 8 < glued["oat_fentanyl_cows_crossover"] <= 12
    assert glued["oat_heroin_crossover_h"] < glued["oat_fentanyl_crossover_h"] < glued["oat_methadone_crossover_h"]
    assert glued["oat_heroin_4h_after"] > glued["oat_heroin_4h_before"]
    assert glued["oat_methadone_24h_after"] > glued["oat_methadone_24h_before"]


def test_typed_literature_numbers_match_the_data():
    occ = [agonist_value("buprenorphine", f"occupancy_{d}mg") for d in (2, 16, 32)]
    assert "41, 80 and 84% at 2, 16 and 32 mg" in PROSE and [round(100 * o) for o in occ] == [41, 80, 84]
    assert "an illustrative 30 for a complete loss" in PROSE
    assert agonist_value("reference", "cows_at_full_loss") == 30
    mild = next(band for band in COWS_BANDS if band[2] == "mild")
    assert f"mild band is {mild[0]}-{mild[1]}" in PROSE
    assert "half-life 2 hours" in PROSE and drug_value("morphine", "half_life_h") == 2
    assert "Methadone's 24-hour half-life" in PROSE and drug_value("methadone", "half_life_h") == 24
    assert agonist_value("buprenorphine", "kd_nm") < 1 and "below 1 nM" in PROSE
