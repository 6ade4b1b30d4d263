"""book/applications/tapers.md: what only the page can get wrong.

Every number the page computes is glued from its own cells, so nothing here
recomputes one. The tests check the page's structure (glued names, numbered and
referenced figures), that the literature values it types match the drug table,
and that its qualitative claims still hold for the models it calls.
"""

from __future__ import annotations

import re

import pytest

from neuroadapt.benzodiazepine_taper import diazepam_equivalent
from neuroadapt.drugs import drug_value
from neuroadapt.occupancy_taper import schedule_occupancy
from pages import directive_body, figure_names, numrefs, prose, read_page, states, structure_problems

TEXT = read_page("applications/tapers")
PROSE = prose(TEXT)


def test_structure():
    assert structure_problems(TEXT) == []
    assert figure_names(TEXT) == ["fig-tapers-occupancy-steps", "fig-tapers-explorer"]


def test_occupancy_figure_is_referenced_from_a_practice_page():
    assert "fig-tapers-occupancy-steps" in numrefs(read_page("practices/antidepressant"))


def test_occupancy_curve_parameters_are_the_drug_tables():
    """'$E_{max}$ 91.2%, $ED_{50}$ 2.8 mg', in the prose and in the figure caption."""
    emax = round(100 * drug_value("citalopram", "sert_occupancy_max", source="horowitz2019"), 9)
    ed50 = drug_value("citalopram", "sert_ed50_mg", source="horowitz2019")
    assert PROSE.count(f"$E_{{max}}$ {emax:g}%") == 2
    assert PROSE.count(f"$ED_{{50}}$ {ed50:g} mg") == 2


def test_occupancy_at_the_minimum_dose_is_the_drug_tables():
    occupancy = round(100 * drug_value("citalopram", "sert_occupancy_at_min_dose", source="meyer2004"), 9)
    states(PROSE, f"about {occupancy:g}% of serotonin transporters")


def test_published_schedule_is_the_one_quoted():
    published = [float(x) for x in re.search(r"published = \[([^\]]+)\]", TEXT).group(1).split(",")]
    states(PROSE, f"the published list stops at {published[-1]:g} mg")
    states(directive_body(TEXT, "solution", "apps-tapers-ex-fourth-dose"), f"against {published[3]:g} mg published")


def test_benzodiazepine_equivalences_are_the_drug_tables():
    ashton = drug_value("oxazepam", "diazepam_equivalent_mg", source="ashton2002")
    bnf = drug_value("oxazepam", "diazepam_equivalent_mg", source="bnf2019")
    states(directive_body(TEXT, "solution", "apps-tapers-ex-equivalents"),
           f"oxazepam {ashton:g} mg = diazepam 10 mg", f"oxazepam {bnf:g} mg = diazepam 10 mg")
    # "the BNF lists no equivalent at all for alprazolam or clonazepam"
    for drug in ("alprazolam", "clonazepam"):
        with pytest.raises(ValueError):
            diazepam_equivalent(drug, 1.0, source="bnf2019")


def test_mme_factors_are_the_guidelines():
    text = directive_body(TEXT, "solution", "apps-tapers-ex-mme")
    oxy = {s: drug_value("oxycodone", "mme_conversion_factor", source=s) for s in ("dowell2022", "dowell2016")}
    assert oxy["dowell2022"] == oxy["dowell2016"]
    states(text, f"factor {oxy['dowell2022']:g} in both guidelines",
           f"the 2022 factor ({drug_value('tramadol', 'mme_conversion_factor', source='dowell2022'):g})",
           f"the 2016 one ({drug_value('tramadol', 'mme_conversion_factor', source='dowell2016'):g})")


def test_claim_the_last_linear_step_removes_more_than_half():
    """'its last step, from 5 mg to nothing, removes ... more than half of the ... occupancy'."""
    linear = schedule_occupancy([20, 15, 10, 5, 0], "citalopram")
    assert linear.occupancy_drop[-1] > 0.5 * linear.occupancy[0]


@pytest.fixture(scope="module")
def worst_rebound():
    from neuroadapt_book.figures.tapers import taper_comparison_grid

    grid = taper_comparison_grid()
    return grid, grid.groupby(["drug", "start_multiple", "occupancy_step_pct", "schedule"])["rebound_pct"].max().unstack()


