"""neuroadapt_book.tables: the tables pages show readers instead of a raw pandas repr."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from neuroadapt_book.tables import readable_header, reader_dict, reader_table


@pytest.mark.parametrize(
    "name, header",
    [
        ("half_life_h", "Half-life (h)"),
        ("occupancy_drop", "Occupancy drop"),
        ("published_mg", "Published (mg)"),
        ("withdrawal_onset_h", "Withdrawal onset (h)"),
        ("model_mortality_percent", "Model mortality (%)"),
        ("onset_time_constant_d", "Onset time constant (days)"),
        ("step", "Step"),
        ("days of use", "Days of use"),
        ("Peak cAMP (× baseline)", "Peak cAMP (× baseline)"),  # typed by the page: kept
    ],
)
def test_readable_header(name, header):
    assert readable_header(name) == header


def _cells(html: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", html, re.S)]


def test_no_index_no_nan_and_readable_headers():
    frame = pd.DataFrame({"step": [0, 1], "dose_mg": [20.0, 9.1], "published_mg": [20.0, np.nan]})
    html = reader_table(frame, headers={"published_mg": "Published dose (mg)"}).to_html()
    assert _cells(html) == ["Step", "Dose (mg)", "Published dose (mg)", "0", "20", "20", "1", "9.1", "—"]
    assert "NaN" not in html and 'class="dataframe reader-table"' in html


def test_fixed_decimals_and_a_named_index_kept_as_first_column():
    frame = pd.DataFrame({"trough": [-0.158, -0.4812]}, index=pd.Index([0, 1], name="exposure"))
    assert _cells(reader_table(frame, decimals=2).to_html()) == ["Exposure", "Trough", "0", "-0.16", "1", "-0.48"]


def test_labels_of_an_unnamed_index_are_kept_and_a_filtered_integer_index_dropped():
    labelled = pd.DataFrame({"x": [1, 2]}, index=["heroin", "methadone"])
    assert _cells(reader_table(labelled).to_html())[:4] == ["", "X", "heroin", "1"]
    filtered = pd.DataFrame({"x": [1, 2]}, index=[7, 12])
    assert _cells(reader_table(filtered).to_html()) == ["X", "1", "2"]


def test_reader_dict_prints_no_numpy_scalars():
    html = reader_dict({0: np.float64(35.0), 7: np.float64(20.12)}, "Day", "Half-life (h)", decimals=1).to_html()
    assert _cells(html) == ["Day", "Half-life (h)", "0", "35.0", "7", "20.1"]
    assert "np.float64" not in html


def test_lib_results_with_to_frame_are_accepted():
    class Result:
        def to_frame(self):
            return pd.DataFrame({"week": [0.0, 4.0]})

    assert _cells(reader_table(Result()).to_html()) == ["Week", "0", "4"]
