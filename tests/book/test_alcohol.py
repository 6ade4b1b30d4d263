"""book/practices/alcohol.md: structure, and the published windows and bands it types."""

from __future__ import annotations

from neuroadapt.alcohol import withdrawal_windows
from neuroadapt.scales import CIWA_AR_BAND_SETS, CIWA_AR_MAX
from pages import code, directive_body, figure_names, prose, read_page, scenario_problems, states, structure_problems

TEXT = read_page("practices/alcohol")
PROSE = prose(TEXT)
W = withdrawal_windows().set_index("sign")


def test_structure():
    assert structure_problems(TEXT) == []
    assert scenario_problems(TEXT) == []
    assert figure_names(TEXT) == ["fig-alcohol-clock"]


def test_windows_in_prose_are_the_tables():
    seizures, dt = W.loc["seizures"], W.loc["delirium tremens"]
    states(PROSE, f"tremor from about {W.loc['tremor', 'window_start_h']:g} hours",
           f"seizures between {seizures.window_start_h:g} and {seizures.window_end_h:g} hours with most at "
           f"{seizures.peak_start_h:g}-{seizures.peak_end_h:g} hours",
           f"hallucinosis at about {W.loc['hallucinosis', 'window_start_h']:g}-"
           f"{W.loc['hallucinosis', 'window_end_h']:g} hours",
           f"delirium tremens from {dt.window_start_h:g} to {dt.window_end_h:g} hours")
    states(directive_body(TEXT, "solution", "practices-alcohol-ex-clock"),
           f"({seizures.window_start_h:g} h)", f"({seizures.window_end_h:g} h)",
           f"({seizures.peak_start_h:g}-{seizures.peak_end_h:g} h)", f"({dt.window_end_h:g} h)")
    states(PROSE, f"seizures {seizures.window_start_h:g}-{seizures.window_end_h:g} h (mostly "
                  f"{seizures.peak_start_h:g}-{seizures.peak_end_h:g} h), delirium tremens "
                  f"{dt.window_start_h:g}-{dt.window_end_h:g} h")


def test_band_cut_offs_are_the_scales():
    bands = {name: spec[0] for name, spec in CIWA_AR_BAND_SETS.items()}
    sullivan = bands["sullivan1989"][-1][0]
    bayard = [b for b in bands["bayard2004"] if b[2] == "severe"][0][0]
    asam = [b for b in bands["asam2020"] if b[2] == "moderate"][0]
    states(directive_body(TEXT, "solution", "practices-alcohol-ex-bands"), f"({sullivan} or more:",
           f"({bayard} or more)", f"({asam[0]}-{asam[1]})")
    states(PROSE, f"to a total of 0-{CIWA_AR_MAX}")


def test_rating_cell_is_the_one_scored():
    """The nurse's notes and the scored items are the same dictionary."""
    assert "rating = {" in code(TEXT) and '"tremor": 4,' in code(TEXT)


def _peak_after_last_drink_h(plateau_bac_g_per_dl: float, days: int = 28) -> float:
    """The page's simulation (four weeks of drinking, then abrupt cessation)."""
    import numpy as np

    from neuroadapt.alcohol import alcohol_homeostat, maintained_drinking_bac

    t = np.arange(0.0, 24.0 * (days + 7), 0.5)
    bac = maintained_drinking_bac(t, drinking_duration_d=days, plateau_bac_g_per_dl=plateau_bac_g_per_dl)
    return float(t[np.argmax(alcohol_homeostat(t, bac).excitability)] - 24.0 * days)


def test_claim_every_peak_falls_inside_the_seizure_window():
    """'all three peaks fall inside the published seizure window'."""
    for plateau in (0.15, 0.2, 0.25):
        assert W.loc["seizures", "window_start_h"] <= _peak_after_last_drink_h(plateau) <= W.loc["seizures", "window_end_h"]


def test_clock_figure_shows_the_pages_simulation():
    import pandas as pd
    import pytest

    from neuroadapt_book.figures.practices import PLATEAUS_MG_DL, withdrawal_clock_chart

    spec = withdrawal_clock_chart().to_dict()
    model = next(pd.DataFrame(d) for d in spec["datasets"].values() if d and "excitability" in d[0])
    assert sorted(model["plateau"].unique()) == PLATEAUS_MG_DL.tolist()
    for plateau in (150, 200, 250):
        rows = model[model["plateau"] == plateau]
        assert rows["hours"].iloc[rows["excitability"].argmax()] == pytest.approx(_peak_after_last_drink_h(plateau / 1000))


def test_item_ranges_are_the_forms():
    """'ten items, nine from 0 to 7 and orientation from 0 to 4'."""
    from neuroadapt.scales import CIWA_AR_ITEMS

    ranges = {item: (min(v), max(v)) for item, v in CIWA_AR_ITEMS.items()}
    assert len(ranges) == 10
    assert ranges.pop("orientation_and_clouding_of_sensorium") == (0, 4)
    assert set(ranges.values()) == {(0, 7)}
    states(PROSE, "ten items, nine from 0 to 7 and orientation from 0 to 4")


def test_self_check_feedback_quotes_the_windows():
    seizures = W.loc["seizures"]
    states(code(TEXT), f"The seizure window ends {seizures.window_end_h:g} h after the last drink",
           f"The riskiest stretch, {seizures.peak_start_h:g}-{seizures.peak_end_h:g} h",
           f"Inside the published seizure window ({seizures.window_start_h:g}-{seizures.window_end_h:g} h)")
