"""Figures for the page *Physiology and pharmacokinetics*.

* :func:`half_life_withdrawal_chart` - a half-life slider. The drug level
  after the last dose falls with first-order kinetics; the book's model of an
  opponent adaptation left unopposed (:mod:`neuroadapt.feedback_withdrawal`,
  illustrative parameters calibrated against the drug table) turns the falling
  level into a withdrawal time course, from which the onset, peak and end of withdrawal are read
  (:func:`neuroadapt.feedback_withdrawal.withdrawal_timing`). A second panel plots those three times against half-life, with
  the published onset windows of named drugs from :mod:`neuroadapt.drugs` on
  a hover layer. All half-lives are simulated in one vectorized call.
* :func:`inducer_chart` - the average steady-state level of a regimen while a
  co-prescribed enzyme inducer is started and stopped
  (:func:`neuroadapt.enzyme_induction.clearance_under_inducer`), with a slider for
  the fraction of the drug's clearance that runs through the induced enzyme.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.drugs import drug_value
from neuroadapt.enzyme_induction import clearance_under_inducer
from neuroadapt.feedback_withdrawal import FEEDBACK_WITHDRAWAL_DEFAULTS, withdrawal_after_last_dose, withdrawal_timing

from .theme import SERIES_COLORS, WIDTH, color_scale, dash_scale, finish, fold_lines, round_sig, shape_scale

__all__ = [
    "ONSET_THRESHOLD_PCT",
    "named_drug_windows",
    "half_life_withdrawal_chart",
    "inducer_chart",
]

LEGEND = alt.Legend(labelLimit=0)
#: Withdrawal "begins" and "ends" when it crosses this percent of its largest possible size.
ONSET_THRESHOLD_PCT = 100.0 * FEEDBACK_WITHDRAWAL_DEFAULTS.onset_threshold


#: Row (days since the last dose) of each drug's name in the bottom panel of the half-life chart:
#: neighbours on the log half-life axis alternate rows.
LABEL_ROW_DAY = {
    "heroin": 17.4,
    "venlafaxine": 19.0,
    "alprazolam": 17.4,
    "methadone": 15.8,
    "diazepam": 17.4,
    "fluoxetine": 19.0,
}


def named_drug_windows() -> pd.DataFrame:
    """Half-lives and published withdrawal windows of the drugs the page compares.

    Returns
    -------
    pandas.DataFrame
        One row per drug: ``drug``, ``drug_class``, ``half_life_h`` (the
        half-life that sets the fall after the last dose; for heroin that of
        morphine, which carries its effect), ``onset_low_d``, ``onset_high_d``,
        ``onset_mid_d`` (NaN where the table has no onset), and ``note`` (the
        numbers behind the point, with their sources).
    """
    rows = []
    spec = [
        ("heroin", "opioid", "morphine"),
        ("methadone", "opioid", "methadone"),
        ("alprazolam", "benzodiazepine", "alprazolam"),
        ("diazepam", "benzodiazepine", "diazepam"),
        ("venlafaxine", "antidepressant", "venlafaxine"),
        ("fluoxetine", "antidepressant", "fluoxetine"),
    ]
    for drug, cls, hl_drug in spec:
        hl = drug_value(hl_drug, "half_life_h")
        parts = [f"half-life {hl:g} h" + (" (as morphine; heroin itself lasts minutes)" if drug == "heroin" else "")]
        try:
            met = drug_value(drug, "metabolite_half_life_h")
            parts.append(f"active metabolite half-life {met:g} h")
        except ValueError:
            pass
        try:
            lo = drug_value(drug, "withdrawal_onset_h", bound="low") / 24.0
            hi = drug_value(drug, "withdrawal_onset_h", bound="high") / 24.0
            parts.append(f"published onset {lo * 24:g}-{hi * 24:g} h")
        except ValueError:
            lo = hi = np.nan
            parts.append("no onset window in the table (delayed and softened by norfluoxetine)")
        for q, label in (("withdrawal_peak_h", "peak"), ("withdrawal_duration_d", "duration")):
            try:
                a, b = drug_value(drug, q, bound="low"), drug_value(drug, q, bound="high")
                unit = "h" if q.endswith("_h") else "d"
                parts.append(f"published {label} {a:g}-{b:g} {unit}")
            except ValueError:
                pass
        rows.append(
            dict(
                drug=drug,
                drug_class=cls,
                half_life_h=hl,
                onset_low_d=lo,
                onset_high_d=hi,
                onset_mid_d=(lo + hi) / 2,
                note="; ".join(parts),
            )
        )
    return pd.DataFrame(rows)


def half_life_withdrawal_chart(
    default_half_life_h: float = 2.0, slider=(2.0, 122.0, 6.0), horizon_d: float = 28.0, days_axis_max: float = 20.0
):
    """Slider figure: half-life -> drug level and withdrawal after the last dose.

    Parameters
    ----------
    default_half_life_h : float
        Initial slider value, h (on the slider grid).
    slider : (float, float, float)
        Slider minimum, maximum and step, h; every value is simulated.
    horizon_d : float
        Days shown after the last dose (top panel).
    days_axis_max : float
        Top of the time axis of the bottom panel, days.
    """
    lo, hi, step = slider
    hl_slider = np.arange(lo, hi + step / 2, step)
    hl_curve = np.geomspace(1.0, 300.0, 41)
    # one vectorized simulation of every half-life on the slider and on the curve
    t = np.arange(0.0, 120.0 * 24.0 + 0.5, 1.0)
    all_hl = np.concatenate([hl_slider, hl_curve])
    after = withdrawal_after_last_dose(all_hl, t)
    level, sag = 100.0 * after.drug_level, 100.0 * after.withdrawal
    timing = withdrawal_timing(all_hl).to_frame()
    timing["peak_pct"] = 100.0 * timing.pop("peak_withdrawal")
    # thin the time grid for the page: every 3 h for 4 days, then every 8 h
    keep = np.flatnonzero(((t < 96) & (t % 3 == 0)) | ((t >= 96) & (t % 8 == 0) & (t <= horizon_d * 24)))
    n = hl_slider.size
    curves = pd.DataFrame(
        {
            "hl": np.repeat(hl_slider, keep.size),
            "day": np.tile(round_sig(t[keep] / 24.0, 4), n),
            "level": round_sig(level[:n, keep].ravel(), 3),
            "wd": round_sig(sag[:n, keep].ravel(), 3),
        }
    )
    tim_s = timing.iloc[:n].copy()
    tim_c = timing.iloc[n:].copy()
    for col in ("onset_d", "peak_d", "end_d", "peak_pct"):
        tim_s[col] = round_sig(tim_s[col], 3)
        tim_c[col] = round_sig(tim_c[col], 3)
    tim_s = tim_s.rename(columns={"half_life_h": "hl"})

    hl_p = alt.param(
        name="half_life_h",
        value=default_half_life_h,
        bind=alt.binding_range(min=lo, max=hi, step=step, name="Half-life (h)"),
    )
    x_day = alt.X("day:Q", title="Days since the last dose", scale=alt.Scale(domain=[0, horizon_d], nice=False))
    lines = fold_lines(
        alt.Chart(curves).transform_filter("datum.hl == half_life_h"),
        {"level": "Drug level (% of level at last dose)", "wd": "Withdrawal (% of largest possible)"},
        x=x_day,
        y=alt.Y("value:Q", title="Percent", scale=alt.Scale(domain=[0, 100])),
        value="value",
        tooltip_x=alt.Tooltip("day:Q", title="Day", format=".2f"),
        tooltip_value=alt.Tooltip("value:Q", title="Percent", format=".1f"),
        legend=LEGEND,
    )
    events = (
        alt.Chart(tim_s)
        .transform_filter("datum.hl == half_life_h && isValid(datum.onset_d)")
        .transform_fold(["onset_d", "peak_d", "end_d"], as_=["event", "day"])
        .transform_calculate(label="{'onset_d': 'onset', 'peak_d': 'peak', 'end_d': 'end'}[datum.event]")
        .transform_calculate(ypix="{'onset_d': 10, 'peak_d': 24, 'end_d': 38}[datum.event]")
    )
    event_rules = events.mark_rule(strokeDash=[2, 3], color="currentColor").encode(
        x=alt.X("day:Q", scale=alt.Scale(domain=[0, horizon_d], nice=False)),
        tooltip=[alt.Tooltip("label:N", title="Event"), alt.Tooltip("day:Q", title="Day", format=".1f")],
    )
    event_text = events.mark_text(align="left", dx=3, fontSize=11, color="currentColor").encode(
        x=alt.X("day:Q", scale=alt.Scale(domain=[0, horizon_d], nice=False)),
        y=alt.Y("ypix:Q", scale=None),
        text="label:N",
    )
    summary = (
        alt.Chart(tim_s)
        .transform_filter("datum.hl == half_life_h")
        .transform_calculate(
            text=(
                "'Half-life ' + datum.hl + ' h: ' + (isValid(datum.onset_d) ? "
                "'onset day ' + format(datum.onset_d, '.1f') + ',\\npeak day ' + format(datum.peak_d, '.1f') + "
                "', over by day ' + format(datum.end_d, '.1f') + ',\\npeak ' + format(datum.peak_pct, '.0f') + '%' : "
                "'\\nwithdrawal stays below ' + "
                + f"{ONSET_THRESHOLD_PCT:g}"
                + " + '%\\n(peak ' + format(datum.peak_pct, '.0f') + '%)')"
            )
        )
        # three lines above the plot, on a phone too (wrapped there, lines run down into the plot)
        .mark_text(align="right", baseline="bottom", fontSize=12, lineBreak="\n", color="currentColor")
        .encode(text="text:N", x=alt.value(WIDTH), y=alt.value(-32))
    )
    top = alt.layer(lines, event_rules, event_text, summary).properties(width=WIDTH, height=260)

    # bottom panel: model onset/peak/end against half-life, with named drugs
    curve_long = tim_c.melt(
        id_vars=["half_life_h"], value_vars=["onset_d", "peak_d", "end_d"], var_name="event", value_name="day"
    ).dropna()
    names = {"onset_d": "Model onset", "peak_d": "Model peak", "end_d": "Model end"}
    curve_long["event"] = curve_long["event"].map(names)
    curve_long["half_life_h"] = round_sig(curve_long["half_life_h"], 3)
    ev = list(names.values())
    x_hl = alt.X(
        "half_life_h:Q",
        title="Elimination half-life (h, log scale)",
        scale=alt.Scale(type="log", domain=[1, 300], nice=False),
    )
    y_days = alt.Y(
        "day:Q", title="Days since the last dose", scale=alt.Scale(domain=[0, days_axis_max], nice=False, clamp=True)
    )
    model_lines = (
        alt.Chart(curve_long)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x_hl,
            y=y_days,
            color=alt.Color("event:N", scale=alt.Scale(domain=ev, range=SERIES_COLORS[2:5]), sort=ev, title=None),
            strokeDash=alt.StrokeDash("event:N", scale=dash_scale(ev), sort=ev, title=None),
            tooltip=[
                alt.Tooltip("event:N", title="Curve"),
                alt.Tooltip("half_life_h:Q", title="Half-life (h)"),
                alt.Tooltip("day:Q", title="Day", format=".1f"),
            ],
        )
    )
    drugs = named_drug_windows()
    classes = list(dict.fromkeys(drugs["drug_class"]))
    drugs["onset_mid_plot"] = drugs["onset_mid_d"].fillna(0.0)
    hover = alt.selection_point(on="pointerover", fields=["drug"], empty=False, name="drug_hover")
    windows = (
        alt.Chart(drugs.dropna(subset=["onset_low_d"]))
        .mark_rule(strokeWidth=2, color="currentColor")
        .encode(x=x_hl, y=alt.Y("onset_low_d:Q"), y2="onset_high_d:Q")
    )
    drug_pts = (
        alt.Chart(drugs)
        .mark_point(size=120, filled=True, color="currentColor")
        .encode(
            x=x_hl,
            y=alt.Y("onset_mid_plot:Q"),
            shape=alt.Shape("drug_class:N", scale=shape_scale(classes), title="Published onset window"),
            size=alt.condition(hover, alt.value(260), alt.value(120)),
            tooltip=[alt.Tooltip("drug:N", title="Drug"), alt.Tooltip("note:N", title="Data")],
        )
        .add_params(hover)
    )
    # names in three rows above the model's curves (days 19, 17.4, 15.8), each joined to its drug by
    # a thin rule: beside their points they ran into each other on a phone, where the six drugs sit
    # 20-40 px apart ("heroinalprazolam")
    drugs["label_day"] = drugs["drug"].map(LABEL_ROW_DAY).fillna(19.0)
    drugs["leader_from_d"] = drugs["onset_high_d"].fillna(0.0) + 0.5
    leaders = (
        alt.Chart(drugs)
        .mark_rule(strokeWidth=0.8, color="currentColor", opacity=0.5)
        .encode(x=x_hl, y=alt.Y("leader_from_d:Q"), y2=alt.Y2("label_day:Q"))
    )
    drug_text = (
        alt.Chart(drugs)
        .mark_text(align="left", baseline="middle", dx=3, fontSize=11)
        .encode(x=x_hl, y="label_day:Q", text="drug:N")
    )
    now = (
        alt.Chart(pd.DataFrame({"z": [0]}))
        .transform_calculate(half_life_h="half_life_h")
        .mark_rule(color="#777", strokeDash=[4, 4])
        .encode(x=x_hl)
    )
    bottom = alt.layer(model_lines, leaders, windows, drug_pts, drug_text, now).properties(width=WIDTH, height=260)
    chart = (
        alt.vconcat(top, bottom, spacing=24)
        .add_params(hl_p)
        .resolve_scale(color="independent", strokeDash="independent")
    )
    d = tim_s.set_index("hl")
    short, longer = d.loc[lo], d.loc[26.0] if 26.0 in d.index else d.iloc[n // 5]
    quiet = float(d.index[d["onset_d"].isna()].min()) if d["onset_d"].isna().any() else hi
    description = (
        "Two panels. Top: after the last dose, the drug level (solid line) falls by half every half-life, set by "
        f"the slider from {lo:g} to {hi:g} hours, and a withdrawal curve (dashed line) from a feedback model of tolerance "
        "rises as the level falls and then fades as the adaptation unwinds; dotted rules mark its onset, peak and "
        f"end. With a {lo:g}-hour half-life withdrawal begins on day {short.onset_d:.1f}, peaks on day "
        f"{short.peak_d:.1f} at {short.peak_pct:.0f}% and is over by day {short.end_d:.1f}; with 26 hours it "
        f"begins on day {longer.onset_d:.1f}, peaks on day {longer.peak_d:.1f} at only {longer.peak_pct:.0f}% "
        f"and lasts until day {longer.end_d:.1f}. Longer half-lives give later, milder and longer withdrawal; "
        f"from a half-life of {quiet:g} hours the model's withdrawal never reaches {ONSET_THRESHOLD_PCT:g}% of its "
        "largest possible size. Bottom: the model's "
        "onset, peak and end (three lines) against half-life on a log scale, with the published onset windows "
        "of heroin (2 h, as morphine), venlafaxine (5 h), alprazolam (9 h), methadone (24 h) and diazepam (60 h) "
        "as black bars, and fluoxetine (96 h), which has no tabulated onset, on the axis; a dashed rule marks "
        "the slider's half-life."
    )
    return finish(chart, description=description)


def inducer_chart(
    inducer_days=(0.0, 21.0),
    horizon_d: float = 42.0,
    enzyme_half_life_h: float = 72.0,
    emax_induction: float = 3.0,
    inducer_over_ec50: float = 3.0,
    default_fm: float = 0.8,
):
    """Slider figure: a regimen's average level while an inducer is started and stopped.

    Parameters
    ----------
    inducer_days : (float, float)
        Day the inducer starts and day it stops.
    horizon_d : float
        Days shown.
    enzyme_half_life_h : float
        Turnover half-life of the induced enzyme, h (CYP3A4: about 3 days,
        Galetin et al. 2006).
    emax_induction : float
        Maximal fractional increase of enzyme synthesis (illustrative).
    inducer_over_ec50 : float
        Inducer concentration in multiples of its EC50 (illustrative).
    default_fm : float
        Initial slider value: fraction of clearance through the induced enzyme.
    """
    fm = np.round(np.arange(0.0, 1.0001, 0.1), 1)
    t = np.arange(0.0, horizon_d * 24.0 + 0.5, 6.0)
    start, stop = inducer_days
    res = clearance_under_inducer(
        t,
        np.array([inducer_over_ec50, 0.0]),
        clearance_baseline_l_per_h=1.0,
        volume_l=1.0,
        dose_mg=1.0,
        dosing_interval_h=24.0,
        enzyme_half_life_h=enzyme_half_life_h,
        emax_induction=emax_induction,
        ec50_mg_per_l=1.0,
        fraction_metabolized=fm,
        segment_start_h=[start * 24.0, stop * 24.0],
    )
    level = res.css_average_mg_per_l / res.css_average_mg_per_l[:, :1] * 100.0  # (n_fm, n_t)
    enzyme = res.enzyme_relative[0] * 100.0
    data = pd.DataFrame(
        {
            "fm": np.repeat(fm, t.size),
            "day": np.tile(round_sig(t / 24.0, 4), fm.size),
            "level": round_sig(level.ravel(), 3),
        }
    )
    enz = pd.DataFrame({"day": round_sig(t / 24.0, 4), "enzyme": round_sig(enzyme, 3)})
    fm_p = alt.param(
        name="fm", value=default_fm, bind=alt.binding_range(min=0, max=1, step=0.1, name="Share via induced enzyme")
    )
    series = ["Average drug level (% of before)", "Enzyme amount (% of before)"]
    x = alt.X("day:Q", title="Day (inducer given on days 0-21)", scale=alt.Scale(domain=[0, horizon_d], nice=False))
    y = alt.Y("value:Q", title="Percent of the value before the inducer", scale=alt.Scale(domain=[0, 400], nice=False))
    enc = dict(
        x=x,
        y=y,
        color=alt.Color("series:N", scale=color_scale(series), sort=series, title=None, legend=LEGEND),
        strokeDash=alt.StrokeDash("series:N", scale=dash_scale(series), sort=series, title=None, legend=LEGEND),
        tooltip=[
            alt.Tooltip("series:N", title="Curve"),
            alt.Tooltip("day:Q", title="Day", format=".2f"),
            alt.Tooltip("value:Q", title="Percent", format=".0f"),
        ],
    )
    lv = (
        alt.Chart(data)
        .transform_filter("abs(datum.fm - fm) < 0.001")
        .transform_calculate(value="datum.level", series=f"'{series[0]}'")
        .mark_line(strokeWidth=2.5)
        .encode(**enc)
    )
    ez = (
        alt.Chart(enz)
        .transform_calculate(value="datum.enzyme", series=f"'{series[1]}'")
        .mark_line(strokeWidth=2.5)
        .encode(**enc)
    )
    band = alt.Chart(pd.DataFrame({"a": [start], "b": [stop], "label": ["inducer given"]}))
    shade = band.mark_rect(opacity=0.08, color="currentColor").encode(x="a:Q", x2="b:Q")
    band_text = band.mark_text(align="left", dx=4, baseline="top", fontSize=11, color="currentColor").encode(
        x="a:Q", y=alt.value(4), text="label:N"
    )
    hundred = alt.Chart(pd.DataFrame({"v": [100]})).mark_rule(color="#999").encode(y="v:Q")
    chart = alt.layer(shade, band_text, hundred, ez, lv).add_params(fm_p).properties(width=WIDTH, height=280)
    k = int(np.argmin(np.abs(fm - default_fm)))
    i_stop = int(np.argmin(np.abs(t - stop * 24.0)))
    description = (
        f"Line chart over {horizon_d:g} days. An enzyme inducer is given from day {start:g} to day {stop:g} (shaded). "
        f"The amount of the induced enzyme (dashed line) climbs over about a week to {enzyme[i_stop]:.0f}% of its "
        f"former value and falls back over about a week after the inducer stops (enzyme half-life "
        f"{enzyme_half_life_h / 24:g} days). The average level of a drug taken at a fixed dose (solid line) mirrors "
        f"it: with {default_fm:.0%} of the drug's clearance through that enzyme it falls to "
        f"{level[k, i_stop]:.0f}% of its former value, then returns. The slider sets that fraction from 0 (no "
        "effect) to 1 (the deepest fall)."
    )
    return finish(chart, description=description)
