"""book/practices/codeine.md: structure, and the published frequencies it types."""

from __future__ import annotations

from neuroadapt.pharmacogenetics import phenotype_frequencies
from pages import prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/codeine")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_ultrarapid_frequencies_are_the_tables():
    european = 100 * phenotype_frequencies("european").um
    ethiopian = 100 * phenotype_frequencies("ethiopian").um
    assert 1 <= european <= 2
    states(prose(TEXT), "put it at\nabout 1-2 %", f"in a study of Ethiopians, {ethiopian:.0f} % carried")


def test_codeine_main_other_route_is_glucuronidation_not_cyp3a4():
    text = prose(TEXT)
    states(text, "mainly glucuronidation by UGT2B7", "the main one is glucuronidation by UGT2B7")
    assert "codeine's other main metabolic route" not in text
