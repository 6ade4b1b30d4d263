"""Withdrawal after the last dose, calibrated against the drug table (issue 11, item 1).

One model of withdrawal after the last dose: :func:`neuroadapt.feedback_withdrawal.withdrawal_timing`
(an opponent adaptation left unopposed by first-order washout, a regulated signal whose turnover
delays the symptom, and a threshold), with its defaults. For every drug the book shows (the
half-life figure of *Physiology and pharmacokinetics*: heroin as morphine, methadone, alprazolam,
diazepam, venlafaxine, fluoxetine; and paroxetine, quoted on *Rebound, withdrawal and relapse*),
the modelled onset, peak and duration are checked against the low/high the drug table publishes
for that drug, read from the table here (never copied).

Duration is read as the time from the last dose to the last hour withdrawal is at or above the
threshold (``end_d``), as the table's "lasts 4-10 days" counts from stopping. Where the table
gives two sources that disagree (antidepressant duration: NICE 2009 "about 1 week", Davies &
Read 2019 14-365 days), the published range is the span of the two, from NICE's value to Davies
& Read's high end. Fluoxetine's onset has only a lower bound ("late or absent", Michelson 2000):
never reaching the threshold is inside it.

The second after-last-dose model, :func:`neuroadapt.discontinuation.withdrawal_course`, shares
the core (:func:`neuroadapt.feedback_withdrawal.adaptation_after_last_dose`) and the default gain
and time constant; it is the same loop without the signal's turnover, so it starts earlier than
the published onsets (checked below, as its docstring says).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from neuroadapt.discontinuation import DISCONTINUATION_DEFAULTS, withdrawal_course
from neuroadapt.drugs import drug_value, load_drug_table
from neuroadapt.feedback_withdrawal import (
    FEEDBACK_WITHDRAWAL_DEFAULTS,
    adaptation_after_last_dose,
    withdrawal_after_last_dose,
    withdrawal_timing,
)

#: drug on the page -> drug whose half-life drives the washout (heroin acts as morphine)
SHOWN = {
    "heroin": "morphine",
    "methadone": "methadone",
    "alprazolam": "alprazolam",
    "diazepam": "diazepam",
    "venlafaxine": "venlafaxine",
    "paroxetine": "paroxetine",
    "fluoxetine": "fluoxetine",
}
QUANTITIES = ("withdrawal_onset_h", "withdrawal_peak_h", "withdrawal_duration_d")


def modelled(drug):
    """Modelled onset (h), peak (h) and duration (d) after the last dose of ``drug``."""
    t = withdrawal_timing([drug_value(SHOWN[drug], "half_life_h")], horizon_d=60.0)
    return {
        "withdrawal_onset_h": t.onset_d[0] * 24.0,
        "withdrawal_peak_h": t.peak_d[0] * 24.0,
        "withdrawal_duration_d": t.end_d[0],
    }


def published_range(drug, quantity):
    """(low, high) over every source the drug table gives for ``drug`` and ``quantity``, or None.

    A missing high (a lower bound only) is +inf; a source that gives only a value (NICE's
    'about 1 week') counts as low = high = value.
    """
    rows = load_drug_table().query("drug == @drug and quantity == @quantity")
    if rows.empty:
        return None
    lows = rows["low"].fillna(rows["value"])
    highs = rows["high"].fillna(rows["value"]).fillna(np.inf)
    return float(lows.min()), float(highs.max())


CASES = [(d, q) for d in SHOWN for q in QUANTITIES if published_range(d, q) is not None]


@pytest.mark.parametrize("drug,quantity", CASES, ids=[f"{d}-{q}" for d, q in CASES])
def test_modelled_time_inside_the_published_range(drug, quantity):
    lo, hi = published_range(drug, quantity)
    value = modelled(drug)[quantity]
    if np.isinf(hi) and np.isnan(value):
        return  # "late or absent": no withdrawal above the threshold is inside
    assert lo <= value <= hi, (drug, quantity, value, lo, hi)


def test_every_drug_shown_has_an_onset_check_and_heroin_all_three():
    assert {d for d, q in CASES if q == "withdrawal_onset_h"} == set(SHOWN)
    assert {q for d, q in CASES if d == "heroin"} == set(QUANTITIES)
    assert ("methadone", "withdrawal_duration_d") in CASES


def test_published_ranges_are_read_from_the_table():
    """Spot check of the reader against the rows themselves (Kosten & O'Connor 2003, Ashton 2002)."""
    assert published_range("methadone", "withdrawal_onset_h") == (
        drug_value("methadone", "withdrawal_onset_h", bound="low"),
        drug_value("methadone", "withdrawal_onset_h", bound="high"),
    )
    assert published_range("diazepam", "withdrawal_onset_h")[0] == drug_value(
        "diazepam", "withdrawal_onset_h", bound="low"
    )
    assert published_range("fluoxetine", "withdrawal_onset_h")[1] == np.inf


def test_onset_order_follows_half_life():
    """Short half-life, early withdrawal: heroin < venlafaxine < alprazolam < paroxetine < methadone
    < diazepam < fluoxetine, the order of the drug table's onsets."""
    order = ["heroin", "venlafaxine", "alprazolam", "paroxetine", "methadone", "diazepam", "fluoxetine"]
    onsets = [modelled(d)["withdrawal_onset_h"] for d in order]
    assert np.all(np.diff(onsets) > 0)


def test_closed_form_matches_an_ode_integration():
    """The closed form of withdrawal_after_last_dose against a direct integration of its ODEs."""
    p = FEEDBACK_WITHDRAWAL_DEFAULTS
    g, tau, q = p.adaptation_gain, p.adaptation_time_constant_h, p.signal_turnover_rate_per_h
    t = np.linspace(0.0, 400.0, 401)
    for hl in (2.0, 24.0, 120.0, tau * np.log(2.0)):  # the last: washout rate equal to 1/tau
        k = np.log(2.0) / hl

        def rhs(_t, y, k=k):
            a, s = y
            d = np.exp(-k * _t)
            return [(g * d - a) / tau, q * (d - a - s)]

        sol = solve_ivp(rhs, (0.0, t[-1]), [g, 1.0 - g], t_eval=t, rtol=1e-10, atol=1e-12)
        expected = np.clip(-sol.y[1] / g, 0.0, 1.0)
        got = withdrawal_after_last_dose([hl], t).withdrawal[0]
        np.testing.assert_allclose(got, expected, atol=1e-6)
        np.testing.assert_allclose(adaptation_after_last_dose(t, hl, g, tau), sol.y[0], atol=1e-8)


def test_the_shape_model_shares_the_core_and_its_defaults():
    """withdrawal_course is max(A - d, 0) with the same A and the same default gain and time constant."""
    assert DISCONTINUATION_DEFAULTS.adaptation_gain == FEEDBACK_WITHDRAWAL_DEFAULTS.adaptation_gain
    assert DISCONTINUATION_DEFAULTS.time_constant_adaptation_d * 24.0 == (
        FEEDBACK_WITHDRAWAL_DEFAULTS.adaptation_time_constant_h
    )
    t_d = np.linspace(0.0, 20.0, 201)
    a = adaptation_after_last_dose(24.0 * t_d, 21.0, 0.8, 120.0)
    np.testing.assert_allclose(withdrawal_course(t_d, 21.0), np.maximum(a - 2.0 ** (-24.0 * t_d / 21.0), 0.0))


def test_fast_signal_limit_is_the_shape_model():
    """With a very fast signal (k_out -> infinity) the timing model's sag is withdrawal_course / gain."""
    g = FEEDBACK_WITHDRAWAL_DEFAULTS.adaptation_gain
    t_h = np.arange(0.0, 24.0 * 20 + 0.5, 1.0)
    fast = withdrawal_after_last_dose([21.0], t_h, signal_turnover_rate_per_h=1e4).withdrawal[0]
    np.testing.assert_allclose(fast, withdrawal_course(t_h / 24.0, 21.0) / g, atol=1e-3)


@pytest.mark.parametrize("drug", list(SHOWN))
def test_the_closed_form_shape_model_starts_before_the_published_onset(drug):
    """Known deviation of the shape model, stated in its docstring: no delay between the drug's
    fall and the symptom, so its withdrawal starts before the published onset window."""
    t_d = np.linspace(0.0, 30.0, 30 * 24 * 10 + 1)
    w = withdrawal_course(t_d, drug_value(SHOWN[drug], "half_life_h"))
    first_h = t_d[np.argmax(w > 0)] * 24.0
    assert first_h < published_range(drug, "withdrawal_onset_h")[0]


def test_model_defaults_are_read_from_the_data_table_and_marked_illustrative():
    """The four after-last-dose constants live in data/withdrawal_model_parameters.csv, each
    marked illustrative with a note (none is a measured value)."""
    from neuroadapt._data import read_table

    table = read_table("withdrawal_model_parameters.csv", numeric=("value",)).set_index("quantity")
    for quantity in ("adaptation_gain", "adaptation_time_constant_h", "signal_turnover_rate_per_h", "onset_threshold"):
        assert getattr(FEEDBACK_WITHDRAWAL_DEFAULTS, quantity) == table.loc[quantity, "value"]
        assert table.loc[quantity, "status"] == "illustrative" and table.loc[quantity, "note"]
