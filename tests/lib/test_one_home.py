"""Every literature number has one home: ``neuroadapt/data/``.

A number that appears in more than one place must agree everywhere:

* **data against data** - the same drug, quantity and source in two tables;
* **data against code presets** - the objects that models and pages use
  (autoinduction presets, SERT occupancy curves, MME factors, benzodiazepine
  equivalences, CYP2D6/CYP2B6 tables, the alcohol model's elimination rate)
  must equal the rows they are built from: a number typed into code later
  fails here;
* **data against page text** - half-lives and withdrawal timings typed in the
  prose of ``book/**/*.md`` next to a drug's name must be one of that drug's
  published values or bounds in the drug table (in hours or days, as
  rounded in the text).

Each check is a function returning the disagreements it finds, so that the
tests at the end can inject a disagreement and see it caught.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from neuroadapt import autoinduction, benzodiazepine_taper, occupancy_taper, opioid_taper, pharmacogenetics
from neuroadapt._data import read_table
from neuroadapt.alcohol import ALCOHOL_DEFAULTS
from neuroadapt.drugs import ALIASES, load_drug_table

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "lib" / "neuroadapt" / "data"
BOOK = ROOT / "book"

#: Quantities of the drug table that are times, with their unit in hours.
TIME_QUANTITIES = {
    "half_life_h": 1.0,
    "half_life_chronic_h": 1.0,
    "metabolite_half_life_h": 1.0,
    "withdrawal_onset_h": 1.0,
    "withdrawal_peak_h": 1.0,
    "withdrawal_duration_d": 24.0,
}
#: Words that name a drug's metabolite in prose -> (drug, quantity family).
#: Numbers typed next to a drug's name that come from another source than the
#: drug table, and so cannot disagree with it: (page, drug, number in the text's unit) -> why.
OTHER_SOURCES = {
    ("book/applications/physiology.md", "diazepam", "90"): "Klotz et al. 1975: half-life at age 80 (about 20 h at 20)",
    (
        "book/applications/physiology.md",
        "diazepam",
        "47",
    ): "Klotz et al. 1975: half-life in controls (106 h in cirrhosis)",
    ("book/applications/physiology.md", "diazepam", "106"): "Klotz et al. 1975: half-life in alcoholic cirrhosis",
}
METABOLITES = {
    "norfluoxetine": "fluoxetine",
    "desmethyldiazepam": "diazepam",
    "nordazepam": "diazepam",
    "desmethylsertraline": "sertraline",
    "cotinine": "nicotine",
    "desvenlafaxine": "venlafaxine",
}


# ---------------------------------------------------------------------------
# data against data
# ---------------------------------------------------------------------------


def data_disagreements(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Rows of any two tables with the same (drug, quantity, source) and different values."""
    seen: dict[tuple, tuple[str, float]] = {}
    problems = []
    for name, table in tables.items():
        if not {"drug", "quantity", "value"} <= set(table.columns):
            continue
        for row in table.to_dict("records"):
            try:
                value = float(row["value"])
            except (TypeError, ValueError):
                continue
            key = (row["drug"], row["quantity"], row.get("source", ""))
            if (
                key in seen
                and not (math.isnan(value) and math.isnan(seen[key][1]))
                and not math.isclose(value, seen[key][1], rel_tol=1e-9)
            ):
                problems.append(f"{key}: {seen[key][1]:g} in {seen[key][0]} but {value:g} in {name}")
            seen.setdefault(key, (name, value))
    return problems


def _all_tables() -> dict[str, pd.DataFrame]:
    return {
        p.name: pd.read_csv(p, keep_default_na=False, na_values=[""], dtype=object) for p in sorted(DATA.glob("*.csv"))
    }


# ---------------------------------------------------------------------------
# data against code presets
# ---------------------------------------------------------------------------


def _value(table, drug, quantity, source=None):
    rows = table[(table.drug == drug) & (table.quantity == quantity)]
    if source is not None:
        rows = rows[rows.source == source]
    return float(rows["value"].iloc[0])


