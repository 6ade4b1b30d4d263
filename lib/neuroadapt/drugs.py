"""Drug data: one table of every drug the book uses, every number with its source.

The table lives in ``neuroadapt/data/drugs.csv`` in long (tidy) format, one row
per drug, quantity and source:

============  ================================================================
column        meaning
============  ================================================================
drug          lower-case name (``"diazepam"``, ``"fentanyl_transdermal"``)
drug_class    ``opioid``, ``alcohol``, ``benzodiazepine``, ``ssri``, ...
quantity      what is measured, with its unit in the name (``half_life_h``)
value         the central or typical value (NaN where the source gives only
              a range; :func:`drug_value` then refuses to invent one)
low, high     the published range, where there is one
unit          unit of ``value``, ``low`` and ``high``
source        BibTeX key in ``book/_bib/drugs.bib`` (or tapering.bib)
note          what the number means, and where sources disagree
status        empty for a number checked against its source; otherwise what is
              wrong with it (``"unverified: transcribed from ..."``), which
              every page that uses the row must say (:func:`drug_status`)
============  ================================================================

Where published tables disagree (benzodiazepine equivalences, SSRI withdrawal
duration, CDC 2016 versus 2022 morphine-equivalent factors) each source has its
own row; the **first row listed** for a drug and quantity is the default, and
the ``source`` argument selects another.

Quantities in the table: ``half_life_h``, ``half_life_chronic_h``,
``metabolite_half_life_h``, ``elimination_rate_g_per_l_per_h``,
``withdrawal_onset_h``, ``withdrawal_peak_h``, ``withdrawal_duration_d``,
``diazepam_equivalent_mg``, ``mme_conversion_factor``, ``sert_occupancy_max``,
``sert_ed50_mg``, ``minimum_therapeutic_dose_mg``,
``sert_occupancy_at_min_dose``, ``sert_occupancy_plateau`` (occupancies are
fractions) and ``autoinduction_complete_d``.
"""

from __future__ import annotations

import functools
import importlib.resources

import numpy as np
import pandas as pd

from ._validation import choice

__all__ = [
    "load_drug_table",
    "drug_names",
    "drug_value",
    "drug_sources",
    "drug_status",
    "normalize_drug_name",
    "ALIASES",
]

_COLUMNS = ["drug", "drug_class", "quantity", "value", "low", "high", "unit", "source", "note", "status"]
_BOUNDS = ("value", "low", "high")
#: Other names accepted for a drug (the table's name is the value).
ALIASES = {"thc": "cannabis", "delta_9_thc": "cannabis", "ethanol": "alcohol"}


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    path = importlib.resources.files("neuroadapt") / "data" / "drugs.csv"
    with path.open("r", encoding="utf-8") as fh:
        table = pd.read_csv(
            fh,
            dtype={
                "drug": str,
                "drug_class": str,
                "quantity": str,
                "unit": str,
                "source": str,
                "note": str,
                "status": str,
            },
            keep_default_na=False,
            na_values={"value": [""], "low": [""], "high": [""]},
        )
    for column in ("value", "low", "high"):
        table[column] = table[column].astype(float)
    table["note"] = table["note"].fillna("")
    table["status"] = table["status"].fillna("")
    return table[_COLUMNS]


@functools.lru_cache(maxsize=1)
def _index() -> tuple[tuple[str, ...], dict[tuple[str, str], list[dict]]]:
    """Names and a (drug, quantity) -> rows lookup, built once from the table."""
    table = _table()
    index: dict[tuple[str, str], list[dict]] = {}
    for row in table.to_dict("records"):
        index.setdefault((row["drug"], row["quantity"]), []).append(row)
    return tuple(sorted(table["drug"].unique().tolist())), index


def load_drug_table() -> pd.DataFrame:
    """Return the drug table as a tidy long-format DataFrame (a fresh copy).

    Returns
    -------
    pandas.DataFrame
        Columns ``drug, drug_class, quantity, value, low, high, unit, source,
        note, status``; one row per drug, quantity and source. ``value``, ``low`` and
        ``high`` are floats in the row's ``unit`` (NaN where not published).

    Notes
    -----
    Sources are BibTeX keys of ``book/_bib/drugs.bib``. Values described as
    "typical textbook value" come from Brunton et al. 2018 (Goodman & Gilman's
    appendix of pharmacokinetic data); ranges given only as ranges have their
    midpoint as ``value``, and the note says so.

    References
    ----------
    Ashton CH. Benzodiazepines: How They Work and How to Withdraw (The Ashton
    Manual). Newcastle University; 2002.
    Kosten TR, O'Connor PG. Management of drug and alcohol withdrawal. N Engl J
    Med 2003;348:1786-1795.
    Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice
    Guideline for Prescribing Opioids for Pain - United States, 2022. MMWR
    Recomm Rep 2022;71(RR-3):1-95.
    (Every row names its own source; see ``book/_bib/drugs.bib``.)

    Examples
    --------
    >>> table = load_drug_table()
    >>> sorted(table.columns)[:3]
    ['drug', 'drug_class', 'high']
    >>> bool((table["drug"] == "diazepam").any())
    True
    """
    return _table().copy()


