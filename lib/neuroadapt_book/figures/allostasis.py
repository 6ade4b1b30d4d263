"""Figures: the drifting hedonic set point, and escalation with long versus short access.

:func:`set_point_cycles_chart` is a simulated slider figure. One closed-loop run
of :func:`neuroadapt.allostasis.self_administration` gives the infusions chosen
over the longest series of daily sessions; truncating that schedule after
session 1, 2, ..., N gives every slider value, and one vectorized call of
:func:`neuroadapt.allostasis.hedonic_dynamics` simulates them all (the
truncated runs equal closed-loop runs that stop after that session, because
the intake rule only looks at the past). The slider selects a slice.

:func:`escalation_chart` shows intake and the share of negative reinforcement
per session for 1-h and 6-h daily access (Ahmed & Koob 1998), with hover
tooltips.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.allostasis import hedonic_dynamics, self_administration, session_summary, session_time_grid

from .theme import HEIGHT, WIDTH, color_scale, dash_scale, finish, shape_scale

SET_POINT_SERIES = ["Hedonic set point", "Daily low of hedonic state"]
ACCESS_SERIES = ["Short access (1 h/day)", "Long access (6 h/day)"]


def set_point_cycles_simulation(max_cycles: int = 20, abstinence_days: int = 90, access_h: float = 6.0):
    """Daily set point and daily low of the hedonic state for 1..``max_cycles`` daily sessions.

    Parameters
    ----------
    max_cycles : int
        Largest number of daily sessions (the slider's maximum).
    abstinence_days : int
        Days simulated after the last possible session.
    access_h : float
        Session length, h (6 h: long access).

    Returns
    -------
    pandas.DataFrame
        One row per day (every day until a week after the last possible
        session, then every third day) and number of cycles: ``day``, ``cycles``,
        ``set_point`` (at the start of the day) and ``daily_low`` (minimum of the
        hedonic state during the day), hedonic units.
    """
    starts = 24.0 * np.arange(max_cycles)
    n_days = max_cycles + abstinence_days
    t = session_time_grid(starts, access_h, end_h=24.0 * n_days)
    closed_loop = self_administration(t, starts, access_h=access_h)
    cycles = np.arange(1, max_cycles + 1)
    session_of_t = np.searchsorted(starts, t + 1e-9, side="right")  # 1-based session a time belongs to
    infusions = closed_loop.infusions[None, :] * (session_of_t[None, :] <= cycles[:, None])  # (cycles, time)
    run = hedonic_dynamics(t, infusions)  # one call over the whole slider grid
    day_edges = np.searchsorted(t, 24.0 * np.arange(n_days) - 1e-9)
    daily_low = np.minimum.reduceat(run.hedonic_state, day_edges, axis=-1).T  # (days, cycles)
    # every day while sessions can run and for a week after, then every third day (small page data)
    days = np.arange(n_days)
    keep = (days <= max_cycles + 7) | (days % 3 == 0)
    day_edges, days = day_edges[keep], days[keep]
    daily_low = daily_low[keep]
    set_point = run.set_point[:, day_edges].T  # (days, cycles)
    return pd.DataFrame(
        {
            "day": np.repeat(days, cycles.size),
            "cycles": np.tile(cycles, days.size),
            "set_point": set_point.ravel(),
            "daily_low": daily_low.ravel(),
        }
    )


def set_point_cycles_chart(cycles: int = 10, max_cycles: int = 20, abstinence_days: int = 90):
    """Slider figure: set-point drift with the number of daily long-access sessions, then slow recovery.

    Parameters
    ----------
    cycles : int
        Number of sessions shown first.
    max_cycles : int
        Slider maximum.
    abstinence_days : int
        Days after the last possible session.
    """
    df = set_point_cycles_simulation(max_cycles, abstinence_days)
    lo = float(np.floor(df[["set_point", "daily_low"]].min().min() * 2) / 2)
    wide = df.assign(s=np.round(df.set_point, 3), low=np.round(df.daily_low, 3))[["day", "cycles", "s", "low"]]
    n = alt.param(
        name="cycles", value=cycles, bind=alt.binding_range(min=1, max=max_cycles, step=1, name="6-h sessions (days)")
    )
    base = (
        alt.Chart(wide)
        .transform_filter(f"datum.cycles == {n.name}")
        .transform_fold(["s", "low"], as_=["key", "value"])
        .transform_calculate(series=f"datum.key == 's' ? '{SET_POINT_SERIES[0]}' : '{SET_POINT_SERIES[1]}'")
    )
    x = alt.X("day:Q", title="Days since the first session", scale=alt.Scale(domain=[0, int(wide.day.max())]))
    y = alt.Y("value:Q", title="Hedonic units (0 = drug-naive set point)", scale=alt.Scale(domain=[lo, 0.5]))
    color = alt.Color(
        "series:N",
        scale=color_scale(SET_POINT_SERIES),
        sort=SET_POINT_SERIES,
        title=None,
        legend=alt.Legend(labelLimit=260),
    )
    lines = base.mark_line(strokeWidth=2.5).encode(
        x=x,
        y=y,
        color=color,
        strokeDash=alt.StrokeDash("series:N", scale=dash_scale(SET_POINT_SERIES), sort=SET_POINT_SERIES, title=None),
    )
    hover = base.mark_point(size=60, opacity=0, filled=True).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("series:N", title="Curve"),
            alt.Tooltip("day:Q", title="Day"),
            alt.Tooltip("value:Q", title="Hedonic units", format=".2f"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"value": [0.0]})).mark_rule(color="#777").encode(y="value:Q")
    stop = alt.Chart(pd.DataFrame({"label": ["last session"]})).transform_calculate(day=f"{n.name}")
    stop_rule = stop.mark_rule(strokeDash=[3, 3], color="currentColor").encode(x="day:Q")
    stop_text = stop.mark_text(align="left", dx=4, y=10, color="currentColor").encode(x="day:Q", text="label:N")
    chart = alt.layer(zero, lines, hover, stop_rule, stop_text).add_params(n).properties(width=WIDTH, height=HEIGHT)
    final = df[df.cycles == max_cycles]
    description = (
        f"Line chart over {int(wide.day.max())} days. A slider sets how many daily 6-hour sessions of drug "
        f"self-administration come before abstinence (1 to {max_cycles}). Solid line: the hedonic set point, "
        "starting at 0. Dashed line: the lowest hedonic state of each day, the daily withdrawal trough. During "
        "the sessions the set point steps down a little more each day and the daily trough deepens; after "
        f"{max_cycles} sessions the set point has fallen to about {final.set_point.min():.1f} and the trough to "
        f"about {final.daily_low.min():.1f}. After the last session, marked by a vertical line, both climb back "
        "toward 0 only slowly, over months. More sessions give a deeper and disproportionately larger drift, and "
        "a longer recovery."
    )
    return finish(chart, description=description)


def escalation_summary(n_sessions: int = 22):
    """Per-session summary of 1-h and 6-h daily access (tidy, with an ``access`` label)."""
    starts = 24.0 * np.arange(n_sessions)
    t = session_time_grid(starts, 6.0)
    run = self_administration(t, starts, access_h=[1.0, 6.0])  # one call, both groups
    df = session_summary(run, starts).to_frame()
    df["access"] = np.where(df.grid_index == 0, ACCESS_SERIES[0], ACCESS_SERIES[1])
    return df


def escalation_chart(n_sessions: int = 22):
    """Two panels: infusions in the first hour, and the negative-reinforcement share, per session."""
    df = escalation_summary(n_sessions)
    data = df.assign(
        nr=np.round(df.negative_reinforcement_fraction, 3),
        s0=np.round(df.set_point_at_start, 3),
    )[["session", "access", "infusions_first_hour", "infusions_total", "nr", "s0"]]
    x = alt.X("session:Q", title="Daily session", scale=alt.Scale(domain=[1, n_sessions]))
    color = alt.Color("access:N", scale=color_scale(ACCESS_SERIES), sort=ACCESS_SERIES, title=None)
    shape = alt.Shape("access:N", scale=shape_scale(ACCESS_SERIES), sort=ACCESS_SERIES, title=None)
    dash = alt.StrokeDash("access:N", scale=dash_scale(ACCESS_SERIES), sort=ACCESS_SERIES, title=None)
    tooltip = [
        alt.Tooltip("access:N", title="Group"),
        alt.Tooltip("session:Q", title="Session"),
        alt.Tooltip("infusions_first_hour:Q", title="Infusions, first hour"),
        alt.Tooltip("infusions_total:Q", title="Infusions, whole session"),
        alt.Tooltip("nr:Q", title="Negative-reinforcement share", format=".0%"),
        alt.Tooltip("s0:Q", title="Set point at start", format=".2f"),
    ]
    base = alt.Chart(data)
    half_h = int(HEIGHT * 0.6)

    def panel(field, title, fmt=None, domain=None):
        yy = alt.Y(
            f"{field}:Q",
            title=title,
            axis=alt.Axis(format=fmt) if fmt else alt.Axis(),
            scale=alt.Scale(domain=domain) if domain else alt.Scale(zero=True),
        )
        return alt.layer(
            base.mark_line(strokeWidth=2).encode(x=x, y=yy, color=color, strokeDash=dash),
            base.mark_point(size=60, filled=True).encode(x=x, y=yy, color=color, shape=shape, tooltip=tooltip),
        ).properties(width=WIDTH, height=half_h)

    chart = alt.vconcat(
        panel("infusions_first_hour", "Infusions in the first hour"),
        panel("nr", "Share of drug effect spent on relief", fmt="%", domain=[0, 1]),
        spacing=18,
    )
    lga, sha = df[df.grid_index == 1], df[df.grid_index == 0]
    description = (
        f"Two stacked panels over {n_sessions} daily sessions, one series per group, drawn with different "
        "colours, dash patterns and point shapes. Top: infusions taken in the first hour of each session. With "
        f"short access (circles) intake stays flat at {int(sha.infusions_first_hour.iloc[0])} infusions; with "
        f"long access (squares) it starts the same and climbs steadily to "
        f"{int(lga.infusions_first_hour.iloc[-1])}. Bottom: the share of the drug's effect that only restores "
        "the drug-naive baseline (negative reinforcement). It stays near zero with short access and rises with "
        f"long access from {lga.negative_reinforcement_fraction.iloc[0]:.0%} to "
        f"{lga.negative_reinforcement_fraction.iloc[-1]:.0%}, passing one half."
    )
    return finish(chart, description=description)
