"""Answers of the exercises on book/principles/allostasis.md and rebound-withdrawal-relapse.md.

Each test recomputes the number or label that a solution states, so a change in a
model cannot leave a wrong solution behind; the page texts are checked too, so the
numbers in the prose stay in step with these tests.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neuroadapt.allostasis import (
    ALLOSTASIS_DEFAULTS,
    self_administration,
    session_summary,
    session_time_grid,
    set_point_recovery,
)
from neuroadapt.discontinuation import (
    classify_course,
    rebound_course,
    relapse_probability,
    withdrawal_course,
)
from neuroadapt.drugs import drug_value

BOOK = Path(__file__).resolve().parents[2] / "book" / "principles"


def page(name: str) -> str:
    return " ".join((BOOK / name).read_text(encoding="utf-8").split())  # line breaks -> spaces


# ---------------------------------------------------------------------------
# allostasis.md
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def escalation():
    starts = 24.0 * np.arange(22)
    t = session_time_grid(starts, 6.0)
    run = self_administration(t, starts, access_h=[1.0, 6.0])
    df = session_summary(run, starts)
    return run, df[df.grid_index == 0], df[df.grid_index == 1]


def test_allostasis_ex_recovery():
    """Solution: back within 10 % after about 69 days (tau 30 d) and 138 days (tau 60 d)."""
    t_h = np.arange(0.0, 24 * 200)
    days = []
    for tau_h in (ALLOSTASIS_DEFAULTS.tau_recovery_h, 2 * ALLOSTASIS_DEFAULTS.tau_recovery_h):
        s = set_point_recovery(t_h, -3.0, tau_recovery_h=tau_h)
        days.append(t_h[np.argmax(s > -0.3)] / 24)
    assert round(days[0]) == 69 and round(days[1]) == 138
    assert days[0] == pytest.approx(ALLOSTASIS_DEFAULTS.tau_recovery_h / 24 * np.log(10), abs=0.05)
    text = page("allostasis.md")
    assert "**69 days**" in text and "**138 days**" in text


def test_allostasis_twenty_sessions_drop_about_three():
    """Exercise text: after twenty daily long-access sessions the set point is about -3."""
    from neuroadapt_book.figures.allostasis import set_point_cycles_simulation

    df = set_point_cycles_simulation(max_cycles=20, abstinence_days=10)
    assert df[df.cycles == 20].set_point.min() == pytest.approx(-3.0, abs=0.1)


def test_allostasis_ex_escalation(escalation):
    """Solution: first-hour intake 12 -> 12 (short) and 12 -> 24 (long); relief > 1/2 from session 17."""
    _, short, long_ = escalation
    assert short.infusions_first_hour.iloc[[0, -1]].tolist() == [12.0, 12.0]
    assert long_.infusions_first_hour.iloc[[0, -1]].tolist() == [12.0, 24.0]
    assert int(long_.session[long_.negative_reinforcement_fraction > 0.5].iloc[0]) == 17
    text = page("allostasis.md")
    assert "**12**" in text and "**24**" in text and "session **17**" in text


def test_allostasis_ex_threshold(escalation):
    """Solution: opponent peaks ~0.41 (short, below theta = 0.6) and ~2.3 (long); ~6 h above in session 1."""
    run, _, _ = escalation
    peak_short, peak_long = run.opponent.max(axis=0)
    assert ALLOSTASIS_DEFAULTS.shift_threshold == 0.6
    assert round(float(peak_short), 2) == 0.41 and peak_short < ALLOSTASIS_DEFAULTS.shift_threshold
    assert round(float(peak_long), 1) == 2.3
    t = run.t_h
    dt = np.diff(t, append=t[-1])
    hours_above = float((dt * (run.opponent[:, 1] > 0.6) * (t < 24)).sum())
    assert 5.5 <= hours_above <= 6.5
    text = page("allostasis.md")
    assert "**0.41**" in text and "**2.3**" in text


# ---------------------------------------------------------------------------
# rebound-withdrawal-relapse.md
# ---------------------------------------------------------------------------


def test_rwr_ex_classify():
    """Solution: Mrs A rebound, Mr B withdrawal, Ms C relapse."""
    labels = classify_course(onset_days=[1, 2, 70], new_symptoms=[False, True, False], duration_days=[3, 21, np.inf])
    assert labels.tolist() == ["rebound", "withdrawal", "relapse"]


def test_rwr_ex_halflife():
    """Solution: venlafaxine day 1.0 / 0.66, paroxetine day 2.6 / 0.47, fluoxetine day 6.8 / 0.20."""
    t = np.linspace(0.0, 60.0, 6001)
    expected = {"venlafaxine": (1.0, 0.66), "paroxetine": (2.6, 0.47), "fluoxetine": (6.8, 0.20)}
    text = page("rebound-withdrawal-relapse.md")
    for drug, (day, peak) in expected.items():
        w = withdrawal_course(t, drug_value(drug, "half_life_h"))
        assert round(float(t[w.argmax()]), 1) == day
        assert round(float(w.max()), 2) == pytest.approx(peak)
        assert f"day **{day:.1f}** at **{peak:.2f}**" in text
    assert drug_value("fluoxetine", "metabolite_half_life_h") > 7 * 24


def test_rwr_ex_relapse():
    """Solution: 0.04 after a month, 0.41 after a year, NNT about 4.3."""
    assert round(float(relapse_probability(30, 21.0)), 2) == 0.04
    assert round(float(relapse_probability(365, 21.0)), 2) == 0.41
    on = float(relapse_probability(365, continued=True))
    assert round(on, 2) == 0.18
    off = float(relapse_probability(365, 21.0))
    assert round(1 / (round(off, 2) - round(on, 2)), 1) == 4.3
    text = page("rebound-withdrawal-relapse.md")
    assert "**0.04**" in text and "**0.41**" in text and "**4.3**" in text


def test_rwr_rebound_prose():
    """Prose: a 3-h half-life leaves an excess of about a quarter within the first day; 48 h leaves none."""
    t = np.linspace(0.0, 14.0, 1401)
    r = rebound_course(t, [3.0, 12.0, 48.0])
    peaks = r.max(axis=0)
    assert 0.2 <= peaks[0] <= 0.3 and t[r[:, 0].argmax()] < 1.0
    assert peaks[2] < 0.01 < peaks[1] < peaks[0]
    assert t[r[:, 1].argmax()] > t[r[:, 0].argmax()]
