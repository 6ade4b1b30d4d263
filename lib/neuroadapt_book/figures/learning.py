"""Figures for the page on behavior: learning models of reward, drugs and context.

All three are simulated slider figures: the builder runs the model over the
whole slider grid and the slider selects a slice.

* :func:`td_trial_profile_chart` - the prediction error within one trial, for a
  natural reward and for a drug, at the trial chosen with the slider (one call
  of :func:`neuroadapt.learning.td_learning` over a grid of two surges).
* :func:`td_drug_surge_chart` - the prediction error at reward delivery and at
  the cue over trials, natural reward against a drug whose surge ``D`` is set
  with the slider (one call of :func:`~neuroadapt.learning.td_learning` over the
  grid of ``D``).
* :func:`siegel_context_chart` - Siegel et al. (1982): net effect of a high
  heroin dose and predicted mortality in the usual setting, a novel setting and
  in drug-naive animals, against the number of heroin-context pairings
  (:func:`~neuroadapt.learning.siegel_overdose`, with the logistic link fitted
  once to the published mortalities).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.learning import siegel1982_mortality, siegel_overdose, td_learning

from .theme import color_scale, dash_scale, finish, round_sig, shape_scale

TD_SERIES = ["Natural reward", "Drug"]
SIEGEL_GROUPS = ["same context", "different context", "drug-naive"]
SIEGEL_LABELS = {
    "same context": "Usual setting",
    "different context": "Novel setting",
    "drug-naive": "Drug-naive",
}
_SIEGEL_SERIES = [SIEGEL_LABELS[g] for g in SIEGEL_GROUPS]


def td_trial_profile_chart(
    n_trials: int = 301,
    trial_step: int = 15,
    drug_surge: float = 0.5,
    n_steps: int = 20,
    cue_step: int = 5,
    reward_step: int = 15,
    learning_rate: float = 0.1,
    discount: float = 0.95,
):
    """Slider figure: the prediction error along one trial, natural reward vs drug.

    Parameters
    ----------
    n_trials : int
        Trials simulated; the slider runs over trials 1, 1 + trial_step, ... <= n_trials.
    trial_step : int
        Slider step, in trials.
    drug_surge : float
        Drug surge D of the drug series (Redish 2004); the natural reward has D = 0.
    n_steps, cue_step, reward_step, learning_rate, discount
        Passed to :func:`neuroadapt.learning.td_learning` (reward 1 in both series).
    """
    result = td_learning(
        n_trials,
        n_steps=n_steps,
        cue_step=cue_step,
        reward_step=reward_step,
        reward=1.0,
        drug_surge=np.array([0.0, drug_surge]),
        learning_rate=learning_rate,
        discount=discount,
    )
    trials = np.arange(1, n_trials + 1, trial_step)
    rows = []
    for j, series in enumerate(TD_SERIES):
        for k in trials:
            d = result.delta[j, k - 1]  # (series, trial, step)
            rows.append(pd.DataFrame({"trial": k, "series": series, "t": np.arange(n_steps), "d": round_sig(d, 3)}))
    data = pd.DataFrame(pd.concat(rows, ignore_index=True))
    data["d"] = data["d"].round(3)
    y_max = float(np.ceil(data["d"].max())) + 0.2
    trial = alt.param(
        name="trial", value=1, bind=alt.binding_range(min=1, max=int(trials[-1]), step=trial_step, name="Trial")
    )
    base = alt.Chart(data).transform_filter("datum.trial == trial")
    # Time axis: the error at step t belongs to the transition t -> t + 1, so the
    # response to the cue is drawn at t = cue_step - 1.
    lines = base.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=40, filled=True)).encode(
        x=alt.X("t:Q", title="Time step within the trial", scale=alt.Scale(domain=[0, n_steps - 1], nice=False)),
        y=alt.Y("d:Q", title="Prediction error (dopamine signal)", scale=alt.Scale(domain=[-0.3, y_max], nice=False)),
        color=alt.Color("series:N", scale=color_scale(TD_SERIES), sort=TD_SERIES, title=None),
        strokeDash=alt.StrokeDash("series:N", scale=dash_scale(TD_SERIES), sort=TD_SERIES, title=None),
        tooltip=[
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("trial:Q", title="Trial"),
            alt.Tooltip("t:Q", title="Time step"),
            alt.Tooltip("d:Q", title="Prediction error", format=".3f"),
        ],
    )
    marks = pd.DataFrame({"x": [cue_step - 1, reward_step], "label": ["cue appears", "reward or drug"]})
    rules = alt.Chart(marks).mark_rule(strokeDash=[3, 3], color="#777").encode(x="x:Q")
    # the cue's label right of its rule, the reward's left of its rule (right of it, near the
    # plot's right edge, it ran past the drawing in a font wider than the layout's)
    texts = (
        alt.Chart(marks.iloc[:1])
        .mark_text(align="left", dx=4, y=8, fontSize=11, color="currentColor")
        .encode(x="x:Q", text="label:N")
    )
    reward_text = (
        alt.Chart(marks.iloc[1:])
        .mark_text(align="right", dx=-4, y=22, fontSize=11, color="currentColor")
        .encode(x="x:Q", text="label:N")
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#999").encode(y="y:Q")
    chart = alt.layer(zero, rules, texts, reward_text, lines).add_params(trial).properties(width=560, height=280)
    last = n_trials - 1
    cue_nat, cue_drug = result.delta[0, last, cue_step - 1], result.delta[1, last, cue_step - 1]
    description = (
        f"Line chart of the temporal-difference prediction error at each of {n_steps} time steps of one trial, "
        f"for a natural reward (solid line) and for a drug with a dopamine surge D = {drug_surge:g} (dashed line); "
        f"the cue appears at step {cue_step} and the reward or drug arrives at step {reward_step}. A slider picks "
        f"the trial, from 1 to {int(trials[-1])}. On trial 1 both series have a single burst at delivery (1 for "
        f"the natural reward, {1 + drug_surge:g} for the drug). With training the natural reward's burst moves "
        f"to the cue, reaching about {cue_nat:.2f}, and the error at delivery falls to zero. The drug's error at "
        f"delivery never falls below {drug_surge:g}, and its burst at the cue keeps growing, to about "
        f"{cue_drug:.1f} by trial {n_trials}."
    )
    return finish(chart, description=description)


def td_drug_surge_chart(
    n_trials: int = 300,
    every: int = 3,
    surges=None,
    drug_surge: float = 0.5,
    n_steps: int = 20,
    cue_step: int = 5,
    reward_step: int = 15,
    learning_rate: float = 0.1,
    discount: float = 0.95,
):
    """Slider figure: prediction errors at delivery and at the cue over trials; the slider sets D.

    Parameters
    ----------
    n_trials : int
        Trials simulated.
    every : int
        Keep every ``every``-th trial in the page (thins the embedded data).
    surges : array_like, optional
        Slider grid of drug surges D (default 0.1, 0.2, ..., 1.0). D = 0 (the
        natural reward) is always simulated in the same call.
    drug_surge : float
        Initial slider value (must be on the grid).
    n_steps, cue_step, reward_step, learning_rate, discount
        Passed to :func:`neuroadapt.learning.td_learning` (reward 1).
    """
    grid = np.round(np.arange(0.1, 1.01, 0.1), 2) if surges is None else np.round(np.asarray(surges, float), 3)
    step = float(np.round(grid[1] - grid[0], 3)) if grid.size > 1 else 0.1
    all_d = np.concatenate([[0.0], grid])
    result = td_learning(
        n_trials,
        n_steps=n_steps,
        cue_step=cue_step,
        reward_step=reward_step,
        reward=1.0,
        drug_surge=all_d,
        learning_rate=learning_rate,
        discount=discount,
    )
    keep = np.unique(np.r_[np.arange(0, n_trials, every), n_trials - 1])
    at_reward = result.delta[:, keep, reward_step].T  # (trial, surge)
    at_cue = result.delta[:, keep, cue_step - 1].T
    frames = []
    for j, d in enumerate(all_d):
        frames.append(
            pd.DataFrame(
                {
                    "D": 0.0 if j == 0 else float(d),
                    "s": "Natural reward" if j == 0 else "Drug",
                    "trial": keep + 1,
                    "rew": np.round(round_sig(at_reward[:, j], 3), 3),
                    "cue": np.round(round_sig(at_cue[:, j], 3), 3),
                }
            )
        )
    data = pd.concat(frames, ignore_index=True)
    surge = alt.param(
        name="D",
        value=drug_surge,
        bind=alt.binding_range(min=float(grid[0]), max=float(grid[-1]), step=step, name="Drug surge D"),
    )
    panels = {"rew": "Error when the reward or drug arrives", "cue": "Error when the cue appears"}
    y_max = {"rew": float(np.ceil(at_reward.max() * 2) / 2), "cue": float(np.ceil(at_cue.max()))}
    charts = []
    for key, title in panels.items():
        c = (
            alt.Chart(data, title=alt.Title(title, fontSize=13, anchor="start"))
            .transform_filter("datum.s == 'Natural reward' || abs(datum.D - D) < 1e-6")
            .mark_line(strokeWidth=2.5)
            .encode(
                x=alt.X("trial:Q", title="Trial", scale=alt.Scale(domain=[1, n_trials], nice=False)),
                y=alt.Y(f"{key}:Q", title="Prediction error", scale=alt.Scale(domain=[0, y_max[key]], nice=False)),
                color=alt.Color("s:N", scale=color_scale(TD_SERIES), sort=TD_SERIES, title=None),
                strokeDash=alt.StrokeDash("s:N", scale=dash_scale(TD_SERIES), sort=TD_SERIES, title=None),
                tooltip=[
                    alt.Tooltip("s:N", title="Series"),
                    alt.Tooltip("trial:Q", title="Trial"),
                    alt.Tooltip(f"{key}:Q", title="Prediction error", format=".3f"),
                ],
            )
            .properties(width=265, height=250)
        )
        charts.append(c)
    chart = alt.hconcat(*charts).add_params(surge)
    last = result.delta[:, -1].T  # (step, surge) on the last trial
    description = (
        f"Two line charts over {n_trials} trials of temporal-difference learning. Left: the prediction error when "
        "the reward or drug arrives. Right: the prediction error when the cue appears. Solid lines: a natural "
        "reward (reward 1, no surge). Dashed lines: a drug, reward 1 plus a dopamine surge D set by the slider "
        f"from {grid[0]:g} to {grid[-1]:g}. For the natural reward the error at delivery falls from 1 to 0 and "
        f"the error at the cue rises to a plateau of about {last[cue_step - 1, 0]:.2f}. For the drug the error at "
        "delivery levels off at D instead of 0, and the error at the cue does not plateau: it keeps climbing, "
        f"faster for larger D (with D = {drug_surge:g} it reaches about "
        f"{last[cue_step - 1, int(np.argmin(np.abs(all_d - drug_surge)))]:.1f} by trial {n_trials})."
    )
    return finish(chart, description=description)


def siegel_fit():
    """Slope and threshold of the logistic link fitted to Siegel et al. (1982) at 15 pairings.

    Returns
    -------
    slope, threshold : float
        From the default :func:`neuroadapt.learning.siegel_overdose` call.
    """
    ref = siegel_overdose()
    return ref.slope, ref.threshold


def siegel_pairings_table(max_pairings: int = 30) -> pd.DataFrame:
    """Siegel model outcomes for 1..max_pairings heroin-context pairings, with a fixed logistic link.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`neuroadapt.learning.siegel_overdose` for each number
        of pairings, with a column ``n_pairings``.

    Notes
    -----
    :func:`~neuroadapt.learning.siegel_overdose` takes one integer number of
    pairings, so the grid is a loop of 30 small calls; the logistic link is
    fitted once, at the published protocol (15 pairings), and held fixed.
    """
    slope, threshold = siegel_fit()
    frames = []
    for n in range(1, max_pairings + 1):
        df = siegel_overdose(n_pairings=n, slope=slope, threshold=threshold).to_frame()
        df.insert(0, "n_pairings", n)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def siegel_context_chart(max_pairings: int = 30, n_pairings: int = 15):
    """Slider figure: net effect and predicted mortality of a high heroin dose, by setting and pairings.

    Parameters
    ----------
    max_pairings : int
        Largest number of heroin-context pairings on the axis and the slider.
    n_pairings : int
        Initial slider value (Siegel et al. used 15).
    """
    table = siegel_pairings_table(max_pairings)
    data = pd.DataFrame(
        {
            "n": table["n_pairings"],
            "g": table["group"].map(SIEGEL_LABELS),
            "net": np.round(table["net_effect"], 3),
            "mort": np.round(table["model_mortality_percent"], 1),
        }
    )
    published = siegel1982_mortality()
    pub = pd.DataFrame({"n": 15, "g": published["group"].map(SIEGEL_LABELS), "mort": published["mortality_percent"]})
    pairs = alt.param(
        name="n_pairings",
        value=n_pairings,
        bind=alt.binding_range(min=1, max=max_pairings, step=1, name="Pairings in usual setting"),
    )
    x = alt.X(
        "n:Q",
        title="Injections in the usual setting",
        scale=alt.Scale(domain=[1, max_pairings], nice=False),
    )
    color = alt.Color("g:N", scale=color_scale(_SIEGEL_SERIES), sort=_SIEGEL_SERIES, title=None)
    dash = alt.StrokeDash("g:N", scale=dash_scale(_SIEGEL_SERIES), sort=_SIEGEL_SERIES, title=None)
    shape = alt.Shape("g:N", scale=shape_scale(_SIEGEL_SERIES), sort=_SIEGEL_SERIES, title=None)
    rule = (
        alt.Chart(pd.DataFrame({"one": [1]}))
        .transform_calculate(n="n_pairings")
        .mark_rule(color="currentColor", strokeDash=[2, 2])
        .encode(x="n:Q")
    )

    def panel(field, title, domain, fmt, extra=None):
        y = alt.Y(f"{field}:Q", title=title, scale=alt.Scale(domain=domain, nice=False))
        tip = [
            alt.Tooltip("g:N", title="Group"),
            alt.Tooltip("n:Q", title="Pairings"),
            alt.Tooltip(f"{field}:Q", title=title, format=fmt),
        ]
        lines = alt.Chart(data).mark_line(strokeWidth=2.5).encode(x=x, y=y, color=color, strokeDash=dash, tooltip=tip)
        dots = (
            alt.Chart(data)
            .transform_filter("datum.n == n_pairings")
            .mark_point(size=120, filled=True, stroke="currentColor", strokeWidth=0.8)
            .encode(x=x, y=y, color=color, shape=shape, tooltip=tip)
        )
        labels = (
            alt.Chart(data)
            .transform_filter("datum.n == n_pairings")
            .mark_text(align="left", dx=8, dy=-8, fontSize=11)
            .encode(x=x, y=y, text=alt.Text(f"{field}:Q", format=fmt))
        )
        layers = [rule, lines, dots, labels] + ([extra] if extra is not None else [])
        return alt.layer(*layers).properties(width=265, height=250)

    published_marks = (
        alt.Chart(pub)
        .mark_point(shape="cross", size=160, color="currentColor", strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("mort:Q"),
            tooltip=[
                alt.Tooltip("g:N", title="Siegel et al. 1982, 15 pairings"),
                alt.Tooltip("mort:Q", title="Observed mortality (%)", format=".1f"),
            ],
        )
    )
    left = panel("net", "Net effect of test dose (naive = 1)", [0, 1.05], ".2f")
    right = panel("mort", "Predicted mortality (%)", [0, 100], ".0f", published_marks)
    chart = alt.hconcat(left, right).add_params(pairs)
    at15 = table[table["n_pairings"] == 15].set_index("group")
    at1 = table[table["n_pairings"] == 1].set_index("group")
    description = (
        "Two line charts against the number of heroin injections given in the usual setting, from 1 to "
        f"{max_pairings}. Left: the net effect of a high test dose (1 in a drug-naive animal). Right: predicted "
        "mortality in percent, with black crosses at 15 pairings for the mortalities Siegel and colleagues "
        "observed (32.4, 64.3 and 96.4 percent). Three groups: tested in the usual setting (solid), in a novel "
        "setting (dashed), and drug-naive (dotted). A slider moves a marker along the curves. In the novel setting "
        "the net effect stays at "
        f"{at15.loc['different context', 'net_effect']:.2f} and mortality at "
        f"{at15.loc['different context', 'model_mortality_percent']:.0f} percent whatever the number of pairings, "
        "because only pharmacological tolerance protects. In the usual setting the learned compensatory response "
        f"grows with pairings: mortality falls from {at1.loc['same context', 'model_mortality_percent']:.0f} percent "
        f"after one pairing to {at15.loc['same context', 'model_mortality_percent']:.0f} percent after 15."
    )
    return finish(chart, description=description)
