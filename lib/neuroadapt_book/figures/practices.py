"""Figures for the Hands-On Practices chapter.

:func:`withdrawal_clock_chart` puts the published windows of alcohol-withdrawal
signs (:func:`neuroadapt.alcohol.withdrawal_windows`) above the
GABA/NMDA homeostat's excitability after the last drink
(:func:`neuroadapt.alcohol.alcohol_homeostat`). The slider selects the
blood alcohol maintained while drinking; the whole slider grid is simulated in one
vectorized call and the browser only filters it.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.alcohol import alcohol_homeostat, hours_to_bac, maintained_drinking_bac, withdrawal_windows

from .theme import WIDTH, color_scale, finish, shape_scale

#: Slider grid: blood alcohol while drinking, mg/dL (integers, so the filter is exact).
PLATEAUS_MG_DL = np.arange(100, 301, 25)


def _clock(hours: float, last_drink_clock_h: float) -> str:
    days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    total = last_drink_clock_h + hours
    day = days[int(total // 24) % 7]
    return f"{int(total % 24):02d}:00 {day}"


def withdrawal_clock_chart(
    assessment_h: float = 10.0,
    last_drink_clock_h: float = 23.0,
    drinking_days: int = 28,
    horizon_h: float = 120.0,
    plateau_mg_dl: int = 200,
):
    """Withdrawal windows on a patient's clock, with the model's excitability below.

    Parameters
    ----------
    assessment_h : float
        Hours from the last drink to the assessment (marked on both panels).
    last_drink_clock_h : float
        Clock hour of the last drink on a Sunday (23.0 = 23:00), for the tooltips.
    drinking_days : int
        Days of sustained drinking before the last drink (model input).
    horizon_h : float
        Hours after the last drink shown.
    plateau_mg_dl : int
        Initial slider value, blood alcohol while drinking in mg/dL (one of
        :data:`PLATEAUS_MG_DL`).
    """
    if plateau_mg_dl not in PLATEAUS_MG_DL:
        raise ValueError(f"plateau_mg_dl must be one of {PLATEAUS_MG_DL.tolist()}, got {plateau_mg_dl!r}")
    # --- published windows -------------------------------------------------------
    win = withdrawal_windows()
    signs = win["sign"].tolist()
    win["window"] = [f"{a:g}-{b:g} h after the last drink" for a, b in zip(win.window_start_h, win.window_end_h)]
    win["peak"] = [
        ("most often " + f"{a:g}-{b:g} h") if np.isfinite(a) else "no typical peak given"
        for a, b in zip(win.peak_start_h, win.peak_end_h)
    ]
    win["clock"] = [
        f"{_clock(a, last_drink_clock_h)} to {_clock(b, last_drink_clock_h)}"
        for a, b in zip(win.window_start_h, win.window_end_h)
    ]
    win["window_end_shown_h"] = np.minimum(win["window_end_h"], horizon_h)
    x_scale = alt.Scale(domain=[0, horizon_h], nice=False)
    y_sign = alt.Y("sign:N", sort=signs, title=None, axis=alt.Axis(labelFontSize=12))
    tooltip = [
        alt.Tooltip("sign:N", title="Sign"),
        alt.Tooltip("window:N", title="Window"),
        alt.Tooltip("peak:N", title="Peak"),
        alt.Tooltip("clock:N", title="On this patient's clock"),
        alt.Tooltip("source:N", title="Source"),
    ]
    colour = alt.Color("sign:N", scale=color_scale(signs), sort=signs, legend=None)
    base = alt.Chart(win)
    bars = base.mark_bar(height=14, opacity=0.45).encode(
        x=alt.X("window_start_h:Q", scale=x_scale, title=None),
        x2="window_end_shown_h:Q",
        y=y_sign,
        color=colour,
        tooltip=tooltip,
    )
    peaks = (
        base.transform_filter("isValid(datum.peak_start_h)")
        .mark_bar(height=14)
        .encode(x=alt.X("peak_start_h:Q", scale=x_scale), x2="peak_end_h:Q", y=y_sign, color=colour, tooltip=tooltip)
    )
    starts = base.mark_point(filled=True, size=90, stroke="currentColor", strokeWidth=0.6).encode(
        x=alt.X("window_start_h:Q", scale=x_scale),
        y=y_sign,
        color=colour,
        shape=alt.Shape("sign:N", scale=shape_scale(signs), sort=signs, legend=None),
        tooltip=tooltip,
    )
    marker = pd.DataFrame({"t": [assessment_h], "label": [f"assessment ({_clock(assessment_h, last_drink_clock_h)})"]})
    rule = (
        alt.Chart(marker)
        .mark_rule(strokeDash=[2, 2], color="#777777", strokeWidth=1.5)
        .encode(x=alt.X("t:Q", scale=x_scale))
    )
    rule_text = (
        alt.Chart(marker)
        .mark_text(align="left", dx=4, y=-6, fontSize=11)
        .encode(x=alt.X("t:Q", scale=x_scale), text="label:N")
    )
    top = alt.layer(bars, peaks, starts, rule, rule_text).properties(
        width=WIDTH - 30, height=150, title="Published windows (darker: most frequent period)"
    )

    # --- model: the whole slider grid in one call --------------------------------
    t = np.arange(0.0, 24.0 * drinking_days + horizon_h + 0.5, 0.5)
    plateau_g_dl = PLATEAUS_MG_DL / 1000.0
    bac = maintained_drinking_bac(t, drinking_duration_d=drinking_days, plateau_bac_g_per_dl=plateau_g_dl)
    state = alcohol_homeostat(t, bac)
    after = t - 24.0 * drinking_days
    keep = (after >= 0) & (after <= horizon_h)
    n_keep = int(keep.sum())
    model = pd.DataFrame(
        {
            "hours": np.tile(after[keep], PLATEAUS_MG_DL.size),
            "plateau": np.repeat(PLATEAUS_MG_DL, n_keep),
            "excitability": np.round(state.excitability[:, keep].ravel(), 4),
        }
    )
    sober = pd.DataFrame(
        {
            "plateau": PLATEAUS_MG_DL,
            "hours": np.round(hours_to_bac(plateau_g_dl, 0.005), 2),
            "label": "blood alcohol near zero",
        }
    )
    slider = alt.param(
        name="plateau",
        value=int(plateau_mg_dl),
        bind=alt.binding_range(
            min=int(PLATEAUS_MG_DL[0]), max=int(PLATEAUS_MG_DL[-1]), step=25, name="Blood alcohol (mg/dL)"
        ),
    )
    series = ["Excitability (model)", "Blood alcohol near zero"]
    line = (
        alt.Chart(model)
        .transform_filter("datum.plateau == plateau")
        .transform_calculate(series="'Excitability (model)'")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("hours:Q", scale=x_scale, title="Hours after the last drink"),
            y=alt.Y("excitability:Q", title="Excitability (0 = normal)", scale=alt.Scale(domain=[-0.05, 1.0])),
            color=alt.Color("series:N", scale=alt.Scale(domain=series, range=["#0072B2", "#777777"]), title=None),
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[[1, 0], [6, 4]]), title=None),
            tooltip=[
                alt.Tooltip("hours:Q", title="Hours after last drink"),
                alt.Tooltip("excitability:Q", title="Excitability", format=".2f"),
                alt.Tooltip("plateau:Q", title="Blood alcohol while drinking (mg/dL)"),
            ],
        )
    )
    sober_rule = (
        alt.Chart(sober)
        .transform_filter("datum.plateau == plateau")
        .transform_calculate(series="'Blood alcohol near zero'")
        .mark_rule(strokeWidth=1.5)
        .encode(
            x=alt.X("hours:Q", scale=x_scale),
            color=alt.Color("series:N", scale=alt.Scale(domain=series, range=["#0072B2", "#777777"]), title=None),
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[[1, 0], [6, 4]]), title=None),
            tooltip=[alt.Tooltip("label:N", title="Marker"), alt.Tooltip("hours:Q", title="Hours after last drink")],
        )
    )
    bottom = (
        alt.layer(line, sober_rule, rule)
        .add_params(slider)
        .properties(
            width=WIDTH - 30, height=200, title="GABA/NMDA homeostat after four weeks of drinking (illustrative)"
        )
    )
    chart = alt.vconcat(top, bottom, spacing=18).resolve_scale(
        color="independent", strokeDash="independent", shape="independent"
    )

    peak_h = after[keep][np.argmax(state.excitability[:, keep], axis=-1)]
    listing = "; ".join(f"{p} mg/dL: peak {h:g} h" for p, h in zip(PLATEAUS_MG_DL, peak_h))
    description = (
        "Two panels sharing a horizontal axis of hours after the last drink, from 0 to "
        f"{horizon_h:g}. Top: horizontal bars for the published windows of alcohol-withdrawal signs: tremor "
        "from 6 h (most often 24-48 h), seizures 7-48 h (most often 13-24 h), hallucinosis 12-48 h, and "
        "delirium tremens 48-96 h. A dotted vertical line marks the assessment at "
        f"{assessment_h:g} h. Bottom: the model's excitability after four weeks of drinking, for the blood "
        "alcohol chosen with the slider; a dashed vertical line marks when blood alcohol falls near zero. "
        "Excitability rises as the alcohol is eliminated, peaks at about the time blood alcohol reaches zero, "
        "inside the seizure window, and then declines over days; a higher "
        f"blood alcohol delays the peak and makes it taller. Peak times: {listing}."
    )
    return finish(chart, description=description)
