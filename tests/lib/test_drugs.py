"""Tests of neuroadapt.drugs: the drug table and its look-ups."""

from __future__ import annotations

import pathlib
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.drugs import drug_names, drug_sources, drug_value, load_drug_table, normalize_drug_name

ROOT = pathlib.Path(__file__).resolve().parents[2]
MY_BIBS = ("drugs.bib", "tapering.bib", "scales.bib")

BOOK_DRUGS = [
    "heroin",
    "morphine",
    "methadone",
    "buprenorphine",
    "oxycodone",
    "codeine",
    "fentanyl",
    "alcohol",
    "diazepam",
    "alprazolam",
    "lorazepam",
    "clonazepam",
    "chlordiazepoxide",
    "oxazepam",
    "temazepam",
    "phenobarbital",
    "carbamazepine",
    "paroxetine",
    "sertraline",
    "citalopram",
    "escitalopram",
    "fluoxetine",
    "venlafaxine",
    "cocaine",
    "amphetamine",
    "methamphetamine",
    "nicotine",
    "cannabis",
    "caffeine",
]


def _bib_keys() -> set[str]:
    keys = set()
    for name in MY_BIBS:
        text = (ROOT / "book" / "_bib" / name).read_text(encoding="utf-8")
        keys.update(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M))
    return keys


# --------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------
def test_table_is_tidy_long_format_with_units_and_sources():
    table = load_drug_table()
    assert list(table.columns) == [
        "drug",
        "drug_class",
        "quantity",
        "value",
        "low",
        "high",
        "unit",
        "source",
        "note",
        "status",
    ]
    assert (table["unit"].str.len() > 0).all()
    assert (table["source"].str.len() > 0).all()
    # one row per drug, quantity and source
    assert not table.duplicated(["drug", "quantity", "source"]).any()


def test_every_source_is_a_key_of_our_bibliography():
    keys = _bib_keys()
    missing = sorted(set(load_drug_table()["source"]) - keys)
    assert missing == []


def test_every_drug_the_book_uses_is_present_with_a_half_life_or_elimination_rate():
    names = set(drug_names())
    assert set(BOOK_DRUGS) <= names
    table = load_drug_table()
    for drug in BOOK_DRUGS:
        quantities = set(table.loc[table.drug == drug, "quantity"])
        assert {"half_life_h", "elimination_rate_g_per_l_per_h"} & quantities, drug


def test_ranges_contain_values_and_numbers_are_positive():
    table = load_drug_table()
    for _, row in table.iterrows():
        nums = [row[c] for c in ("value", "low", "high") if np.isfinite(row[c])]
        assert nums, row.to_dict()
        assert all(n > 0 for n in nums), row.to_dict()
        if np.isfinite(row["low"]) and np.isfinite(row["high"]):
            assert row["low"] <= row["high"]
            if np.isfinite(row["value"]):
                assert row["low"] <= row["value"] <= row["high"], row.to_dict()


def test_returned_table_is_a_copy():
    table = load_drug_table()
    table.loc[:, "value"] = -1.0
    assert drug_value("diazepam", "diazepam_equivalent_mg") == 10.0


# --------------------------------------------------------------------------
# Published values
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "drug, dose_equivalent_to_10mg_diazepam",
    [
        ("diazepam", 10),
        ("alprazolam", 0.5),
        ("clonazepam", 0.5),
        ("lorazepam", 1),
        ("chlordiazepoxide", 25),
        ("oxazepam", 20),
        ("temazepam", 20),
    ],
)
def test_ashton_2002_table1_equivalences(drug, dose_equivalent_to_10mg_diazepam):
    """Ashton Manual (2002) Table 1: approximate doses equivalent to diazepam 10 mg."""
    assert drug_value(drug, "diazepam_equivalent_mg", source="ashton2002") == dose_equivalent_to_10mg_diazepam


