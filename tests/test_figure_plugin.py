"""The myst-nb figure plugin (``neuroadapt_book.sphinx.vega``) without a build.

A glued chart (shown by ``{glue:figure}``) becomes a plain div: Sphinx's numbered figure
wraps it, so the plugin adds no figure or caption of its own, and the chart's id comes
from its glue key (glued outputs have no cell index). A chart shown as a bare cell output
keeps a figure only if its spec still carries a caption.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from neuroadapt_book.sphinx.vega import VEGALITE_MIME, VegaMimeRenderPlugin, element_id_for, spec_to_html

SPEC = {
    "description": "A line rises from 0 to 1.",
    "mark": "line",
    "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}},
    "data": {"values": [{"x": "</script>", "y": 0}, {"x": "b", "y": 1}]},
}


def mime(spec, *, glue_key=None, cell_index=None, output_index=None):
    metadata = {"scrapbook": {"name": glue_key, "mime_prefix": ""}} if glue_key else {}
    return SimpleNamespace(
        mime_type=VEGALITE_MIME,
        content=spec,
        output_metadata=metadata,
        cell_index=cell_index,
        output_index=output_index,
    )


def rendered(data) -> str:
    (node,) = VegaMimeRenderPlugin.handle_mime(None, data, inline=False)
    return node.astext()


def test_glued_chart_is_a_div_with_target_spec_and_description():
    html = rendered(mime(SPEC, glue_key="reserve_chart"))
    assert "<figure" not in html and "<figcaption" not in html
    assert html.startswith('<div class="nb-vega-chart" id="vega-reserve_chart-chart">')
    assert '<div class="nb-vega" id="vega-reserve_chart"></div>' in html
    assert 'data-target="vega-reserve_chart"' in html
    assert "<noscript><p>A line rises from 0 to 1.</p></noscript>" in html
    assert '</script>"' not in html and "<\\/script>" in html  # data cannot close the script tag
    payload = html.split('data-target="vega-reserve_chart">', 1)[1].split("</script>", 1)[0]
    spec = json.loads(payload.replace("<\\/", "</"))
    # the page's spec is the chart's, with the book's ink (currentColor) under its config
    assert {k: v for k, v in spec.items() if k != "config"} == SPEC
    assert spec["config"]["axis"]["labelColor"] == "currentColor"


def test_glued_ids_are_stable_and_unique_per_key():
    a = element_id_for(SPEC, mime(SPEC, glue_key="fig one"))
    assert a == element_id_for({**SPEC, "mark": "point"}, mime(SPEC, glue_key="fig one")) == "vega-fig-one"
    assert a != element_id_for(SPEC, mime(SPEC, glue_key="fig two"))


def test_cell_output_keeps_a_caption_only_if_the_spec_has_one():
    plain = rendered(mime(SPEC, cell_index=3, output_index=0))
    assert "<figure" not in plain and 'id="vega-3-0-' in plain
    captioned = rendered(mime({**SPEC, "usermeta": {"caption": "Old caption"}}, cell_index=3, output_index=0))
    assert (
        captioned.startswith('<figure class="nb-vega-figure">') and "<figcaption>Old caption</figcaption>" in captioned
    )
    # a glued chart ignores a leftover caption: the page's {glue:figure} has the caption
    assert "<figcaption" not in spec_to_html({**SPEC, "usermeta": {"caption": "Old"}}, "vega-x")


def test_other_outputs_are_left_to_myst_nb():
    assert VegaMimeRenderPlugin.handle_mime(None, SimpleNamespace(mime_type="text/plain"), inline=False) is None
    assert VegaMimeRenderPlugin.handle_mime(None, mime(SPEC), inline=True) is None


# --- static first, data and notes ------------------------------------------------------------

from neuroadapt_book.sphinx.vega import (  # noqa: E402
    NARROW_MAX_PX,
    binding_label,
    data_table_html,
    format_binding_value,
    link_citations,
    narrow_spec,
    static_bindings_html,
    tooltip_fields,
)

WIDE = {
    "description": "Two panels side by side, each a line over a long time axis.",
    "config": {"view": {"continuousWidth": 560, "continuousHeight": 300}},
    "datasets": {"d1": [{"t": i, "v": i * i, "note": "from fava2015" if i == 2 else "model"} for i in range(60)]},
    "params": [
        {"name": "half_life_h", "value": 12, "bind": {"input": "range", "min": 1, "max": 48, "name": "Half-life (h)"}}
    ],
    "hconcat": [
        {
            "data": {"name": "d1"},
            "mark": {"type": "line"},
            "width": 300,
            "title": "A long panel title that a phone would have to wrap onto two lines",
            "encoding": {
                "x": {"field": "t", "type": "quantitative"},
                "y": {"field": "v", "type": "quantitative"},
                "tooltip": [{"field": "t", "title": "Day"}, {"field": "note", "title": "Source"}],
            },
        },
        {
            "data": {"name": "d1"},
            "layer": [
                {
                    "mark": {"type": "point"},
                    "encoding": {
                        "x": {"field": "t", "type": "quantitative"},
                        "y": {"field": "v", "type": "quantitative"},
                    },
                },
                {"mark": {"type": "text", "x": 290, "align": "right"}, "encoding": {"text": {"value": "label"}}},
            ],
            "width": 300,
        },
    ],
}


def test_chart_arrives_drawn_with_a_narrow_layout_and_its_inputs_as_text():
    html = spec_to_html(WIDE, "vega-two")
    static = html.split('class="nb-vega-static"', 1)[1]
    assert static.index("<svg") < static.index("</svg>")
    assert 'role="img" aria-label="Two panels side by side' in html
    wide = re.search(r'nb-vega-static-wide" style="--nb-w:(\d+)px', html)
    narrow = re.search(r'nb-vega-static-narrow" style="--nb-w:(\d+)px', html)
    assert wide and narrow and int(narrow.group(1)) <= NARROW_MAX_PX < int(wide.group(1))
    assert 'fill="currentColor"' in html  # ink follows the page's text colour (themes, print)
    assert 'class="nb-vega-narrow"' in html  # the narrow spec for the browser, without the data
    assert 'Half-life:</span><output class="nb-bind-value">12 h</output>' in html


def test_narrow_layout_stacks_panels_scales_pixel_positions_and_wraps_titles():
    spec = narrow_spec(WIDE)
    assert "hconcat" not in spec and len(spec["vconcat"]) == 2 and "datasets" not in spec
    first, second = spec["vconcat"]
    assert first["width"] <= 250 and isinstance(first["title"], list)
    assert second["layer"][1]["mark"]["x"] < 290
    assert narrow_spec({"mark": "point", "width": 200}) is None  # already fits a phone


def test_every_tooltip_field_is_in_the_data_and_notes_table():
    fields = tooltip_fields(WIDE)
    assert [(f["field"], f["title"], f["dataset"]) for f in fields] == [("t", "Day", "d1"), ("note", "Source", "d1")]
    table = data_table_html(WIDE)
    assert "Day" in table and "Source" in table and "model" in table
    assert '<a data-nb-cite="fava2015">fava2015</a>' in table  # a citation key, linked at write time
    html = spec_to_html(WIDE, "vega-two", downloads={"CSV": "_static/figures/x.csv"})
    assert '<details class="nb-vega-data"><summary>Data and notes</summary>' in html
    assert '<a class="nb-vega-download" href="_static/figures/x.csv" download>CSV</a>' in html


def test_citation_keys_become_links_to_the_references_page():
    entry = SimpleNamespace(
        persons={
            "author": [
                SimpleNamespace(last_names=["Fava"]),
                SimpleNamespace(last_names=["B"]),
                SimpleNamespace(last_names=["C"]),
            ]
        },
        fields={"year": "2015"},
        key="fava2015",
    )
    citation = SimpleNamespace(
        key="fava2015", entry=entry, citation_id="id42", bibliography_key=SimpleNamespace(docname="book/references")
    )
    app = SimpleNamespace(
        env=SimpleNamespace(get_domain=lambda name: SimpleNamespace(citations=[citation])),
        builder=SimpleNamespace(get_relative_uri=lambda a, b: "../references.html"),
    )
    body = link_citations(
        '<td>see <a data-nb-cite="fava2015">fava2015</a>, <a data-nb-cite="nope1999">nope1999</a></td>',
        "book/x/page",
        app,
    )
    assert (
        body
        == '<td>see <a class="reference internal nb-cite" href="../references.html#id42">Fava et al. 2015</a>, nope1999</td>'
    )


def test_slider_labels_are_short_with_units_or_step_labels():
    assert binding_label("Half-life (h)") == ("Half-life", "h")
    assert format_binding_value(12.0, "h") == "12 h" and format_binding_value(1, "days") == "1 day"
    assert format_binding_value(3, "", ["10 min", "20 min", "40 min", "1 h"]) == "1 h"
    spec = {
        "params": [{"name": "exposure_step", "value": 9, "bind": {"input": "range", "name": "Exposure"}}],
        "usermeta": {"slider_labels": {"exposure_step": [f"{i} d" for i in range(13)]}},
    }
    assert '>Exposure:</span><output class="nb-bind-value">9 d</output>' in static_bindings_html(spec)


# --- no text cut short, no panel without its labels ---------------------------------------------

LONG = {
    "description": "Rows of long category names, a long legend and a long banner above two panels.",
    # the book's configuration (figures.theme.finish): wide labels are never cut either
    "config": {
        "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 0},
        "legend": {"labelFontSize": 12, "labelLimit": 0, "orient": "bottom"},
    },
    "datasets": {
        "rows": [
            {
                "process": name,
                "v": i,
                "kind": f"{name} (a long legend entry of several words)",
                "note": f"Exposure {i} days: active receptors back to 95 % after {i * 7} hours of washout",
            }
            for i, name in enumerate(["Recovery from desensitization", "Acute opioid withdrawal (heroin)", "Short"])
        ]
    },
    "vconcat": [
        {
            "data": {"name": "rows"},
            "transform": [{"filter": "datum.v == 0"}],
            "mark": {"type": "text", "align": "left", "baseline": "top", "x": 0, "y": 0, "fontSize": 13},
            "encoding": {"text": {"field": "note", "type": "nominal"}},
            "width": 600,
            "height": 18,
        },
        {
            "hconcat": [
                {
                    "data": {"name": "rows"},
                    "width": 300,
                    "height": 200,
                    "mark": "point",
                    "encoding": {
                        "y": {"field": "process", "type": "nominal"},
                        "x": {"field": "v", "type": "quantitative"},
                        "color": {"field": "kind", "type": "nominal"},
                    },
                },
                {
                    "data": {"name": "rows"},
                    "width": 300,
                    "height": 200,
                    "mark": "bar",
                    "encoding": {
                        "y": {"field": "process", "type": "nominal", "axis": {"labels": False, "ticks": False}},
                        "x": {"field": "v", "type": "quantitative"},
                    },
                },
            ]
        },
    ],
}


def _svg_texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "|", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


def test_phone_layout_wraps_long_text_instead_of_cutting_it():
    html = spec_to_html(LONG, "vega-long")
    for which in ("wide", "narrow"):
        svg = re.search(rf'nb-vega-static-{which}"[^>]*>(.*?</svg>)', html, re.S).group(1)
        texts = _svg_texts(svg)
        assert not [t for t in texts if "…" in t], which  # nothing cut short with an ellipsis
    narrow_svg = re.search(r'nb-vega-static-narrow" style="--nb-w:(\d+)px[^>]*>(.*?</svg>)', html, re.S)
    assert int(narrow_svg.group(1)) <= NARROW_MAX_PX
    texts = _svg_texts(narrow_svg.group(2))
    # the banner, the category labels and the legend wrap onto lines (tspans) that fit a phone
    assert any(t.startswith("|Exposure 0 days:") and t.count("|") >= 4 for t in texts)
    assert any("Recovery from" in t and "desensitization" in t and t.count("|") >= 4 for t in texts)
    assert any("a long legend entry" in t or "long legend" in t for t in texts)


def test_stacked_panel_shows_the_category_labels_it_took_from_its_neighbour():
    spec = narrow_spec(LONG)
    second = spec["vconcat"][1]["vconcat"][1]
    assert second["encoding"]["y"]["axis"].get("labels", True) is not False
    html = spec_to_html(LONG, "vega-long")
    narrow_svg = re.search(r'nb-vega-static-narrow"[^>]*>(.*?</svg>)', html, re.S).group(1)
    wide_svg = re.search(r'nb-vega-static-wide"[^>]*>(.*?</svg>)', html, re.S).group(1)
    assert sum("Short" == t for t in _svg_texts(wide_svg)) == 1  # side by side: the left panel's labels serve both
    assert sum("Short" == t for t in _svg_texts(narrow_svg)) == 2  # stacked: each panel has its own


def test_wrap_expression_breaks_at_spaces():
    import vl_convert

    from neuroadapt_book.sphinx.vega import wrap_expr

    spec = {
        "data": {"values": [{"t": "Drug level in the newborn (% of level at birth)"}]},
        "mark": {"type": "text", "baseline": "top", "x": 0, "y": 0},
        "transform": [{"calculate": wrap_expr("datum.t", 20), "as": "lines"}],
        "encoding": {"text": {"field": "lines", "type": "nominal"}},
    }
    svg = vl_convert.vegalite_to_svg(spec)
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert lines == ["Drug level in the", "newborn (% of level", "at birth)"]
