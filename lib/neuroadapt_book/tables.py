"""Tables for readers: what a page shows instead of a raw pandas repr.

A page ends a code cell with ``reader_table(frame)`` rather than the frame itself, and
readers see

* headers in words with their unit (``half_life_h`` -> "Half-life (h)"), from
  :func:`readable_header` unless the page names them (``headers={"col": "Label"}``);
* no 0, 1, 2 ... index beside the row's own step or exposure column (a named index, or
  one of labels, is kept as the first column);
* missing values as an em dash, not ``NaN``;
* numbers as typed by hand (16, 0.05), or with fixed decimals (``decimals=2``).

The result is a pandas ``Styler``; myst-nb renders its ``text/html``, a ``<table
class="dataframe">`` that the theme colours (light, dark and print) like any DataFrame.
Also :func:`reader_dict`, a small two-column table for a ``{key: value}`` result.
"""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

__all__ = ["readable_header", "reader_table", "reader_dict"]

# name suffix -> unit, longest first so "_mg_per_l" wins over "_l"
_UNITS = {
    "_mg_per_l": "mg/L",
    "_ng_per_ml": "ng/mL",
    "_g_per_dl": "g/dL",
    "_l_per_h": "L/h",
    "_per_h": "per h",
    "_per_d": "per day",
    "_mg_d": "mg/day",
    "_mme": "MME",
    "_nm": "nM",
    "_pct": "%",
    "_percent": "%",
    "_mg": "mg",
    "_ug": "µg",
    "_ml": "mL",
    "_h": "h",
    "_d": "days",
    "_w": "weeks",
    "_min": "min",
    "_l": "L",
}
_WORDS = {
    "half life": "half-life",
    "mme": "MME",
    "cyp3a4": "CYP3A4",
    "camp": "cAMP",
    "sert": "SERT",
    "ld50": "LD50",
    "ec50": "EC50",
    "ed50": "ED50",
    "ciwa": "CIWA",
    "cows": "COWS",
    "ciwa ar": "CIWA-Ar",
    "n patients": "patients",
    "ghb gbl": "GHB/GBL",
    "z drugs": "Z-drugs",
}


def readable_header(name: str) -> str:
    """``"half_life_h"`` -> ``"Half-life (h)"``; a name with spaces or capitals is kept as is."""
    name = str(name)
    if name != name.lower():  # typed by the page ("Dose (mg)", "cAMP"): kept
        return name
    if " " in name:  # "days of use" -> "Days of use"
        return name[:1].upper() + name[1:]
    unit = None
    for suffix, u in sorted(_UNITS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix) and len(name) > len(suffix):
            name, unit = name[: -len(suffix)], u
            break
    words = name.replace("_", " ")
    for word, label in sorted(_WORDS.items(), key=lambda kv: -len(kv[0])):  # "ciwa ar" before "ciwa"
        words = re.sub(rf"\b{re.escape(word)}\b", label, words)
    words = words[:1].upper() + words[1:]
    return f"{words} ({unit})" if unit else words


def _plain(value, cap: int = 4) -> str:
    """A float as typed by hand: at most ``cap`` decimals, no trailing zeros (16, 0.05, 0.033)."""
    if not math.isfinite(value):
        return str(value)
    return np.format_float_positional(round(float(value), cap), trim="-")


def reader_table(data, headers: dict | None = None, *, decimals: int | dict | None = None, na_rep: str = "—"):
    """A DataFrame (or Series, or a lib result with ``to_frame()``) styled for readers.

    Parameters
    ----------
    data : DataFrame, Series or object with ``to_frame()``
        What the cell would have shown.
    headers : dict, optional
        Column name -> header text; other columns get :func:`readable_header`.
    decimals : int or dict, optional
        Decimals for every float column, or per column name (columns of a series are best
        aligned this way); by default each number shows as typed by hand, up to 4 decimals.
    na_rep : str
        What a missing value reads as (an em dash).
    """
    if hasattr(data, "to_frame") and not isinstance(data, (pd.DataFrame, pd.Series)):
        data = data.to_frame()
    frame = data.to_frame() if isinstance(data, pd.Series) else data.copy()
    # a named or labelled index becomes the first column; an unnamed 0, 1, 2 ... goes
    named = any(name is not None for name in frame.index.names)
    if not named and not pd.api.types.is_integer_dtype(frame.index):
        frame = frame.rename_axis("")
        named = True
    frame = frame.reset_index(drop=not named)
    headers = dict(headers or {})
    formats = {}
    for col in frame.columns:
        if pd.api.types.is_float_dtype(frame[col]):
            n = decimals.get(col) if isinstance(decimals, dict) else decimals
            formats[col] = _plain if n is None else f"{{:.{n}f}}"
    uuid = hashlib.sha1(frame.to_csv().encode()).hexdigest()[:8]  # stable ids, distinct per table
    styler = Styler(frame, uuid=uuid).format(na_rep=na_rep).format(formats, na_rep=na_rep)
    styler = styler.format_index(lambda c: headers.get(c, readable_header(c)), axis="columns")
    # numbers right-aligned in equal-width digits, under right-aligned headers; words left
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    right = [{"selector": "td, th", "props": "text-align: right; font-variant-numeric: tabular-nums"}]
    styler = styler.set_table_styles({c: right for c in numeric})
    return styler.hide(axis="index").set_table_attributes('class="dataframe reader-table"')


def reader_dict(mapping: dict, key: str, value: str, *, decimals: int | None = None):
    """A ``{key: value}`` result as a two-column table headed ``key`` and ``value``."""
    frame = pd.DataFrame(
        {key: list(mapping), value: [float(v) if isinstance(v, np.floating) else v for v in mapping.values()]}
    )
    return reader_table(frame, decimals=decimals)