def test_bnf_disagrees_with_ashton_for_chlordiazepoxide_and_oxazepam_and_says_so():
    """BNF: chlordiazepoxide 15 mg and oxazepam 15 mg ~ diazepam 5 mg (Ashton: 25 and 20 per 10 mg)."""
    for drug in ("chlordiazepoxide", "oxazepam"):
        assert drug_value(drug, "diazepam_equivalent_mg", source="bnf2019") == 30
        assert drug_sources(drug, "diazepam_equivalent_mg") == ["ashton2002", "bnf2019"]
        table = load_drug_table()
        notes = table.loc[(table.drug == drug) & (table.quantity == "diazepam_equivalent_mg"), "note"]
        assert all("disagree" in n.lower() for n in notes)
    # where the BNF agrees (lorazepam 0.5 mg ~ diazepam 5 mg) the numbers match
    assert drug_value("lorazepam", "diazepam_equivalent_mg", source="bnf2019") == 1


def test_diazepam_active_metabolite_outlasts_the_parent():
    """Ashton 2002: diazepam 20-100 h, desmethyldiazepam 36-200 h."""
    assert drug_value("diazepam", "half_life_h", bound="low") == 20
    assert drug_value("diazepam", "half_life_h", bound="high") == 100
    assert drug_value("diazepam", "metabolite_half_life_h", bound="high") == 200
    table = load_drug_table()
    note = table.loc[(table.drug == "diazepam") & (table.quantity == "metabolite_half_life_h"), "note"].iloc[0]
    assert "desmethyldiazepam" in note


def test_opioid_withdrawal_timing_short_versus_long_acting():
    """Kosten & O'Connor 2003: heroin onset 8-24 h, peak 36-72 h, 4-10 days; methadone later and longer."""
    assert (
        drug_value("heroin", "withdrawal_onset_h", bound="low"),
        drug_value("heroin", "withdrawal_onset_h", bound="high"),
    ) == (8, 24)
    assert (
        drug_value("heroin", "withdrawal_peak_h", bound="low"),
        drug_value("heroin", "withdrawal_peak_h", bound="high"),
    ) == (36, 72)
    assert (
        drug_value("heroin", "withdrawal_duration_d", bound="low"),
        drug_value("heroin", "withdrawal_duration_d", bound="high"),
    ) == (4, 10)
    assert (
        drug_value("methadone", "withdrawal_duration_d", bound="low"),
        drug_value("methadone", "withdrawal_duration_d", bound="high"),
    ) == (10, 20)
    assert drug_value("methadone", "withdrawal_onset_h") > drug_value("heroin", "withdrawal_onset_h")
    # the long half-life is the reason
    assert drug_value("methadone", "half_life_h") > 100 * drug_value("heroin", "half_life_h")


def test_benzodiazepine_withdrawal_onset_follows_half_life():
    """Ashton 2002: short half-life drugs 1-2 days; long half-life drugs 2-7 days."""
    short = ["alprazolam", "lorazepam", "oxazepam", "temazepam"]
    long_ = ["diazepam", "chlordiazepoxide", "clonazepam"]
    for drug in short:
        assert drug_value(drug, "withdrawal_onset_h", bound="high") <= 48
    for drug in long_:
        assert drug_value(drug, "withdrawal_onset_h", bound="low") >= 48
        assert drug_value(drug, "withdrawal_onset_h", bound="high") == 7 * 24
    assert max(drug_value(d, "half_life_h") for d in short) < min(drug_value(d, "half_life_h") for d in long_)


def test_ssri_withdrawal_duration_sources_disagree():
    """NICE 2009 ('about 1 week') versus Davies & Read 2019 (weeks to months)."""
    for drug in ("paroxetine", "sertraline", "citalopram", "escitalopram", "fluoxetine", "venlafaxine"):
        assert drug_sources(drug, "withdrawal_duration_d") == ["nice2009", "davies2019"]
        assert drug_value(drug, "withdrawal_duration_d") == 7
        assert drug_value(drug, "withdrawal_duration_d", source="davies2019", bound="low") >= 14
        with pytest.raises(ValueError, match="bound"):
            drug_value(drug, "withdrawal_duration_d", source="davies2019")


def test_ssri_onset_within_days_fava_2015():
    """Fava et al. 2015: discontinuation symptoms typically begin within a few days; earlier for
    paroxetine and venlafaxine (see tests/lib/test_drug_notes.py for the order by drug)."""
    for drug in ("paroxetine", "sertraline", "citalopram", "escitalopram", "venlafaxine"):
        assert drug_value(drug, "withdrawal_onset_h", bound="high") <= 96


