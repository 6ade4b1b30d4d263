"""Figures for the page *Designing tapers*: occupancy steps and a taper explorer.

Every schedule drawn here is an **illustrative schedule**, teaching material
and not a prescription.

Two figures:

* :func:`occupancy_steps_chart` - the hyperbolic occupancy curve of one drug
  with the doses of a linear and a hyperbolic taper marked on it (hover a
  point for its dose, occupancy and the occupancy removed by that step).
* :func:`taper_explorer_chart` - a simulated explorer: a dropdown picks the
  drug, sliders the starting dose and the occupancy step. For every choice on
  the grid the builder computes the hyperbolic schedule
  (:func:`neuroadapt.occupancy_taper.hyperbolic_schedule`), a linear schedule with
  the same number of steps (:func:`neuroadapt.taper_schedules.linear_schedule`), the
  occupancy each removes (:func:`neuroadapt.occupancy_taper.schedule_occupancy`) and
  the rebound that a feedback model of tolerance
  (:func:`neuroadapt.feedback_withdrawal.taper_step_rebound`, driven by the
  occupancy time course) predicts after each step. The whole grid is simulated in one
  vectorized call; the controls only filter the embedded table.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.drugs import drug_value
from neuroadapt.feedback_withdrawal import FEEDBACK_WITHDRAWAL_DEFAULTS, taper_step_rebound
from neuroadapt.occupancy_taper import hyperbolic_schedule, occupancy, schedule_occupancy, sert_occupancy_parameters
from neuroadapt.taper_schedules import linear_schedule

from .theme import WIDTH, color_scale, dash_scale, finish, round_sig, shape_scale

__all__ = [
    "EXPLORER_DRUGS",
    "STEP_WEEKS",
    "taper_comparison_grid",
    "occupancy_steps_chart",
    "taper_explorer_chart",
]

#: Drugs offered by the explorer: those with a serotonin-transporter occupancy
#: curve and a minimum therapeutic dose in the drug table.
EXPLORER_DRUGS = ("citalopram", "fluoxetine", "paroxetine", "sertraline", "venlafaxine")
#: Illustrative time between dose reductions in the explorer, weeks.
STEP_WEEKS = FEEDBACK_WITHDRAWAL_DEFAULTS.step_duration_d / 7.0
SCHEDULES = ["Hyperbolic (equal occupancy steps)", "Linear (equal dose steps)"]
LEGEND = alt.Legend(labelLimit=0)


def taper_comparison_grid(
    drugs=EXPLORER_DRUGS,
    start_multiples=(1.0, 1.5, 2.0),
    occupancy_steps_pct=(5.0, 7.5, 10.0, 12.5, 15.0, 17.5, 20.0),
    step_weeks: float = STEP_WEEKS,
) -> pd.DataFrame:
    """Hyperbolic and linear schedules with their withdrawal-load measures on a grid.

    Illustrative schedules only, not prescriptions.

    Parameters
    ----------
    drugs : sequence of str
        Drugs with SERT occupancy parameters and a minimum therapeutic dose.
    start_multiples : sequence of float
        Starting dose as a multiple of the drug's minimum therapeutic dose.
    occupancy_steps_pct : sequence of float
        Occupancy removed per step of the hyperbolic schedule, percentage points.
    step_weeks : float
        Weeks per step in the feedback model.

    Returns
    -------
    pandas.DataFrame
        One row per drug, starting dose, occupancy step, schedule and step:
        ``drug``, ``start_multiple``, ``occupancy_step_pct``, ``schedule``
        (``"hyperbolic"`` or ``"linear"``; the linear schedule has as many
        steps as the hyperbolic one), ``step``, ``dose_mg``,
        ``occupancy_pct``, ``occupancy_drop_pct`` and ``rebound_pct`` (from
        :func:`neuroadapt.feedback_withdrawal.taper_step_rebound`, in percent).
    """
    runs = []
    for drug in drugs:
        sert = sert_occupancy_parameters(drug)
        dmin = drug_value(drug, "minimum_therapeutic_dose_mg")
        for mult in start_multiples:
            for step in occupancy_steps_pct:
                hyper = hyperbolic_schedule(drug, dmin * mult, step / 100.0).dose_mg
                linear = linear_schedule(dmin * mult, hyper.size - 1)
                for name, dose in (("hyperbolic", hyper), ("linear", linear)):
                    runs.append(
                        dict(
                            drug=drug,
                            start_multiple=mult,
                            occupancy_step_pct=step,
                            schedule=name,
                            dose=dose,
                            occupancy_max=sert.occupancy_max,
                            ed50=sert.ed50_mg,
                        )
                    )
    n_rows = max(r["dose"].size for r in runs)
    doses = np.zeros((n_rows, len(runs)))
    for j, r in enumerate(runs):
        doses[: r["dose"].size, j] = r["dose"]
    rebound = (
        100.0
        * taper_step_rebound(
            doses.T, [r["occupancy_max"] for r in runs], [r["ed50"] for r in runs], step_duration_d=7.0 * step_weeks
        ).T
    )
    frames = []
    for j, r in enumerate(runs):
        sched = schedule_occupancy(r["dose"], r["drug"])
        n = r["dose"].size
        frames.append(
            pd.DataFrame(
                {
                    "drug": r["drug"],
                    "start_multiple": r["start_multiple"],
                    "occupancy_step_pct": r["occupancy_step_pct"],
                    "schedule": r["schedule"],
                    "step": sched.step,
                    "dose_mg": sched.dose_mg,
                    "occupancy_pct": 100.0 * sched.occupancy,
                    "occupancy_drop_pct": 100.0 * sched.occupancy_drop,
                    "rebound_pct": rebound[:n, j],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _percent_frame(schedule) -> pd.DataFrame:
    """A schedule's table with occupancy in percent, as the chart shows it."""
    frame = schedule.to_frame()
    frame["occupancy_pct"] = 100.0 * frame.pop("occupancy")
    frame["occupancy_drop_pct"] = 100.0 * frame.pop("occupancy_drop")
    return frame


