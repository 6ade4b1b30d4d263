"""Figures of the chapter *Principles and Mechanisms*: dependence versus addiction, and tolerance.

Three builders, each calling the book's models and only reshaping their
outputs:

* :func:`withdrawal_course_chart` - when withdrawal begins, peaks and ends for
  the drugs of the dependence map, set beside how reinforcing each drug is
  (:mod:`neuroadapt.drugs`, :mod:`neuroadapt.dependence_map`); hover tooltips.
* :func:`autoinduction_chart` - pharmacokinetic tolerance: the same daily dose
  of a self-inducing drug gives falling concentrations and effect as its
  clearance rises (:func:`neuroadapt.autoinduction.simulate_autoinduction`, the
  slider grid simulated in one vectorized call).
* :func:`receptor_reserve_chart` - pharmacodynamic tolerance: the
  concentration-effect curve of the operational model after receptor loss, a
  closed-form slider figure recomputed in the browser from
  :data:`neuroadapt.concentration_effect.VEGA_RECEPTOR_LOSS_EFFECT` and checked
  against :func:`receptor_loss_effect`.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.autoinduction import drug_parameters, simulate_autoinduction
from neuroadapt.concentration_effect import (
    VEGA_OBSERVED_EC50,
    VEGA_OBSERVED_EMAX,
    VEGA_RECEPTOR_LOSS_EFFECT,
    hill_effect,
    operational_effect,
    receptor_occupancy,
    receptor_reserve_curves,
)
from neuroadapt.dependence_map import placements
from neuroadapt.drugs import drug_sources, drug_value
from neuroadapt.pharmacokinetics import regular_dose_times_h

from .theme import HEIGHT, WIDTH, color_scale, dash_scale, finish, round_sig

__all__ = [
    "withdrawal_course_table",
    "withdrawal_course_chart",
    "autoinduction_simulation",
    "autoinduction_chart",
    "receptor_loss_effect",
    "receptor_reserve_chart",
]


# ---------------------------------------------------------------------------
# Addiction versus dependence: the course of withdrawal, drug by drug
# ---------------------------------------------------------------------------

_EVENTS = (
    ("withdrawal_onset_h", "onset", 1 / 24),
    ("withdrawal_peak_h", "peak", 1 / 24),
    ("withdrawal_duration_d", "end of acute syndrome", 1.0),
)


def _value(drug: str, quantity: str, source: str | None = None, bound: str = "value") -> float:
    try:
        return drug_value(drug, quantity, source=source, bound=bound)
    except ValueError:
        return float("nan")


def withdrawal_course_table() -> pd.DataFrame:
    """The withdrawal time course of every drug on the dependence map that has one.

    Joins the drug table (:func:`neuroadapt.drugs.drug_value`, default source of
    each quantity) with the map coordinates
    (:func:`neuroadapt.dependence_map.placements`). Times are converted to days
    after the last dose.

    Returns
    -------
    pandas.DataFrame
        One row per drug, sorted by reinforcement (highest first): ``drug``,
        ``drug_class``, ``reinforcement``, ``adaptation``; for each of
        ``onset``, ``peak`` and ``end`` the typical value and published range
        in days (``onset_d``, ``onset_low_d``, ``onset_high_d``, ...; NaN when
        the table has no value); ``long_tail_low_d``/``long_tail_high_d``, the
        range of a second source that reports a much longer course (Davies &
        Read 2019 for antidepressants); and ``sources``.

    Examples
    --------
    >>> t = withdrawal_course_table().set_index("drug")
    >>> float(t.loc["heroin", "onset_d"].round(3)), float(t.loc["heroin", "end_d"])
    (0.667, 7.0)
    """
    rows = []
    for p in placements().itertuples():
        row = {"drug": p.drug, "drug_class": p.drug_class, "reinforcement": p.reinforcement, "adaptation": p.adaptation}
        sources = []
        for quantity, name, to_days in _EVENTS:
            short = "end" if name.startswith("end") else name
            for bound, suffix in (("value", "_d"), ("low", "_low_d"), ("high", "_high_d")):
                row[short + suffix] = _value(p.drug, quantity, bound=bound) * to_days
            if not np.isnan(row[short + "_low_d"]):
                sources.append(drug_sources(p.drug, quantity)[0])
        row["long_tail_low_d"] = row["long_tail_high_d"] = float("nan")
        if "davies2019" in _safe_sources(p.drug, "withdrawal_duration_d"):
            row["long_tail_low_d"] = _value(p.drug, "withdrawal_duration_d", "davies2019", "low")
            row["long_tail_high_d"] = _value(p.drug, "withdrawal_duration_d", "davies2019", "high")
            sources.append("davies2019")
        if not sources:
            continue
        row["sources"] = ", ".join(dict.fromkeys(sources))
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.sort_values(["reinforcement", "drug"], ascending=[False, True], ignore_index=True)


def _safe_sources(drug: str, quantity: str) -> list[str]:
    try:
        return drug_sources(drug, quantity)
    except ValueError:
        return []


def _fmt_time(days: float) -> str:
    hours = days * 24
    if hours < 48:
        return f"{hours:.3g} h"
    return f"{days:.3g} d"


def withdrawal_course_chart(x_max_d: float = 400.0):
    """Withdrawal onset, peak and end for each drug, beside its reinforcement.

    Left: the drug's reinforcement coordinate on the dependence map. Right:
    days after the last dose on a log axis, with a marker for each published
    time point (shape: onset, peak, end), a whisker for its published range,
    and a line joining the first to the last (colour and dash: drug class).
    Hover a marker for its value, range and source.
    """
    table = withdrawal_course_table()
    order = list(table["drug"])
    classes = list(dict.fromkeys(table["drug_class"]))
    events = []
    for r in table.itertuples():
        for _, name, _ in _EVENTS:
            short = "end" if name.startswith("end") else name
            value, low, high = getattr(r, short + "_d"), getattr(r, short + "_low_d"), getattr(r, short + "_high_d")
            if np.isnan(low) and np.isnan(value):
                continue
            shown = value if not np.isnan(value) else (low + high) / 2
            events.append(
                {
                    "drug": r.drug,
                    "drug_class": r.drug_class,
                    "event": name,
                    "day": float(round_sig(shown, 3)),
                    "low": float(round_sig(low, 3)),
                    "high": float(round_sig(high, 3)),
                    "text": f"{_fmt_time(shown)} (published range {_fmt_time(low)} to {_fmt_time(high)})",
                    "sources": r.sources,
                }
            )
    events = pd.DataFrame(events)
    course = events.groupby(["drug", "drug_class"], as_index=False).agg(start=("day", "min"), stop=("day", "max"))
    tails = table.dropna(subset=["long_tail_low_d"])[["drug", "drug_class", "long_tail_low_d", "long_tail_high_d"]]
    tails = tails.assign(
        text=[
            f"{a:.0f} to {b:.0f} days in a systematic review of withdrawal reports"
            for a, b in zip(tails.long_tail_low_d, tails.long_tail_high_d)
        ]
    )
    coords = table[["drug", "drug_class", "reinforcement", "adaptation"]]

    y = alt.Y("drug:N", sort=order, title=None)
    colour = alt.Color("drug_class:N", scale=color_scale(classes), title="Drug class")
    dash = alt.StrokeDash("drug_class:N", scale=dash_scale(classes), title="Drug class")
    x_days = alt.X(
        "day:Q",
        title="Days after the last dose (log scale)",
        scale=alt.Scale(type="log", domain=[0.1, x_max_d], nice=False),
    )

    lolli = alt.Chart(coords)
    left = (
        alt.layer(
            lolli.mark_rule(strokeWidth=2).encode(
                y=y,
                x=alt.X(
                    "zero:Q",
                    title="Reinforcement (0-1)",
                    scale=alt.Scale(domain=[0, 1]),
                    axis=alt.Axis(values=[0, 0.5, 1]),
                ),
                x2="reinforcement:Q",
                color=colour,
                strokeDash=dash,
            ),
            lolli.mark_point(filled=True, size=80, shape="circle").encode(
                y=y,
                x="reinforcement:Q",
                color=colour,
                tooltip=[
                    alt.Tooltip("drug:N", title="Drug"),
                    alt.Tooltip("reinforcement:Q", title="Reinforcement"),
                    alt.Tooltip("adaptation:Q", title="Adaptation"),
                ],
            ),
        )
        .transform_calculate(zero="0")
        .properties(width=110, height=HEIGHT + 40)
    )

    event_names = [name for _, name, _ in _EVENTS]
    base_e = alt.Chart(events)
    right = alt.layer(
        alt.Chart(course)
        .mark_rule(strokeWidth=3.5, opacity=0.85)
        .encode(
            y=alt.Y("drug:N", sort=order, title=None, axis=alt.Axis(labels=False, ticks=False)),
            x=alt.X(
                "start:Q",
                title="Days after the last dose (log scale)",
                scale=alt.Scale(type="log", domain=[0.1, x_max_d], nice=False),
            ),
            x2="stop:Q",
            color=colour,
            strokeDash=dash,
        ),
        alt.Chart(tails)
        .mark_rule(strokeWidth=1.5, strokeDash=[2, 3], color="currentColor")
        .encode(
            y=alt.Y("drug:N", sort=order),
            x="long_tail_low_d:Q",
            x2="long_tail_high_d:Q",
            tooltip=[alt.Tooltip("drug:N", title="Drug"), alt.Tooltip("text:N", title="Longer courses reported")],
        ),
        base_e.transform_filter("isValid(datum.low) && datum.low > 0")
        .mark_rule(strokeWidth=1, color="currentColor")
        .encode(y=alt.Y("drug:N", sort=order), x="low:Q", x2="high:Q"),
        base_e.mark_point(filled=True, size=110, stroke="currentColor", strokeWidth=0.8).encode(
            y=alt.Y("drug:N", sort=order),
            x=x_days,
            color=colour,
            shape=alt.Shape(
                "event:N",
                sort=event_names,
                title="Time point",
                scale=alt.Scale(domain=event_names, range=["triangle-right", "diamond", "square"]),
            ),
            tooltip=[
                alt.Tooltip("drug:N", title="Drug"),
                alt.Tooltip("event:N", title="Time point"),
                alt.Tooltip("text:N", title="When"),
                alt.Tooltip("sources:N", title="Sources"),
            ],
        ),
    ).properties(width=330, height=HEIGHT + 40)

    chart = alt.hconcat(left, right, spacing=8)
    lines = []
    for r in table.itertuples():
        parts = [f"reinforcement {r.reinforcement:.2f}"]
        for short, label in (("onset", "onset"), ("peak", "peak"), ("end", "end")):
            v = getattr(r, short + "_d")
            if not np.isnan(v):
                parts.append(f"{label} {_fmt_time(v)}")
        if not np.isnan(r.long_tail_high_d):
            parts.append(f"reports of up to {r.long_tail_high_d:.0f} days")
        lines.append(f"{r.drug}: " + ", ".join(parts))
    description = (
        "Two panels sharing one row per drug, drugs ordered from most to least reinforcing. Left: each "
        "drug's reinforcement coordinate on the dependence map, 0 to 1. Right: days after the last dose on a "
        "log scale from 0.1 to 400, with markers for the typical onset, peak and end of the acute withdrawal "
        "syndrome where published, and a line joining them. The order of the rows does not predict the length "
        "or timing of withdrawal: cocaine, near the top, has the shortest course; the antidepressants, at the "
        "bottom, start late and can last months. " + "; ".join(lines) + "."
    )
    return finish(chart, description=description, stack_legends=True)


# ---------------------------------------------------------------------------
# Pharmacokinetic tolerance: autoinduction
# ---------------------------------------------------------------------------


def autoinduction_simulation(
    induction_grid=None,
    *,
    drug: str = "barbiturate_generic_illustrative",
    days: int = 28,
    step_h: float = 3.0,
    dose_mg: float | None = None,
):
    """Simulate a fixed daily regimen of a self-inducing drug over a grid of induction strengths.

    One vectorized call of :func:`neuroadapt.autoinduction.simulate_autoinduction`
    for every value of ``emax_induction`` in ``induction_grid``.

    Parameters
    ----------
    induction_grid : array_like, optional
        Maximal fractional increases of enzyme synthesis to simulate (>= 0);
        0 is the no-induction reference. Default 0, 0.5, ..., 4.
    drug : str, optional
        Parameter set of :func:`neuroadapt.autoinduction.drug_parameters`.
    days : int, optional
        Days of dosing (one dose every ``dosing_interval_h`` of the parameter set).
    step_h : float, optional
        Output time step, h.
    dose_mg : float, optional
        Dose per administration; default the parameter set's dose.

    Returns
    -------
    tuple
        ``(grid, result)`` with the grid as an array and the
        :class:`~neuroadapt.autoinduction.AutoinductionResult` (arrays shaped
        ``(len(grid), n_t)``).
    """
    p = drug_parameters(drug)
    grid = np.arange(0.0, 4.01, 0.5) if induction_grid is None else np.asarray(induction_grid, dtype=float)
    t = np.arange(0.0, days * 24.0 + step_h / 2, step_h)
    kwargs = p.model_kwargs()
    kwargs["emax_induction"] = grid
    doses = regular_dose_times_h(p.dosing_interval_h, int(round(days * 24.0 / p.dosing_interval_h)))
    result = simulate_autoinduction(t, doses, dose_mg=p.dose_mg if dose_mg is None else dose_mg, **kwargs)
    return grid, result


def autoinduction_chart(initial: float = 2.0, effect_ec50_mg_per_l: float = 2.0, days: int = 28):
    """Simulated slider figure: concentration, clearance and effect under autoinduction.

    The slider sets the induction strength (maximal fold increase of enzyme
    synthesis); the dashed curves are the same regimen without induction.
    The effect is read from a fixed Emax curve (:func:`neuroadapt.concentration_effect.hill_effect`,
    illustrative EC50), so every loss of effect here is pharmacokinetic.
    """
    grid, r = autoinduction_simulation(days=days, step_h=4.0)
    n_g, n_t = r.concentration_mg_per_l.shape
    conc = r.concentration_mg_per_l
    effect = np.asarray(hill_effect(conc, ec50=effect_ec50_mg_per_l))
    cl_rel = r.clearance_l_per_h / r.clearance_l_per_h[:, :1]
    # short field names keep the embedded data small
    frame = pd.DataFrame(
        {
            "g": np.repeat(grid, n_t),
            "t": np.tile(np.round(r.t_h / 24.0, 3), n_g),
            "c": round_sig(conc.ravel(), 3),
            "cl": round_sig(cl_rel.ravel(), 3),
            "e": round_sig(effect.ravel(), 3),
            "hl": round_sig(r.half_life_h.ravel(), 3),
        }
    )
    slider = alt.param(
        name="induction",
        value=initial,
        bind=alt.binding_range(min=float(grid.min()), max=float(grid.max()), step=0.5, name="Induction strength"),
    )
    series = ["with induction", "no induction"]
    base = (
        alt.Chart(frame)
        .transform_filter(f"datum.g == {slider.name} || datum.g == 0")
        .transform_calculate(series=f"datum.g == 0 ? '{series[1]}' : '{series[0]}'")
    )
    x = alt.X("t:Q", title="Days of the same daily dose", scale=alt.Scale(domain=[0, days]))
    colour = alt.Color("series:N", scale=color_scale(series), sort=series, title=None)
    dash = alt.StrokeDash("series:N", scale=dash_scale(series), sort=series, title=None)
    tip = [
        alt.Tooltip("series:N", title="Curve"),
        alt.Tooltip("t:Q", title="Day", format=".2f"),
        alt.Tooltip("c:Q", title="Concentration (mg/L)"),
        alt.Tooltip("cl:Q", title="Clearance (x day 0)"),
        alt.Tooltip("hl:Q", title="Half-life (h)"),
        alt.Tooltip("e:Q", title="Effect"),
    ]

    def panel(field, title, domain, height):
        return (
            base.mark_line(strokeWidth=2)
            .encode(
                x=x,
                y=alt.Y(f"{field}:Q", title=title, scale=alt.Scale(domain=domain)),
                color=colour,
                strokeDash=dash,
                tooltip=tip,
            )
            .properties(width=WIDTH, height=height)
        )

    chart = alt.vconcat(
        panel("c", "Concentration (mg/L)", [0, 3], 170),
        panel("cl", "Clearance (x day 0)", [0.8, 2.4], 110),
        panel("e", "Effect (fraction of max.)", [0, 0.6], 120),
        spacing=10,
    ).add_params(slider)
    p = drug_parameters("barbiturate_generic_illustrative")
    i = int(np.argmin(np.abs(grid - initial)))
    last_day = r.t_h >= r.t_h[-1] - 24.0
    description = (
        f"Three stacked line charts over {days} days of one {p.dose_mg:.0f} mg dose every {p.dosing_interval_h:.0f} h of an "
        "illustrative barbiturate-like drug that induces its own metabolism. Top: plasma concentration, a sawtooth "
        "that rises over the first days (accumulation) and then sinks as the drug is cleared faster; the dashed "
        "reference without induction keeps rising to a higher plateau. Middle: clearance relative to day 0, "
        "rising over the first week or more as the enzyme is made in larger amounts. Bottom: the drug's effect, read "
        "from an unchanged concentration-effect curve, which falls with the concentration. The slider sets the "
        f"strength of induction; at {grid[i]:g} the average concentration over the last day is "
        f"{conc[i, last_day].mean():.2f} mg/L against {conc[0, last_day].mean():.2f} mg/L without induction, and "
        f"the half-life has fallen from {r.half_life_h[i, 0]:.0f} h to {r.half_life_h[i, -1]:.0f} h."
    )
    return finish(chart, description=description)


# ---------------------------------------------------------------------------
# Pharmacodynamic tolerance: receptor loss in the operational model
# ---------------------------------------------------------------------------


def receptor_loss_effect(concentration, kd, transducer_ratio_intact, fraction_remaining, system_emax=1.0, slope=1.0):
    """Operational-model effect after losing receptors: :math:`\\tau = f\\,\\tau_0`.

    A thin wrapper of :func:`neuroadapt.concentration_effect.operational_effect`
    with the transducer ratio scaled by the fraction of receptors left; it is
    the Python twin of
    :data:`neuroadapt.concentration_effect.VEGA_RECEPTOR_LOSS_EFFECT`, and the
    site tests compare the two.

    Parameters
    ----------
    concentration : array_like
        Agonist concentration (>= 0), the unit of ``kd``.
    kd : float
        Agonist-receptor dissociation constant (> 0).
    transducer_ratio_intact : float
        Transducer ratio with every receptor present (> 0).
    fraction_remaining : float
        Fraction of receptors left, in [0, 1].
    system_emax, slope : float, optional
        As in :func:`~neuroadapt.concentration_effect.operational_effect`.

    Returns
    -------
    float or numpy.ndarray
        Effect, in the unit of ``system_emax``.

    Examples
    --------
    >>> round(receptor_loss_effect(1.0, kd=31.0, transducer_ratio_intact=30.0, fraction_remaining=1.0), 4)
    0.4839
    """
    f = np.asarray(fraction_remaining, dtype=float)
    if np.any((f < 0) | (f > 1)):
        raise ValueError("fraction_remaining must lie in [0, 1]")
    return operational_effect(
        concentration, kd, f * np.asarray(transducer_ratio_intact, dtype=float), system_emax, slope
    )


def receptor_reserve_chart(
    fraction_remaining: float = 0.5, kd: float = 31.0, transducer_ratio_intact: float = 30.0, n_points: int = 121
):
    """Closed-form slider figure: the concentration-effect curve as receptors are lost.

    The slider sets the fraction of receptors left; the browser recomputes the
    curve from :data:`~neuroadapt.concentration_effect.VEGA_RECEPTOR_LOSS_EFFECT`.
    With the defaults (K_A = 31, transducer_ratio_intact = 30) the control EC50 is 1, so
    concentrations read as multiples of the control EC50. The dotted path is
    where the half-maximal point travels as receptors go (from
    :func:`~neuroadapt.concentration_effect.receptor_reserve_curves`).
    """
    conc = np.geomspace(0.01, 1000.0, n_points)
    control = receptor_reserve_curves(conc, 1.0, kd=kd, transducer_ratio_intact=transducer_ratio_intact)
    data = pd.DataFrame(
        {
            "concentration": round_sig(conc, 4),
            "control_effect": round_sig(control.effect, 4),
            "occupancy": round_sig(receptor_occupancy(conc, kd), 4),
        }
    )
    f_path = np.geomspace(1.0, 0.01, 60)
    path = receptor_reserve_curves(conc[:2], f_path, kd=kd, transducer_ratio_intact=transducer_ratio_intact)
    path_df = pd.DataFrame(
        {
            "path_ec50": round_sig(path.ec50, 4),
            "path_half_emax": round_sig(path.emax / 2, 4),
            "path_f": round_sig(f_path, 3),
        }
    )

    f_param = alt.param(
        name="fraction_remaining",
        value=fraction_remaining,
        bind=alt.binding_range(min=0.01, max=1, step=0.01, name="Receptors left"),
    )
    kd_p = alt.param(name="kd", value=kd)
    intact_p = alt.param(name="transducer_ratio_intact", value=transducer_ratio_intact)
    em_p = alt.param(name="system_emax", value=1.0)
    slope_p = alt.param(name="slope", value=1.0)
    ratio_p = alt.param(name="transducer_ratio", expr="fraction_remaining * transducer_ratio_intact")

    series = ["After receptor loss", "All receptors (control)", "Receptor occupancy"]
    x = alt.X(
        "concentration:Q",
        title="Agonist concentration (multiples of the control EC50, log scale)",
        scale=alt.Scale(type="log", domain=[0.01, 1000], nice=False),
    )
    curves = (
        alt.Chart(data)
        .transform_calculate(effect=VEGA_RECEPTOR_LOSS_EFFECT)
        .transform_calculate(ctrl="datum.control_effect", occ="datum.occupancy", now="datum.effect")
        .transform_fold(["now", "ctrl", "occ"], as_=["key", "value"])
        .transform_calculate(series=f"{{'now': '{series[0]}', 'ctrl': '{series[1]}', 'occ': '{series[2]}'}}[datum.key]")
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", title="Effect, or fraction of receptors occupied", scale=alt.Scale(domain=[0, 1.05])),
            color=alt.Color("series:N", scale=color_scale(series), sort=series, title=None),
            strokeDash=alt.StrokeDash("series:N", scale=dash_scale(series), sort=series, title=None),
            tooltip=[
                alt.Tooltip("series:N", title="Curve"),
                alt.Tooltip("concentration:Q", title="Concentration"),
                alt.Tooltip("value:Q", title="Value", format=".3f"),
            ],
        )
    )
    trail = (
        alt.Chart(path_df)
        .mark_line(strokeDash=[1, 3], color="currentColor", strokeWidth=1.5)
        .encode(
            x=alt.X("path_ec50:Q"),
            y=alt.Y("path_half_emax:Q"),
            order="path_f:Q",
            tooltip=[
                alt.Tooltip("path_f:Q", title="Fraction left"),
                alt.Tooltip("path_ec50:Q", title="EC50", format=".3g"),
                alt.Tooltip("path_half_emax:Q", title="Half of Emax", format=".3f"),
            ],
        )
    )
    now = (
        alt.Chart(pd.DataFrame({"row": [0]}))
        .transform_calculate(ec50_now=VEGA_OBSERVED_EC50, emax_now=VEGA_OBSERVED_EMAX)
        .transform_calculate(
            half_now="datum.emax_now / 2", ec50_shift="datum.ec50_now * (1 + transducer_ratio_intact) / kd"
        )
        .transform_calculate(
            label="'EC50 x' + format(datum.ec50_shift, '.3~r') + ', max. effect ' + format(datum.emax_now, '.0%')"
        )
    )
    mid = now.mark_point(size=110, filled=True, shape="diamond", color="currentColor").encode(
        x=alt.X("ec50_now:Q"),
        y=alt.Y("half_now:Q"),
        tooltip=[
            alt.Tooltip("ec50_now:Q", title="EC50", format=".3g"),
            alt.Tooltip("emax_now:Q", title="Max. effect", format=".3f"),
        ],
    )
    top = now.mark_rule(strokeDash=[6, 3], color="currentColor").encode(y=alt.Y("emax_now:Q"))
    text = now.mark_text(align="left", x=8, y=12, fontSize=13).encode(text="label:N")
    chart = (
        alt.layer(top, curves, trail, mid, text)
        .add_params(f_param, kd_p, intact_p, em_p, slope_p, ratio_p)
        .properties(width=WIDTH, height=HEIGHT)
    )
    r = receptor_reserve_curves(
        conc[:2], [1.0, 0.5, 0.1, 1 / transducer_ratio_intact], kd=kd, transducer_ratio_intact=transducer_ratio_intact
    )
    description = (
        "Concentration-effect curves of the operational model on a log concentration axis. The dashed control "
        "curve, with all receptors, reaches half its maximum at 1 (by construction) and a maximum of "
        f"{r.emax[0]:.2f}. The solid curve is recomputed for the fraction of receptors left, set by the slider: "
        f"with half the receptors the EC50 moves {r.ec50_shift[1]:.1f}-fold to the right while the maximum only "
        f"falls to {r.emax[1]:.2f}; with a tenth, the EC50 moves {r.ec50_shift[2]:.1f}-fold and the maximum is "
        f"{r.emax[2]:.2f}; the maximum is halved only when about {1 - 1 / transducer_ratio_intact:.0%} of the receptors are gone. "
        "The dotted curve is receptor occupancy, which needs about 30 times the control EC50 to reach one half: "
        "at the control EC50 only about 3 % of receptors are occupied. A diamond marks the current half-maximal "
        "point, and a faint dotted path shows where it travels as receptors are lost: first to the right, then down."
    )
    closed_form = {
        "function": "neuroadapt_book.figures.tolerance:receptor_loss_effect",
        "field": "effect",
        "data_args": {"concentration": "concentration"},
        "signal_args": {
            "kd": "kd",
            "transducer_ratio_intact": "transducer_ratio_intact",
            "fraction_remaining": "fraction_remaining",
            "system_emax": "system_emax",
            "slope": "slope",
        },
        "slider": "fraction_remaining",
        "test_values": [1.0, 0.5, 0.05, 0.01],
    }
    return finish(chart, description=description, closed_form=closed_form)
