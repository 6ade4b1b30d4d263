"""Figure of the page *Opioid agonist treatment and precipitated withdrawal*.

* :func:`induction_signal_chart` - for a patient dependent on heroin,
  methadone or fentanyl (one panel each), the net mu-receptor signal by hours
  since the last full-agonist dose, without buprenorphine and just after a
  buprenorphine dose, with the patient's set point and buprenorphine's
  ceiling. A slider moves the moment of the dose and a menu chooses the dose;
  both select slices of a grid computed in one call per drug by
  :func:`neuroadapt.receptor_competition.buprenorphine_induction`.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.receptor_competition import (
    INDUCTION_DRUGS,
    buprenorphine_induction,
    crossover_time_h,
    induction_params,
)

from .theme import INK, WIDTH, finish, fold_lines

__all__ = ["INDUCTION_CHART_DOSES_MG", "induction_signal_table", "induction_signal_chart"]

#: Buprenorphine doses offered by the figure's menu, mg.
INDUCTION_CHART_DOSES_MG = (2.0, 4.0, 8.0, 16.0, 32.0)
_LABELS = {"heroin": "Heroin (via morphine)", "methadone": "Methadone", "fentanyl": "Fentanyl"}


def _sig(x, digits: int = 3):
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where(x == 0, 0, np.floor(np.log10(np.abs(np.where(x == 0, 1, x)))))
    return np.round(x * 10.0 ** (digits - 1 - mag)) / 10.0 ** (digits - 1 - mag)


def induction_signal_table(
    max_h: float = 120.0, step_h: float = 2.0, doses_mg=INDUCTION_CHART_DOSES_MG
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figure's data: one row per (drug, dose, hour), and one per drug.

    Returns
    -------
    tuple of pandas.DataFrame
        ``grid`` with columns ``drug``, ``dose``, ``t`` (h), ``before`` and
        ``after`` (net signal), ``cows_before``, ``cows_after``; and ``per_drug``
        with ``drug``, ``label``, ``set_point``, ``ceiling``, ``crossover_h``.
    """
    hours = np.arange(0.0, max_h + step_h / 2, step_h)
    doses = np.asarray(doses_mg, dtype=float)
    rows, per_drug = [], []
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
                        "before": _sig(r.signal_before),
                        "after": _sig(r.signal_after[i]),
                        "cows_before": np.round(r.cows_before, 1),
                        "cows_after": np.round(r.cows_after[i], 1),
                    }
                )
            )
        per_drug.append(
            {
                "drug": drug,
                "label": _LABELS[drug],
                "set_point": float(_sig(r.set_point)),
                "ceiling": float(_sig(r.ceiling)),
                "crossover_h": float(_sig(crossover_time_h(p))),
            }
        )
    return pd.concat(rows, ignore_index=True), pd.DataFrame(per_drug)