def preset_disagreements(table: pd.DataFrame) -> list[str]:
    """Code presets that differ from the drug table (or the model tables) they should be read from."""
    problems = []

    def check(what, code_value, data_value):
        if not math.isclose(float(code_value), float(data_value), rel_tol=1e-9, abs_tol=1e-12):
            problems.append(f"{what}: code {float(code_value):g} vs data {float(data_value):g}")

    for preset in autoinduction.AUTOINDUCTION_PRESETS.values():
        drug = preset.name.replace("_illustrative", "")
        if ((table.drug == drug) & (table.quantity == "half_life_h")).any():
            check(
                f"AUTOINDUCTION_PRESETS[{preset.name!r}].half_life_uninduced_h",
                preset.half_life_uninduced_h,
                _value(table, drug, "half_life_h"),
            )
    presets = read_table("autoinduction_presets.csv", numeric=("value",))
    for row in presets.to_dict("records"):
        field = row["quantity"]
        preset = autoinduction.AUTOINDUCTION_PRESETS[row["preset"]]
        if hasattr(preset, field):
            check(f"AUTOINDUCTION_PRESETS[{row['preset']!r}].{field}", getattr(preset, field), row["value"])

    sert = table[table.quantity.isin(["sert_occupancy_max", "sert_ed50_mg"])]
    for drug, source in sert.groupby(["drug", "source"]).groups:
        curve = occupancy_taper.sert_occupancy_parameters(drug, source=source)
        check(
            f"sert_occupancy_parameters({drug!r}, {source!r}).occupancy_max",
            curve.occupancy_max,
            _value(table, drug, "sert_occupancy_max", source),
        )
        check(
            f"sert_occupancy_parameters({drug!r}, {source!r}).ed50_mg",
            curve.ed50_mg,
            _value(table, drug, "sert_ed50_mg", source),
        )

    guidelines = {"dowell2022": "cdc2022", "dowell2016": "cdc2016"}
    for row in table[table.quantity == "mme_conversion_factor"].to_dict("records"):
        if row["drug"] == "methadone" and row["source"] == "dowell2016":
            continue  # dose-dependent: checked against its own table below
        check(
            f"morphine_milligram_equivalent({row['drug']!r}, 1, {guidelines[row['source']]!r})",
            opioid_taper.morphine_milligram_equivalent(row["drug"], 1.0, guideline=guidelines[row["source"]]),
            row["value"],
        )
    for row in read_table(
        "methadone_mme_2016.csv", numeric=("dose_above_mg_per_d", "dose_at_most_mg_per_d", "mme_conversion_factor")
    ).to_dict("records"):
        dose = row["dose_above_mg_per_d"] + 1.0
        check(
            f"methadone MME factor (2016) at {dose:g} mg/day",
            opioid_taper.morphine_milligram_equivalent("methadone", dose, guideline="cdc2016") / dose,
            row["mme_conversion_factor"],
        )

    for row in table[table.quantity == "diazepam_equivalent_mg"].to_dict("records"):
        check(
            f"diazepam_equivalent({row['drug']!r}, {row['value']}, {row['source']!r})",
            benzodiazepine_taper.diazepam_equivalent(row["drug"], row["value"], source=row["source"]),
            10.0,
        )

    for row in read_table("cyp2d6_allele_function.csv", numeric=("activity_value",)).to_dict("records"):
        check(
            f"CYP2D6_ALLELE_FUNCTION[{row['allele']!r}]",
            pharmacogenetics.CYP2D6_ALLELE_FUNCTION[row["allele"]],
            row["activity_value"],
        )
    for row in read_table("cyp2d6_population_frequencies.csv", numeric=("frequency",)).to_dict("records"):
        check(
            f"CYP2D6 {row['population']} {row['phenotype']}",
            pharmacogenetics.phenotype_frequencies(row["population"]).frequency(row["phenotype"]),
            row["frequency"],
        )
    for row in read_table("cyp2b6_methadone_clearance.csv", numeric=("relative_clearance",)).to_dict("records"):
        genotype = "*1/*4" if row["genotype"] == "*4 carrier" else row["genotype"]
        check(
            f"methadone_relative_clearance({genotype!r}, {row['enantiomer']!r})",
            pharmacogenetics.methadone_relative_clearance(genotype, row["enantiomer"]),
            row["relative_clearance"],
        )

    check(
        "ALCOHOL_DEFAULTS.elimination_rate_g_per_dl_per_h (x 10 g/L per g/dL)",
        ALCOHOL_DEFAULTS.elimination_rate_g_per_dl_per_h * 10,
        _value(table, "alcohol", "elimination_rate_g_per_l_per_h"),
    )
    return problems


# ---------------------------------------------------------------------------
# data against page text
# ---------------------------------------------------------------------------

_CODE_CELL = re.compile(r"^(`{3,})\{code-cell\}[^\n]*\n.*?^\1\s*$", re.M | re.S)
_ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(])|\n\s*\n|\n\s*[-*\d]+[.)]?\s")
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?(?:\s*|-)(h|hours?|days?|d)\b", re.I
)
_HALF_LIFE = re.compile(r"half[- ]li(?:fe|ves)", re.I)
_WITHDRAWAL = re.compile(r"withdrawal[^.;]{0,60}\b(?:begins?|starts?|onset|peaks?|lasts?)\b|\bonset\b", re.I)
_TIMING = re.compile(_HALF_LIFE.pattern + "|" + _WITHDRAWAL.pattern, re.I)


