"""The notes of the drug table say what their own row is, and agree with the book's other tables.

Every number here is read from ``neuroadapt/data``; no test types a published value.
"""

from __future__ import annotations

import re

import pytest

from neuroadapt._data import read_table
from neuroadapt.drugs import drug_sources, drug_value, load_drug_table

TABLE = load_drug_table()
WINDOWS = read_table("alcohol_withdrawal_windows.csv", numeric=("window_start_h", "window_end_h")).set_index("sign")


def test_alcohol_notes_quote_the_windows_the_book_uses():
    """A note that gives an hour window for withdrawal seizures or delirium tremens gives the
    window of alcohol_withdrawal_windows.csv (Victor & Adams 1953; Schuckit 2014), not another
    source's (the peak row once said 12-48 h and 48-72 h)."""
    notes = " ".join(TABLE.loc[TABLE["drug"] == "alcohol", "note"].dropna())
    checked = 0
    for sign, pattern in (
        ("seizures", r"seizures (\d+)-(\d+) h"),
        ("delirium tremens", r"delirium tremens (\d+)-(\d+) h"),
    ):
        for start, end in re.findall(pattern, notes, flags=re.I):
            assert (float(start), float(end)) == (
                WINDOWS.loc[sign, "window_start_h"],
                WINDOWS.loc[sign, "window_end_h"],
            )
            checked += 1
    assert checked == 2
    assert not re.search(r"12-48 h|48-72 h", notes)


def test_minimum_dose_notes_name_their_own_drug():
    """Each Meyer 2004 minimum-dose row says which drug it is; only venlafaxine's mentions
    venlafaxine (extended release)."""
    rows = TABLE[TABLE["quantity"] == "minimum_therapeutic_dose_mg"]
    assert len(rows) >= 5
    others = set(rows["drug"])
    for row in rows.itertuples():
        assert row.drug in row.note
        assert not any(re.search(rf"\b{d}\b", row.note) for d in others - {row.drug}), row.note
    assert "extended release" in rows.set_index("drug").loc["venlafaxine", "note"]


def onset_range_d(drug: str) -> tuple[float, float]:
    return (
        drug_value(drug, "withdrawal_onset_h", bound="low") / 24,
        drug_value(drug, "withdrawal_onset_h", bound="high") / 24,
    )


def test_antidepressant_onset_follows_half_life():
    """Venlafaxine (half-life about 5 h) first, within about a day (Parker & Blennerhassett 1998);
    paroxetine 1-3 days (Michelson 2000: symptoms after the second missed dose; Black 2000);
    sertraline, citalopram and escitalopram within a few days (Fava 2015); fluoxetine late or
    absent (no rise over a 5-day interruption, Michelson 2000)."""
    venla, parox = onset_range_d("venlafaxine"), onset_range_d("paroxetine")
    assert venla[1] <= 1 and parox == (1, 3)
    assert drug_value("venlafaxine", "half_life_h") < drug_value("paroxetine", "half_life_h")
    for drug in ("sertraline", "citalopram", "escitalopram"):
        low, high = onset_range_d(drug)
        assert parox[0] < low and high <= 4 and drug_sources(drug, "withdrawal_onset_h") == ["fava2015"]
    assert drug_sources("venlafaxine", "withdrawal_onset_h") == ["parker1998"]
    assert drug_sources("paroxetine", "withdrawal_onset_h") == ["michelson2000"]
    assert drug_value("fluoxetine", "withdrawal_onset_h", bound="low") >= 5 * 24
    for bound in ("value", "high"):
        with pytest.raises(ValueError, match="bound"):
            drug_value("fluoxetine", "withdrawal_onset_h", bound=bound)


def test_nice_cg90_duration_is_about_one_week():
    """NICE CG90: symptoms 'usually mild and self-limiting over about 1 week'; not '1-2 weeks'."""
    rows = TABLE[(TABLE["quantity"] == "withdrawal_duration_d") & (TABLE["source"] == "nice2009")]
    assert len(rows) == 6
    assert (rows[["value", "low", "high"]] == 7).all().all()
    assert rows["note"].str.contains("NG222").all()


def test_ashton_manual_is_not_listed_as_a_university_publication():
    from pathlib import Path

    bib = (Path(__file__).resolve().parents[2] / "book/_bib/drugs.bib").read_text()
    entry = bib[bib.index("{ashton2002,") :]
    entry = entry[: entry.index("\n}\n")]
    assert "Newcastle University" not in entry and "benzo.org.uk" in entry
