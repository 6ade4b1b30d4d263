"""One look for every figure: colour-blind-safe colours plus a second cue.

Colours are the Okabe-Ito palette (Okabe & Ito 2008, *Color Universal Design*),
distinguishable with the common colour-vision deficiencies; every series is
also told apart by a dash pattern or a point shape, so colour is never the only
cue. Every chart carries a ``description`` (the SVG's aria-label, read by
screen readers, and the text shown without JavaScript); its caption lives in the
page that shows it (a ``{glue:figure}`` directive).
"""

from __future__ import annotations

import altair as alt
import numpy as np

#: Okabe-Ito colours, in the order the book uses them.
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: Neutral ink for annotations, reference lines and a last series: the SVG keyword
#: ``currentColor`` takes the page's text colour, so it stays readable in dark mode
#: (near-black on the light page, near-white on the dark one, and in JupyterLab).
INK = "currentColor"
#: Series colours: the palette without yellow (too pale for lines on white), black as ink.
SERIES_COLORS = [
    OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "sky_blue")
] + [INK]
#: Dash patterns that pair with :data:`SERIES_COLORS`.
SERIES_DASHES = [[1, 0], [8, 4], [2, 3], [12, 3, 2, 3], [4, 2, 4, 6], [1, 5], [16, 4]]
#: Point shapes that pair with :data:`SERIES_COLORS`.
SERIES_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right"]

WIDTH = 560
HEIGHT = 300


def color_scale(domain) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=SERIES_COLORS[: len(domain)])


def dash_scale(domain) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=SERIES_DASHES[: len(domain)])


def shape_scale(domain) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=SERIES_SHAPES[: len(domain)])


def fold_lines(chart, series: dict, *, x, y, value: str, tooltip_x, tooltip_value, legend=alt.Undefined):
    """Columns of a wide table drawn as named lines, told apart by colour and dash.

    ``chart``'s data has one column per curve (e.g. ``before`` and ``after``): they are
    folded into ``key`` and ``value``, each key takes its display name from ``series``
    (``{"before": "Without buprenorphine", ...}``, in legend order) as the field
    ``series``, and every line carries the tooltip "Curve", ``tooltip_x``, ``tooltip_value``.
    ``y`` encodes the field ``value``; ``legend`` (optional) is the legend of colour and dash.
    """
    keys, names = list(series), list(series.values())
    name_expr = f"'{names[-1]}'"
    for key, name in zip(keys[-2::-1], names[-2::-1]):
        name_expr = f"datum.key == '{key}' ? '{name}' : {name_expr}"
    return (
        chart.transform_fold(keys, as_=["key", value])
        .transform_calculate(series=name_expr)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", scale=color_scale(names), sort=names, title=None, legend=legend),
            strokeDash=alt.StrokeDash("series:N", scale=dash_scale(names), sort=names, title=None, legend=legend),
            tooltip=[alt.Tooltip("series:N", title="Curve"), tooltip_x, tooltip_value],
        )
    )


def round_sig(x, digits: int = 4) -> np.ndarray:
    """Round to ``digits`` significant figures, to keep the data embedded in a page small.

    Examples
    --------
    >>> round_sig([123.456, 0.0012345, 0.0], 3).tolist()
    [123.0, 0.00123, 0.0]
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where(x == 0, 0, np.floor(np.log10(np.abs(np.where(x == 0, 1, x)))))
    scale = 10.0 ** (digits - 1 - mag)
    return np.round(x * scale) / scale


def finish(
    chart,
    *,
    description: str,
    caption: str | None = None,
    title: str | None = None,
    closed_form: dict | None = None,
    slider_labels: dict | None = None,
    stack_legends: bool = False,
):
    """Give a chart the book's configuration, its text description and caption.

    Parameters
    ----------
    chart : altair.TopLevelMixin
        The chart to finish.
    description : str
        What the figure shows, in words, for readers who cannot see it: the
        axes, the series and the pattern to notice. Becomes the SVG aria-label.
    caption : str, optional
        A fallback caption, shown only when the chart is displayed as a plain
        cell output. A chapter figure has no caption here: it is glued and
        shown with ``{glue:figure}``, whose caption is written in the page's
        MyST (numbered, with citations, glossary terms and glued numbers).
    title : str, optional
        A short title drawn above the plot.
    closed_form : dict, optional
        For a closed-form slider figure: which Python function a computed
        field mirrors (``function`` as ``module:name``, ``field``, ``data_args``,
        ``signal_args``, ``slider``, ``test_values``). The site tests move the
        slider in the browser and compare the field with the function.
    slider_labels : dict, optional
        For a slider that steps through a list (its value an index): the label
        of each step, by parameter name (``{"exposure_step": ["10 min", ...]}``).
        The page shows "Exposure: 2 days" instead of the index.
    stack_legends : bool
        Stack several legends under the plot (one row each) instead of one wide row.
    """
    if not description:
        raise ValueError("description must be a non-empty string")
    # several legends under the plot: one row each, not side by side in one row wider than
    # the page's 672 px content box (Vega's legend layout; Vega-Lite types it as an expression;
    # the offset clears the x-axis title, which a vertical legend group does not count)
    legend_layout = (
        {"layout": alt.ExprRef(expr="{bottom: {direction: 'vertical', anchor: 'start', offset: 30}}")}
        if stack_legends
        else {}
    )
    usermeta = {"caption": caption} if caption else {}
    if closed_form:
        usermeta["closed_form"] = closed_form
    if slider_labels:
        usermeta["slider_labels"] = {k: [str(x) for x in v] for k, v in slider_labels.items()}
    props = {"description": description}
    if usermeta:
        props["usermeta"] = usermeta
    if title:
        props["title"] = title
    return (
        chart.properties(**props)
        .configure(font="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif")
        .configure_axis(labelFontSize=12, titleFontSize=13, grid=True, labelLimit=0)
        .configure_legend(
            labelFontSize=12,
            titleFontSize=12,
            orient="bottom",
            symbolStrokeWidth=2.5,
            labelLimit=0,
            **legend_layout,
        )
        .configure_view(continuousWidth=WIDTH, continuousHeight=HEIGHT)
    )
