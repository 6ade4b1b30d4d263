"""Answers stated in the solutions of the Principles pages written by principles_a.

Each test recomputes an exercise answer with the same lib calls as the page
and asserts the number or label that the solution text states, so a change in
a model can never leave a wrong solution behind. The figure builders of these
pages are checked too: they build, carry a description and caption, and keep
their embedded data small.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from neuroadapt.concentration_effect import operational_effect, receptor_reserve_curves
from neuroadapt.dependence_map import placement, placements, quadrant
from neuroadapt.drugs import drug_value
from neuroadapt.autoinduction import autoinduction_steady_state, drug_parameters, simulate_autoinduction
from neuroadapt.pharmacokinetics import regular_dose_times_h
from neuroadapt.receptor_regulation import (
    receptor_trafficking,
    receptor_trafficking_exposure,
    recovery_time_h,
    trafficking_steady_state,
)

PAGES = Path(__file__).resolve().parents[2] / "book" / "principles"


def page_text(name: str) -> str:
    return (PAGES / f"{name}.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# addiction-vs-dependence
# ---------------------------------------------------------------------------


def test_heroin_withdrawal_course_quoted_in_text():
    # "begins 8-24 hours after the last dose, peaks in the second or third day and fades over 4-10 days"
    assert (drug_value("heroin", "withdrawal_onset_h", bound="low"), drug_value("heroin", "withdrawal_onset_h", bound="high")) == (8, 24)
    assert (drug_value("heroin", "withdrawal_peak_h", bound="low"), drug_value("heroin", "withdrawal_peak_h", bound="high")) == (36, 72)
    assert (drug_value("heroin", "withdrawal_duration_d", bound="low"), drug_value("heroin", "withdrawal_duration_d", bound="high")) == (4, 10)


def _duration_table() -> pd.DataFrame:
    rows = []
    for drug in placements()["drug"]:
        try:
            duration = drug_value(drug, "withdrawal_duration_d")
        except ValueError:
            continue
        p = placement(drug)
        rows.append({"drug": drug, "reinforcement": p["reinforcement"], "adaptation": p["adaptation"],
                     "duration_d": duration})
    return pd.DataFrame(rows)


def test_rank_correlation_exercise():
    """principles-ex-rank-correlation: ten drugs, rho 0.03 (reinforcement) and 0.01 (adaptation)."""
    table = _duration_table()
    assert len(table) == 10
    rho = table[["reinforcement", "adaptation", "duration_d"]].corr(method="spearman").round(2)
    assert rho.loc["reinforcement", "duration_d"] == pytest.approx(0.03)
    assert rho.loc["adaptation", "duration_d"] == pytest.approx(0.01)
    durations = table.set_index("drug")["duration_d"]
    assert durations["cocaine"] == pytest.approx(2.2)
    assert durations["nicotine"] == pytest.approx(21.0)
    assert durations.idxmin() == "cocaine" and durations.idxmax() == "nicotine"
    assert durations["paroxetine"] == durations["venlafaxine"] == durations["heroin"] == 7.0


def test_quadrant_exercise():
    """principles-ex-quadrant-task."""
    assert quadrant(0.6, 0.7) == "high reinforcement / high adaptation"
    assert quadrant(0.7, 0.2) == "high reinforcement / low adaptation"


def test_withdrawal_figure_order_claims():
    """The prose: cocaine is second from the top, the antidepressants at the bottom."""
    from neuroadapt_book.figures.tolerance import withdrawal_course_table

    table = withdrawal_course_table()
    assert list(table["drug"][:2]) == ["heroin", "cocaine"]
    assert set(table["drug"][-2:]) == {"paroxetine", "venlafaxine"}
    assert len(table) == 11
    paroxetine = table.set_index("drug").loc["paroxetine"]
    assert (paroxetine["onset_low_d"], paroxetine["onset_high_d"]) == (2.0, 4.0)
    assert paroxetine["long_tail_high_d"] == 365.0
    assert table.set_index("drug").loc["diazepam", "onset_high_d"] == pytest.approx(7.0)


# ---------------------------------------------------------------------------
# tolerance
# ---------------------------------------------------------------------------


def test_carbamazepine_half_life_cell():
    """The visible cell: 35 h on day 0, about 14 h after a week, settling near 13 h."""
    p = drug_parameters("carbamazepine")
    days = [0, 7, 14, 42]
    r = simulate_autoinduction([24.0 * d for d in days], regular_dose_times_h(12.0, 84),
                               dose_mg=p.dose_mg, **p.model_kwargs())
    hl = r.half_life_h.round(1)
    assert hl[0] == 35.0
    assert round(hl[1]) == 14
    assert round(hl[-1]) == 13
    assert 10 <= hl[-1] <= 20  # the published chronic range (Bertilsson & Tomson 1986)


def test_carbamazepine_dose_exercise():
    """principles-ex-carbamazepine-dose: 14.4 h / 3.97 mg/L and 12.7 h / 7.00 mg/L, ratio 1.76."""
    p = drug_parameters("carbamazepine")
    ss = autoinduction_steady_state(
        [200.0, 400.0], 12.0, clearance_baseline_l_per_h=p.clearance_baseline_l_per_h,
        volume_l=p.volume_l, emax_induction=p.emax_induction, ec50_mg_per_l=p.ec50_mg_per_l,
        bioavailability=p.bioavailability)
    assert list(ss.half_life_h.round(1)) == [14.4, 12.7]
    assert list(ss.css_average_mg_per_l.round(2)) == [3.97, 7.00]
    assert round(float(ss.css_average_mg_per_l[1] / ss.css_average_mg_per_l[0]), 2) == 1.76


def test_receptor_reserve_cell_and_text():
    """Visible cell and prose: x1.94 and 0.97 -> 0.94; tenth: ~8-fold, 0.75; 1/30: Emax halved."""
    r = receptor_reserve_curves([1.0], [1.0, 0.5, 0.1, 1 / 30], ka=31.0, tau0=30.0)
    assert list(r.ec50_shift.round(2)) == [1.0, 1.94, 7.75, 15.5]
    assert list(r.emax.round(2)) == [0.97, 0.94, 0.75, 0.5]
    assert r.emax[3] == pytest.approx(0.5)  # half the system maximum when f tau0 = 1
    # control EC50 = 1: half-maximal effect needs only ~3 % occupancy
    assert r.ec50[0] == pytest.approx(1.0)
    assert 1.0 / (1.0 + 31.0) == pytest.approx(0.03, abs=0.002)


def test_reserve_exercise():
    """principles-ex-reserve: tau0 30 -> x1.94, keeps 97 %; tau0 2 -> x1.50, keeps 75 % (0.67 -> 0.50)."""
    big = receptor_reserve_curves([1.0], [1.0, 0.5], ka=31.0, tau0=30.0)
    small = receptor_reserve_curves([1.0], [1.0, 0.5], ka=31.0, tau0=2.0)
    assert round(float(big.ec50_shift[1]), 2) == 1.94
    assert f"{big.emax[1] / big.emax[0]:.0%}" == "97%"
    assert round(float(small.ec50_shift[1]), 2) == 1.50
    assert f"{small.emax[1] / small.emax[0]:.0%}" == "75%"
    assert list(small.emax.round(2)) == [0.67, 0.5]


def test_receptor_loss_effect_matches_operational_model():
    from neuroadapt_book.figures.tolerance import receptor_loss_effect

    c = np.geomspace(0.01, 1000, 50)
    for f in (1.0, 0.5, 0.05):
        np.testing.assert_allclose(receptor_loss_effect(c, ka=31.0, tau0=30.0, fraction_remaining=f),
                                   operational_effect(c, 31.0, f * 30.0))
        np.testing.assert_allclose(
            receptor_loss_effect(c, ka=31.0, tau0=30.0, fraction_remaining=f),
            receptor_reserve_curves(c, f, ka=31.0, tau0=30.0).effect)
    with pytest.raises(ValueError):
        receptor_loss_effect(c, ka=31.0, tau0=30.0, fraction_remaining=1.5)


# ---------------------------------------------------------------------------
# desensitization-downregulation
# ---------------------------------------------------------------------------


def test_steady_state_cell():
    """'only a fifth of the original receptors are active ... total 0.65'."""
    ss = trafficking_steady_state(1.0)
    assert round(float(ss["total"]), 2) == 0.65
    assert round(float(ss["active"]), 1) == 0.2


def _exercise_simulation():
    stops = np.array([1 / 6, 168.0])
    fine = np.linspace(0.0, 3.0, 181)
    t = np.union1d(np.union1d(fine, 168.0 + fine), np.linspace(0.0, 24.0 * 17, 409))
    return t, stops, receptor_trafficking_exposure(t, 0.0, stops)


def test_recovery_times_exercise():
    """principles-ex-recovery-times: 33 min; 5.6 days for active and total; ~250 times longer."""
    t, stops, s = _exercise_simulation()
    active = recovery_time_h(s, stops, level=0.95)
    total = recovery_time_h(s, stops, level=0.95, state="total")
    assert round(active[0] * 60) == 33
    assert round(active[1] / 24, 1) == 5.6
    assert round(total[1] / 24, 1) == 5.6
    assert total[0] == 0.0  # the total never fell below 95 % after the pulse
    assert 200 < active[1] / active[0] < 300


def test_no_synthesis_exercise():
    """principles-ex-no-synthesis: best active 0.97 after the pulse, 0.64 after the week."""
    t, stops, s = _exercise_simulation()
    washout = np.linspace(0.0, 24.0, 241)
    best_blocked, best_normal, end_blocked = [], [], []
    for j in range(2):
        i = np.searchsorted(t, stops[j])
        y0 = [s.active[i, j], s.desensitized[i, j], s.internalized[i, j]]
        normal = receptor_trafficking(washout, np.zeros(washout.size), initial_state=y0)
        blocked = receptor_trafficking(washout, np.zeros(washout.size), initial_state=y0, synthesis_per_h=0.0)
        best_blocked.append(round(float(blocked.active.max()), 2))
        best_normal.append(float(normal.active.max()))
        end_blocked.append(float(blocked.active[-1]))
    assert best_blocked == [0.97, 0.64]
    assert end_blocked[0] < best_blocked[0]  # drifts down without synthesis
    assert best_normal[1] > best_blocked[1]  # synthesis continues the recovery


def test_figure_recovery_claims():
    """Figure prose: 10-min exposure recovers in about half an hour; a week in about 5.6 days."""
    from neuroadapt_book.figures.receptors import exposure_recovery_simulation

    sim = exposure_recovery_simulation()
    rec = sim["recovery_active_h"]
    assert 0.4 < rec[0] < 0.7
    assert round(rec[-1] / 24, 1) == 5.6
    assert sim["at_washout"]["total"][0] > 0.99
    assert round(float(sim["at_washout"]["total"][-1]), 2) == 0.65


def test_timescales_span_five_orders_of_magnitude():
    from neuroadapt_book.figures.receptors import adaptation_timescales

    t = adaptation_timescales()
    span = t["end_h"].max() / t["start_h"].min()
    assert 3e4 < span < 3e5
    assert set(t["page"]) == {"Desensitization and downregulation", "Tolerance", "Opioid withdrawal",
                              "Alcohol withdrawal", "Allostasis"}


# ---------------------------------------------------------------------------
# figures build, with descriptions, captions and a small data budget
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("builder", [
    "tolerance:withdrawal_course_chart",
    "tolerance:autoinduction_chart",
    "tolerance:receptor_reserve_chart",
    "receptors:desensitization_recovery_chart",
    "receptors:adaptation_timescales_chart",
])
def test_figures_build_with_description_and_small_data(builder):
    import importlib

    module, name = builder.split(":")
    chart = getattr(importlib.import_module(f"neuroadapt_book.figures.{module}"), name)()
    spec = chart.to_dict()
    assert len(spec["description"]) > 200
    assert spec["usermeta"]["caption"]
    assert len(json.dumps(spec)) < 250_000


def test_closed_form_metadata_points_at_a_real_function():
    import importlib

    from neuroadapt_book.figures.tolerance import receptor_reserve_chart

    spec = receptor_reserve_chart().to_dict()
    meta = spec["usermeta"]["closed_form"]
    module, name = meta["function"].split(":")
    function = getattr(importlib.import_module(module), name)
    params = {p["name"]: p.get("value") for p in spec["params"]}
    assert meta["slider"] in params
    c = np.array([0.1, 1.0, 10.0])
    kwargs = {arg: params[sig] for arg, sig in meta["signal_args"].items()}
    np.testing.assert_allclose(function(concentration=c, **kwargs),
                               operational_effect(c, 31.0, 0.5 * 30.0))


@pytest.mark.parametrize("name", ["index", "addiction-vs-dependence", "tolerance", "desensitization-downregulation"])
def test_pages_have_objectives_key_points_and_exercises(name):
    text = page_text(name)
    assert "{admonition} Learning objectives" in text
    assert "{important} Key points" in text
    if name != "index":
        assert text.count("{exercise}") >= 2
        assert text.count("{solution") >= 2