def induction_signal_chart(hour: float = 12.0, dose_mg: float = 8.0, max_h: float = 120.0):
    """Simulated slider figure: net mu-receptor signal before and after buprenorphine.

    Parameters
    ----------
    hour : float
        Initial position of the slider (hours since the last full-agonist dose).
    dose_mg : float
        Initial buprenorphine dose (one of :data:`INDUCTION_CHART_DOSES_MG`).
    max_h : float
        Right end of the time axis, h.
    """
    grid, per_drug = induction_signal_table(max_h=max_h)
    hour_p = alt.param(
        name="induction_hour", value=hour, bind=alt.binding_range(min=0, max=max_h, step=2, name="Since last dose (h)")
    )
    dose_p = alt.param(
        name="bup_mg",
        value=dose_mg,
        bind=alt.binding_select(options=list(INDUCTION_CHART_DOSES_MG), name="Buprenorphine (mg)"),
    )
    y = alt.Y("signal:Q", title="Net signal", scale=alt.Scale(domain=[0, 1]))
    panels = []
    for k, drug in enumerate(INDUCTION_DRUGS):
        d = per_drug.set_index("drug").loc[drug]
        last = k == len(INDUCTION_DRUGS) - 1
        x = alt.X(
            "t:Q",
            title="Hours since the last full-agonist dose" if last else None,
            scale=alt.Scale(domain=[0, max_h], nice=False),
        )
        base = alt.Chart(grid).transform_filter(f"datum.drug == '{drug}' && datum.dose == bup_mg")
        lines = fold_lines(
            base,
            {"before": "Full agonist alone", "after": "After buprenorphine"},
            x=x,
            y=y,
            value="signal",
            tooltip_x=alt.Tooltip("t:Q", title="Hour"),
            tooltip_value=alt.Tooltip("signal:Q", title="Net signal", format=".2f"),
        )
        levels = pd.DataFrame(
            {
                "level": [d.set_point, d.ceiling],
                "name": ["set point", "buprenorphine ceiling"],
                "dash": ["dotted", "dashed"],
            }
        )
        hbase = alt.Chart(levels)
        hlines = alt.layer(
            *[
                hbase.transform_filter(f"datum.name == '{name}'")
                .mark_rule(color=INK, strokeWidth=1.2, strokeDash=dash)
                .encode(
                    y=alt.Y("level:Q", scale=alt.Scale(domain=[0, 1])),
                    tooltip=[
                        alt.Tooltip("name:N", title="Level"),
                        alt.Tooltip("level:Q", title="Signal", format=".2f"),
                    ],
                )
                for name, dash in (("set point", [1, 3]), ("buprenorphine ceiling", [6, 3]))
            ]
        )
        htext = hbase.mark_text(align="right", x=WIDTH - 2, dy=-7, fontSize=11, color=INK).encode(
            y=alt.Y("level:Q", scale=alt.Scale(domain=[0, 1])), text="name:N"
        )
        now = base.transform_filter("datum.t == induction_hour")
        marks = (
            now.transform_fold(["before", "after"], as_=["key", "signal"])
            .mark_point(filled=True, size=90, color=INK)
            .encode(
                x=x,
                y=y,
                shape=alt.Shape(
                    "key:N", scale=alt.Scale(domain=["before", "after"], range=["circle", "triangle-down"]), legend=None
                ),
            )
        )
        rule = now.mark_rule(color=INK, strokeDash=[2, 2]).encode(x=x)
        label = (
            now.transform_calculate(
                text=f"'{d.label}: ' + (datum.after < datum.before - 0.0005 ? 'falls ' : 'rises ') + "
                "format(datum.before, '.2f') + ' → ' + format(datum.after, '.2f') + "
                "' (score ' + format(datum.cows_before, '.0f') + ' → ' + format(datum.cows_after, '.0f') + ')'"
            )
            .mark_text(align="left", x=4, y=10, fontSize=12, color=INK)
            .encode(text="text:N")
        )
        panels.append(alt.layer(lines, hlines, htext, rule, marks, label).properties(width=WIDTH, height=150))
    chart = alt.vconcat(*panels, spacing=12).add_params(hour_p, dose_p)

    s = per_drug.set_index("drug")
    description = (
        "Three stacked line charts, one per full agonist (heroin acting through morphine, methadone, fentanyl), "
        f"of the net mu-receptor signal (0 to 1) against hours since the last dose (0 to {max_h:.0f}). In each, "
        "a solid line is the full agonist alone, falling as it is eliminated, and a dashed line the signal just "
        "after a buprenorphine dose chosen from a menu. Two horizontal rules mark the patient's set point (the "
        "average signal they are adapted to) and buprenorphine's ceiling. Where the solid line lies above the "
        "ceiling, buprenorphine pulls the signal down (precipitated withdrawal); the two lines cross where the "
        "full agonist alone falls to the ceiling, at about "
        + ", ".join(f"{s.loc[dr, 'crossover_h']:.0f} h for {dr}" for dr in INDUCTION_DRUGS)
        + ". A slider moves a vertical line to the hour of the dose and a label gives the signal before and "
        "after, with the model's COWS-like withdrawal score."
    )
    return finish(chart, description=description)