def prose_sentences(text: str) -> list[str]:
    """The sentences of a page's prose: code cells, roles and inline code removed."""
    text = _CODE_CELL.sub(" ", text)
    text = _ROLE.sub(" ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"^(:::|```).*$", " ", text, flags=re.M)
    return [" ".join(s.split()) for s in _SENTENCE.split(text) if s.strip()]


def _allowed_hours(table: pd.DataFrame, drug: str, sentence: str = "half-life withdrawal") -> np.ndarray:
    """The drug's published times (values and bounds, in h) of the kinds the sentence speaks of."""
    rows = table[(table.drug == drug) & (table.quantity.isin(TIME_QUANTITIES))]
    values = []
    for row in rows.to_dict("records"):
        for bound in ("value", "low", "high"):
            v = float(row[bound])
            if not math.isnan(v):
                values.append(v * TIME_QUANTITIES[row["quantity"]])
    return np.array(values)


def _matches(number: str, unit: str, allowed_h: np.ndarray) -> bool:
    x = float(number) * (24.0 if unit.lower().startswith("d") else 1.0)
    if allowed_h.size == 0:
        return True
    # as rounded in the text: equal at the text's precision (in its unit), or within 2%
    scale = 24.0 if unit.lower().startswith("d") else 1.0
    decimals = len(number.split(".")[1]) if "." in number else 0
    return bool(
        np.any(np.isclose(allowed_h, x, rtol=0.02)) or np.any(np.round(allowed_h / scale, decimals) == float(number))
    )


def page_disagreements(text: str, table: pd.DataFrame, where: str = "page") -> list[str]:
    """Half-lives and withdrawal timings typed next to a drug name that are not in the drug table."""
    names = {d: d for d in table.drug.unique()} | dict(ALIASES) | METABOLITES
    # single-word names only (the table's names may carry a suffix such as fentanyl_transdermal)
    pattern = re.compile(
        r"\b(" + "|".join(sorted((re.escape(n) for n in names if "_" not in n), key=len, reverse=True)) + r")\b", re.I
    )
    problems = []
    for sentence in prose_sentences(text):
        if not _TIMING.search(sentence):
            continue
        mentions = [(m.start(), names[m.group(1).lower()]) for m in pattern.finditer(sentence)]
        if not mentions or len({d for _, d in mentions}) > 1:
            continue  # no drug, or several: which number belongs to which is not clear from the text
        drug = mentions[0][1]
        allowed = _allowed_hours(table, drug, sentence)
        for m in _NUMBER.finditer(sentence):
            for number in filter(None, (m.group(1), m.group(2))):
                if (where, drug, number) in OTHER_SOURCES:
                    continue
                if not _matches(number, m.group(3), allowed):
                    problems.append(
                        f"{where}: {drug} {number} {m.group(3)} not in the drug table "
                        f"(allowed, h: {sorted(set(np.round(allowed, 2)))}): {sentence!r}"
                    )
    return problems


def _pages() -> list[Path]:
    return sorted(p for p in BOOK.rglob("*.md") if "_build" not in p.parts)


# ---------------------------------------------------------------------------
# the checks on the book as it is
# ---------------------------------------------------------------------------


def test_no_number_disagrees_between_data_tables():
    assert data_disagreements(_all_tables()) == []


def test_code_presets_equal_the_data_they_are_read_from():
    assert preset_disagreements(load_drug_table()) == []


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(BOOK)))
def test_typed_half_lives_and_withdrawal_timings_agree_with_the_drug_table(page):
    assert page_disagreements(page.read_text(encoding="utf-8"), load_drug_table(), str(page.relative_to(ROOT))) == []


# ---------------------------------------------------------------------------
# the checks can fail: injected disagreements are caught
# ---------------------------------------------------------------------------


def test_an_injected_page_disagreement_is_caught():
    table = load_drug_table()
    assert page_disagreements("Carbamazepine's half-life is about 35 hours after a single dose.", table) == []
    assert page_disagreements("Its half-life is 18-65 h for carbamazepine, 10 to 20 h later.", table) == []
    wrong = page_disagreements("Carbamazepine's half-life is 25–65 hours after a single dose.", table)
    assert len(wrong) == 1 and "25" in wrong[0]
    assert page_disagreements("Diazepam withdrawal may not begin for 2-7 days.", table) == []
    assert page_disagreements("Diazepam withdrawal may not begin for 3-7 days.", table)
    # numbers in code cells are not prose
    assert page_disagreements("```{code-cell} python\n# carbamazepine half-life 99 h\n```\n", table) == []


def test_an_injected_data_disagreement_is_caught():
    tables = _all_tables()
    drugs = tables["drugs.csv"]
    row = drugs[(drugs.drug == "phenobarbital") & (drugs.quantity == "half_life_h")].copy()
    row["value"] = "96"
    tables["injected.csv"] = row
    problems = data_disagreements(tables)
    assert len(problems) == 1 and "phenobarbital" in problems[0] and "96" in problems[0]


def test_an_injected_preset_disagreement_is_caught():
    table = load_drug_table().copy()
    hit = (table.drug == "carbamazepine") & (table.quantity == "half_life_h")
    table.loc[hit, "value"] = 45.0
    hit = (table.drug == "oxycodone") & (table.quantity == "mme_conversion_factor") & (table.source == "dowell2022")
    table.loc[hit, "value"] = 2.0
    problems = preset_disagreements(table)
    assert any("carbamazepine" in p and "half_life_uninduced_h" in p for p in problems)
    assert any("oxycodone" in p for p in problems)
    assert len(problems) == 2
