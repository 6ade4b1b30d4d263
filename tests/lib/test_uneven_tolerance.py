"""Tests of neuroadapt.uneven_tolerance (uneven tolerance across effects; incomplete cross-tolerance)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.concentration_effect import operational_effect
from neuroadapt.receptor_competition import agonist_value
from neuroadapt.uneven_tolerance import (
    EFFECTS,
    days_until_habitual_dose_is_dangerous,
    dose_for_effect,
    effect_parameters,
    fixed_effect_dose_ratio,
    function_remaining,
    load_effect_table,
    uneven_tolerance,
)


def test_white_irvine_1999_order_of_tolerance():
    """White & Irvine 1999 (Addiction 94:961): tolerance to respiratory depression is less complete and
    slower than to euphoric effects; little tolerance develops to miosis and constipation (Brunton 2018).
    After 60 days of use the fold increase in dose needed is largest for euphoria and smallest for
    miosis and constipation."""
    r = uneven_tolerance([0.0, 60.0])
    fold = dict(zip(EFFECTS, r.dose_relative[:, 1] / r.dose_relative[:, 0]))
    assert (
        fold["euphoria"]
        > fold["analgesia"]
        > fold["respiratory_depression"]
        > max(fold["miosis"], fold["constipation"])
    )
    assert fold["miosis"] < 1.2 and fold["constipation"] < 1.2
    resp, euph = effect_parameters("respiratory_depression"), effect_parameters("euphoria")
    assert resp.tolerance_extent < euph.tolerance_extent
    assert resp.onset_time_constant_d > euph.onset_time_constant_d


def test_hill_2020_cross_tolerance_to_fentanyl_less_than_tolerance_to_morphine():
    """Hill et al. 2020 (Br J Pharmacol 177:254): after prolonged morphine, tolerance to respiratory
    depression by morphine exceeded cross-tolerance to fentanyl. With fentanyl's higher efficacy
    (book's data), the same loss of receptor function raises fentanyl's dose less. Pawar et al. 2007:
    lower efficacy, more tolerance."""
    tau_ref = agonist_value("reference", "transducer_ratio_full_efficacy")
    tau_m = tau_ref * agonist_value("morphine", "relative_efficacy")
    tau_f = tau_ref * agonist_value("fentanyl", "relative_efficacy")
    for f in (0.9, 0.7, 0.6):
        assert fixed_effect_dose_ratio(f, tau_f) < fixed_effect_dose_ratio(f, tau_m)


def test_margin_narrows_during_use_and_habitual_dose_becomes_dangerous_within_two_weeks():
    """The narrowing margin of experienced users (White & Irvine 1999), and the excess of overdose deaths
    in the first two weeks after release from prison (Binswanger et al. 2007; Merrall et al. 2010)."""
    t = np.arange(0.0, 61.0)
    r = uneven_tolerance(t)
    assert np.all(np.diff(r.margin) < 0)
    assert r.margin[-1] < r.margin[0] / 4
    assert 0 < days_until_habitual_dose_is_dangerous() < 14


def test_dose_for_effect_inverts_the_operational_model():
    for tau in (1.5, 3.0, 30.0):
        for e in (0.2, 0.5):
            if tau / (1 + tau) > e:
                a = dose_for_effect(tau, e)
                assert operational_effect(a, 1.0, tau) == pytest.approx(e)


def test_function_remaining_is_continuous_at_the_stop_and_recovers():
    p = effect_parameters("analgesia")
    before, at, after = function_remaining([59.999, 60.0, 60.001], 60.0, p)
    assert before == pytest.approx(at, abs=1e-4) and after == pytest.approx(at, abs=1e-4)
    assert function_remaining(60.0 + 50 * p.recovery_time_constant_d, 60.0, p) == pytest.approx(1.0)


def test_table_is_all_sourced():
    t = load_effect_table()
    assert list(t.effect) == list(EFFECTS)
    assert t.source.notna().all() and (t.status == "illustrative").all()


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0.0, max_value=400.0), st.floats(min_value=1.0, max_value=200.0), st.sampled_from(EFFECTS))
def test_function_remaining_bounded(t, stop, effect):
    p = effect_parameters(effect)
    f = function_remaining(t, stop, p)
    assert 1.0 - p.tolerance_extent - 1e-12 <= f <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0.05, max_value=1.0), st.floats(min_value=1.5, max_value=100.0))
def test_dose_ratio_at_least_one_and_never_negative(f, tau):
    ratio = fixed_effect_dose_ratio(f, tau)
    assert ratio >= 1.0 - 1e-12


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=300.0), min_size=1, max_size=20))
def test_doses_never_negative(days):
    r = uneven_tolerance(sorted(days))
    assert np.all(r.dose_relative >= 0) and np.all(r.habitual_dose_relative >= 0)
    assert np.all((r.function_remaining >= 0) & (r.function_remaining <= 1))


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: dose_for_effect(-1.0, 0.5), "transducer_ratio"),
        (lambda: dose_for_effect(2.0, 1.0), "effect_level"),
        (lambda: fixed_effect_dose_ratio(0.0, 2.0), "fraction_remaining"),
        (lambda: fixed_effect_dose_ratio(0.5, 0.5), "effect_level"),
        (lambda: effect_parameters("itch"), "effect"),
        (lambda: uneven_tolerance([0.0], use_stop_d=0.0), "use_stop_d"),
        (lambda: uneven_tolerance([2.0, 1.0]), "t_d"),
        (lambda: uneven_tolerance([0.0], wanted_effect="miosis"), "wanted_effect"),
        (lambda: uneven_tolerance([0.0], danger_level=1.5), "danger_level"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
