"""Figure: rebound, withdrawal and relapse after stopping a drug, side by side.

A slider sets the drug's elimination half-life. Withdrawal and relapse are
closed forms recomputed in the browser (:data:`neuroadapt.discontinuation.VEGA_WITHDRAWAL`,
:data:`~neuroadapt.discontinuation.VEGA_RELAPSE`); the rebound comes from the
moderator model, simulated for the whole slider grid in one call of
:func:`neuroadapt.discontinuation.rebound_course`, and the slider selects a slice.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.discontinuation import (
    DISCONTINUATION_DEFAULTS,
    VEGA_RELAPSE,
    VEGA_WITHDRAWAL,
    rebound_course,
    relapse_hazards,
)

from .theme import HEIGHT, WIDTH, color_scale, dash_scale, finish, round_sig

SERIES = ["Rebound", "Withdrawal", "Relapse after stopping", "Relapse if continued"]


def aftermath_chart(
    half_life_h: float = 6.0,
    *,
    hl_min: float = 2.0,
    hl_max: float = 170.0,
    hl_step: float = 4.0,
    n_points: int = 121,
    t_min_days: float = 0.05,
    t_max_days: float = 365.0,
):
    """Three courses after the last dose, on one log time axis, with a half-life slider.

    Parameters
    ----------
    half_life_h : float
        Half-life shown first, h (on the slider grid).
    hl_min, hl_max, hl_step : float
        Slider grid of half-lives, h.
    n_points : int
        Log-spaced times per curve.
    t_min_days, t_max_days : float
        Time axis, days since the last dose (log scale).
    """
    p = DISCONTINUATION_DEFAULTS
    t = round_sig(np.geomspace(t_min_days, t_max_days, n_points))
    hl_grid = np.arange(hl_min, hl_max + 1e-9, hl_step)
    if not np.any(np.isclose(hl_grid, half_life_h)):
        raise ValueError(f"half_life_h must be on the slider grid {hl_min:g}:{hl_max:g}:{hl_step:g}")
    # one vectorized call over the whole slider grid
    rebound = rebound_course(t, hl_grid)  # (n_hl, n_t): time last
    rows = []
    for j, hl in enumerate(hl_grid):
        y = rebound[j]
        keep = (y > 1e-4) | (np.arange(t.size) == 0) | (np.arange(t.size) == t.size - 1)
        # keep the zero just before and after the positive stretch so the line starts and ends at 0
        keep |= np.roll(y > 1e-4, 1) | np.roll(y > 1e-4, -1)
        rows.append(pd.DataFrame({"t_d": t[keep], "half_life_h": hl, "load": np.round(y[keep], 4)}))
    rebound_df = pd.concat(rows, ignore_index=True)
    rebound_df["series"] = "Rebound"

    hazards = relapse_hazards()
    off, on = hazards.stopped_per_d, hazards.continued_per_d
    hl_param = alt.param(
        name="half_life_h",
        value=half_life_h,
        bind=alt.binding_range(min=hl_min, max=hl_max, step=hl_step, name="Half-life (h)"),
    )
    tau = alt.param(name="time_constant_adaptation_d", value=p.time_constant_adaptation_d)
    gain = alt.param(name="gain", value=p.adaptation_gain)
    rate_off = alt.param(name="relapse_rate_stopped", value=float(off))
    rate_on = alt.param(name="relapse_rate_continued", value=float(on))

    x = alt.X(
        "t_d:Q",
        title="Days since the last dose (log scale)",
        scale=alt.Scale(type="log", domain=[t_min_days, t_max_days], nice=False),
        axis=alt.Axis(values=[0.1, 1, 7, 30, 365], format="~g"),
    )
    y = alt.Y("load:Q", title="Symptom load added by stopping", scale=alt.Scale(domain=[0, 0.8]))
    color = alt.Color("series:N", scale=color_scale(SERIES), sort=SERIES, title=None, legend=alt.Legend(labelLimit=260))
    dash = alt.StrokeDash("series:N", scale=dash_scale(SERIES), sort=SERIES, title=None)
    tooltip = [
        alt.Tooltip("series:N", title="Course"),
        alt.Tooltip("t_d:Q", title="Day", format=".3~g"),
        alt.Tooltip("load:Q", title="Symptom load", format=".2f"),
    ]

    closed = (
        alt.Chart(pd.DataFrame({"t_d": t}))
        .transform_calculate(withdrawal=VEGA_WITHDRAWAL)
        .transform_calculate(relapse=VEGA_RELAPSE)
        .transform_calculate(relapse_continued="1 - exp(-relapse_rate_continued * datum.t_d)")
        .transform_fold(["withdrawal", "relapse", "relapse_continued"], as_=["key", "load"])
        .transform_calculate(
            series="{'withdrawal': 'Withdrawal', 'relapse': 'Relapse after stopping', "
            "'relapse_continued': 'Relapse if continued'}[datum.key]"
        )
    )
    reb = alt.Chart(rebound_df).transform_filter(f"datum.half_life_h == {hl_param.name}")
    line_kw = dict(strokeWidth=2.5)
    layers = [
        closed.mark_line(**line_kw).encode(x=x, y=y, color=color, strokeDash=dash),
        reb.mark_line(**line_kw).encode(x=x, y=y, color=color, strokeDash=dash),
        closed.mark_point(size=70, opacity=0, filled=True).encode(x=x, y=y, tooltip=tooltip),
        reb.mark_point(size=70, opacity=0, filled=True).encode(x=x, y=y, tooltip=tooltip),
    ]
    marks = pd.DataFrame({"t_d": [1.0, 7.0, 30.0]})
    guides = alt.Chart(marks).mark_rule(color="#bbb", strokeDash=[2, 3]).encode(x=x)
    chart = (
        alt.layer(guides, *layers)
        .add_params(hl_param, tau, gain, rate_off, rate_on)
        .properties(width=WIDTH, height=HEIGHT)
    )
    description = (
        "Line chart, log time axis from about an hour to a year after the last dose, vertical axis the symptom "
        "load added by stopping, where 1 is the severity of the illness before treatment. Four lines. Rebound "
        "(solid): the original symptom overshooting its pre-treatment level; with a half-life of a few hours it "
        "rises within the first day to about 0.2 to 0.25 and is gone within three days; with half-lives beyond "
        "about a day and a half it all but disappears. Withdrawal (dashed): new symptoms that start as the drug "
        "washes out, peak within a day for the shortest half-lives and after about ten days for the longest, "
        "with lower peaks for longer half-lives, and fade within about six weeks. Relapse after stopping (dotted): the probability that the "
        "illness has returned, rising slowly over months to 0.41 at one year and never coming back down. Relapse "
        "if continued (dash-dot): the same on continued treatment, 0.18 at one year. The slider sets the "
        "half-life: it moves rebound and withdrawal, and barely changes relapse."
    )
    closed_form = {
        "function": "neuroadapt.discontinuation:withdrawal_course",
        "field": "withdrawal",
        "data_args": {"t_d": "t_d"},
        "signal_args": {
            "half_life_h": "half_life_h",
            "time_constant_adaptation_d": "time_constant_adaptation_d",
            "gain": "gain",
        },
        "slider": "half_life_h",
        "test_values": [hl_min, 22.0, hl_max],
    }
    return finish(chart, description=description, closed_form=closed_form)
