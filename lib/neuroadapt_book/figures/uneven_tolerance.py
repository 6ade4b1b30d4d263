"""Figures of the page *Cross-Tolerance, Kindling and Uneven Tolerance*.

* :func:`tolerance_margin_chart` - uneven tolerance over 60 days of daily
  opioid use and a break: the fold increase in the dose needed for each
  effect, and the margin between the dose taken for the wanted effect and the
  dose that depresses breathing; a slider walks through the break
  (:func:`neuroadapt.uneven_tolerance.uneven_tolerance`, computed once).
* :func:`kindling_chart` - withdrawal severity over ten detoxifications, a
  slider choosing the weeks between them; the grid of spacings is computed in
  one call (:func:`neuroadapt.kindling.regular_detoxifications`).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.kindling import regular_detoxifications
from neuroadapt.uneven_tolerance import EFFECTS, uneven_tolerance

from .theme import INK, WIDTH, color_scale, dash_scale, finish

__all__ = ["EFFECT_LABELS", "KINDLING_SPACINGS_WEEKS", "tolerance_margin_chart", "kindling_chart"]

EFFECT_LABELS = {
    "euphoria": "Euphoria",
    "analgesia": "Analgesia",
    "respiratory_depression": "Respiratory depression",
    "miosis": "Miosis",
    "constipation": "Constipation",
}
#: Spacings offered by the kindling slider, weeks between detoxifications.
KINDLING_SPACINGS_WEEKS = (2, 4, 8, 13, 26, 52, 104)


def _r3(x):
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where(x == 0, 0, np.floor(np.log10(np.abs(np.where(x == 0, 1, x)))))
    return np.round(x * 10.0 ** (2 - mag)) / 10.0 ** (2 - mag)


def tolerance_margin_chart(break_day: float = 14.0, use_days: float = 60.0, break_days: float = 60.0):
    """Simulated slider figure: uneven tolerance, the narrowing margin, and a break.

    Parameters
    ----------
    break_day : float
        Initial slider position: days since the last use.
    use_days : float
        Days of daily use before the break.
    break_days : float
        Length of the break shown, days.
    """
    t = np.arange(0.0, use_days + break_days + 0.5, 1.0)
    r = uneven_tolerance(t, use_stop_d=use_days)
    fold = r.dose_relative / r.dose_relative[:, :1]
    labels = [EFFECT_LABELS[e] for e in EFFECTS]
    effects = pd.DataFrame(
        {"effect": np.repeat(labels, t.size), "t": np.tile(t, len(EFFECTS)), "fold": _r3(fold.ravel())}
    )
    doses = pd.DataFrame(
        {
            "t": t,
            "wanted": _r3(r.wanted_dose_relative),
            "danger": _r3(r.danger_dose_relative),
            "habitual": _r3(r.habitual_dose_relative),
            "margin": _r3(r.habitual_margin),
        }
    )

    day_p = alt.param(
        name="break_day",
        value=break_day,
        bind=alt.binding_range(min=0, max=break_days, step=1, name="Since last use (days)"),
    )
    x = alt.X("t:Q", title=None, scale=alt.Scale(domain=[0, use_days + break_days], nice=False))
    shade = (
        alt.Chart(pd.DataFrame({"a": [use_days], "b": [use_days + break_days]}))
        .mark_rect(opacity=0.12, color="#888888")
        .encode(x="a:Q", x2="b:Q")
    )
    top = alt.layer(
        shade,
        alt.Chart(effects)
        .mark_line(strokeWidth=2.2)
        .encode(
            x=x,
            y=alt.Y("fold:Q", title="Dose needed (x first dose)", scale=alt.Scale(type="log", domain=[1, 20])),
            color=alt.Color("effect:N", scale=color_scale(labels), sort=labels, title="Effect"),
            strokeDash=alt.StrokeDash("effect:N", scale=dash_scale(labels), sort=labels, title="Effect"),
            tooltip=[
                alt.Tooltip("effect:N", title="Effect"),
                alt.Tooltip("t:Q", title="Day"),
                alt.Tooltip("fold:Q", title="Dose needed (x first)", format=".2f"),
            ],
        ),
    ).properties(width=WIDTH, height=190)

    series = ["Dose for the wanted effect", "Dose that depresses breathing", "Habitual dose"]
    fields = {"wanted": series[0], "danger": series[1], "habitual": series[2]}
    lines = (
        alt.Chart(doses)
        .transform_fold(list(fields), as_=["key", "dose"])
        .transform_calculate(series=" : ".join(f"datum.key == '{k}' ? '{v}'" for k, v in fields.items()) + " : ''")
        .mark_line(strokeWidth=2.2)
        .encode(
            x=alt.X(
                "t:Q",
                title="Days since the first use (shaded: the break)",
                scale=alt.Scale(domain=[0, use_days + break_days], nice=False),
            ),
            y=alt.Y("dose:Q", title="Dose (x first wanted dose)", scale=alt.Scale(type="log", domain=[0.5, 40])),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=series, range=["#0072B2", "#D55E00", INK]),
                sort=series,
                title=None,
                legend=alt.Legend(labelLimit=320),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=series, range=[[1, 0], [8, 4], [2, 3]]),
                sort=series,
                title=None,
                legend=alt.Legend(labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("series:N", title="Curve"),
                alt.Tooltip("t:Q", title="Day"),
                alt.Tooltip("dose:Q", title="Dose (x first)", format=".2f"),
            ],
        )
    )
    now = alt.Chart(doses).transform_filter(f"datum.t == {use_days} + break_day")
    rule = now.mark_rule(color=INK, strokeDash=[2, 2]).encode(x="t:Q")
    label = (
        now.transform_calculate(
            text="'Day ' + format(datum.t - " + f"{use_days}" + ", '.0f') + ' of the break: old dose = ' + "
            "format(1 / datum.margin, '.2f') + ' x the dose that depresses breathing'"
        )
        .mark_text(align="left", x=4, y=10, fontSize=12, color=INK)
        .encode(text="text:N")
    )
    points = (
        now.transform_fold(["habitual", "danger"], as_=["key", "dose"])
        .mark_point(filled=True, size=80, color=INK)
        .encode(x="t:Q", y=alt.Y("dose:Q", scale=alt.Scale(type="log", domain=[0.5, 40])))
    )
    bottom = alt.layer(shade, lines, rule, points, label).properties(width=WIDTH, height=220)
    chart = (
        alt.vconcat(top, bottom, spacing=14)
        .add_params(day_p)
        .resolve_scale(color="independent", strokeDash="independent")
    )
    k_min = int(np.argmin(r.margin[t <= use_days]))
    description = (
        f"Two stacked line charts over {use_days:.0f} days of daily opioid use and a {break_days:.0f}-day break "
        "(shaded). Top: the fold increase, on a log scale, in the dose needed for each effect of the drug. "
        f"After {use_days:.0f} days it is {fold[0, int(use_days)]:.1f} for euphoria, "
        f"{fold[1, int(use_days)]:.1f} for analgesia, {fold[2, int(use_days)]:.1f} for respiratory depression and "
        f"{fold[3, int(use_days)]:.1f} for miosis and constipation; in the break all fall back toward 1. "
        "Bottom: the dose taken for the wanted effect (solid) rises much faster than the dose that depresses "
        f"breathing (dashed), so the margin between them narrows from {r.margin[0]:.1f}-fold to "
        f"{r.margin[k_min]:.1f}-fold. In the break the user's habitual dose (dotted) stays where it was while the "
        "dose that depresses breathing falls back; the slider walks through the days of the break, and the label "
        "says how the old dose compares with the dose that now depresses breathing."
    )
    return finish(chart, description=description)


def kindling_chart(weeks_between: float = 13.0, n_episodes: int = 10, drinking_weeks: float = 8.0):
    """Simulated slider figure: withdrawal severity across repeated detoxifications.

    Parameters
    ----------
    weeks_between : float
        Initial slider value (one of :data:`KINDLING_SPACINGS_WEEKS`).
    n_episodes : int
        Number of detoxifications.
    drinking_weeks : float
        Length of each drinking bout, weeks.
    """
    spacings = np.asarray(KINDLING_SPACINGS_WEEKS, dtype=float)
    r = regular_detoxifications(n_episodes, drinking_weeks, spacings)
    data = pd.DataFrame(
        {
            "weeks": np.repeat(spacings, n_episodes),
            "episode": np.tile(np.arange(1, n_episodes + 1), spacings.size),
            "severity": _r3(r.severity.ravel()),
        }
    )
    idx = list(KINDLING_SPACINGS_WEEKS).index(weeks_between) if weeks_between in KINDLING_SPACINGS_WEEKS else 3
    spacing_p = alt.param(
        name="weeks_between",
        value=float(spacings[idx]),
        bind=alt.binding_select(options=[float(s) for s in spacings], name="Between detoxes (weeks)"),
    )
    series = ["This spacing", "Every 2 weeks", "Every 2 years"]
    base = alt.Chart(data).transform_filter(
        f"datum.weeks == weeks_between || datum.weeks == {spacings[0]} || datum.weeks == {spacings[-1]}"
    )
    chart = (
        base.transform_calculate(
            series=f"datum.weeks == weeks_between ? '{series[0]}' : "
            f"(datum.weeks == {spacings[0]} ? '{series[1]}' : '{series[2]}')"
        )
        .mark_line(point=True, strokeWidth=2.2)
        .encode(
            x=alt.X(
                "episode:Q",
                title="Detoxification number",
                scale=alt.Scale(domain=[1, n_episodes]),
                axis=alt.Axis(tickMinStep=1),
            ),
            y=alt.Y("severity:Q", title="Withdrawal severity (x first)", scale=alt.Scale(domain=[0, 4])),
            color=alt.Color("series:N", scale=color_scale(series), sort=series, title=None),
            strokeDash=alt.StrokeDash("series:N", scale=dash_scale(series), sort=series, title=None),
            tooltip=[
                alt.Tooltip("series:N", title="Curve"),
                alt.Tooltip("weeks:Q", title="Weeks between"),
                alt.Tooltip("episode:Q", title="Detoxification"),
                alt.Tooltip("severity:Q", title="Severity (x first)", format=".2f"),
            ],
        )
        .properties(width=WIDTH, height=260)
        .add_params(spacing_p)
    )
    description = (
        f"Line chart of the model's withdrawal severity, relative to the first, across {n_episodes} "
        f"detoxifications, each after {drinking_weeks:g} weeks of heavy drinking. A menu chooses the weeks of "
        "abstinence between them; two fixed curves show the extremes. With detoxifications 2 weeks apart the "
        f"{n_episodes}th withdrawal is {r.severity[0, -1]:.1f} times the first; 2 years apart, "
        f"{r.severity[-1, -1]:.2f} times: sensitisation builds when withdrawals come faster than it fades."
    )
    return finish(chart, description=description)
