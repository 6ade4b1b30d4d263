"""Figure: the two-axis map of dependence (reinforcement x homeostatic adaptation)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from neuroadapt.dependence_map import placements

from .theme import color_scale, finish, shape_scale


def dependence_map_chart(size: int = 460):
    """Scatter of drugs on reinforcement strength x homeostatic adaptation.

    Hovering a point shows why the drug sits where it does. Coordinates are
    illustrative (see :func:`neuroadapt.dependence_map.placements`): drugs rated by
    Nutt et al. (2007) are filled markers, drugs placed by hand are open markers with
    uncertainty bars on both axes.
    """
    data = placements()
    classes = list(dict.fromkeys(data["drug_class"]))
    quadrant_labels = pd.DataFrame(
        {
            "x": [0.01, 1.05, 0.01, 1.05],  # at the plot's edges: on a phone the two of a row just fit
            "y": [0.98, 0.98, 0.02, 0.02],
            "align": ["left", "right", "left", "right"],
            "text": [
                "low reinforcement / high adaptation",
                "high reinforcement / high adaptation",
                "low reinforcement / low adaptation",
                "high reinforcement / low adaptation",
            ],
        }
    )
    axis_x = alt.X(
        "reinforcement:Q",
        title="Reinforcement strength (illustrative, 0-1)",
        scale=alt.Scale(domain=[0, 1.06], nice=False),
    )
    axis_y = alt.Y(
        "adaptation:Q",
        title="Homeostatic adaptation (illustrative, 0-1)",
        scale=alt.Scale(domain=[0, 1.06], nice=False),
    )
    hover = alt.selection_point(on="pointerover", fields=["drug"], empty=False, name="hovered")
    color = alt.Color("drug_class:N", scale=color_scale(classes), title="Drug class", legend=alt.Legend(columns=4))
    tooltip = [
        alt.Tooltip("drug:N", title="Drug"),
        alt.Tooltip("quadrant:N", title="Quadrant"),
        alt.Tooltip("placed:N", title="Placed"),
        alt.Tooltip("reason:N", title="Why here"),
    ]
    base = alt.Chart(data).encode(
        x=axis_x,
        y=axis_y,
        color=color,
        shape=alt.Shape("drug_class:N", scale=shape_scale(classes), title="Drug class", legend=alt.Legend(columns=4)),
        tooltip=tooltip,
    )
    rated = (
        base.transform_filter(alt.datum.placed == "rated")
        .mark_point(size=140, filled=True, opacity=0.9)
        .encode(
            strokeWidth=alt.condition(hover, alt.value(3), alt.value(0)),
            stroke=alt.value("currentColor"),
        )
        .add_params(hover)
    )
    by_hand = (
        base.transform_filter(alt.datum.placed == "by hand")
        .mark_point(size=140, filled=False, opacity=1)
        .encode(
            strokeWidth=alt.condition(hover, alt.value(3.5), alt.value(2)),
        )
    )
    hand_data = alt.Chart(data).transform_filter(alt.datum.placed == "by hand")
    bars = hand_data.mark_rule(strokeWidth=1.2, opacity=0.55).encode(
        x="reinforcement:Q", y="adaptation_low:Q", y2="adaptation_high:Q", color=color
    ) + hand_data.mark_rule(strokeWidth=1.2, opacity=0.55).encode(
        x="reinforcement_low:Q", x2="reinforcement_high:Q", y="adaptation:Q", color=color
    )
    points = alt.layer(bars, rated, by_hand)
    # paroxetine and venlafaxine sit 0.01 apart: paroxetine's label goes below its point; the labels
    # of the points near the right edge go to their left (none sticks out of a phone's plot), and
    # diazepam's too, clear of nicotine's
    below = alt.datum.drug == "paroxetine"
    right = "indexof(['heroin', 'cocaine', 'methamphetamine', 'diazepam'], datum.drug) >= 0"
    labels = alt.layer(
        *(
            alt.Chart(data)
            .transform_filter(test)
            .mark_text(align=align, dx=dx, dy=dy, fontSize=11)
            .encode(x=axis_x, y=axis_y, text="drug:N")
            for test, align, dx, dy in (
                (f"datum.drug != 'paroxetine' && !({right})", "left", 9, -7),
                (below, "left", 9, 9),
                (right, "right", -9, -7),
            )
        )
    )
    midlines = alt.Chart(pd.DataFrame({"v": [0.5]}))
    rules = midlines.mark_rule(strokeDash=[4, 4], color="#777").encode(x="v:Q") + midlines.mark_rule(
        strokeDash=[4, 4], color="#777"
    ).encode(y="v:Q")
    quadrants = alt.layer(
        *(
            alt.Chart(quadrant_labels[quadrant_labels["align"] == side])
            .mark_text(
                fontSize=11, fontStyle="italic", color="currentColor", baseline="middle", align=side, lineBreak=" / "
            )
            .encode(x="x:Q", y="y:Q", text="text:N")
            for side in ("left", "right")
        )
    )
    chart = alt.layer(rules, quadrants, points, labels).properties(width=size, height=size)
    listing = "; ".join(
        f"{r.drug}: reinforcement {r.reinforcement:.2f}, adaptation {r.adaptation:.2f}"
        + (
            f" (placed by hand, uncertain: adaptation {r.adaptation_low:.2f}-{r.adaptation_high:.2f})"
            if r.placed == "by hand"
            else " (expert rating)"
        )
        for r in data.itertuples()
    )
    description = (
        "Scatter plot with reinforcement strength on the horizontal axis and homeostatic adaptation on the "
        "vertical axis, both from 0 to 1 and illustrative, divided into four quadrants at 0.5. Each drug is a "
        "point whose colour and shape give its class; drugs rated by experts are filled markers, drugs placed by "
        "hand are open markers with uncertainty bars. " + listing + "."
    )
    return finish(chart, description=description)
