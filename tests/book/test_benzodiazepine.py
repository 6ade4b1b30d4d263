"""book/practices/benzodiazepine.md: structure, and the literature values it types."""

from __future__ import annotations

from neuroadapt.drugs import drug_value
from pages import directive_body, prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/benzodiazepine")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []


def test_half_lives_are_the_drug_tables():
    text = directive_body(TEXT, "solution", "practices-benzodiazepine-ex-washout")
    ox = {b: drug_value("oxazepam", "half_life_h", bound=b) for b in ("value", "low", "high")}
    states(text, f"half-life about {ox['value']:g} h, range {ox['low']:g}-{ox['high']:g} h",
           f"diazepam (about {drug_value('diazepam', 'half_life_h'):g} h)",
           f"desmethyldiazepam (about {drug_value('diazepam', 'metabolite_half_life_h'):g} h)")


def test_equivalences_are_the_drug_tables():
    ashton = drug_value("oxazepam", "diazepam_equivalent_mg", source="ashton2002")
    bnf = drug_value("oxazepam", "diazepam_equivalent_mg", source="bnf2019")
    states(prose(TEXT), f"puts oxazepam {ashton:g} mg equal to diazepam 10 mg",
           f"puts oxazepam {bnf:g} mg equal to diazepam 10 mg",
           f"(oxazepam {ashton:g} mg or {bnf:g} mg = diazepam 10 mg)")


def test_the_plan_described_is_the_functions_defaults():
    """'reduce the diazepam by about 10 % of the current dose ..., with the last steps in
    0.5 mg amounts, using a liquid below 5 mg'."""
    import inspect

    from neuroadapt.benzodiazepine_taper import benzodiazepine_switch_taper

    p = {k: v.default for k, v in inspect.signature(benzodiazepine_switch_taper).parameters.items()}
    states(prose(TEXT), f"about {p['percent_per_step']:g} % of the current dose every one to two weeks",
           f"last steps in {p['min_step_mg']:g} mg amounts, using a liquid below {p['liquid_below_mg']:g} mg")
    assert 1.0 <= p["step_weeks"] <= 2.0


def test_claim_the_two_week_plan_takes_over_a_year():
    """The self-check's feedback: 'Over a year'."""
    from neuroadapt.benzodiazepine_taper import benzodiazepine_switch_taper

    plan = benzodiazepine_switch_taper("oxazepam", 60.0, source="ashton2002", step_weeks=2.0)
    assert plan.week[-1] > 52
    assert 'feedback_right="Over a year' in TEXT


def test_older_patient_option_of_tapering_the_short_acting_drug_directly():
    from pages import prose as _prose

    text = _prose(TEXT)
    assert "taper the short-acting drug directly" in text and "ags2019" in text
    assert "tapering the short-acting drug directly is a reasonable alternative" in text
