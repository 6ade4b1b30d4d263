"""Figures for the pages *Alcohol withdrawal management* and *Neonatal withdrawal*.

* :func:`symptom_triggered_chart` - a slider for the days of heavy drinking
  selects one patient from a grid simulated in one vectorized call per strategy
  (:func:`neuroadapt.withdrawal_management.manage_alcohol_withdrawal`); the top
  panel shows the CIWA-Ar course untreated, symptom-triggered and on the fixed
  schedule, the bottom panel the cumulative dose of each strategy.
* :func:`buprenorphine_timing_chart` - menus for the opioid used and the
  buprenorphine dose: the model's withdrawal before and after a first dose,
  by hours since the last full-agonist dose
  (:func:`neuroadapt.receptor_competition.buprenorphine_induction`).
* :func:`newborn_withdrawal_chart` - a slider for the newborn's half-life of the
  maternal drug selects one course from a grid simulated in one call
  (:func:`neuroadapt.neonatal_withdrawal.newborn_withdrawal`); the published
  onset windows by maternal drug sit under the curves.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.neonatal_withdrawal import NEONATAL_DRUG_GROUPS, neonatal_data, newborn_withdrawal
from neuroadapt.withdrawal_management import WITHDRAWAL_MANAGEMENT_DEFAULTS, manage_alcohol_withdrawal

from .theme import INK, WIDTH, color_scale, dash_scale, finish, fold_lines

__all__ = [
    "DRINKING_DAYS_SLIDER",
    "STRATEGY_LABELS",
    "symptom_triggered_grid",
    "symptom_triggered_chart",
    "NEONATAL_HALF_LIFE_SLIDER",
    "newborn_withdrawal_chart",
    "BUPRENORPHINE_DOSES_MG",
    "buprenorphine_timing_chart",
]

#: Slider of :func:`symptom_triggered_chart`: days of heavy drinking (min, max, step).
DRINKING_DAYS_SLIDER = (1, 28, 3)
#: Display names of the strategies.
STRATEGY_LABELS = {"none": "Untreated", "symptom_triggered": "Symptom-triggered", "fixed_schedule": "Fixed schedule"}
#: Slider of :func:`newborn_withdrawal_chart`: neonatal half-life, h (min, max, step).
NEONATAL_HALF_LIFE_SLIDER = (2.0, 40.0, 2.0)
_GROUP_LABELS = {
    "short_acting_opioid": "Short-acting opioid",
    "buprenorphine": "Buprenorphine",
    "methadone": "Methadone",
}


def _sig(x, digits=3):
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where(x == 0, 0, np.floor(np.log10(np.abs(np.where(x == 0, 1, x)))))
    factor = 10.0 ** (digits - 1 - mag)
    return np.round(x * factor) / factor


def symptom_triggered_grid(
    drinking_duration_d=None,
    plateau_bac_g_per_dl: float = 0.25,
    drug: str = "diazepam",
    half_life_h=None,
    horizon_h: float = 96.0,
):
    """Simulate every slider patient under each strategy: ``{strategy: WithdrawalManagementResult}``."""
    if drinking_duration_d is None:
        lo, hi, step = DRINKING_DAYS_SLIDER
        drinking_duration_d = np.arange(lo, hi + 1, step, dtype=float)
    days = np.asarray(drinking_duration_d, dtype=float)
    return {
        s: manage_alcohol_withdrawal(
            s,
            drinking_duration_d=days,
            plateau_bac_g_per_dl=plateau_bac_g_per_dl,
            drug=drug,
            half_life_h=half_life_h,
            horizon_h=horizon_h,
        )
        for s in STRATEGY_LABELS
    }


def symptom_triggered_chart(
    default_days: int = 13,
    plateau_bac_g_per_dl: float = 0.25,
    drug: str = "diazepam",
    horizon_h: float = 96.0,
    half_life_h=None,
):
    """Slider figure: CIWA-Ar and cumulative dose, symptom-triggered against fixed schedule."""
    lo, hi, step = DRINKING_DAYS_SLIDER
    days = np.arange(lo, hi + 1, step, dtype=float)
    runs = symptom_triggered_grid(days, plateau_bac_g_per_dl, drug, half_life_h=half_life_h, horizon_h=horizon_h)
    t = runs["none"].t_h
    keep = np.flatnonzero(np.isclose(t % 1.0, 0.0))
    labels = list(STRATEGY_LABELS.values())
    rows, totals = [], []
    for s, r in runs.items():
        cum = np.cumsum(r.dose_mg, axis=-1)
        for i, d in enumerate(days):
            rows.append(
                pd.DataFrame(
                    {
                        "days": d,
                        "strategy": STRATEGY_LABELS[s],
                        "t": t[keep],
                        "ciwa": r.ciwa_ar[i, keep],
                        "cum": _sig(cum[i, keep], 4),
                    }
                )
            )
            totals.append(
                dict(
                    days=d,
                    strategy=STRATEGY_LABELS[s],
                    total=float(r.total_dose_mg[i]),
                    duration=float(r.treatment_duration_h[i]),
                    severe=float(r.severe_time_h[i]),
                )
            )
    data = pd.concat(rows, ignore_index=True)
    tot = pd.DataFrame(totals)
    p = alt.param(
        name="drinking_duration_d",
        value=default_days,
        bind=alt.binding_range(min=lo, max=hi, step=step, name="Drinking (days)"),
    )
    x = alt.X("t:Q", title="Hours since the last drink", scale=alt.Scale(domain=[0, horizon_h], nice=False))
    color = alt.Color("strategy:N", scale=color_scale(labels), sort=labels, title=None)
    dash = alt.StrokeDash("strategy:N", scale=dash_scale(labels), sort=labels, title=None)
    base = alt.Chart(data).transform_filter("datum.days == drinking_duration_d")
    ciwa = base.mark_line(strokeWidth=2.5, interpolate="step-after").encode(
        x=x,
        y=alt.Y("ciwa:Q", title="CIWA-Ar (model)", scale=alt.Scale(domain=[0, 30])),
        color=color,
        strokeDash=dash,
        tooltip=[
            alt.Tooltip("strategy:N", title="Strategy"),
            alt.Tooltip("t:Q", title="Hour"),
            alt.Tooltip("ciwa:Q", title="CIWA-Ar"),
        ],
    )
    p_ = WITHDRAWAL_MANAGEMENT_DEFAULTS
    refs = pd.DataFrame(
        {
            "y": [p_.ciwa_threshold, p_.severe_ciwa],
            "label": [f"dose if {p_.ciwa_threshold:g} or more", f"severe ({p_.severe_ciwa:g} or more)"],
        }
    )
    ref_rules = alt.Chart(refs).mark_rule(color=INK, strokeDash=[2, 3]).encode(y="y:Q")
    ref_text = (
        alt.Chart(refs)
        .mark_text(align="right", dy=-5, fontSize=11, color=INK)
        .encode(y="y:Q", x=alt.value(WIDTH), text="label:N")
    )
    top = alt.layer(ciwa, ref_rules, ref_text).properties(width=WIDTH, height=220)
    cum = base.mark_line(strokeWidth=2.5, interpolate="step-after").encode(
        x=x,
        y=alt.Y("cum:Q", title=f"Cumulative {drug} (mg)"),
        color=color,
        strokeDash=dash,
        tooltip=[
            alt.Tooltip("strategy:N", title="Strategy"),
            alt.Tooltip("t:Q", title="Hour"),
            alt.Tooltip("cum:Q", title="Total so far (mg)"),
        ],
    )
    summary = (
        alt.Chart(tot[tot["strategy"] != STRATEGY_LABELS["none"]])
        .transform_filter("datum.days == drinking_duration_d")
        .transform_window(row="row_number()")
        .transform_calculate(
            text="datum.strategy + ':\\n' + format(datum.total, '.0f') + ' mg over ' + "
            "format(datum.duration, '.0f') + ' h'",
            # two lines each (one line did not fit a phone, where the wrapped lines ran together),
            # above the untreated line along the axis
            ypos="1.6 * datum.row",
        )
        .mark_text(align="right", fontSize=12, lineBreak="\n", color=INK)
        .encode(x=alt.value(WIDTH - 6), y=alt.Y("ypos:Q", scale=alt.Scale(domain=[0, 9]), axis=None), text="text:N")
    )
    bottom = alt.layer(cum, summary).resolve_scale(y="independent").properties(width=WIDTH, height=200)
    chart = alt.vconcat(top, bottom, spacing=18).add_params(p)
    d = tot.set_index(["days", "strategy"])
    st_ = d.loc[(float(default_days), STRATEGY_LABELS["symptom_triggered"])]
    fx = d.loc[(float(default_days), STRATEGY_LABELS["fixed_schedule"])]
    return finish(
        chart,
        description=(
            f"Two panels against hours since the last drink, for a patient who drank at a blood alcohol of "
            f"{plateau_bac_g_per_dl} g/dL for a number of days set by a slider. Top: the model's CIWA-Ar score "
            f"untreated, with symptom-triggered {drug} and with a fixed schedule, with dotted lines at the "
            f"dosing threshold {p_.ciwa_threshold:g} and the severe band {p_.severe_ciwa:g}. Bottom: the "
            f"cumulative dose of each strategy. At {default_days} days the symptom-triggered patient receives "
            f"{st_['total']:.0f} mg over {st_['duration']:.0f} h and the fixed-schedule patient "
            f"{fx['total']:.0f} mg over {fx['duration']:.0f} h; both keep the score below the severe band "
            f"that the untreated course crosses. Illustrative model, not a dosing schedule."
        ),
    )


def newborn_withdrawal_chart(default_half_life_h: float = 20.0, horizon_h: float = 240.0):
    """Slider figure: the newborn's drug level and withdrawal after birth, with published onset windows."""
    lo, hi, step = NEONATAL_HALF_LIFE_SLIDER
    hl = np.arange(lo, hi + step / 2, step)
    r = newborn_withdrawal(hl, horizon_h=horizon_h)
    keep = np.flatnonzero(np.isclose(r.t_h % 2.0, 0.0))
    n = hl.size
    curves = pd.DataFrame(
        {
            "hl": np.repeat(hl, keep.size),
            "t": np.tile(r.t_h[keep], n),
            "level": _sig(100 * r.drug_level[:, keep].ravel(), 3),
            "wd": _sig(100 * r.withdrawal[:, keep].ravel(), 3),
        }
    )
    events = pd.DataFrame(
        {"hl": hl, "onset": r.onset_h, "peak": r.peak_h, "peak_pct": _sig(100 * r.peak_withdrawal, 3)}
    )
    p = alt.param(
        name="neonatal_half_life_h",
        value=default_half_life_h,
        bind=alt.binding_range(min=lo, max=hi, step=step, name="Newborn half-life (h)"),
    )
    x = alt.X("t:Q", title="Hours after birth", scale=alt.Scale(domain=[0, horizon_h], nice=False))
    lines = fold_lines(
        alt.Chart(curves).transform_filter("datum.hl == neonatal_half_life_h"),
        {"level": "Drug level in the newborn (% of level at birth)", "wd": "Withdrawal (% of largest possible)"},
        x=x,
        y=alt.Y("value:Q", title="Percent", scale=alt.Scale(domain=[0, 100])),
        value="value",
        tooltip_x=alt.Tooltip("t:Q", title="Hour"),
        tooltip_value=alt.Tooltip("value:Q", title="Percent", format=".1f"),
        legend=alt.Legend(labelLimit=0, columns=1),
    )
    ev = alt.Chart(events).transform_filter("datum.hl == neonatal_half_life_h && isValid(datum.onset)")
    onset_rule = ev.mark_rule(color=INK, strokeDash=[2, 3]).encode(
        x=alt.X("onset:Q", scale=alt.Scale(domain=[0, horizon_h], nice=False)),
        tooltip=[
            alt.Tooltip("onset:Q", title="Model onset (h)"),
            alt.Tooltip("peak:Q", title="Model peak (h)"),
            alt.Tooltip("peak_pct:Q", title="Peak withdrawal (%)"),
        ],
    )
    onset_text = (
        ev.transform_calculate(text="'model onset ' + datum.onset + ' h'")
        .mark_text(align="left", dx=4, fontSize=11, color=INK)
        .encode(x=alt.X("onset:Q", scale=alt.Scale(domain=[0, horizon_h], nice=False)), y=alt.value(12), text="text:N")
    )
    top = alt.layer(lines, onset_rule, onset_text).properties(width=WIDTH - 60, height=240)

    d = neonatal_data()
    d = d[d["quantity"] == "onset_h"].copy()
    d["group"] = d["drug_group"].map(_GROUP_LABELS)
    d["start"] = d["low"].fillna(0.0)
    d["end"] = d["high"].fillna(horizon_h)
    # the bar's label is its window alone (the row's label names the group); the tooltip says both
    d["window"] = [
        f"{lo_:g}-{hi_:g} h"
        if np.isfinite(lo_) and np.isfinite(hi_)
        else (f"within {hi_:g} h" if np.isfinite(hi_) else f"from {lo_:g} h")
        for lo_, hi_ in zip(d["low"], d["high"])
    ]
    d["text"] = [f"{g}: {w}" for g, w in zip(d["group"], d["window"])]
    order = [_GROUP_LABELS[g] for g in NEONATAL_DRUG_GROUPS]
    y = alt.Y("group:N", sort=order, title="Published onset", axis=alt.Axis(labelLimit=200))
    bars = (
        alt.Chart(d)
        .mark_bar(height=14, opacity=0.45, color=INK)
        .encode(
            x=alt.X("start:Q", title="Hours after birth", scale=alt.Scale(domain=[0, horizon_h], nice=False)),
            x2="end:Q",
            y=y,
            tooltip=[
                alt.Tooltip("text:N", title="Onset"),
                alt.Tooltip("note:N", title="Source note"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    labels = (
        alt.Chart(d)
        .mark_text(align="left", dx=4, fontSize=11, color=INK)
        .encode(x=alt.X("start:Q", scale=alt.Scale(domain=[0, horizon_h], nice=False)), y=y, text="window:N")
    )
    now = (
        alt.Chart(events)
        .transform_filter("datum.hl == neonatal_half_life_h && isValid(datum.onset)")
        .mark_rule(color=INK, strokeDash=[2, 3])
        .encode(x=alt.X("onset:Q", scale=alt.Scale(domain=[0, horizon_h], nice=False)))
    )
    bottom = alt.layer(bars, labels, now).properties(width=WIDTH - 60, height=90)
    chart = alt.vconcat(top, bottom, spacing=14).add_params(p)
    row = events.set_index("hl").loc[default_half_life_h]
    return finish(
        chart,
        description=(
            "Top: the newborn's drug level (falling) and withdrawal (rising, then fading) against hours after "
            "birth, for a neonatal half-life set by a slider from 2 to 40 h. A dotted line marks the model's "
            f"onset; at {default_half_life_h:g} h it is {row['onset']:g} h after birth, with a peak of "
            f"{row['peak_pct']:g}% at {row['peak']:g} h. Bottom: the published onset windows after birth for "
            "short-acting opioids (within 24 h), buprenorphine (from about 40 h) and methadone (48-72 h). "
            "Longer half-lives move the onset later and lower the peak. Illustrative model."
        ),
    )


#: Buprenorphine doses offered by :func:`buprenorphine_timing_chart`, mg.
BUPRENORPHINE_DOSES_MG = (2.0, 4.0, 8.0, 16.0)


def buprenorphine_timing_chart(default_drug: str = "fentanyl", default_dose_mg: float = 8.0, max_h: float = 96.0):
    """Interactive figure: withdrawal before and after a first buprenorphine dose, by time since the last opioid.

    A menu selects the full agonist (heroin, methadone, fentanyl) and a menu the
    buprenorphine dose; both select slices of one grid simulated per drug by
    :func:`neuroadapt.receptor_competition.buprenorphine_induction`. Where the
    "after" curve lies above the "before" curve, buprenorphine precipitates
    withdrawal; the crossover (:func:`~neuroadapt.receptor_competition.crossover_time_h`)
    is marked.
    """
    from neuroadapt.receptor_competition import (
        INDUCTION_DRUGS,
        buprenorphine_induction,
        crossover_time_h,
        induction_params,
    )

    hours = np.arange(0.0, max_h + 1.0, 2.0)
    doses = np.asarray(BUPRENORPHINE_DOSES_MG)
    rows, cross = [], []
    for drug in INDUCTION_DRUGS:
        p = induction_params(drug)
        r = buprenorphine_induction(hours, doses, p)
        for i, dose in enumerate(doses):
            rows.append(
                pd.DataFrame(
                    {
                        "drug": drug,
                        "dose": dose,
                        "t": hours,
                        "before": _sig(r.cows_before, 3),
                        "after": _sig(r.cows_after[i], 3),
                    }
                )
            )
        cross.append(dict(drug=drug, crossover=float(_sig(crossover_time_h(p), 3))))
    data = pd.concat(rows, ignore_index=True)
    cross = pd.DataFrame(cross)
    drug_p = alt.param(
        name="full_agonist",
        value=default_drug,
        bind=alt.binding_select(options=list(INDUCTION_DRUGS), name="Opioid used"),
    )
    dose_p = alt.param(
        name="buprenorphine_mg",
        value=default_dose_mg,
        bind=alt.binding_select(options=[float(d) for d in doses], name="Buprenorphine (mg)"),
    )
    x = alt.X("t:Q", title="Hours since the last full-agonist dose", scale=alt.Scale(domain=[0, max_h], nice=False))
    lines = fold_lines(
        alt.Chart(data).transform_filter("datum.drug == full_agonist && datum.dose == buprenorphine_mg"),
        {"before": "Without buprenorphine", "after": "After the buprenorphine dose"},
        x=x,
        y=alt.Y("cows:Q", title="Withdrawal (COWS-like score, model)"),
        value="cows",
        tooltip_x=alt.Tooltip("t:Q", title="Hour"),
        tooltip_value=alt.Tooltip("cows:Q", title="Score", format=".1f"),
    )
    cx = alt.Chart(cross).transform_filter("datum.drug == full_agonist")
    rule = cx.mark_rule(color=INK, strokeDash=[2, 3]).encode(
        x=alt.X("crossover:Q", scale=alt.Scale(domain=[0, max_h], nice=False)),
        tooltip=[alt.Tooltip("crossover:Q", title="Crossover (h)")],
    )
    text = (
        cx.transform_calculate(label="'crossover ' + format(datum.crossover, '.0f') + ' h'")
        .mark_text(align="left", dx=4, fontSize=11, color=INK)
        .encode(x=alt.X("crossover:Q", scale=alt.Scale(domain=[0, max_h], nice=False)), y=alt.value(12), text="label:N")
    )
    chart = alt.layer(lines, rule, text).properties(width=WIDTH, height=300).add_params(drug_p, dose_p)
    c = cross.set_index("drug")["crossover"]
    return finish(
        chart,
        description=(
            "Model withdrawal score against hours since the last dose of a full opioid agonist, without "
            "buprenorphine and just after a first buprenorphine dose; menus choose the opioid (heroin, methadone, "
            "fentanyl) and the dose. Before the dotted crossover line buprenorphine makes withdrawal worse "
            "(precipitated withdrawal); after it, buprenorphine relieves it. Crossover: "
            + ", ".join(f"{d} {c[d]:.0f} h" for d in c.index)
            + ". Illustrative model, not an induction protocol."
        ),
    )