def test_claims_of_the_explorer(worst_rebound):
    grid, worst = worst_rebound
    # "a rebound several times larger than any hyperbolic step"
    assert (worst["linear"] / worst["hyperbolic"]).min() > 2.0
    # "the hyperbolic rebounds hardly move [between drugs]"
    hyper = worst["hyperbolic"].groupby(level="occupancy_step_pct").agg(["min", "max"])
    assert (hyper["max"] / hyper["min"]).max() < 1.15
    # "[the linear one] ends with a rebound": its last step has the largest rebound
    linear = grid[grid.schedule == "linear"]
    keys = ["drug", "start_multiple", "occupancy_step_pct"]
    last = linear.loc[linear.groupby(keys)["step"].idxmax()]
    top = linear.loc[linear.groupby(keys)["rebound_pct"].idxmax()]
    assert (last.index == top.index).all()


def test_occupancy_headline_is_a_rationale_not_a_fact():
    """'Withdrawal follows occupancy, not dose' is the rationale of hyperbolic tapering; the page
    and the chapter overview hedge it."""
    assert "## Withdrawal follows occupancy, not dose" not in TEXT
    states(PROSE, "Withdrawal may follow occupancy more closely than dose", "a reasoned hypothesis")
    overview = prose(read_page("applications/index"))
    assert "Withdrawal follows what the drug does at its target, not the milligrams" not in overview
    states(overview, "It is a rationale from pharmacology")


def test_oxazepam_tables_ratio_is_stated_unambiguously():
    ashton = drug_value("oxazepam", "diazepam_equivalent_mg", source="ashton2002")
    bnf = drug_value("oxazepam", "diazepam_equivalent_mg", source="bnf2019")
    assert bnf / ashton == 1.5
    states(PROSE, f"one and a half times Ashton's ({bnf:g} mg against {ashton:g} mg per 10 mg of diazepam)")
    assert "differ by half" not in PROSE


def test_alprazolam_switch_shows_the_range_across_tables_and_titration():
    """alprazolam 2 mg/day -> diazepam 20-40 mg/day across tables (the drug table's low/high),
    titrated to effect, with an outpatient ceiling."""
    low, high = (drug_value("alprazolam", "diazepam_equivalent_mg", bound=b) for b in ("low", "high"))
    assert (10 * 2.0 / high, 10 * 2.0 / low) == (20.0, 40.0)
    assert diazepam_equivalent("alprazolam", 2.0, source="ashton2002") == 10 * 2.0 / low
    states(PROSE, "{glue:text}`tapers_alprazolam_diazepam_low_mg:g`", "{glue:text}`tapers_alprazolam_diazepam_high_mg:g` mg",
           "titrated to effect", "ceiling", "top of the range")


def test_opioid_section_carries_the_cdc_2022_safeguards():
    states(PROSE, "Tolerance falls with the dose", "can overdose", "offered naloxone",
           "treatment with buprenorphine or methadone", "the end of a taper deserves the most care")


def test_citalopram_agreement_is_stated_as_by_construction():
    """Issue 11 item 2: the citalopram curve is back-calculated from Horowitz & Taylor's schedule
    (the drug table's note says so), so the page must not present the agreement as a validation.
    Meyer 2004's per-dose citalopram occupancies are not in the book, so no fit to them is shown;
    the one independent point the table holds (Meyer 2001, 20 mg) is quoted beside the curve."""
    from neuroadapt.drugs import load_drug_table

    rows = load_drug_table().query("drug == 'citalopram' and source == 'horowitz2019'")
    assert set(rows["quantity"]) == {"sert_occupancy_max", "sert_ed50_mg"}
    assert all("Back-calculated" in n for n in rows["note"])
    states(PROSE, "by construction: the book's citalopram curve was back-calculated",
           "This agreement is by construction,\nnot a validation", "{cite:p}`meyer2004`; the book does not hold them")
    assert "reproduces the schedule published" not in PROSE
    meyer = drug_value("citalopram", "sert_occupancy_at_min_dose", source="meyer2001")
    curve = float(schedule_occupancy([20.0], "citalopram").occupancy[0])
    assert abs(curve - meyer) < 0.05  # "lies close to the curve's ... there"
