"""book/principles/alcohol-withdrawal.md: what only the page can get wrong.

Model numbers are glued. The windows of withdrawal signs and the elimination rate of
alcohol are literature values typed in the prose, so they are checked against their one
home (``data/alcohol_withdrawal_windows.csv`` read by ``withdrawal_windows``, and the drug
table); the signs a solution names are the windows that contain the glued peak.
"""

from __future__ import annotations

import json
import re

import pytest

from neuroadapt.alcohol import ALCOHOL_DEFAULTS, withdrawal_windows
from neuroadapt.drugs import drug_value
from pages import glue_figures, glue_format_problems, prose, read_page, run_page, solution_body, structure_problems

PAGE = "principles/alcohol-withdrawal"
TEXT = read_page(PAGE)
PROSE = prose(TEXT)
WINDOWS = withdrawal_windows().set_index("sign")


@pytest.fixture(scope="module")
def glued():
    return run_page(PAGE)


def window(sign: str, kind: str = "window", sep: str = " to ") -> str:
    row = WINDOWS.loc[sign]
    return f"{row[f'{kind}_start_h']:g}{sep}{row[f'{kind}_end_h']:g}"


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_every_pasted_number_is_glued_and_formats(glued):
    assert glue_format_problems(TEXT, glued) == []


def test_figure_is_numbered():
    assert list(glue_figures(TEXT)) == ["fig-alcohol-withdrawal"]


def test_typed_windows_match_the_data():
    assert f"start from about {WINDOWS.loc['tremor', 'window_start_h']:g} hours, peak at {window('tremor', 'peak')} hours" in PROSE
    assert WINDOWS.loc["tremor", "window_end_h"] == 7 * 24 and "fade over 5 to 7 days" in PROSE
    assert f"seizures come {window('seizures')} hours after the last drink, most of them at {window('seizures', 'peak')} hours" in PROSE
    assert f"hallucinosis at {window('hallucinosis')} hours" in PROSE
    assert f"delirium tremens begins {window('delirium tremens')} hours" in PROSE
    key_points = re.search(r"\{important\} Key points(.*)", PROSE).group(1)
    assert (f"seizures at {window('seizures', sep='-')} h (most at {window('seizures', 'peak', '-')} h), "
            f"hallucinosis at {window('hallucinosis', sep='-')} h, delirium tremens at {window('delirium tremens', sep='-')} h") in key_points


def test_typed_elimination_rate_matches_the_drug_table():
    g_per_l = "elimination_rate_g_per_l_per_h"  # the table's unit; the page quotes g/dL (1 g/L = 0.1 g/dL)
    per_dl = {"value": drug_value("alcohol", g_per_l) / 10,
              "low": drug_value("alcohol", g_per_l, bound="low") / 10,
              "high": drug_value("alcohol", g_per_l, bound="high") / 10}
    assert (f"falls by about {per_dl['value']:.3g} g/dL per hour, in a range of roughly {per_dl['low']:.3g} to "
            f"{per_dl['high']:.3g} g/dL per hour") in PROSE
    assert f"the model uses {ALCOHOL_DEFAULTS.elimination_rate_g_per_dl_per_h:g}" in PROSE
    assert ALCOHOL_DEFAULTS.time_constant_nmda_h == ALCOHOL_DEFAULTS.time_constant_gaba_h == 48 and "(two days)" in PROSE


def test_signs_named_in_the_solution_are_the_windows_containing_the_glued_peak(glued):
    peak_h = glued["alc_ex_peak_h"]
    inside = WINDOWS.index[(WINDOWS["window_start_h"] <= peak_h) & (peak_h <= WINDOWS["window_end_h"])].tolist()
    assert inside == ["tremor", "seizures", "hallucinosis"]
    body = solution_body(TEXT, "alcohol-wd-ex-peak")
    assert "**tremor, seizures and hallucinosis**" in body
    assert WINDOWS.loc["seizures", "peak_start_h"] <= peak_h <= WINDOWS.loc["seizures", "peak_end_h"]
    assert f"busiest hours for seizures ({window('seizures', 'peak')} h)" in body
    assert peak_h < WINDOWS.loc["delirium tremens", "window_start_h"]
    assert f"**delirium tremens** ({window('delirium tremens')} h)" in body
    assert peak_h < WINDOWS.loc["tremor", "peak_start_h"] and f"peak of tremor ({window('tremor', 'peak')} h)" in body


def test_figure_is_small_interactive_and_described():
    from neuroadapt_book.figures.opponent import alcohol_withdrawal_chart

    spec = alcohol_withdrawal_chart().to_dict()
    assert len(json.dumps(spec, separators=(",", ":"))) < 300_000
    assert len(spec["description"]) > 200
    params = [p for p in spec.get("params", []) if "bind" in p]
    assert len(params) == 1 and params[0]["bind"]["input"] == "range"


def test_teaching_notice():
    """The page describes the course and treatment of alcohol withdrawal: teaching only."""
    assert "Teaching material, not medical advice" in TEXT
