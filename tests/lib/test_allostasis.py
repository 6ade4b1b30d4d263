"""Tests of neuroadapt.allostasis: set-point drift, escalation with long access, protracted withdrawal."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import allostasis as al

P = al.ALLOSTASIS_DEFAULTS
N_SESSIONS = 22  # Ahmed & Koob 1998 ran 22 escalation sessions


@pytest.fixture(scope="module")
def escalation():
    """ShA (1 h) and LgA (6 h) daily sessions, then 31 days of abstinence and 3 more sessions."""
    first = 24.0 * np.arange(N_SESSIONS)
    starts = np.concatenate([first, first[-1] + 24.0 * 32 + 24.0 * np.arange(3)])
    t = al.session_time_grid(starts, 6.0)
    r = al.self_administration(t, starts, access_h=[1.0, 6.0])
    df = al.session_summary(r, starts).to_frame()
    sha = df[df.grid_index == 0].reset_index(drop=True)
    lga = df[df.grid_index == 1].reset_index(drop=True)
    return r, sha, lga


def test_short_access_intake_stays_stable(escalation):
    """Ahmed & Koob 1998 (abstract; Fig. 2): with 1 h of access per session drug intake remained low and stable."""
    _, sha, _ = escalation
    first_hour = sha.infusions_first_hour.to_numpy()[:N_SESSIONS]
    assert np.abs(first_hour - first_hour[0]).max() <= 0.1 * first_hour[0]
    assert np.allclose(sha.set_point_at_start, 0.0)


def test_long_access_intake_escalates(escalation):
    """Ahmed & Koob 1998, Fig. 2: with 6 h of access intake gradually escalated over days, in the
    first hour as well as in total; total intake rose significantly from session 5 on, and first-hour
    intake exceeded that of ShA rats in most later sessions."""
    _, sha, lga = escalation
    total = lga.infusions_total.to_numpy()[:N_SESSIONS]
    first = lga.infusions_first_hour.to_numpy()[:N_SESSIONS]
    assert np.all(np.diff(total) >= 0)
    assert total[4] > total[0]
    assert first[-5:].mean() >= 1.4 * first[:2].mean()
    sha_first = sha.infusions_first_hour.to_numpy()[:N_SESSIONS]
    assert np.all(first[7:] > sha_first[7:])
    # the escalation is a drift of the hedonic set point
    s = lga.set_point_at_start.to_numpy()[:N_SESSIONS]
    assert np.all(np.diff(s) < 0)


def test_escalation_resumes_above_baseline_after_a_month(escalation):
    """Ahmed & Koob 1998: after 1 month of abstinence, intake was reinstated at a higher level than
    before escalation (the set point has not recovered)."""
    _, _, lga = escalation
    first = lga.infusions_first_hour.to_numpy()
    assert first[N_SESSIONS] > first[0]
    assert lga.set_point_at_start.iloc[N_SESSIONS] < 0.0
    assert lga.set_point_at_start.iloc[N_SESSIONS] > lga.set_point_at_start.iloc[N_SESSIONS - 1]


def test_shift_from_positive_to_negative_reinforcement(escalation):
    """Koob & Le Moal 2001: with escalation, drug taking shifts from positive reinforcement (effect above
    baseline) to negative reinforcement (relief of the deficit); not so with short access."""
    _, sha, lga = escalation
    neg_lga = lga.negative_reinforcement_fraction.to_numpy()[:N_SESSIONS]
    neg_sha = sha.negative_reinforcement_fraction.to_numpy()[:N_SESSIONS]
    assert neg_lga[-1] > 0.5 > neg_lga[0]
    assert np.all(np.diff(neg_lga) > 0)
    assert neg_sha.max() < 0.1


def test_set_point_recovers_monotonically_after_cessation():
    """Koob & Le Moal 2001 (protracted withdrawal): after cessation the set point recovers slowly and
    monotonically; once the opponent process is below threshold the recursion equals the closed form."""
    starts = 24.0 * np.arange(15)
    t_sessions = al.session_time_grid(starts, 6.0)
    t = np.concatenate([t_sessions, t_sessions[-1] + np.arange(1.0, 24.0 * 150, 6.0)])
    r = al.self_administration(t, starts, access_h=6.0)
    s = r.set_point
    after = t >= starts[-1] + 24.0
    assert s[after][0] < -0.5
    assert np.all(np.diff(s[after]) > 0)
    assert r.opponent[after].max() < P.shift_threshold
    t0 = t[after][0]
    expected = al.set_point_recovery(t[after] - t0, s[after][0])
    np.testing.assert_allclose(s[after], expected, rtol=1e-10, atol=1e-12)
    assert -0.02 < s[-1] < 0.0  # 150 days ~ 5 recovery time constants


def _reference(t, inf, theta=P.shift_threshold):
    k_el = np.log(2) / P.drug_half_life_h

    def rhs(_, y):
        x, b, s = y
        return [
            -k_el * x,
            (P.opponent_gain * P.effect_per_infusion * x - b) / P.time_constant_opponent_h,
            -P.shift_rate_per_h * max(b - theta, 0.0) + (P.set_point_baseline - s) / P.time_constant_recovery_h,
        ]

    y = np.array([0.0, 0.0, P.set_point_baseline])
    out = [y.copy()]
    for i in range(len(t) - 1):
        y[0] += inf[i]
        sol = solve_ivp(rhs, (t[i], t[i + 1]), y, method="DOP853", rtol=1e-10, atol=1e-12)
        y = sol.y[:, -1].copy()
        out.append(y.copy())
    return np.array(out)


def _schedule(dt):
    t = np.arange(0.0, 12.0 + dt / 2, dt)
    inf = np.zeros(t.size)
    every = int(round(0.25 / dt))
    inf[: int(round(6.0 / dt)) : every] = 3.0
    return t, inf


def test_open_loop_matches_solve_ivp():
    """Drug and opponent are integrated exactly; the set point (trapezoidal threshold drive) agrees to
    second order."""
    t, inf = _schedule(1.0 / 60.0)
    ref = _reference(t, inf)
    r = al.hedonic_dynamics(t, inf)
    assert r.opponent.max() > P.shift_threshold  # the drive is active
    np.testing.assert_allclose(r.drug_level, ref[:, 0], rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(r.opponent, ref[:, 1], rtol=1e-9, atol=1e-10)
    # trapezoidal drive: O(h^2), here < 0.1 % of the drift
    assert np.abs(r.set_point - ref[:, 2]).max() < 1e-3 * np.abs(ref[:, 2]).max()


def test_set_point_recursion_is_second_order():
    errors = []
    for dt in (0.05, 0.025):
        t, inf = _schedule(dt)
        ref = _reference(t, inf)
        errors.append(abs(al.hedonic_dynamics(t, inf).set_point[-1] - ref[-1, 2]))
    assert 3.0 < errors[0] / errors[1] < 5.5


def test_grid_vectorization_matches_loop():
    starts = 24.0 * np.arange(6)
    t = al.session_time_grid(starts, 6.0, decision_step_h=2.0 / 60.0)
    access = np.array([1.0, 3.0, 6.0])[:, None]
    rate = np.array([0.05, 0.2])[None, :]
    grid = al.self_administration(t, starts, access, shift_rate_per_h=rate)
    assert grid.infusions.shape == (3, 2, t.size)  # time last (lib/README.md)
    for i in range(3):
        for j in range(2):
            one = al.self_administration(t, starts, access[i, 0], shift_rate_per_h=rate[0, j])
            np.testing.assert_array_equal(grid.infusions[i, j], one.infusions)
            np.testing.assert_allclose(grid.set_point[i, j], one.set_point, rtol=1e-13, atol=1e-15)


@settings(max_examples=30, deadline=None)
@given(
    doses=st.lists(st.integers(0, 4), min_size=5, max_size=60),
    gain=st.floats(0.0, 0.9),
    theta=st.floats(0.0, 2.0),
    rate=st.floats(0.0, 1.0),
)
def test_invariants(doses, gain, theta, rate):
    """Drug and opponent stay non-negative; the set point never rises above the drug-naive baseline;
    the negative-reinforcement share lies in [0, 1]."""
    inf = np.repeat(np.asarray(doses, dtype=float), 3)
    t = np.linspace(0.0, 0.1 * inf.size, inf.size)
    r = al.hedonic_dynamics(t, inf, opponent_gain=gain, shift_threshold=theta, shift_rate_per_h=rate)
    assert np.all(r.drug_level >= 0) and np.all(r.opponent >= -1e-15)
    assert np.all(r.set_point <= P.set_point_baseline + 1e-15)
    share = al.negative_reinforcement_fraction(r.drug_level, r.opponent, r.set_point)
    assert np.all((share >= 0) & (share <= 1))


def test_negative_reinforcement_fraction_values():
    # no deficit: all positive reinforcement; deficit larger than the effect: all negative
    np.testing.assert_allclose(
        al.negative_reinforcement_fraction([1.0, 1.0, 0.0], [0.0, 3.0, 1.0], [0.0, 0.0, 0.0]), [0.0, 1.0, 0.0]
    )


def test_session_time_grid_is_fine_in_sessions():
    starts = [0.0, 24.0]
    t = al.session_time_grid(starts, 6.0)
    assert np.all(np.diff(t) > 0)
    in_session = (t < 6.0) | ((t >= 24.0) & (t < 30.0))
    assert np.allclose(np.diff(t)[in_session[:-1]], 1.0 / 60.0)


def test_bad_input_raises():
    t = np.linspace(0.0, 1.0, 5)
    with pytest.raises(ValueError, match="infusions"):
        al.hedonic_dynamics(t, -np.ones(5))
    with pytest.raises(ValueError, match="infusions"):
        al.hedonic_dynamics(t, np.ones(4))
    with pytest.raises(ValueError, match="drug_half_life_h"):
        al.hedonic_dynamics(t, np.ones(5), drug_half_life_h=0.0)
    with pytest.raises(ValueError, match="time_constant_recovery_h"):
        al.hedonic_dynamics(t, np.ones(5), time_constant_recovery_h=-1.0)
    with pytest.raises(ValueError, match="access_h"):
        al.self_administration(t, [0.0], access_h=0.0)
    with pytest.raises(ValueError, match="session_starts_h"):
        al.self_administration(t, [1.0, 0.0], access_h=1.0)
    with pytest.raises(ValueError, match="t_h"):
        al.self_administration([0.0, 1.0, 0.5], [0.0], access_h=1.0)
    with pytest.raises(ValueError, match="set_point_baseline"):
        al.hedonic_dynamics(t, np.ones(5), set_point_baseline=np.nan)
    with pytest.raises(ValueError, match="session_starts_h"):
        al.session_time_grid([0.0, 2.0], 6.0)
    with pytest.raises(ValueError, match="drug_effect"):
        al.negative_reinforcement_fraction(-1.0, 0.0, 0.0)
