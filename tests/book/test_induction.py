"""book/practices/induction.md: structure, and carbamazepine's literature values."""

from __future__ import annotations

from neuroadapt.autoinduction import drug_parameters
from neuroadapt.drugs import drug_value
from pages import code, prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/induction")
CBZ = drug_parameters("carbamazepine")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_first_dose_half_life_and_enzyme_turnover_are_the_presets():
    states(prose(TEXT), f"Its half-life is about {CBZ.half_life_uninduced_h:g} hours after a first dose",
           "a turnover half-life of about three days")
    assert CBZ.enzyme_half_life_h == 72.0
    assert "dose_mg = 600.0" in code(TEXT)


def test_half_lives_are_the_drug_tables():
    """'about 35 hours after a first dose and falls to about 10-20 hours with regular use'."""
    first = drug_value("carbamazepine", "half_life_h")
    lo = drug_value("carbamazepine", "half_life_chronic_h", bound="low")
    hi = drug_value("carbamazepine", "half_life_chronic_h", bound="high")
    assert first == CBZ.half_life_uninduced_h  # the model's preset and the drug table agree
    states(prose(TEXT), f"about {first:g} hours after a first dose", f"about {lo:g}-{hi:g} hours with regular use",
           f"published chronic range of {lo:g}-{hi:g} h")


def test_clarithromycin_is_a_time_dependent_inactivator_not_instant():
    """Clarithromycin is a mechanism-based CYP3A4 inhibitor (Zhou et al. 2005): its effect builds
    over days; only the model applies it at once."""
    text = prose(TEXT)
    states(text, "mechanism-based (time-dependent) inhibitor", "builds over several days", "{cite:p}`zhou2005`")
    assert "The inhibitor acts on the enzyme at once, but" not in text
    states(text, "In the model the inhibitor acts on the enzyme at once")


def test_barbiturate_tolerance_is_mostly_pharmacodynamic():
    states(prose(TEXT), "most of which is\n   pharmacodynamic".replace("\n   ", " "))
    glossary = prose(read_page("glossary"))
    states(glossary, "tolerance to them is mostly pharmacodynamic")


def test_autoinduction_speed_is_read_from_the_drug_table_and_explained():
    """Issue 11 item 4: the windows the page quotes come from the drug table (glued), and the
    page points at the explanation of why the label's 3-5 weeks is longer than the model."""
    from pages import run_page

    glued = run_page("practices/induction")
    assert glued["induction_complete_kudriakova_d"] == drug_value(
        "carbamazepine", "autoinduction_complete_d", source="kudriakova1992", bound="high")
    assert glued["induction_complete_label_low_w"] * 7 == drug_value(
        "carbamazepine", "autoinduction_complete_d", source="carbamazepine_label", bound="low")
    assert glued["induction_half_life_day7_h"] < drug_value("carbamazepine", "half_life_chronic_h", bound="high")
    text = read_page("practices/induction")
    assert "{doc}`tolerance page <../principles/tolerance>`" in text and "{cite:p}`kudriakova1992`" in text
