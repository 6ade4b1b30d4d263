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


def test_claim_even_the_slowest_loss_leaves_less_than_a_quarter():
    """'Even the slowest choice leaves less than a quarter of the original 0.4.'"""
    from neuroadapt.homeostasis import counter_adaptation

    use_h = 6 * 365 * 24.0
    slowest = float(counter_adaptation(use_h + 24 * 42, exposure_h=use_h, time_constant_adaptation_h=24 * 28, gain=0.4))
    assert slowest < 0.4 / 4
    states(prose(TEXT), "less than a quarter of the original 0.4")
