"""Learning models of drug reinforcement and conditioned tolerance.

* :func:`rescorla_wagner` - the Rescorla-Wagner (1972) rule: associative
  strength changes in proportion to the surprise ``lambda - sum V``; gives the
  negatively accelerated acquisition curve, blocking (Kamin 1969) and
  extinction.
* :func:`td_learning` - temporal-difference learning on a tapped delay line
  (Sutton & Barto 2018; Schultz, Dayan & Montague 1997): the prediction error
  moves from the reward to the cue that predicts it. With a drug, Redish (2004)
  adds a dopamine surge ``D`` that cannot be predicted away,
  ``delta = max(r + gamma V' - V + D, D)``, so the value of drug-predicting
  states grows without bound.
* :func:`siegel_overdose` - conditioned compensatory responses (Siegel et al.
  1982): a Rescorla-Wagner association between the drug and the context of
  use yields a response that opposes the drug; the same high dose is more
  lethal in a novel context than in the usual one. A logistic link with two
  fitted parameters maps net drug effect to mortality
  (:func:`fit_overdose_logistic`, :func:`overdose_probability`);
  :func:`simulate_overdose_deaths` draws group outcomes with a seeded RNG.

Arrays put the parameter grid (the broadcast shape of the array-valued
parameters) first and time last (lib/README.md): Rescorla-Wagner strengths are
``(*grid, n_cues, n_trials + 1)``; temporal-difference values and errors are
``(*grid, n_trials, n_steps)``, trials then the time steps within a trial (read
in C order, chronological).
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._data import columns_frame
from ._validation import as_array, fraction, nonnegative, positive

__all__ = [
    "rescorla_wagner",
    "TDLearningResult",
    "td_learning",
    "siegel1982_mortality",
    "overdose_probability",
    "OverdoseLogisticFit",
    "fit_overdose_logistic",
    "SiegelOverdoseResult",
    "siegel_overdose",
    "simulate_overdose_deaths",
]


# ---------------------------------------------------------------------------
# Rescorla-Wagner
# ---------------------------------------------------------------------------


def rescorla_wagner(cues, reward, *, salience=0.3, learning_rate=1.0):
    r"""Associative strengths under the Rescorla-Wagner rule, trial by trial.

    Parameters
    ----------
    cues : array_like, shape (n_cues, n_trials)
        Presence (1) or absence (0) of each cue (conditioned stimulus) on each
        trial; values in [0, 1]. Trials (time) are the last axis.
    reward : array_like, shape (n_trials,)
        Asymptote lambda supported by the outcome on each trial (>= 0; 0 on
        extinction trials).
    salience : array_like, optional
        Cue salience alpha in (0, 1]: a scalar, shape (n_cues,), or
        (*grid, n_cues) for a parameter grid.
    learning_rate : array_like, optional
        Outcome learning rate beta in (0, 1]; scalar or grid-shaped.

    Returns
    -------
    numpy.ndarray, shape (*grid, n_cues, n_trials + 1)
        ``V[..., k]`` is the associative strength of each cue *before* trial k
        (``V[..., 0] = 0``; ``V[..., -1]`` after the last trial); time last.

    Notes
    -----
    .. math::

        \Delta V_i = \alpha_i \beta \,(\lambda - \textstyle\sum_{j \in \text{present}} V_j)
        \quad \text{for every present cue } i.

    For one cue and constant lambda, :math:`V_n = \lambda\,[1 - (1 - \alpha\beta)^n]`
    (asymptote lambda). A cue added to an already predictive cue gains
    little (blocking; Kamin 1969); with lambda = 0, V decays geometrically
    (extinction).

    References
    ----------
    Rescorla RA, Wagner AR. A theory of Pavlovian conditioning: variations in
    the effectiveness of reinforcement and nonreinforcement. In: Black AH,
    Prokasy WF, eds. Classical Conditioning II: Current Research and Theory.
    New York: Appleton-Century-Crofts; 1972:64-99.
    Kamin LJ. Predictability, surprise, attention, and conditioning. In:
    Campbell BA, Church RM, eds. Punishment and Aversive Behavior. New York:
    Appleton-Century-Crofts; 1969:279-296.

    Examples
    --------
    >>> v = rescorla_wagner(np.ones((1, 3)), np.ones(3), salience=0.5)
    >>> v[0].tolist()
    [0.0, 0.5, 0.75, 0.875]
    """
    x = fraction("cues", cues)
    if x.ndim != 2:
        raise ValueError(f"cues must have shape (n_cues, n_trials), got shape {x.shape}")
    x = x.T  # (n_trials, n_cues) inside
    n_trials, n_cues = x.shape
    lam = nonnegative("reward", reward)
    if lam.shape != (n_trials,):
        raise ValueError(f"reward must have shape (n_trials,) = ({n_trials},), got shape {lam.shape}")
    alpha = fraction("salience", salience, closed_low=False)
    if alpha.ndim == 0:
        alpha = np.full(n_cues, float(alpha))
    if alpha.shape[-1] != n_cues:
        raise ValueError(f"salience must be a scalar or have last dimension n_cues = {n_cues}, got shape {alpha.shape}")
    alpha = np.moveaxis(alpha, -1, 0)  # (n_cues, *grid) inside
    beta = fraction("learning_rate", learning_rate, closed_low=False)
    grid = np.broadcast_shapes(alpha.shape[1:], beta.shape)
    extra = (1,) * len(grid)
    ga = alpha.shape[1:]
    rate = alpha.reshape((n_cues,) + (1,) * (len(grid) - len(ga)) + ga) * beta
    rate = np.broadcast_to(rate, (n_cues,) + grid)
    v = np.zeros((n_trials + 1, n_cues) + grid)
    for k in range(n_trials):
        present = x[k].reshape((n_cues,) + extra)
        prediction = (present * v[k]).sum(axis=0)
        v[k + 1] = v[k] + rate * present * (lam[k] - prediction)
    # (n_trials + 1, n_cues, *grid) -> (*grid, n_cues, n_trials + 1)
    return np.ascontiguousarray(np.moveaxis(v, (0, 1), (-1, -2)))


# ---------------------------------------------------------------------------
# Temporal-difference learning (Schultz et al. 1997; Redish 2004)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TDLearningResult:
    """Output of :func:`td_learning`.

    Attributes
    ----------
    value : numpy.ndarray, shape (*grid, n_trials + 1, n_steps)
        Value V(t) of each time step of the trial before each trial (0 before
        the cue: the cue's arrival is unpredictable). Time last: trials, then
        the steps within a trial.
    delta : numpy.ndarray, shape (*grid, n_trials, n_steps)
        Prediction error at each time step t of each trial (the transition
        from t to t + 1); ``delta[..., cue_step - 1]`` is the response to cue
        onset, ``delta[..., reward_step]`` the response at reward delivery.
    """

    value: np.ndarray
    delta: np.ndarray


def td_learning(
    n_trials,
    *,
    n_steps=20,
    cue_step=5,
    reward_step=15,
    reward=1.0,
    drug_surge=0.0,
    learning_rate=0.1,
    discount=0.95,
):
    r"""TD(0) learning of a cue -> reward trial on a tapped delay line, with an optional drug surge.

    Parameters
    ----------
    n_trials : int
        Number of trials (>= 1).
    n_steps : int, optional
        Time steps per trial (>= 3).
    cue_step : int, optional
        Time step at which the cue appears (1 <= cue_step < reward_step).
    reward_step : int, optional
        Time step at which reward (or drug) is delivered (< n_steps).
    reward : array_like, optional
        Natural reward r at ``reward_step`` (>= 0). Grid-shaped allowed.
    drug_surge : array_like, optional
        Drug-induced dopamine surge D >= 0 at ``reward_step`` (Redish 2004);
        0 for a natural reward.
    learning_rate : array_like, optional
        alpha in (0, 1].
    discount : array_like, optional
        gamma in (0, 1].

    Returns
    -------
    TDLearningResult
        Values before each trial and prediction errors during each trial,
        ``(*grid, n_trials (+ 1), n_steps)``.

    Notes
    -----
    The state at time t >= cue is "t - cue steps since the cue" (a complete
    serial compound / tapped delay line); before the cue no state is
    represented (V = 0), and after the last step V = 0. The error and the
    update are

    .. math::

        \delta_t = r_t + \gamma V(t+1) - V(t), \qquad V(t) \leftarrow V(t) + \alpha\,\delta_t,

    and at the drug-delivery step (Redish 2004)

    .. math:: \delta_t = \max(r_t + \gamma V(t+1) - V(t) + D,\; D).

    Because every state is visited once per trial and the error at t uses
    V(t+1), not yet updated in that trial, the online updates of a trial equal
    one vectorised update with the values at the start of the trial.
    With a natural reward the error at the reward vanishes and a positive
    error appears at cue onset, :math:`\gamma^{reward - cue + 1} r` (Schultz
    et al. 1997). With a drug the error at delivery never falls below D, so
    the value of the delivery state grows by at least :math:`\alpha D` every
    trial, without bound, and the values of the cue states follow.

    References
    ----------
    Sutton RS, Barto AG. Reinforcement Learning: An Introduction. 2nd ed.
    Cambridge, MA: MIT Press; 2018.
    Schultz W, Dayan P, Montague PR. A neural substrate of prediction and
    reward. Science 1997;275:1593-1599.
    Redish AD. Addiction as a computational process gone awry. Science
    2004;306:1944-1947.

    Examples
    --------
    >>> r = td_learning(500)
    >>> round(float(r.delta[-1, 15]), 3)      # reward fully predicted
    0.0
    >>> d = td_learning(500, drug_surge=0.5)
    >>> bool(d.delta[..., 15].min() >= 0.5)
    True
    """
    if int(n_trials) != n_trials or n_trials < 1:
        raise ValueError(f"n_trials must be an integer >= 1, got {n_trials!r}")
    if int(n_steps) != n_steps or n_steps < 3:
        raise ValueError(f"n_steps must be an integer >= 3, got {n_steps!r}")
    if int(cue_step) != cue_step or not 1 <= cue_step:
        raise ValueError(f"cue_step must be an integer >= 1, got {cue_step!r}")
    if int(reward_step) != reward_step or not cue_step < reward_step < n_steps:
        raise ValueError(f"reward_step must be an integer with cue_step < reward_step < n_steps, got {reward_step!r}")
    n_trials, n_steps, cue_step, reward_step = int(n_trials), int(n_steps), int(cue_step), int(reward_step)
    r_nat = nonnegative("reward", reward)
    surge = nonnegative("drug_surge", drug_surge)
    alpha = fraction("learning_rate", learning_rate, closed_low=False)
    gamma = fraction("discount", discount, closed_low=False)
    grid = np.broadcast_shapes(r_nat.shape, surge.shape, alpha.shape, gamma.shape)
    r_nat, surge, alpha, gamma = (np.broadcast_to(v, grid) for v in (r_nat, surge, alpha, gamma))
    has_drug = bool(np.any(surge > 0))

    # Only steps cue - 1 ... reward can carry a non-zero error: before the cue and after the reward
    # V = 0 on both sides of every transition. Work on that window with a zero-padded value array.
    lo, hi = cue_step - 1, reward_step + 1
    value = np.zeros((n_trials + 1, n_steps) + grid)
    delta = np.zeros((n_trials, n_steps) + grid)
    w = np.zeros((n_steps + 1,) + grid)  # current values, w[n_steps] = 0 (terminal)
    alpha_w = np.broadcast_to(alpha, grid)
    last = hi - lo - 1  # index of the reward step inside the window
    for k in range(n_trials):
        d = gamma * w[lo + 1 : hi + 1]
        d -= w[lo:hi]
        d[last] += r_nat
        if has_drug:
            d[last] = np.maximum(d[last] + surge, surge)
        delta[k, lo:hi] = d
        w[cue_step:hi] += alpha_w * d[1:]
        value[k + 1] = w[:n_steps]
    # (n_trials, n_steps, *grid) -> (*grid, n_trials, n_steps): time last
    return TDLearningResult(
        value=np.ascontiguousarray(np.moveaxis(value, (0, 1), (-2, -1))),
        delta=np.ascontiguousarray(np.moveaxis(delta, (0, 1), (-2, -1))),
    )


# ---------------------------------------------------------------------------
# Siegel et al. 1982: conditioned tolerance and heroin "overdose"
# ---------------------------------------------------------------------------


def siegel1982_mortality() -> pd.DataFrame:
    """Published mortality of Siegel et al. (1982), Table 1, as a tidy table.

    Rats with the same pharmacological history tested with a high heroin dose
    in the environment paired with heroin ("same context"), in the environment
    paired with dextrose ("different context"), and drug-naive controls. Read
    from ``neuroadapt/data/siegel1982_mortality.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``mortality_percent`` and ``source``.

    References
    ----------
    Siegel S, Hinson RE, Krank MD, McCully J. Heroin "overdose" death:
    contribution of drug-associated environmental cues. Science
    1982;216:436-437.

    Examples
    --------
    >>> siegel1982_mortality()["mortality_percent"].tolist()
    [32.4, 64.3, 96.4]
    """
    path = importlib.resources.files("neuroadapt") / "data" / "siegel1982_mortality.csv"
    with path.open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype={"group": str, "source": str})
    table["mortality_percent"] = table["mortality_percent"].astype(float)
    return table[["group", "mortality_percent", "source"]]


def overdose_probability(net_effect, *, slope, threshold):
    r"""Logistic link from the net effect of a dose to the probability of a fatal overdose.

    Parameters
    ----------
    net_effect : array_like
        Net drug effect (drug effect minus tolerance and conditioned
        compensatory response), in units of the test dose's effect in a naive
        animal.
    slope : array_like
        Steepness k (> 0), per unit net effect.
    threshold : array_like
        Net effect with 50 % mortality.

    Returns
    -------
    numpy.ndarray
        :math:`P = 1 / (1 + e^{-k (E - E_{50})})`, in (0, 1).

    Notes
    -----
    A logistic dose-mortality link on the net-effect scale; its two
    parameters have no published values and are fitted to the mortalities of
    Siegel et al. (1982) by :func:`fit_overdose_logistic`.

    References
    ----------
    Siegel S, Hinson RE, Krank MD, McCully J. Science 1982;216:436-437.

    Examples
    --------
    >>> float(overdose_probability(0.5, slope=4.0, threshold=0.5))
    0.5
    """
    e = as_array("net_effect", net_effect)
    k = positive("slope", slope)
    e50 = as_array("threshold", threshold)
    return 1.0 / (1.0 + np.exp(-k * (e - e50)))


@dataclass(frozen=True)
class OverdoseLogisticFit:
    """Fitted parameters of :func:`overdose_probability` (:func:`fit_overdose_logistic`).

    Attributes
    ----------
    slope : float
        Steepness k, per unit net effect.
    threshold : float
        Net effect with 50 % mortality.
    """

    slope: float
    threshold: float


def fit_overdose_logistic(net_effect, mortality_percent) -> OverdoseLogisticFit:
    """Fit the slope and threshold of :func:`overdose_probability` by least squares on the logit scale.

    Parameters
    ----------
    net_effect : array_like, shape (n_groups,)
        Model net effect for each group (at least two distinct values).
    mortality_percent : array_like, shape (n_groups,)
        Observed mortality, percent, strictly between 0 and 100.

    Returns
    -------
    OverdoseLogisticFit
        Fitted ``slope`` and ``threshold``.

    Notes
    -----
    Minimises :math:`\\sum_i [k (E_i - E_{50}) - \\mathrm{logit}(p_i)]^2`
    (equal weights per group; a linear regression of the logits on E).

    References
    ----------
    Siegel S, Hinson RE, Krank MD, McCully J. Science 1982;216:436-437 (the
    three mortalities the book fits).

    Examples
    --------
    >>> fit = fit_overdose_logistic([0.0, 1.0], [50.0, 73.105857863])
    >>> round(fit.slope, 3), round(fit.threshold, 3)
    (1.0, 0.0)
    """
    e = as_array("net_effect", net_effect)
    p = fraction(
        "mortality_percent", np.asarray(mortality_percent, dtype=float) / 100.0, closed_low=False, closed_high=False
    )
    if e.ndim != 1 or e.shape != p.shape or np.unique(e).size < 2:
        raise ValueError("net_effect must be 1-D, match mortality_percent and hold at least two distinct values")
    logit = np.log(p / (1.0 - p))
    slope, intercept = np.polyfit(e, logit, 1)
    if slope <= 0:
        raise ValueError("mortality_percent must increase with net_effect for a positive logistic slope")
    return OverdoseLogisticFit(slope=float(slope), threshold=float(-intercept / slope))


@dataclass(frozen=True)
class SiegelOverdoseResult:
    """Outcome of :func:`siegel_overdose`: one entry per group of Siegel et al. (1982).

    Attributes
    ----------
    group : numpy.ndarray of str
        ``"same context"``, ``"different context"``, ``"drug-naive"``.
    context_association : numpy.ndarray
        Rescorla-Wagner association V of the test context with heroin.
    conditioned_response : numpy.ndarray
        Conditioned compensatory response, units of the test dose's naive effect.
    net_effect : numpy.ndarray
        Net effect of the test dose, units of its naive effect.
    model_mortality_percent, published_mortality_percent : numpy.ndarray
        Predicted and observed mortality, percent.
    slope, threshold : float
        The logistic link used (fitted or given).
    """

    group: np.ndarray
    context_association: np.ndarray
    conditioned_response: np.ndarray
    net_effect: np.ndarray
    model_mortality_percent: np.ndarray
    published_mortality_percent: np.ndarray
    slope: float
    threshold: float

    def to_frame(self) -> pd.DataFrame:
        """One row per group, one column per attribute (``slope`` and ``threshold`` repeated)."""
        return columns_frame(self)


def siegel_overdose(
    *,
    n_pairings=15,
    salience=0.2,
    learning_rate=1.0,
    pharmacological_tolerance=0.4,
    compensatory_magnitude=0.2,
    slope=None,
    threshold=None,
):
    r"""Conditioned compensatory responses and the lethality of a high heroin dose (Siegel et al. 1982).

    Parameters
    ----------
    n_pairings : int, optional
        Heroin injections in the drug context, alternated with as many
        dextrose injections in the other context (Siegel et al.: 15 each,
        every other day).
    salience, learning_rate : float, optional
        Rescorla-Wagner alpha (context) and beta, in (0, 1].
    pharmacological_tolerance : float, optional
        Fraction of the test dose's effect removed by non-associative
        (pharmacological) tolerance in both drug-experienced groups, [0, 1).
        Illustrative.
    compensatory_magnitude : float, optional
        Conditioned compensatory response at full association (V = 1), in
        units of the test dose's naive effect (>= 0). Illustrative.
    slope, threshold : float, optional
        Logistic link parameters; if None (default) both are fitted to the
        three published mortalities by :func:`fit_overdose_logistic`.

    Returns
    -------
    SiegelOverdoseResult
        One entry per group (``same context``, ``different context``,
        ``drug-naive``): ``context_association`` (V of the test context),
        ``conditioned_response``, ``net_effect``, ``model_mortality_percent``,
        ``published_mortality_percent``; the ``slope`` and ``threshold`` used;
        ``.to_frame()`` gives a table, one row per group.

    Notes
    -----
    The association V of each context with heroin follows
    :func:`rescorla_wagner` over the alternating protocol (heroin context:
    lambda = 1; dextrose context: lambda = 0, so its V stays 0). The
    conditioned compensatory response is :math:`CR = C\,V_{context}`; the net
    effect of the test dose (naive effect = 1) is

    .. math:: E = 1 - T_{pharm}\,[\text{experienced}] - CR,

    and mortality is :math:`1/(1 + e^{-k(E - E_{50})})`. The ordering
    same < different < naive follows from CR > 0 and T > 0 alone; the numbers
    need the two logistic parameters, fitted to the three published
    mortalities (32.4, 64.3, 96.4 %). The split between associative and
    non-associative tolerance (0.2 vs 0.4 of the naive effect) is
    illustrative; it was chosen because the published logits are spaced
    about 1:2 (1.32 between same and different context, 2.70 between
    different context and naive), and with it the fit is close.

    References
    ----------
    Siegel S, Hinson RE, Krank MD, McCully J. Heroin "overdose" death:
    contribution of drug-associated environmental cues. Science
    1982;216:436-437.
    Rescorla RA, Wagner AR. 1972 (see :func:`rescorla_wagner`).

    Examples
    --------
    >>> r = siegel_overdose()
    >>> r.model_mortality_percent.round(0).tolist()
    [33.0, 64.0, 96.0]
    >>> r.to_frame().columns[:2].tolist()
    ['group', 'context_association']
    """
    if int(n_pairings) != n_pairings or n_pairings < 1:
        raise ValueError(f"n_pairings must be an integer >= 1, got {n_pairings!r}")
    tol = float(fraction("pharmacological_tolerance", pharmacological_tolerance, closed_high=False))
    mag = float(nonnegative("compensatory_magnitude", compensatory_magnitude))
    n = int(n_pairings)
    cues = np.zeros((2 * n, 2))
    cues[0::2, 0] = 1.0  # heroin context
    cues[1::2, 1] = 1.0  # dextrose context
    lam = np.tile([1.0, 0.0], n)
    v = rescorla_wagner(cues.T, lam, salience=salience, learning_rate=learning_rate)[..., -1]
    v_same, v_diff = float(v[0]), float(v[1])
    table = siegel1982_mortality()
    groups = table["group"].tolist()
    assoc = np.array([v_same, v_diff, 0.0])
    cr = mag * assoc
    net = 1.0 - np.array([tol, tol, 0.0]) - cr
    published = table["mortality_percent"].to_numpy()
    if slope is None or threshold is None:
        if np.unique(net).size < 2:
            raise ValueError("pharmacological_tolerance and compensatory_magnitude cannot both be 0 when fitting")
        fit = fit_overdose_logistic(net, published)
        slope, threshold = fit.slope, fit.threshold
    else:
        slope = float(positive("slope", slope))
        threshold = float(as_array("threshold", threshold))
    model = 100.0 * overdose_probability(net, slope=slope, threshold=threshold)
    return SiegelOverdoseResult(
        group=np.array(groups),
        context_association=assoc,
        conditioned_response=cr,
        net_effect=net,
        model_mortality_percent=model,
        published_mortality_percent=published,
        slope=float(slope),
        threshold=float(threshold),
    )


def simulate_overdose_deaths(mortality_probability, n_animals, rng=None):
    """Draw the number of deaths per group from a binomial distribution (reproducible with a seed).

    Parameters
    ----------
    mortality_probability : array_like
        Probability of death per animal, in [0, 1] (e.g. from
        :func:`overdose_probability`).
    n_animals : array_like
        Animals per group (integers >= 1). Broadcasts with the probability.
    rng : numpy.random.Generator or int or None, optional
        Random generator or seed; the same seed gives the same draws.

    Returns
    -------
    numpy.ndarray of int
        Deaths per group.

    Notes
    -----
    Deaths ~ Binomial(n, p) independently per group: the sampling variability
    of an experiment like Siegel et al. (1982), whose groups had a few dozen
    rats each.

    References
    ----------
    Siegel S, Hinson RE, Krank MD, McCully J. Science 1982;216:436-437.

    Examples
    --------
    >>> simulate_overdose_deaths([0.3, 0.9], 40, rng=1).tolist() == simulate_overdose_deaths([0.3, 0.9], 40, rng=1).tolist()
    True
    """
    p = fraction("mortality_probability", mortality_probability)
    n = positive("n_animals", n_animals)
    if np.any(n != np.round(n)):
        raise ValueError("n_animals must be whole numbers >= 1")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return gen.binomial(n.astype(np.int64), p)
