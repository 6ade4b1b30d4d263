"""Figures for the page on genetics: CYP2D6, codeine and morphine.

* :func:`morphine_exposure_curve_chart` - closed-form slider figure: morphine
  exposure after codeine against the CYP2D6 activity score; the slider sets the
  fraction of a dose converted in a normal metaboliser and the browser
  recomputes the curve from :data:`VEGA_RELATIVE_MORPHINE_EXPOSURE`, the same
  equation as :func:`neuroadapt.pharmacogenetics.relative_morphine_exposure`.
* :func:`population_exposure_chart` - a strip plot of morphine exposure by
  phenotype in a sampled population (one seeded call of
  :func:`neuroadapt.pharmacogenetics.sample_morphine_exposure` per population),
  with a drop-down menu for the population and hover tooltips.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.pharmacogenetics import (
    CYP2D6_POPULATIONS,
    MORPHINE_FRACTION_NM,
    PHENOTYPES,
    activity_score,
    phenotype,
    sample_morphine_exposure,
)

from .theme import HEIGHT, WIDTH, color_scale, finish, shape_scale

#: Phenotype labels drawn in the figures, in order of increasing activity.
PHENOTYPE_LABELS = {
    "PM": "PM (poor)",
    "IM": "IM (intermediate)",
    "NM": "NM (normal)",
    "UM": "UM (ultrarapid)",
}
_LABELS = [PHENOTYPE_LABELS[p] for p in PHENOTYPES]

#: Vega expression of :func:`neuroadapt.pharmacogenetics.relative_morphine_exposure`
#: for a data field ``activity_score`` and a signal ``fraction_at_reference``:
#: with a = AS / 2 and r the fraction converted at AS = 2,
#: f_m(AS) / f_m(2) = [a r / (a r + 1 - r)] / r.
VEGA_RELATIVE_MORPHINE_EXPOSURE = (
    "((datum.activity_score / 2) * fraction_at_reference"
    " / ((datum.activity_score / 2) * fraction_at_reference + 1 - fraction_at_reference))"
    " / fraction_at_reference"
)

#: Diplotypes marked on the curve: common examples of each phenotype.
EXAMPLE_DIPLOTYPES = ["*4/*4", "*4/*10", "*4/*41", "*1/*4", "*1/*41", "*1/*1", "*1x2/*41", "*1x2/*1"]

POPULATION_LABELS = {
    "european": "European ancestry",
    "emirati": "Emirati",
    "ethiopian": "Ethiopian",
}


def morphine_exposure_curve_chart(
    fraction_at_reference: float = MORPHINE_FRACTION_NM, max_score: float = 3.0, n_points: int = 121
):
    """Closed-form slider figure: relative morphine exposure against CYP2D6 activity score.

    Parameters
    ----------
    fraction_at_reference : float
        Initial slider value: fraction of a codeine dose converted to morphine
        in a ``*1/*1`` normal metaboliser.
    max_score : float
        Largest activity score drawn.
    n_points : int
        Points on the curve.
    """
    scores = np.round(np.linspace(0.0, max_score, n_points), 4)
    curve = pd.DataFrame({"activity_score": scores})
    examples = pd.DataFrame({"diplotype": EXAMPLE_DIPLOTYPES})
    examples["activity_score"] = activity_score(EXAMPLE_DIPLOTYPES)
    examples["phenotype"] = [PHENOTYPE_LABELS[p] for p in phenotype(examples["activity_score"])]
    bands = pd.DataFrame(
        {
            "start": [0.0, 1.25, 2.25],
            "end": [1.25, 2.25, max_score],
            "label": ["IM (PM at 0)", "NM", "UM"],
            "mid": [0.625, 1.75, (2.25 + max_score) / 2],
        }
    )
    r = alt.param(
        name="fraction_at_reference",
        value=fraction_at_reference,
        bind=alt.binding_range(min=0.02, max=0.2, step=0.01, name="Morphine share at AS 2"),
    )
    x = alt.X("activity_score:Q", title="CYP2D6 activity score", scale=alt.Scale(domain=[0, max_score], nice=False))
    y_scale = alt.Scale(domain=[0, 1.8], nice=False)
    shade = (
        alt.Chart(bands.iloc[[1]])
        .mark_rect(opacity=0.07, color="currentColor")
        .encode(x=alt.X("start:Q", scale=alt.Scale(domain=[0, max_score], nice=False)), x2="end:Q")
    )
    band_text = (
        alt.Chart(bands).mark_text(dy=10, fontSize=12, color="currentColor", y=0).encode(x="mid:Q", text="label:N")
    )
    cuts = alt.Chart(pd.DataFrame({"v": [1.25, 2.25]})).mark_rule(strokeDash=[3, 3], color="#777").encode(x="v:Q")
    line = (
        alt.Chart(curve)
        .transform_calculate(exposure=VEGA_RELATIVE_MORPHINE_EXPOSURE)
        .mark_line(strokeWidth=2.5, color="currentColor")
        .encode(
            x=x,
            y=alt.Y("exposure:Q", title="Morphine exposure (*1/*1 = 1)", scale=y_scale),
            tooltip=[
                alt.Tooltip("activity_score:Q", title="Activity score"),
                alt.Tooltip("exposure:Q", title="Relative morphine exposure", format=".2f"),
            ],
        )
    )
    points = (
        alt.Chart(examples)
        .transform_calculate(exposure=VEGA_RELATIVE_MORPHINE_EXPOSURE)
        .mark_point(size=110, filled=True, opacity=0.95, stroke="currentColor", strokeWidth=0.8)
        .encode(
            x=x,
            y=alt.Y("exposure:Q", scale=y_scale),
            color=alt.Color("phenotype:N", scale=color_scale(_LABELS), sort=_LABELS, title="Phenotype"),
            shape=alt.Shape("phenotype:N", scale=shape_scale(_LABELS), sort=_LABELS, title="Phenotype"),
            tooltip=[
                alt.Tooltip("diplotype:N", title="Diplotype"),
                alt.Tooltip("activity_score:Q", title="Activity score"),
                alt.Tooltip("phenotype:N", title="Phenotype"),
                alt.Tooltip("exposure:Q", title="Relative morphine exposure", format=".2f"),
            ],
        )
    )
    # each diplotype above and to the left of its point, off the line that rises to the right;
    # the three near the y axis (activity 0-0.5: on a phone within ~40 px of each other and of the
    # axis numbers) in a column under the line to their right, each joined to its point by a thin rule
    label_base = alt.Chart(examples).transform_calculate(exposure=VEGA_RELATIVE_MORPHINE_EXPOSURE)
    low = label_base.transform_filter("datum.activity_score < 0.75").transform_calculate(
        label_x="0.8", label_y="0.04 + 0.1 * datum.activity_score / 0.25"
    )
    low_leader = low.mark_rule(strokeWidth=0.8, color="currentColor", opacity=0.6).encode(
        x=x, y=alt.Y("exposure:Q", scale=y_scale), x2="label_x:Q", y2="label_y:Q"
    )
    low_label = low.mark_text(align="left", baseline="middle", dx=3, fontSize=11).encode(
        x=alt.X("label_x:Q", scale=alt.Scale(domain=[0, max_score], nice=False)),
        y=alt.Y("label_y:Q", scale=y_scale),
        text="diplotype:N",
    )
    labels = (
        label_base.transform_filter("datum.activity_score >= 0.75")
        .mark_text(align="right", baseline="bottom", dx=-6, dy=-5, fontSize=11)
        .encode(x=x, y=alt.Y("exposure:Q", scale=y_scale), text="diplotype:N")
    )
    chart = (
        alt.layer(shade, cuts, band_text, low_leader, line, points, labels, low_label)
        .add_params(r)
        .properties(width=WIDTH, height=HEIGHT)
    )
    description = (
        "Line chart of morphine exposure after a fixed codeine dose, relative to a *1/*1 normal metaboliser, "
        f"against the CYP2D6 activity score from 0 to {max_score:g}. Shaded bands and dashed lines mark the "
        "phenotypes: poor metaboliser at 0, intermediate below 1.25, normal from 1.25 to 2.25, ultrarapid above. "
        "Points mark example diplotypes. The curve starts at 0 (a poor metaboliser makes no morphine), passes "
        "through 1 at activity score 2, and reaches about 1.45 at activity score 3 with the default fraction "
        "of 7.5 percent. It is almost a straight line; a larger converted fraction in the slider bends it "
        "slightly downward but barely changes the ranking."
    )
    closed_form = {
        "function": "neuroadapt.pharmacogenetics:relative_morphine_exposure",
        "field": "exposure",
        "data_args": {"activity_score": "activity_score"},
        "signal_args": {"fraction_at_reference": "fraction_at_reference"},
        "slider": "fraction_at_reference",
        "test_values": [0.02, 0.075, 0.2],
    }
    return finish(chart, description=description, closed_form=closed_form)


def population_samples(n_subjects: int = 300, seed: int = 2021) -> pd.DataFrame:
    """Sampled morphine exposure for every named population, one seeded draw each.

    Parameters
    ----------
    n_subjects : int
        People drawn per population.
    seed : int
        Seed; population ``i`` (in the order of
        :data:`neuroadapt.pharmacogenetics.CYP2D6_POPULATIONS`) uses ``seed + i``.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`neuroadapt.pharmacogenetics.sample_morphine_exposure`
        with a ``population`` column.
    """
    frames = []
    for i, name in enumerate(CYP2D6_POPULATIONS):
        df = sample_morphine_exposure(n_subjects, name, rng=seed + i)
        df.insert(0, "population", name)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def population_exposure_chart(n_subjects: int = 300, seed: int = 2021, population: str = "european"):
    """Strip plot of morphine exposure by CYP2D6 phenotype, with a population drop-down.

    Parameters
    ----------
    n_subjects : int
        People drawn per population (keep it small: every point is embedded in the page).
    seed : int
        Seed of :func:`population_samples`; the vertical jitter uses it too.
    population : str
        Population shown first.
    """
    samples = population_samples(n_subjects, seed)
    # A separate stream: the seed itself drives the phenotype draw of the first population.
    jitter = np.random.default_rng([seed, 7]).uniform(-0.34, 0.34, len(samples))
    row = samples["phenotype"].map({p: i for i, p in enumerate(PHENOTYPES)}).to_numpy()
    data = pd.DataFrame(
        {
            "pop": samples["population"],
            "ph": samples["phenotype"].map(PHENOTYPE_LABELS),
            "row": row,
            "yj": np.round(row + jitter, 3),
            "as": samples["activity_score"],
            "x": np.round(samples["morphine_exposure_relative_to_nm"], 3),
        }
    )
    x_max = float(np.ceil(data["x"].max() * 2) / 2) + 0.5
    names = list(CYP2D6_POPULATIONS)
    pop = alt.param(
        name="population",
        value=population,
        bind=alt.binding_select(options=names, labels=[POPULATION_LABELS[n] for n in names], name="Population"),
    )
    base = alt.Chart(data).transform_filter("datum.pop == population")
    label_expr = "[" + ", ".join(f"'{lab}'" for lab in _LABELS) + "][datum.value]"
    y_scale = alt.Scale(domain=[-0.55, len(PHENOTYPES) - 0.45], nice=False, reverse=True, zero=False)
    y_axis = alt.Axis(
        values=list(range(len(PHENOTYPES))),
        labelExpr=label_expr,
        grid=False,
        labelFontSize=12,
        ticks=False,
        domain=False,
    )
    x = alt.X(
        "x:Q",
        title="Morphine exposure, same codeine dose (*1/*1 average = 1)",
        scale=alt.Scale(domain=[0, x_max], nice=False),
    )
    points = base.mark_point(size=34, filled=True, opacity=0.6).encode(
        x=x,
        y=alt.Y("yj:Q", title=None, scale=y_scale, axis=y_axis),
        color=alt.Color("ph:N", scale=color_scale(_LABELS), sort=_LABELS, title="Phenotype"),
        shape=alt.Shape("ph:N", scale=shape_scale(_LABELS), sort=_LABELS, title="Phenotype"),
        tooltip=[
            alt.Tooltip("ph:N", title="Phenotype"),
            alt.Tooltip("as:Q", title="Activity score"),
            alt.Tooltip("x:Q", title="Relative morphine exposure", format=".2f"),
        ],
    )
    y_row = alt.Y("row:Q", title=None, scale=y_scale, axis=y_axis)
    medians = (
        base.transform_aggregate(median="median(x)", groupby=["ph", "row"])
        .mark_tick(color="currentColor", thickness=3, size=44, orient="vertical")
        .encode(
            x="median:Q",
            y=y_row,
            tooltip=[
                alt.Tooltip("ph:N", title="Phenotype"),
                alt.Tooltip("median:Q", title="Median exposure", format=".2f"),
            ],
        )
    )
    counts = (
        base.transform_aggregate(n="count()", groupby=["ph", "row"])
        .transform_joinaggregate(total="sum(n)")
        .transform_calculate(label="'n = ' + datum.n + ' (' + format(datum.n / datum.total, '.0%') + ')'")
        .mark_text(align="right", baseline="bottom", dy=-22, fontSize=12, color="currentColor", x=WIDTH - 24)
        .encode(y=y_row, text="label:N")
    )
    ref = alt.Chart(pd.DataFrame({"v": [1.0]})).mark_rule(strokeDash=[4, 4], color="currentColor").encode(x="v:Q")
    chart = alt.layer(ref, points, medians, counts).add_params(pop).properties(width=WIDTH - 20, height=HEIGHT)
    shares = "; ".join(
        f"{POPULATION_LABELS[n]}: "
        + ", ".join(f"{p} {int((samples['population'].eq(n) & samples['phenotype'].eq(p)).sum())}" for p in PHENOTYPES)
        for n in names
    )
    description = (
        f"Strip plot of {n_subjects} simulated people per population, one point per person, in four rows by "
        "CYP2D6 phenotype (poor, intermediate, normal, ultrarapid metaboliser), with morphine exposure after the "
        "same codeine dose on the horizontal axis (1 is the average of *1/*1 normal metabolisers, dashed line). A black tick "
        "marks each row's median; the text at the right gives the count and share of each phenotype. A menu "
        "chooses the population. Counts per phenotype (PM, IM, NM, UM): " + shares + ". Poor metabolisers sit at "
        "0; the rows overlap widely, but the ultrarapid row is shifted right and is much fuller in the Ethiopian "
        "sample than in the European one."
    )
    return finish(chart, description=description)
