"""Tests of neuroadapt.learning: Rescorla-Wagner, TD learning with a drug surge, Siegel's overdose model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt import learning as le

# ---------------------------------------------------------------------------
# Rescorla-Wagner
# ---------------------------------------------------------------------------


def test_rw_acquisition_curve_and_asymptote():
    """Rescorla & Wagner 1972: for one cue, V_n = lambda [1 - (1 - alpha beta)^n] -> lambda."""
    n = np.arange(61)
    v = le.rescorla_wagner(np.ones((1, 60)), np.full(60, 0.8), salience=0.25, learning_rate=0.6)[0]
    np.testing.assert_allclose(v, 0.8 * (1 - (1 - 0.15) ** n), rtol=1e-12, atol=1e-15)
    assert v[-1] == pytest.approx(0.8, abs=1e-4)


def test_rw_blocking():
    """Kamin 1969 / Rescorla & Wagner 1972: pretraining cue A blocks learning about B in AB+ trials;
    a control group given only AB+ learns about B (overshadowing shares lambda)."""
    pre = np.tile([[1.0], [0.0]], (1, 30))  # (n_cues, n_trials)
    comp = np.ones((2, 30))
    blocking = le.rescorla_wagner(np.hstack([pre, comp]), np.ones(60), salience=0.3)[..., -1]
    control = le.rescorla_wagner(comp, np.ones(30), salience=0.3)[..., -1]
    assert blocking[1] < 0.01
    assert control[1] == pytest.approx(0.5, abs=0.01)
    assert blocking[0] + blocking[1] == pytest.approx(1.0, abs=1e-3)


def test_rw_extinction_is_geometric():
    """Rescorla & Wagner 1972: with lambda = 0, V_k = V_0 (1 - alpha beta)^k."""
    cues = np.ones((1, 40))
    lam = np.r_[np.ones(20), np.zeros(20)]
    v = le.rescorla_wagner(cues, lam, salience=0.2)[0]
    k = np.arange(21)
    np.testing.assert_allclose(v[20:], v[20] * 0.8**k, rtol=1e-12)
    assert v[-1] < 0.02


def test_rw_grid_matches_loop():
    cues = np.ones((2, 10))  # (n_cues, n_trials)
    cues[1, :5] = 0.0
    lam = np.ones(10)
    salience = np.array([[0.1, 0.2], [0.3, 0.2], [0.5, 0.2]])  # (3, n_cues)
    beta = np.array([[0.5], [1.0]])  # (2, 1) -> grid (2, 3)
    v = le.rescorla_wagner(cues, lam, salience=salience, learning_rate=beta)
    assert v.shape == (2, 3, 2, 11)  # (*grid, n_cues, n_trials + 1): time last
    for i in range(2):
        for j in range(3):
            one = le.rescorla_wagner(cues, lam, salience=salience[j], learning_rate=beta[i, 0])
            np.testing.assert_allclose(v[i, j], one, rtol=1e-14)


@settings(max_examples=40, deadline=None)
@given(
    lams=st.lists(st.floats(0.0, 2.0), min_size=1, max_size=50),
    alpha=st.floats(0.01, 1.0),
    beta=st.floats(0.01, 1.0),
)
def test_rw_single_cue_stays_between_bounds(lams, alpha, beta):
    """With alpha beta <= 1, V moves towards lambda without overshooting: 0 <= V <= max lambda."""
    lam = np.asarray(lams)
    v = le.rescorla_wagner(np.ones((1, lam.size)), lam, salience=alpha, learning_rate=beta)
    assert np.all(v >= -1e-12) and np.all(v <= lam.max() + 1e-12)


def test_rw_rejects_bad_input():
    with pytest.raises(ValueError, match="cues"):
        le.rescorla_wagner(np.full((1, 3), 2.0), np.ones(3))
    with pytest.raises(ValueError, match="reward"):
        le.rescorla_wagner(np.ones((1, 3)), np.ones(4))
    with pytest.raises(ValueError, match="reward"):
        le.rescorla_wagner(np.ones((1, 3)), -np.ones(3))
    with pytest.raises(ValueError, match="salience"):
        le.rescorla_wagner(np.ones((1, 3)), np.ones(3), salience=0.0)
    with pytest.raises(ValueError, match="salience"):
        le.rescorla_wagner(np.ones((2, 3)), np.ones(3), salience=[0.1, 0.2, 0.3])  # last axis must be n_cues
    with pytest.raises(ValueError, match="learning_rate"):
        le.rescorla_wagner(np.ones((1, 3)), np.ones(3), learning_rate=np.nan)


# ---------------------------------------------------------------------------
# TD learning
# ---------------------------------------------------------------------------

CUE, REW, STEPS = 5, 15, 20


def naive_online_td(n_trials, alpha, gamma, r, surge):
    """Independent, step-by-step online TD(0) implementation used to check the vectorised one."""
    w = np.zeros(STEPS - CUE)
    deltas = []
    for _ in range(n_trials):
        trial = []
        for t in range(STEPS):
            v_t = w[t - CUE] if t >= CUE else 0.0
            v_next = w[t + 1 - CUE] if CUE <= t + 1 < STEPS else 0.0
            rt = r if t == REW else 0.0
            d = rt + gamma * v_next - v_t
            if t == REW and surge > 0:
                d = max(d + surge, surge)
            if t >= CUE:
                w[t - CUE] += alpha * d
            trial.append(d)
        deltas.append(trial)
    return w, np.array(deltas)


@pytest.mark.parametrize("surge", [0.0, 0.5])
def test_td_vectorised_equals_online(surge):
    res = le.td_learning(
        200, n_steps=STEPS, cue_step=CUE, reward_step=REW, drug_surge=surge, learning_rate=0.2, discount=0.9
    )
    w, deltas = naive_online_td(200, 0.2, 0.9, 1.0, surge)
    np.testing.assert_allclose(res.delta, deltas, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(res.value[-1, CUE:], w, rtol=1e-12)


def test_td_prediction_error_moves_from_reward_to_cue():
    """Schultz, Dayan & Montague 1997, Fig. 1: before learning the dopamine response (delta) occurs at
    the reward; after learning it occurs at the cue and is absent at the fully predicted reward."""
    gamma = 0.95
    r = le.td_learning(1000, n_steps=STEPS, cue_step=CUE, reward_step=REW, discount=gamma)
    first, last = r.delta[0], r.delta[-1]
    assert first[REW] == 1.0 and np.count_nonzero(first) == 1
    assert abs(last[REW]) < 1e-6
    assert last[CUE - 1] == pytest.approx(gamma ** (REW - CUE + 1), rel=1e-6)
    others = np.delete(last, [CUE - 1])
    assert np.abs(others).max() < 1e-6
    # fixed point: V(t) = gamma^(reward - t) r between cue and reward
    t = np.arange(CUE, REW + 1)
    np.testing.assert_allclose(r.value[-1, CUE : REW + 1], gamma ** (REW - t), rtol=1e-6)


def test_td_drug_surge_cannot_be_predicted_away():
    """Redish 2004: with delta = max(r + gamma V' - V + D, D), delta at drug delivery never drops below
    D, so the value of the drug state grows by >= alpha D each trial, without bound, and drug-predicting
    cues end up valued far above a natural reward's."""
    alpha, d_surge = 0.1, 0.5
    drug = le.td_learning(400, n_steps=STEPS, cue_step=CUE, reward_step=REW, drug_surge=d_surge, learning_rate=alpha)
    natural = le.td_learning(400, n_steps=STEPS, cue_step=CUE, reward_step=REW, learning_rate=alpha)
    assert np.all(drug.delta[:, REW] >= d_surge)
    v_drug_state = drug.value[:, REW]
    assert np.all(np.diff(v_drug_state) >= alpha * d_surge - 1e-12)
    assert v_drug_state[-1] >= alpha * d_surge * 400
    assert v_drug_state[-1] - v_drug_state[200] >= alpha * d_surge * 200 - 1e-9  # no convergence
    assert drug.value[-1, CUE] > 5 * natural.value[-1, CUE]
    assert drug.delta[-1, CUE - 1] > natural.delta[-1, CUE - 1]


def test_td_grid_matches_loop():
    gammas = np.array([0.8, 0.95])[:, None]
    surges = np.array([0.0, 0.3, 1.0])[None, :]
    g = le.td_learning(50, discount=gammas, drug_surge=surges)
    assert g.value.shape == (2, 3, 51, 20)  # (*grid, n_trials + 1, n_steps): time last
    for i in range(2):
        for j in range(3):
            one = le.td_learning(50, discount=gammas[i, 0], drug_surge=surges[0, j])
            np.testing.assert_allclose(g.delta[i, j], one.delta, rtol=1e-13, atol=1e-14)


def test_td_rejects_bad_input():
    with pytest.raises(ValueError, match="reward_step"):
        le.td_learning(10, cue_step=10, reward_step=5)
    with pytest.raises(ValueError, match="n_trials"):
        le.td_learning(0)
    with pytest.raises(ValueError, match="discount"):
        le.td_learning(10, discount=0.0)
    with pytest.raises(ValueError, match="drug_surge"):
        le.td_learning(10, drug_surge=-1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        le.td_learning(10, learning_rate=1.5)


# ---------------------------------------------------------------------------
# Siegel et al. 1982
# ---------------------------------------------------------------------------


def test_siegel_published_table():
    df = le.siegel1982_mortality()
    assert df.group.tolist() == ["same context", "different context", "drug-naive"]
    assert df.mortality_percent.tolist() == [32.4, 64.3, 96.4]


def test_siegel_ordering_and_published_mortality():
    """Siegel et al. 1982, Table 1: a high heroin dose killed 32.4 % of tolerant rats tested in the
    drug-paired environment, 64.3 % tested in the dextrose-paired environment and 96.4 % of drug-naive
    rats. The model reproduces the ordering and, with the two fitted logistic parameters, the numbers."""
    df = le.siegel_overdose().to_frame().set_index("group")
    m = df.model_mortality_percent
    assert m["same context"] < m["different context"] < m["drug-naive"]
    np.testing.assert_allclose(m, df.published_mortality_percent, atol=3.0)
    assert df.loc["same context", "context_association"] > 0.9
    assert df.loc["different context", "context_association"] == 0.0


@settings(max_examples=30, deadline=None)
@given(tol=st.floats(0.05, 0.8), mag=st.floats(0.01, 0.5), alpha=st.floats(0.05, 1.0), n=st.integers(1, 30))
def test_siegel_ordering_holds_for_any_positive_tolerances(tol, mag, alpha, n):
    """Ordering same < different < naive needs only positive associative and pharmacological tolerance."""
    r = le.siegel_overdose(
        n_pairings=n,
        salience=alpha,
        pharmacological_tolerance=tol,
        compensatory_magnitude=mag,
        slope=5.0,
        threshold=0.5,
    )
    m = r.model_mortality_percent
    assert m[0] < m[1] < m[2]
    assert np.all((m > 0) & (m < 100))


def test_fit_overdose_logistic_recovers_parameters():
    e = np.array([0.2, 0.5, 0.9, 1.3])
    p = 100 * le.overdose_probability(e, slope=4.0, threshold=0.7)
    fit = le.fit_overdose_logistic(e, p)
    assert fit.slope == pytest.approx(4.0, rel=1e-10)
    assert fit.threshold == pytest.approx(0.7, rel=1e-10)


def test_simulated_deaths_reproducible_with_seed():
    p = le.overdose_probability([0.4, 0.6, 1.0], slope=6.8, threshold=0.51)
    a = le.simulate_overdose_deaths(p, 40, rng=2024)
    b = le.simulate_overdose_deaths(p, 40, rng=np.random.default_rng(2024))
    np.testing.assert_array_equal(a, b)
    many = [tuple(le.simulate_overdose_deaths(p, 1000, rng=s)) for s in range(5)]
    assert len(set(many)) > 1
    big = le.simulate_overdose_deaths(p, 10**6, rng=7) / 10**6
    np.testing.assert_allclose(big, p, atol=0.003)


def test_siegel_bad_input():
    with pytest.raises(ValueError, match="mortality_percent"):
        le.fit_overdose_logistic([0.0, 1.0], [0.0, 50.0])
    with pytest.raises(ValueError, match="mortality_probability"):
        le.simulate_overdose_deaths(1.2, 10)
    with pytest.raises(ValueError, match="n_animals"):
        le.simulate_overdose_deaths(0.5, 2.5)
    with pytest.raises(ValueError, match="pharmacological_tolerance"):
        le.siegel_overdose(pharmacological_tolerance=1.0)
    with pytest.raises(ValueError, match="slope"):
        le.overdose_probability(0.5, slope=0.0, threshold=0.5)
    with pytest.raises(ValueError, match="n_pairings"):
        le.siegel_overdose(n_pairings=0)
