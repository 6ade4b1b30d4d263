"""Answers of the exercises on book/principles/opioid-withdrawal.md and alcohol-withdrawal.md,
and checks of the numbers their prose and figures state.

Each test recomputes, with the same lib calls as the page, the number or label that
the worked solution gives, so a change in a model cannot leave a wrong solution behind.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from neuroadapt.alcohol import (
    alcohol_homeostat,
    bac_after_last_drink,
    hours_to_bac,
    maintained_drinking_bac,
    withdrawal_windows,
)
from neuroadapt.locus_coeruleus import locus_coeruleus_camp, opioid_use_occupancy, withdrawal_camp_peak
from neuroadapt.opponent_process import exposure_summary, solomon_corbit, stimulus_train

# --- opioid-withdrawal.md -------------------------------------------------------------


def _summary(intervals):
    t_h = np.arange(0.0, 48.0 * 9 + 4.0, 0.05)
    use = stimulus_train(t_h, n_exposures=10, interval_h=np.asarray(intervals), duration_h=1.0)
    s = exposure_summary(t_h, use, solomon_corbit(t_h, use).net_affect)
    s["spacing_h"] = np.asarray(intervals)[s["grid_index"]]
    return s.pivot(index="exposure", columns="spacing_h", values="trough_net_affect")


def test_prose_first_code_cell_peaks_and_troughs():
    # "The peak falls only a little, from 0.89 to 0.73, but the after-reaction triples, from -0.16 to -0.48."
    t_h = np.arange(0.0, 112.0, 0.05)
    use = stimulus_train(t_h, n_exposures=10, interval_h=12.0, duration_h=1.0)
    s = exposure_summary(t_h, use, solomon_corbit(t_h, use).net_affect).round(2)
    assert s["peak_net_affect"].iloc[0] == pytest.approx(0.89)
    assert s["peak_net_affect"].iloc[-1] == pytest.approx(0.73)
    assert s["trough_net_affect"].iloc[0] == pytest.approx(-0.16)
    assert s["trough_net_affect"].iloc[-1] == pytest.approx(-0.48)


def test_exercise_double_after_reaction():
    # opioid-wd-ex-double: 12 h spacing -> 4th use is the first at least twice as deep
    # (-0.158 vs -0.341); 48 h spacing never doubles (deepest -0.22).
    troughs = _summary([12.0, 48.0])
    first = troughs[12.0].iloc[0]
    assert round(first, 3) == -0.158
    doubled = troughs[12.0] <= 2 * first
    assert int(np.argmax(doubled.to_numpy())) + 1 == 4
    assert round(troughs[12.0].iloc[3], 3) == -0.341
    assert not (troughs[48.0] <= 2 * troughs[48.0].iloc[0]).any()
    assert round(troughs[48.0].min(), 2) == -0.22


def test_exercise_ninety_percent_of_ceiling():
    # opioid-wd-ex-ninety: 9 days; peak 3.63
    days = np.arange(1, 31)
    peak, _ = withdrawal_camp_peak(24.0 * days)
    k = int(np.argmax(peak >= 0.9 * 4.0))
    assert int(days[k]) == 9
    assert round(float(peak[k]), 2) == 3.63


def test_prose_overshoot_by_length_of_use():
    # "after one day the peak is 1.65 times baseline, after a week 3.43, after two weeks 3.86"
    peak, _ = withdrawal_camp_peak(24.0 * np.array([1.0, 7.0, 14.0]))
    assert np.round(peak, 2).tolist() == [1.65, 3.43, 3.86]


def test_exercise_abrupt_stop_versus_slow_fade():
    # opioid-wd-ex-fade: abrupt 3.85 within an hour; half-life 24 h: 2.05, about 28 h later
    t_h = np.arange(0.0, 24.0 * 24, 0.1)
    occ = opioid_use_occupancy(t_h, 24.0 * 14, offset_half_life_h=np.array([0.0, 24.0]))
    camp = locus_coeruleus_camp(t_h, occ).camp_relative
    after = t_h >= 24.0 * 14
    peaks, times = [], []
    for j in range(2):
        k = np.argmax(np.where(after, camp[:, j], -np.inf))
        peaks.append(round(float(camp[k, j]), 2))
        times.append(float(t_h[k] - 24 * 14))
    assert peaks == [3.85, 2.05]
    assert times[0] < 1.0
    assert 27.0 <= times[1] <= 30.0


# --- alcohol-withdrawal.md ------------------------------------------------------------


@pytest.fixture(scope="module")
def alcohol():
    t_h = np.arange(0.0, 24.0 * 22, 0.5)
    bac = maintained_drinking_bac(t_h, drinking_days=14, plateau_bac_g_per_dl=0.25)
    return t_h, bac, alcohol_homeostat(t_h, bac)


def test_prose_alcohol_table(alcohol):
    t_h, bac, brain = alcohol
    at = lambda h: int(np.searchsorted(t_h, h))  # noqa: E731
    assert round(float(brain.excitability[at(0)]), 2) == -1.0
    assert round(float(brain.nmda_gain[at(335.5)]), 1) == 1.6
    assert round(float(brain.gabaa_gain[at(335.5)]), 1) == 0.6
    assert round(float(brain.excitability[at(351)]), 2) == 0.82
    assert round(float(brain.excitability[at(384)]), 2) == 0.42
    assert abs(float(brain.excitability[at(504)])) < 0.05
    assert round(float(hours_to_bac(0.25))) == 15


def test_exercise_alcohol_peak_and_windows(alcohol):
    # alcohol-wd-ex-peak: 14.5 h; inside tremor, seizures, hallucinosis (and the seizure peak); before DT
    t_h, _, brain = alcohol
    last = 24.0 * 14
    peak_h = t_h[np.argmax(np.where(t_h >= last, brain.excitability, -np.inf))] - last
    assert peak_h == 14.5
    w = withdrawal_windows()
    inside = (w["window_start_h"] <= peak_h) & (peak_h <= w["window_end_h"])
    assert w.loc[inside, "sign"].tolist() == ["tremor", "seizures", "hallucinosis"]
    seiz = w.set_index("sign").loc["seizures"]
    assert seiz["peak_start_h"] <= peak_h <= seiz["peak_end_h"]
    tremor = w.set_index("sign").loc["tremor"]
    assert peak_h < tremor["peak_start_h"]
    assert peak_h < w.set_index("sign").loc["delirium tremens", "window_start_h"]


def test_exercise_drunk_and_in_withdrawal(alcohol):
    # alcohol-wd-ex-drunk: BAC 0.136 g/dL, excitability +0.42 six hours after the last drink
    t_h, _, brain = alcohol
    six = int(np.searchsorted(t_h, 24.0 * 14 + 6.0))
    assert round(float(bac_after_last_drink(6.0, 0.25)), 3) == 0.136
    assert round(float(brain.excitability[six]), 2) == 0.42


def test_prose_alcohol_slider_values():
    # "After one day ... the peak is 0.38; after a week it is 0.78"
    from neuroadapt_book.figures.opponent import alcohol_withdrawal_data

    _, peaks = alcohol_withdrawal_data()
    p = peaks.set_index("days")["peak_exc"]
    assert round(p.loc[1.0], 2) == 0.38
    assert round(p.loc[7.0], 2) == 0.78
    assert p.loc[21.0] - p.loc[10.0] < 0.03  # "beyond about ten days it hardly grows"


# --- figures ----------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["solomon_corbit_chart", "lc_homeostat_chart", "alcohol_withdrawal_chart"])
def test_figures_are_small_interactive_and_described(builder):
    from neuroadapt_book.figures import opponent

    spec = getattr(opponent, builder)().to_dict()
    text = json.dumps(spec, separators=(",", ":"))
    assert len(text) < 300_000
    assert len(spec["description"]) > 200 and spec["usermeta"]["caption"]
    params = [p for p in spec.get("params", []) if "bind" in p]
    assert len(params) == 1 and params[0]["bind"]["input"] == "range"
