"""book/applications/genetics.md: what only the page can get wrong.

The page glues every number its models compute. Here: its structure, and the
published values it types (phenotype cut-offs, population frequencies, methadone
clearances, Kirchheiner's exposures) against the tables in ``neuroadapt``.
"""

from __future__ import annotations

import pytest

from neuroadapt import pharmacogenetics as pg
from pages import figure_names, numrefs, prose, read_page, states, structure_problems

TEXT = read_page("applications/genetics")
PROSE = prose(TEXT)


def test_structure():
    assert structure_problems(TEXT) == []
    assert figure_names(TEXT) == ["fig-genetics-exposure-curve", "fig-genetics-population"]


def test_exposure_figure_is_referenced_from_a_practice_page():
    assert "fig-genetics-exposure-curve" in numrefs(read_page("practices/codeine"))


@pytest.mark.parametrize("score, code", [(0.0, "PM"), (0.25, "IM"), (1.0, "IM"), (1.24, "IM"), (1.25, "NM"),
                                         (2.25, "NM"), (2.5, "UM")])
def test_phenotype_table_matches_the_cut_offs(score, code):
    """The table: PM 0, IM above 0 and below 1.25, NM 1.25 to 2.25, UM above 2.25."""
    assert pg.phenotype(score) == code
    states(PROSE, "| above 0, below 1.25 |", "| 1.25 to 2.25 |", "| above 2.25 |")


def test_population_frequencies_are_the_tables():
    """'about 1–2% ... 11% in a sample of Emiratis ... up to 29% of Ethiopians'."""
    um = {p: 100 * pg.phenotype_frequencies(p).um for p in ("european", "emirati", "ethiopian")}
    assert 1 <= um["european"] <= 2
    states(PROSE, "about 1–2% of people of European ancestry",
           f"{um['emirati']:.0f}% in a sample of Emiratis", f"up to {um['ethiopian']:.0f}% of Ethiopians")


def test_methadone_clearances_are_the_tables():
    """'about 35% lower in *1/*6 and 45% lower in *6/*6'."""
    lower = [100 * (1 - pg.methadone_relative_clearance(g)) for g in ("*1/*6", "*6/*6")]
    states(PROSE, f"about {lower[0]:.0f}% lower in `*1/*6` and {lower[1]:.0f}% lower in `*6/*6`")


def test_kirchheiner_exposures_agree_with_the_quoted_increase():
    """'a median of 16 μg·h/L, against 11 μg·h/L ..., about 45% more'."""
    states(PROSE, "a median of 16 μg·h/L, against 11 μg·h/L", "about 45% more")
    assert round(100 * (16 / 11 - 1)) == 45


def test_exposure_curve_expression_matches_python():
    """The Vega expression behind the slider of the exposure figure equals the model."""
    import numpy as np

    from neuroadapt_book.figures.genetics import VEGA_RELATIVE_MORPHINE_EXPOSURE

    expr = VEGA_RELATIVE_MORPHINE_EXPOSURE.replace("datum.activity_score", "x").replace("fraction_at_reference", "r")
    x = np.linspace(0, 3, 31)
    for r in (0.02, 0.075, 0.2):
        np.testing.assert_allclose(eval(expr, {"x": x, "r": r}), pg.relative_morphine_exposure(x, r), rtol=1e-12)


def test_allele_function_values_are_the_tables():
    """'1 for normal, 0.5 or 0.25 for decreased, 0 for none', counted once per copy."""
    assert pg.activity_score("*1/*1") == 2.0  # two normal-function alleles
    assert pg.activity_score("*1/*41") - 1 == 0.5
    assert pg.activity_score("*1/*10") - 1 == 0.25
    assert pg.activity_score("*1/*4") - 1 == 0.0
    assert pg.activity_score("*1x2/*1") == 3.0
    states(PROSE, "(1 for normal, 0.5 or 0.25 for decreased, 0 for none")


def test_heritability_is_moderate_to_high_not_among_the_highest():
    assert "among the highest" not in PROSE
    states(PROSE, "0.72 for cocaine, moderate to high")


def test_poor_metaboliser_makes_no_morphine_only_in_the_model():
    states(PROSE, "In the model, a poor metaboliser makes no morphine at all")
    states(PROSE, "most is glucuronidated by UGT2B7")
