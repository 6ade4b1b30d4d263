"""book/practices/overdose.md: structure, and Siegel's mortalities as the page types them."""

from __future__ import annotations

from neuroadapt.learning import siegel1982_mortality
from pages import prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/overdose")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_siegel_mortalities_are_the_published_ones():
    same, novel, naive = siegel1982_mortality()["mortality_percent"].tolist()
    states(prose(TEXT), f"{same:g} % died", f"in the other room, {novel:g} %", f"of drug-naive rats, {naive:g} %",
           f"(Siegel's rats: {same:.0f} % versus {novel:.0f} % mortality)")
