"""Figure: a drug's push, the brain's counter-adaptation and the net effect.

A closed-form figure: the slider sets the adaptation time constant and the
browser recomputes the curves from :data:`neuroadapt.homeostasis.VEGA_COUNTER_ADAPTATION`,
the same equation as :func:`neuroadapt.homeostasis.counter_adaptation`.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.homeostasis import VEGA_COUNTER_ADAPTATION

from .theme import HEIGHT, WIDTH, color_scale, dash_scale, finish

SERIES = ["Drug push", "Counter-adaptation", "Net effect"]


def counter_adaptation_chart(
    exposure_h: float = 72.0,
    horizon_h: float = 168.0,
    gain: float = 0.8,
    time_constant_adaptation_h: float = 12.0,
    n_points: int = 337,
):
    """Slider figure of tolerance during exposure and withdrawal after it.

    Parameters
    ----------
    exposure_h : float
        Hours of continuous drug exposure starting at t = 0.
    horizon_h : float
        Length of the time axis, h.
    gain : float
        Steady-state fraction of the push cancelled by the adaptation.
    time_constant_adaptation_h : float
        Initial value of the adaptation time constant on the slider, h.
    n_points : int
        Number of time points drawn.
    """
    t_h = np.linspace(0.0, horizon_h, n_points)
    data = pd.DataFrame({"t_h": np.round(t_h, 3)})
    tau = alt.param(
        name="time_constant_adaptation_h",
        value=time_constant_adaptation_h,
        bind=alt.binding_range(min=2, max=48, step=1, name="Adaptation time (h)"),
    )
    exposure = alt.param(name="exposure_h", value=exposure_h)
    g = alt.param(name="gain", value=gain)
    base = (
        alt.Chart(data)
        .transform_calculate(adaptation=VEGA_COUNTER_ADAPTATION)
        .transform_calculate(push="datum.t_h < exposure_h ? 1 : 0")
        .transform_calculate(net="datum.push - datum.adaptation")
        .transform_calculate(neg_adaptation="-datum.adaptation")
        .transform_fold(["push", "neg_adaptation", "net"], as_=["key", "value"])
        .transform_calculate(
            series="{'push': 'Drug push', 'neg_adaptation': 'Counter-adaptation', 'net': 'Net effect'}[datum.key]"
        )
    )
    lines = base.mark_line(strokeWidth=2.5, interpolate="step-after").encode(
        x=alt.X("t_h:Q", title="Time since first dose (h)", scale=alt.Scale(domain=[0, horizon_h])),
        y=alt.Y("value:Q", title="Effect (drug push = 1)", scale=alt.Scale(domain=[-1, 1.1])),
        color=alt.Color("series:N", scale=color_scale(SERIES), sort=SERIES, title=None),
        strokeDash=alt.StrokeDash("series:N", scale=dash_scale(SERIES), sort=SERIES, title=None),
        tooltip=[
            alt.Tooltip("series:N", title="Curve"),
            alt.Tooltip("t_h:Q", title="Time (h)"),
            alt.Tooltip("value:Q", title="Value", format=".2f"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#777").encode(y="y:Q")
    stop = alt.Chart(pd.DataFrame({"x": [exposure_h], "label": ["drug stopped"]}))
    stop_rule = stop.mark_rule(strokeDash=[3, 3], color="#777").encode(x="x:Q")
    stop_text = stop.mark_text(align="left", dx=4, dy=-6, y=8).encode(x="x:Q", text="label:N")
    chart = (
        alt.layer(zero, lines, stop_rule, stop_text).add_params(tau, exposure, g).properties(width=WIDTH, height=HEIGHT)
    )
    description = (
        f"Line chart over {horizon_h:.0f} hours. The drug push (solid line) is 1 while the drug is present, "
        f"for the first {exposure_h:.0f} hours, and 0 after. The counter-adaptation (dashed line, drawn "
        "below zero because it opposes the drug) grows toward {g} of the push with the time constant set by "
        "the slider. The net effect (dotted line) starts at 1, falls as the adaptation builds (tolerance), "
        "and when the drug stops it drops below zero (withdrawal) before recovering. A longer time "
        "constant gives slower tolerance and a longer withdrawal."
    ).replace("{g}", f"{gain:.0%}")
    closed_form = {
        # The browser computes `adaptation` from VEGA_COUNTER_ADAPTATION; the site
        # tests set the slider to these values and compare with the Python function.
        "function": "neuroadapt.homeostasis:counter_adaptation",
        "field": "adaptation",
        "data_args": {"t_h": "t_h"},
        "signal_args": {
            "exposure_h": "exposure_h",
            "time_constant_adaptation_h": "time_constant_adaptation_h",
            "gain": "gain",
        },
        "slider": "time_constant_adaptation_h",
        "test_values": [2, 12.0, 48],
    }
    return finish(chart, description=description, closed_form=closed_form)
