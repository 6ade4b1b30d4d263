"""Read the literature tables in ``neuroadapt/data/`` (every number once, with its source).

Model modules build their presets from these tables instead of typing numbers
into code; :mod:`neuroadapt.drugs` is the public interface to the drug table,
and this private helper reads the smaller model-specific tables.
"""

from __future__ import annotations

import functools
import importlib.resources

import pandas as pd

__all__ = ["columns_frame", "read_table"]


@functools.cache
def _read(name: str) -> pd.DataFrame:
    path = importlib.resources.files("neuroadapt") / "data" / name
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, keep_default_na=False, na_values=[""], dtype=object)


def read_table(name: str, numeric=()) -> pd.DataFrame:
    """A copy of ``data/<name>``: text columns as str ("" when empty), ``numeric`` columns as float (NaN when empty)."""
    table = _read(name).copy()
    for column in table.columns:
        if column in numeric:
            table[column] = pd.to_numeric(table[column]).astype(float)
        else:
            table[column] = table[column].fillna("").astype(str)
    return table


def columns_frame(result) -> pd.DataFrame:
    """A frozen result dataclass whose fields are equal-length 1-D arrays, as a table: one
    column per field, in field order (the ``to_frame()`` of such results)."""
    return pd.DataFrame({name: getattr(result, name) for name in result.__dataclass_fields__})
