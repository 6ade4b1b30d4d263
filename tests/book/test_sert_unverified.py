"""Issue 11 (item 3): the pooled SERT occupancy curves credited to Sorensen et al. 2022.

They were transcribed from a third-party reproduction and never checked against the paper,
so the drug table marks each row in its ``status`` column, and every page that uses such a
row must say so with the table's own words (glued, not typed). The inconsistencies the pages
flag (paroxetine's Emax above Meyer 2001's plateau, escitalopram's occupancy at its usual dose
below the review's ~80%, the mixed brain regions) must be the ones computed from the data.
"""

from __future__ import annotations

import re

import pytest
from pages import BOOK, code, glued_names_used, prose, read_page, run_page

from neuroadapt.drugs import drug_status, load_drug_table
from neuroadapt.occupancy_taper import SERT_FLAG_TOLERANCE, sert_occupancy_flags, sert_occupancy_regions

TABLE = load_drug_table()
UNVERIFIED = TABLE[TABLE["status"] != ""]
UNVERIFIED_DRUGS = sorted(set(UNVERIFIED["drug"]))
OCCUPANCY_CALLS = ("sert_occupancy_parameters", "hyperbolic_schedule", "schedule_occupancy",
                   "taper_comparison_grid", "taper_explorer_chart", "occupancy_steps_chart")


def _uses_unverified_rows(text: str) -> bool:
    """A page uses an unverified row if it cites its source, or calls an occupancy function
    (or a taper figure, which draws every drug) on a drug whose default curve is unverified."""
    if any(f"`{key}`" in text or f'"{key}"' in text for key in set(UNVERIFIED["source"])):
        return True
    source = code(text)
    if not any(call in source for call in OCCUPANCY_CALLS):
        return False
    if "taper_comparison_grid" in source or "taper_explorer_chart" in source:
        return True
    return any(re.search(rf"""["']{drug}["']""", source) for drug in UNVERIFIED_DRUGS)


PAGES = sorted(str(p.relative_to(BOOK).with_suffix("")) for p in BOOK.rglob("*.md")
               if "_build" not in p.parts and _uses_unverified_rows(p.read_text(encoding="utf-8")))


def test_every_sorensen_row_is_marked_unverified_in_the_data():
    rows = TABLE[TABLE["source"] == "sorensen2022"]
    curves = rows[rows["quantity"].isin(["sert_occupancy_max", "sert_ed50_mg"])]
    assert len(curves) == 12
    assert all(s.startswith("unverified: transcribed from") for s in curves["status"])
    # the one row read from the review's abstract is not a transcription
    assert drug_status("escitalopram", "sert_occupancy_at_min_dose", source="sorensen2022") == ""


def test_the_pages_that_use_the_rows_are_found():
    assert {"practices/antidepressant", "applications/tapers"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_using_an_unverified_row_says_so_in_the_tables_words(page):
    text = read_page(page)
    glued = run_page(page)
    statuses = set(UNVERIFIED["status"])
    names = [n for n, v in glued.items() if isinstance(v, str) and v in statuses]
    assert names, f"{page} glues no unverified status from the drug table"
    assert set(names) & glued_names_used(prose(text)), f"{page} never shows the status it glues"
    assert "unverified" not in prose(text).replace("{glue:text}", ""), "type no status: glue it"


def test_flagged_inconsistencies_are_computed_from_the_data():
    flags = sert_occupancy_flags().set_index(["drug", "check"])
    paroxetine = flags.loc[("paroxetine", "occupancy_max_vs_plateau")]
    assert paroxetine["reference_source"] == "meyer2001"
    assert paroxetine["difference"] >= SERT_FLAG_TOLERANCE
    escitalopram = flags.loc[("escitalopram", "occupancy_at_minimum_dose")]
    assert escitalopram["reference_source"] == "sorensen2022"
    assert escitalopram["model"] == pytest.approx(0.65, abs=0.005)  # the "65% at 10 mg"
    assert escitalopram["difference"] <= -SERT_FLAG_TOLERANCE
    regions = sert_occupancy_regions()
    assert set(regions.index) == set(UNVERIFIED_DRUGS)
    assert set(regions.values) == {"striatum", "thalamus"}  # mixed regions: flagged on the pages


@pytest.mark.parametrize("page, prefix",
                         [("practices/antidepressant", "antidepressant"), ("applications/tapers", "tapers")])
def test_pages_quote_the_computed_flags(page, prefix):
    glued = run_page(page)
    flags = sert_occupancy_flags().set_index(["drug", "check"])
    paroxetine = flags.loc[("paroxetine", "occupancy_max_vs_plateau")]
    escitalopram = flags.loc[("escitalopram", "occupancy_at_minimum_dose")]
    assert glued[f"{prefix}_paroxetine_emax_pct"] == pytest.approx(100 * paroxetine["model"])
    assert glued[f"{prefix}_paroxetine_plateau_pct"] == pytest.approx(100 * paroxetine["reference"])
    assert glued[f"{prefix}_escitalopram_occ_pct"] == pytest.approx(100 * escitalopram["model"])
    assert glued[f"{prefix}_review_plateau_pct"] == pytest.approx(100 * escitalopram["reference"])
    assert "thalamus" in glued[f"{prefix}_sert_regions"] and "striatum" in glued[f"{prefix}_sert_regions"]
    used = glued_names_used(prose(read_page(page)))
    assert {f"{prefix}_paroxetine_emax_pct", f"{prefix}_escitalopram_occ_pct", f"{prefix}_sert_regions"} <= used