def test_meyer_sert_occupancy_about_80_percent_at_minimum_therapeutic_dose():
    """Meyer 2001: citalopram 20 mg 77%, paroxetine 20 mg 83%; Meyer 2004: 76-85% for five drugs."""
    assert drug_value("citalopram", "sert_occupancy_at_min_dose") == 0.77
    assert drug_value("paroxetine", "sert_occupancy_at_min_dose") == 0.83
    for drug in ("citalopram", "fluoxetine", "sertraline", "paroxetine", "venlafaxine"):
        assert drug_value(drug, "sert_occupancy_at_min_dose", source="meyer2004", bound="low") == 0.76
        assert drug_value(drug, "sert_occupancy_at_min_dose", source="meyer2004", bound="high") == 0.85
    assert drug_value("sertraline", "minimum_therapeutic_dose_mg") == 50


def test_caffeine_withdrawal_timing_juliano_griffiths_2004():
    """Juliano & Griffiths 2004: onset 12-24 h, peak 20-51 h, duration 2-9 days."""
    assert [drug_value("caffeine", "withdrawal_onset_h", bound=b) for b in ("low", "high")] == [12, 24]
    assert [drug_value("caffeine", "withdrawal_peak_h", bound=b) for b in ("low", "high")] == [20, 51]
    assert [drug_value("caffeine", "withdrawal_duration_d", bound=b) for b in ("low", "high")] == [2, 9]


def test_alcohol_has_zero_order_elimination_not_a_half_life():
    """Jones 2010: ~0.15 g/L/h (0.10-0.25); alcohol has no constant half-life."""
    assert drug_value("alcohol", "elimination_rate_g_per_l_per_h") == pytest.approx(0.15)
    with pytest.raises(ValueError, match="quantity"):
        drug_value("alcohol", "half_life_h")


def test_carbamazepine_autoinduction_shortens_half_life():
    """Bertilsson 1978: about 35 h (18-65 h) after a single dose, 10-20 h during multiple dosing."""
    assert drug_value("carbamazepine", "half_life_h") == 35
    assert [drug_value("carbamazepine", "half_life_h", bound=b) for b in ("low", "high")] == [18, 65]
    assert [drug_value("carbamazepine", "half_life_chronic_h", bound=b) for b in ("low", "high")] == [10, 20]
    assert drug_value("carbamazepine", "half_life_chronic_h") < drug_value("carbamazepine", "half_life_h")


# --------------------------------------------------------------------------
# Look-ups and bad input
# --------------------------------------------------------------------------
def test_names_are_case_insensitive():
    assert drug_value("DiAzEpAm", "half_life_h") == drug_value("diazepam", "half_life_h")
    assert normalize_drug_name("Fentanyl transdermal") == "fentanyl_transdermal"
    assert drug_value("THC", "half_life_h") == drug_value("cannabis", "half_life_h")


def test_unknown_drug_lists_valid_names():
    with pytest.raises(ValueError, match="drug must be one of .*diazepam"):
        drug_value("valium", "half_life_h")
    with pytest.raises(ValueError, match="drug"):
        drug_value(3, "half_life_h")


def test_unknown_quantity_source_or_bound_raise():
    with pytest.raises(ValueError, match="quantity"):
        drug_value("diazepam", "half_life_days")
    with pytest.raises(ValueError, match="source"):
        drug_value("alprazolam", "diazepam_equivalent_mg", source="bnf2019")
    with pytest.raises(ValueError, match="bound"):
        drug_value("diazepam", "half_life_h", bound="median")
    with pytest.raises(ValueError, match="bound"):
        drug_value("nicotine", "half_life_h", bound="low")


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_property_every_row_can_be_looked_up(data):
    table = load_drug_table()
    i = data.draw(st.integers(0, len(table) - 1))
    row = table.iloc[i]
    name = data.draw(st.sampled_from([row.drug, row.drug.upper(), row.drug.title()]))
    for bound in ("value", "low", "high"):
        if np.isfinite(row[bound]):
            assert drug_value(name, row.quantity, source=row.source, bound=bound) == row[bound]
        else:
            with pytest.raises(ValueError):
                drug_value(name, row.quantity, source=row.source, bound=bound)