def occupancy_steps_chart(
    drug: str = "citalopram", start_dose_mg: float = 20.0, occupancy_step_pct: float = 10.0, linear_steps: int = 4
):
    """The occupancy curve with a linear and a hyperbolic taper marked on it.

    Parameters
    ----------
    drug : str
        Drug with a SERT occupancy curve in the drug table.
    start_dose_mg : float
        Starting dose, mg/day.
    occupancy_step_pct : float
        Occupancy removed per step of the hyperbolic taper, percentage points.
    linear_steps : int
        Number of equal dose reductions of the linear taper.
    """
    sert = sert_occupancy_parameters(drug)
    emax, ed50 = round(100.0 * sert.occupancy_max, 9), sert.ed50_mg  # percent, for the reader
    grid = np.linspace(0.0, start_dose_mg * 1.05, 200)
    curve = pd.DataFrame(
        {
            "dose_mg": round_sig(grid, 4),
            "occupancy_pct": round_sig(100.0 * occupancy(grid, sert.occupancy_max, ed50), 4),
        }
    )
    hyper = _percent_frame(hyperbolic_schedule(drug, start_dose_mg, occupancy_step_pct / 100.0))
    linear = _percent_frame(schedule_occupancy(linear_schedule(start_dose_mg, linear_steps), drug))
    labels = [f"Hyperbolic: {occupancy_step_pct:g}-point occupancy steps", f"Linear: {linear_steps} equal dose steps"]
    hyper["schedule"], linear["schedule"] = labels
    points = pd.concat([hyper, linear], ignore_index=True)
    for col in ("dose_mg", "occupancy_pct", "occupancy_drop_pct", "dose_drop_mg"):
        points[col] = round_sig(points[col], 3)
    # vertical segments: the occupancy each step removes, drawn at the new dose
    points["occupancy_before_pct"] = points["occupancy_pct"] + points["occupancy_drop_pct"]
    x = alt.X(
        "dose_mg:Q",
        title=f"Daily dose of {drug} (mg)",
        scale=alt.Scale(domain=[0, start_dose_mg * 1.05], nice=False, padding=8),
    )
    y = alt.Y("occupancy_pct:Q", title="Serotonin transporter occupancy (%)", scale=alt.Scale(domain=[0, 100]))
    line = alt.Chart(curve).mark_line(color="currentColor", strokeWidth=2).encode(x=x, y=y)
    drops = (
        alt.Chart(points[points["step"] > 0])
        .mark_rule(strokeWidth=3, opacity=0.45)
        .encode(
            x="dose_mg:Q",
            y="occupancy_pct:Q",
            y2="occupancy_before_pct:Q",
            color=alt.Color("schedule:N", scale=color_scale(labels), sort=labels, title=None, legend=LEGEND),
        )
    )
    marks = (
        alt.Chart(points)
        .mark_point(size=110, filled=True, opacity=0.95)
        .encode(
            x=x,
            y=y,
            color=alt.Color("schedule:N", scale=color_scale(labels), sort=labels, title=None, legend=LEGEND),
            shape=alt.Shape("schedule:N", scale=shape_scale(labels), sort=labels, title=None, legend=LEGEND),
            tooltip=[
                alt.Tooltip("schedule:N", title="Schedule"),
                alt.Tooltip("step:Q", title="Step"),
                alt.Tooltip("dose_mg:Q", title="Dose (mg)"),
                alt.Tooltip("occupancy_pct:Q", title="Occupancy (%)", format=".1f"),
                alt.Tooltip("occupancy_drop_pct:Q", title="Occupancy removed by this step (points)", format=".1f"),
            ],
        )
    )
    chart = alt.layer(line, drops, marks).properties(width=WIDTH, height=320)
    lin_drops = ", ".join(f"{v:.1f}" for v in linear["occupancy_drop_pct"].iloc[1:])
    description = (
        f"Curve of serotonin transporter occupancy against the daily dose of {drug}, rising steeply at low doses "
        f"and flattening toward {emax:g}% at high doses (a hyperbola with half-maximal dose {ed50:g} mg). "
        f"Circles mark the doses of a hyperbolic taper from {start_dose_mg:g} mg that removes "
        f"{occupancy_step_pct:g} points of occupancy at every step, so its dose steps shrink toward zero. "
        f"Squares mark a linear taper in {linear_steps} equal dose steps, whose occupancy drops are "
        f"{lin_drops} points: small at first, then a cliff at the last step. Shaded vertical bars show "
        "the occupancy each step removes."
    )
    return finish(chart, description=description)


