"""Figure: receptor desensitization and downregulation, during and after agonist exposure.

A simulated slider figure. :func:`exposure_recovery_simulation` runs the
receptor trafficking model (:func:`neuroadapt.receptor_regulation.receptor_trafficking_exposure`)
once, vectorized over a log-spaced grid of exposure durations (10 min to
7 days), and :func:`desensitization_recovery_chart` lets the slider pick one
duration: the left panel follows the receptor states during continuous
exposure, the right panel their recovery after washout.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.receptor_regulation import receptor_trafficking_exposure, recovery_time_h

from .theme import HEIGHT, WIDTH, color_scale, dash_scale, finish, shape_scale

__all__ = [
    "EXPOSURE_DURATIONS_H",
    "exposure_recovery_simulation",
    "desensitization_recovery_chart",
    "adaptation_timescales",
    "adaptation_timescales_chart",
]

#: Exposure durations of the slider, h: 10 min to 7 days, roughly doubling.
EXPOSURE_DURATIONS_H = np.array([1 / 6, 1 / 3, 2 / 3, 1.0, 2.0, 4.0, 8.0, 16.0, 24.0, 48.0, 72.0, 120.0, 168.0])

#: Labels for :data:`EXPOSURE_DURATIONS_H`.
EXPOSURE_LABELS = [
    "10 min",
    "20 min",
    "40 min",
    "1 h",
    "2 h",
    "4 h",
    "8 h",
    "16 h",
    "1 day",
    "2 days",
    "3 days",
    "5 days",
    "7 days",
]

#: Log-axis ticks (h) and their labels in readable units.
_TICKS = [1 / 60, 10 / 60, 1.0, 6.0, 24.0, 168.0, 336.0]
_TICK_LABELS = (
    "datum.value < 0.1 ? '1 min' : datum.value < 0.5 ? '10 min' : datum.value < 2 ? '1 h' : "
    "datum.value < 12 ? '6 h' : datum.value < 100 ? '1 d' : datum.value < 200 ? '7 d' : '14 d'"
)

STATES = {
    "active": "Active (on surface)",
    "desensitized": "Desensitized (on surface)",
    "internalized": "Internalized (endosomes)",
    "total": "Total receptors",
}


def exposure_recovery_simulation(
    durations_h=None, *, n_during: int = 90, n_after: int = 90, after_max_h: float = 14 * 24.0, **rates
):
    """Receptor states during a saturating exposure and after washout, for several durations.

    One call of :func:`~neuroadapt.receptor_regulation.receptor_trafficking_exposure`
    with ``stop_h`` set to the whole grid of durations. The output times are
    the union of a log-spaced grid during exposure and, for every duration, a
    log-spaced grid of times after its washout; each duration's recovery is
    then read at its own times.

    Parameters
    ----------
    durations_h : array_like, optional
        Exposure durations, h (default :data:`EXPOSURE_DURATIONS_H`).
    n_during, n_after : int, optional
        Number of log-spaced times during exposure (1 min to the longest
        duration) and after washout (1 min to ``after_max_h``).
    after_max_h : float, optional
        How long recovery is followed, h.
    **rates
        Passed to the model (e.g. ``synthesis_per_h=0``).

    Returns
    -------
    dict
        ``durations_h``; ``t_during_h`` and ``during`` (a
        :class:`~neuroadapt.receptor_regulation.ReceptorTraffickingResult` of the longest
        exposure, read during exposure); ``t_after_h`` (times since washout)
        and ``after`` (dict of state -> array (n_after, n_durations));
        ``recovery_active_h`` (time after washout until active receptors are
        back to 95 % of baseline) and ``states`` (the full simulation).
    """
    d = EXPOSURE_DURATIONS_H if durations_h is None else np.asarray(durations_h, dtype=float)
    t_during = np.geomspace(1 / 60, d.max(), n_during)
    t_after = np.geomspace(1 / 60, after_max_h, n_after)
    t = np.union1d(np.concatenate([[0.0], t_during]), (d[:, None] + np.concatenate([[0.0], t_after])[None, :]).ravel())
    s = receptor_trafficking_exposure(t, 0.0, d, **rates)
    # read each duration's recovery at its own times after washout
    idx = np.searchsorted(t, d[None, :] + t_after[:, None])  # (n_after, n_d)
    cols = np.arange(d.size)[None, :]
    after = {name: np.asarray(getattr(s, name))[cols, idx] for name in STATES}  # states are (n_d, n_t)
    longest = int(np.argmax(d))
    i_during = np.searchsorted(t, t_during)
    during = {name: np.asarray(getattr(s, name))[longest, i_during] for name in STATES}
    return {
        "durations_h": d,
        "t_during_h": t_during,
        "during": during,
        "t_after_h": t_after,
        "after": after,
        "at_washout": {name: np.asarray(getattr(s, name))[np.arange(d.size), np.searchsorted(t, d)] for name in STATES},
        "recovery_active_h": recovery_time_h(s, d, level=0.95),
        "states": s,
    }


def _duration_text(hours: float) -> str:
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.3g} h"
    return f"{hours / 24:.3g} days"


def desensitization_recovery_chart(initial_index: int = 0):
    """Slider figure: receptor states during exposure (left) and recovery after washout (right).

    The slider steps through :data:`EXPOSURE_DURATIONS_H`; the left panel marks
    the chosen washout time, the right panel shows the recovery that follows.
    Both time axes are logarithmic, from 1 minute.
    """
    sim = exposure_recovery_simulation()
    d = sim["durations_h"]
    names = list(STATES.values())
    keys = list(STATES)
    during = pd.DataFrame({"t": np.round(sim["t_during_h"], 4), **{k: np.round(sim["during"][k], 4) for k in keys}})
    n_a = sim["t_after_h"].size
    after = pd.DataFrame(
        {
            "k": np.repeat(np.arange(d.size), n_a),
            "t": np.tile(np.round(sim["t_after_h"], 4), d.size),
            **{k: np.round(sim["after"][k].T.ravel(), 4) for k in keys},
        }
    )
    rec = sim["recovery_active_h"]
    labels = pd.DataFrame(
        {
            "k": np.arange(d.size),
            "stop": d,
            "label": [
                f"Exposure {EXPOSURE_LABELS[i]}: active receptors back to 95 % after {_duration_text(rec[i])}"
                for i in range(d.size)
            ],
        }
    )
    step = alt.param(
        name="exposure_step",
        value=initial_index,
        bind=alt.binding_range(min=0, max=int(d.size - 1), step=1, name="Exposure"),
    )
    colour = alt.Color("state:N", scale=color_scale(names), sort=names, title=None, legend=alt.Legend(columns=2))
    dash = alt.StrokeDash("state:N", scale=dash_scale(names), sort=names, title=None, legend=alt.Legend(columns=2))
    y = alt.Y("value:Q", title="Fraction of receptors before exposure", scale=alt.Scale(domain=[0, 1.05]))
    mapping = "{" + ", ".join(f"'{k}': '{v}'" for k, v in STATES.items()) + "}"
    tip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("t:Q", title="Hours", format=".3g"),
        alt.Tooltip("value:Q", title="Fraction", format=".3f"),
    ]

    left_lines = (
        alt.Chart(during)
        .transform_fold(keys, as_=["key", "value"])
        .transform_calculate(state=f"{mapping}[datum.key]")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X(
                "t:Q",
                title="Time since the agonist was applied (log)",
                scale=alt.Scale(type="log", domain=[1 / 60, 200], nice=False),
                axis=alt.Axis(values=_TICKS[:-1], labelExpr=_TICK_LABELS),
            ),
            y=y,
            color=colour,
            strokeDash=dash,
            tooltip=tip,
        )
    )
    stop = alt.Chart(labels).transform_filter(f"datum.k == {step.name}")
    stop_rule = stop.mark_rule(color="currentColor", strokeDash=[3, 3], strokeWidth=1.5).encode(x="stop:Q")
    stop_text = stop.mark_text(align="left", dx=4, y=HEIGHT - 10, fontSize=12).encode(
        x="stop:Q", text=alt.value("washout")
    )
    left = alt.layer(left_lines, stop_rule, stop_text).properties(
        width=(WIDTH - 40) // 2, height=HEIGHT, title="During exposure (saturating agonist)"
    )

    right_lines = (
        alt.Chart(after)
        .transform_filter(f"datum.k == {step.name}")
        .transform_fold(keys, as_=["key", "value"])
        .transform_calculate(state=f"{mapping}[datum.key]")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X(
                "t:Q",
                title="Time since washout (log)",
                scale=alt.Scale(type="log", domain=[1 / 60, 14 * 24], nice=False),
                axis=alt.Axis(values=_TICKS, labelExpr=_TICK_LABELS),
            ),
            y=y,
            color=colour,
            strokeDash=dash,
            tooltip=tip,
        )
    )
    ref = alt.Chart(pd.DataFrame({"y": [0.95]})).mark_rule(color="#999", strokeDash=[2, 2]).encode(y="y:Q")
    right = alt.layer(ref, right_lines).properties(width=(WIDTH - 40) // 2, height=HEIGHT, title="After washout")
    banner = (
        stop.mark_text(align="left", baseline="middle", fontSize=13, fontWeight="bold", x=0, y=9)
        .encode(text="label:N")
        .properties(width=WIDTH - 40, height=18)
    )
    chart = alt.vconcat(banner, alt.hconcat(left, right, spacing=12), spacing=4).add_params(step)

    aw = sim["at_washout"]
    parts = []
    for i in (0, 4, 8, d.size - 1):
        parts.append(
            f"after {EXPOSURE_LABELS[i]}: at washout active {aw['active'][i]:.2f}, desensitized "
            f"{aw['desensitized'][i]:.2f}, internalized {aw['internalized'][i]:.2f}, total {aw['total'][i]:.2f}; "
            f"active back to 95 % in {_duration_text(rec[i])}"
        )
    description = (
        "Two line charts of receptor states as fractions of the receptors present before exposure, with "
        "logarithmic time axes. Left, during continuous saturating agonist exposure for up to a week: active "
        "receptors fall within minutes as they are desensitized, internalized receptors build up over tens "
        "of minutes, and the total number of receptors declines slowly over days (downregulation). A dashed "
        "line marks the washout time chosen with the slider. Right, after washout: following a short "
        "exposure the active receptors return within about an hour, by resensitization and recycling; after "
        "days of exposure the total itself is depleted and recovery takes days, paced by the synthesis of new "
        "receptors. " + "; ".join(parts) + "."
    )
    return finish(chart, description=description, slider_labels={"exposure_step": EXPOSURE_LABELS[: int(d.size)]})


# ---------------------------------------------------------------------------
# The chapter at a glance: how long each adaptation takes
# ---------------------------------------------------------------------------


def _span(t, y, start_level, end_level):
    """Times at which a monotone curve ``y(t)`` has covered 10 % and 90 % of its change."""
    y = np.asarray(y, dtype=float)
    frac = (y - start_level) / (end_level - start_level)
    i10 = int(np.argmax(frac >= 0.1))
    i90 = int(np.argmax(frac >= 0.9))
    return float(t[i10]), float(t[i90])


def adaptation_timescales() -> pd.DataFrame:
    """How long each adaptation of the chapter takes, computed from the book's models and data.

    Each row is one process with a time window in hours (``start_h``,
    ``end_h``): for a model, the time over which it covers 10 % to 90 % of its
    change (or, for recovery, from washout until 95 % recovery); for a
    clinical syndrome, the typical onset and end in the drug table.

    Returns
    -------
    pandas.DataFrame
        Columns ``process``, ``page``, ``start_h``, ``end_h``, ``basis``.
    """
    from neuroadapt.allostasis import ALLOSTASIS_DEFAULTS
    from neuroadapt.autoinduction import drug_parameters, simulate_autoinduction
    from neuroadapt.drugs import drug_value
    from neuroadapt.pharmacokinetics import regular_dose_times_h

    sim = exposure_recovery_simulation()
    t = sim["t_during_h"]
    act, tot = sim["during"]["active"], sim["during"]["total"]
    rows = []
    a0, a1 = _span(t, act, 1.0, act[np.searchsorted(t, 1.0)])
    rows.append(
        (
            "Receptor desensitization",
            "Desensitization and downregulation",
            a0,
            a1,
            "receptor trafficking model, saturating mu-opioid agonist",
        )
    )
    rows.append(
        (
            "Recovery from desensitization",
            "Desensitization and downregulation",
            1 / 60,
            float(sim["recovery_active_h"][0]),
            "model: washout after a 10-min exposure, to 95 %",
        )
    )
    d0, d1 = _span(t, tot, 1.0, tot[-1])
    rows.append(
        (
            "Receptor downregulation",
            "Desensitization and downregulation",
            d0,
            d1,
            "model: loss of total receptors during a week of exposure",
        )
    )
    rows.append(
        (
            "Recovery from downregulation",
            "Desensitization and downregulation",
            1 / 60,
            float(sim["recovery_active_h"][-1]),
            "model: washout after 7 days of exposure, to 95 %",
        )
    )
    p = drug_parameters("carbamazepine")
    th = np.arange(0.0, 24.0 * 42 + 1, 6.0)
    r = simulate_autoinduction(th, regular_dose_times_h(12.0, 84), dose_mg=p.dose_mg, **p.model_kwargs())
    e0, e1 = _span(th, r.half_life_h, r.half_life_h[0], r.half_life_h[-1])
    rows.append(
        ("Enzyme induction (carbamazepine)", "Tolerance", e0, e1, "autoinduction model: shortening of the half-life")
    )
    rows.append(
        (
            "Acute opioid withdrawal (heroin)",
            "Opioid withdrawal",
            drug_value("heroin", "withdrawal_onset_h"),
            24.0 * drug_value("heroin", "withdrawal_duration_d"),
            "drug table: typical onset to end",
        )
    )
    rows.append(
        (
            "Acute alcohol withdrawal",
            "Alcohol withdrawal",
            drug_value("alcohol", "withdrawal_onset_h"),
            24.0 * drug_value("alcohol", "withdrawal_duration_d"),
            "drug table: typical onset to end",
        )
    )
    tau = ALLOSTASIS_DEFAULTS.time_constant_recovery_h
    rows.append(
        (
            "Recovery of a shifted set point",
            "Allostasis",
            0.1 * tau,
            np.log(10.0) * tau,
            "allostasis model (illustrative time constant): 10 % to 90 % recovered",
        )
    )
    frame = pd.DataFrame(rows, columns=["process", "page", "start_h", "end_h", "basis"])
    frame[["start_h", "end_h"]] = frame[["start_h", "end_h"]].astype(float).round(4)
    return frame


def _hours_text(h: float) -> str:
    if h < 1:
        return f"{h * 60:.0f} min"
    if h < 48:
        return f"{h:.3g} h"
    if h < 24 * 60:
        return f"{h / 24:.3g} days"
    return f"{h / 720:.2g} months"


def adaptation_timescales_chart():
    """Hover chart: the time window of each adaptation in the chapter, on one log time axis."""
    data = adaptation_timescales()
    data["window"] = [f"{_hours_text(a)} to {_hours_text(b)}" for a, b in zip(data.start_h, data.end_h)]
    pages = list(dict.fromkeys(data["page"]))
    order = list(data["process"])
    ticks = [1 / 60, 10 / 60, 1.0, 24.0, 168.0, 720.0, 8760.0]
    label = (
        "datum.value < 1 ? round(datum.value * 60) + ' min' : datum.value < 24 ? round(datum.value) + ' h' : "
        "datum.value < 168 ? '1 day' : datum.value < 720 ? '1 week' : datum.value < 8760 ? '1 month' : '1 year'"
    )
    x = alt.X(
        "start_h:Q",
        title="Time (log scale)",
        scale=alt.Scale(type="log", domain=[1 / 60, 8760], nice=False),
        axis=alt.Axis(values=ticks, labelExpr=label),
    )
    y = alt.Y("process:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    legend = alt.Legend(columns=2, labelLimit=300)
    colour = alt.Color("page:N", scale=color_scale(pages), sort=pages, title="Page", legend=legend)
    tip = [
        alt.Tooltip("process:N", title="Process"),
        alt.Tooltip("window:N", title="Time window"),
        alt.Tooltip("page:N", title="Page"),
        alt.Tooltip("basis:N", title="Computed from"),
    ]
    bars = alt.Chart(data).mark_bar(height=14, opacity=0.9).encode(x=x, x2="end_h:Q", y=y, color=colour, tooltip=tip)
    ends = (
        alt.Chart(data)
        .mark_point(filled=True, size=120, stroke="currentColor", strokeWidth=0.8)
        .encode(
            x=alt.X("end_h:Q"),
            y=y,
            color=colour,
            shape=alt.Shape("page:N", scale=shape_scale(pages), sort=pages, title="Page", legend=legend),
            tooltip=tip,
        )
    )
    chart = alt.layer(bars, ends).properties(width=WIDTH - 150, height=260)
    listing = "; ".join(f"{r.process}: {r.window}" for r in data.itertuples())
    description = (
        "Horizontal bars on a logarithmic time axis from one minute to one year, one bar per adaptation "
        "discussed in this chapter, coloured and marked by the page that treats it. The processes span about "
        "five orders of magnitude: receptor desensitization and its reversal take minutes, enzyme "
        "induction and downregulation days, acute withdrawal days to a week, and the recovery of a shifted "
        "set point months. " + listing + "."
    )
    return finish(chart, description=description)