def drug_names() -> list[str]:
    """Return the sorted list of drug names in the table.

    Returns
    -------
    list of str
        Lower-case drug names, e.g. ``"alprazolam"``, ``"fentanyl_transdermal"``.

    References
    ----------
    See :func:`load_drug_table`.

    Examples
    --------
    >>> "heroin" in drug_names()
    True
    """
    return list(_index()[0])


def normalize_drug_name(drug) -> str:
    """Return the table's spelling of ``drug`` (case-insensitive), or raise.

    Parameters
    ----------
    drug : str
        A drug name; case and surrounding spaces are ignored, spaces or
        hyphens match underscores (``"Fentanyl transdermal"``), and the
        aliases in ``ALIASES`` are accepted (``"THC"`` -> ``"cannabis"``,
        ``"ethanol"`` -> ``"alcohol"``).

    Returns
    -------
    str
        The lower-case name used in the table.

    Raises
    ------
    ValueError
        If the name is not in the table; the message lists valid names.

    References
    ----------
    See :func:`load_drug_table`.

    Examples
    --------
    >>> normalize_drug_name(" Diazepam ")
    'diazepam'
    >>> normalize_drug_name("THC")
    'cannabis'
    """
    names = _index()[0]
    if not isinstance(drug, str):
        raise ValueError(f"drug must be a drug name (str), one of {', '.join(names)}; got {drug!r}")
    key = drug.strip().lower().replace(" ", "_").replace("-", "_")
    key = ALIASES.get(key, key)
    if key not in names:
        raise ValueError(f"drug must be one of {', '.join(names)}; got {drug!r}")
    return key


def _rows(drug: str, quantity: str) -> list[dict]:
    name = normalize_drug_name(drug)
    rows = _index()[1].get((name, quantity))
    if not rows:
        available = sorted({q for (d, q) in _index()[1] if d == name})
        raise ValueError(
            f"quantity {quantity!r} is not in the table for {name}; quantity must be one of {', '.join(available)}"
        )
    return rows


def drug_sources(drug: str, quantity: str) -> list[str]:
    """Return the sources that give ``quantity`` for ``drug``, default first.

    Parameters
    ----------
    drug : str
        Drug name (case-insensitive).
    quantity : str
        A quantity column value, e.g. ``"diazepam_equivalent_mg"``.

    Returns
    -------
    list of str
        BibTeX keys; the first is the default used by :func:`drug_value`.

    References
    ----------
    See :func:`load_drug_table`.

    Examples
    --------
    >>> drug_sources("oxazepam", "diazepam_equivalent_mg")
    ['ashton2002', 'bnf2019']
    """
    return [row["source"] for row in _rows(drug, quantity)]


def drug_status(drug: str, quantity: str, source: str | None = None) -> str:
    """Return the ``status`` of one row of the drug table: "" when checked, else what is wrong.

    Parameters
    ----------
    drug : str
        Drug name, case-insensitive.
    quantity : str
        Quantity with its unit in the name, e.g. ``"sert_ed50_mg"``.
    source : str, optional
        BibTeX key of the source; default the first row listed.

    Returns
    -------
    str
        ``""`` for a row checked against its source; otherwise a phrase such as
        ``"unverified: transcribed from ..."`` that a page using the row quotes.

    References
    ----------
    See :func:`load_drug_table`.

    Examples
    --------
    >>> drug_status("diazepam", "half_life_h")
    ''
    >>> drug_status("paroxetine", "sert_ed50_mg", source="sorensen2022")[:10]
    'unverified'
    """
    rows = _rows(drug, quantity)
    if source is None:
        return rows[0]["status"]
    choice("source", source, [r["source"] for r in rows])
    return next(r for r in rows if r["source"] == source)["status"]


def drug_value(drug: str, quantity: str, source: str | None = None, bound: str = "value") -> float:
    """Return one number from the drug table.

    Parameters
    ----------
    drug : str
        Drug name, case-insensitive (see :func:`drug_names`).
    quantity : str
        Quantity with its unit in the name, e.g. ``"half_life_h"``,
        ``"withdrawal_onset_h"``, ``"diazepam_equivalent_mg"``.
    source : str, optional
        BibTeX key of the source (see :func:`drug_sources`). Default: the
        first row listed for this drug and quantity.
    bound : {"value", "low", "high"}
        The central value or one end of the published range.

    Returns
    -------
    float
        The number, in the unit given by the table's ``unit`` column.

    Raises
    ------
    ValueError
        Unknown drug (the message lists valid names), quantity or source, or a
        bound the source does not give (never a silent NaN).

    Notes
    -----
    The table stores published values as published; where a source gives a
    range only, ``value`` is its midpoint, and the row's note says so.

    References
    ----------
    Each row cites its own source; see :func:`load_drug_table`.

    Examples
    --------
    >>> drug_value("Alprazolam", "diazepam_equivalent_mg")
    0.5
    >>> drug_value("oxazepam", "diazepam_equivalent_mg", source="bnf2019")
    30.0
    >>> drug_value("heroin", "withdrawal_onset_h", bound="high")
    24.0
    """
    choice("bound", bound, _BOUNDS)
    rows = _rows(drug, quantity)
    if source is None:
        row = rows[0]
    else:
        choice("source", source, [r["source"] for r in rows])
        row = next(r for r in rows if r["source"] == source)
    value = float(row[bound])
    if not np.isfinite(value):
        raise ValueError(
            f"bound {bound!r} of {quantity} for {row['drug']} is not given by {row['source']}; note: {row['note']}"
        )
    return value