def taper_explorer_chart(
    default_drug: str = "citalopram",
    default_multiple: float = 1.0,
    default_step_pct: float = 10.0,
    grid: pd.DataFrame | None = None,
):
    """Explorer: drug (dropdown), starting dose and occupancy step (sliders).

    Three stacked panels share the step axis: the dose of each step, the
    occupancy that step removes, and the rebound of the feedback model after
    it, for the hyperbolic schedule and a linear schedule with as many steps.
    The grid is precomputed by :func:`taper_comparison_grid`.
    """
    data = taper_comparison_grid() if grid is None else grid
    drugs = list(dict.fromkeys(data["drug"]))
    multiples = sorted(data["start_multiple"].unique())
    steps = sorted(data["occupancy_step_pct"].unique())
    compact = pd.DataFrame(
        {
            "d": data["drug"].map({d: i for i, d in enumerate(drugs)}).astype(int),
            "x": data["start_multiple"],
            "s": data["occupancy_step_pct"],
            "h": (data["schedule"] == "hyperbolic").astype(int),
            "k": data["step"],
            "dose": round_sig(data["dose_mg"], 3),
            "occ": round_sig(data["occupancy_pct"], 3),
            "drop": round_sig(data["occupancy_drop_pct"], 3),
            "reb": round_sig(data["rebound_pct"], 3),
        }
    )
    min_doses = {d: drug_value(d, "minimum_therapeutic_dose_mg") for d in drugs}
    labels = [f"{d} (minimum dose {min_doses[d]:g} mg)" for d in drugs]
    drug_p = alt.param(
        name="drug",
        value=drugs.index(default_drug),
        bind=alt.binding_select(options=list(range(len(drugs))), labels=labels, name="Drug"),
    )
    mult_p = alt.param(
        name="start_multiple",
        value=default_multiple,
        bind=alt.binding_range(
            min=min(multiples), max=max(multiples), step=float(np.diff(multiples).min()), name="Start dose (× minimum)"
        ),
    )
    step_p = alt.param(
        name="occ_step",
        value=default_step_pct,
        bind=alt.binding_range(
            min=min(steps), max=max(steps), step=float(np.diff(steps).min()), name="Occupancy step (points)"
        ),
    )
    names = "[" + ", ".join(f"'{d}'" for d in drugs) + "]"
    base = (
        alt.Chart(compact)
        .transform_filter("datum.d == drug && datum.x == start_multiple && datum.s == occ_step")
        .transform_calculate(schedule=f"datum.h == 1 ? '{SCHEDULES[0]}' : '{SCHEDULES[1]}'")
        .transform_calculate(weeks=f"datum.k * {STEP_WEEKS:g}")
    )
    x = alt.X(
        "k:Q",
        title=f"Step (one step every {STEP_WEEKS:g} weeks in the model)",
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    color = alt.Color("schedule:N", scale=color_scale(SCHEDULES), sort=SCHEDULES, title=None, legend=LEGEND)
    dash = alt.StrokeDash("schedule:N", scale=dash_scale(SCHEDULES), sort=SCHEDULES, title=None, legend=LEGEND)
    shape = alt.Shape("schedule:N", scale=shape_scale(SCHEDULES), sort=SCHEDULES, title=None, legend=LEGEND)
    tooltip = [
        alt.Tooltip("schedule:N", title="Schedule"),
        alt.Tooltip("k:Q", title="Step"),
        alt.Tooltip("weeks:Q", title="Week"),
        alt.Tooltip("dose:Q", title="Dose (mg)"),
        alt.Tooltip("occ:Q", title="Occupancy (%)"),
        alt.Tooltip("drop:Q", title="Occupancy removed (points)"),
        alt.Tooltip("reb:Q", title="Model rebound (% of baseline)"),
    ]

    def panel(field, title, height, extra=None):
        enc = dict(x=x, y=alt.Y(f"{field}:Q", title=title), color=color, tooltip=tooltip)
        lines = base.mark_line(strokeWidth=2.5).encode(strokeDash=dash, **enc)
        pts = base.mark_point(size=70, filled=True).encode(shape=shape, **enc)
        layers = [lines, pts] + ([extra] if extra is not None else [])
        return alt.layer(*layers).properties(width=WIDTH, height=height)

    start_label = (
        base.transform_filter("datum.k == 0 && datum.h == 1")
        .transform_calculate(label=f"'Illustrative schedule: ' + {names}[datum.d] + ' from ' + datum.dose + ' mg/day'")
        .mark_text(align="right", baseline="top", dx=0, dy=4, fontSize=12, color="currentColor")
        .encode(text="label:N", x=alt.value(WIDTH), y=alt.value(0))
    )
    dose_panel = panel("dose", "Daily dose (mg)", 190, start_label)
    drop_panel = panel("drop", "Occupancy removed (points)", 150)
    reb_panel = panel("reb", "Model rebound (% of baseline)", 150)
    chart = alt.vconcat(dose_panel, drop_panel, reb_panel, spacing=14).add_params(drug_p, mult_p, step_p)

    d0 = data[
        (data.drug == default_drug)
        & (data.start_multiple == default_multiple)
        & (data.occupancy_step_pct == default_step_pct)
    ]
    h0, l0 = d0[d0.schedule == "hyperbolic"], d0[d0.schedule == "linear"]
    description = (
        "Three stacked line charts against taper step, each comparing a hyperbolic schedule (solid line, circles) "
        "with a linear schedule of the same number of steps (dashed line, squares). Controls choose the drug, the "
        "starting dose and the occupancy removed per hyperbolic step. Top: the dose, which the hyperbolic schedule "
        "cuts by large amounts first and by tiny amounts at the end, while the linear one falls in equal amounts. "
        "Middle: the occupancy removed by each step, constant for the hyperbolic schedule and rising to a cliff at "
        "the last linear step. Bottom: the rebound of a feedback model of tolerance after each step, nearly even "
        "for the hyperbolic schedule and largest at the end of the linear one. "
        f"For the default choice ({default_drug} {h0.dose_mg.iloc[0]:g} mg, {default_step_pct:g}-point steps) the "
        f"largest occupancy drop is {h0.occupancy_drop_pct.max():.1f} points hyperbolic versus "
        f"{l0.occupancy_drop_pct.max():.1f} linear, and the largest model rebound "
        f"{h0.rebound_pct.max():.1f}% versus {l0.rebound_pct.max():.1f}% of baseline."
    )
    return finish(chart, description=description)
