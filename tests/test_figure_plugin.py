"""The myst-nb figure plugin (``neuroadapt_book.sphinx.vega``) without a build.

A glued chart (shown by ``{glue:figure}``) becomes a plain div: Sphinx's numbered figure
wraps it, so the plugin adds no figure or caption of its own, and the chart's id comes
from its glue key (glued outputs have no cell index). A chart shown as a bare cell output
keeps a figure only if its spec still carries a caption.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from neuroadapt_book.sphinx.vega import VEGALITE_MIME, VegaMimeRenderPlugin, element_id_for, spec_to_html

SPEC = {"description": "A line rises from 0 to 1.", "mark": "line", "data": {"values": [{"x": "</script>"}]}}


def mime(spec, *, glue_key=None, cell_index=None, output_index=None):
    metadata = {"scrapbook": {"name": glue_key, "mime_prefix": ""}} if glue_key else {}
    return SimpleNamespace(mime_type=VEGALITE_MIME, content=spec, output_metadata=metadata,
                           cell_index=cell_index, output_index=output_index)


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
    assert "</script>\"" not in html and "<\\/script>" in html  # data cannot close the script tag
    payload = html.split('data-target="vega-reserve_chart">', 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(payload.replace("<\\/", "</")) == SPEC


def test_glued_ids_are_stable_and_unique_per_key():
    a = element_id_for(SPEC, mime(SPEC, glue_key="fig one"))
    assert a == element_id_for({**SPEC, "mark": "point"}, mime(SPEC, glue_key="fig one")) == "vega-fig-one"
    assert a != element_id_for(SPEC, mime(SPEC, glue_key="fig two"))


def test_cell_output_keeps_a_caption_only_if_the_spec_has_one():
    plain = rendered(mime(SPEC, cell_index=3, output_index=0))
    assert "<figure" not in plain and 'id="vega-3-0-' in plain
    captioned = rendered(mime({**SPEC, "usermeta": {"caption": "Old caption"}}, cell_index=3, output_index=0))
    assert captioned.startswith('<figure class="nb-vega-figure">') and "<figcaption>Old caption</figcaption>" in captioned
    # a glued chart ignores a leftover caption: the page's {glue:figure} has the caption
    assert "<figcaption" not in spec_to_html({**SPEC, "usermeta": {"caption": "Old"}}, "vega-x")


def test_other_outputs_are_left_to_myst_nb():
    assert VegaMimeRenderPlugin.handle_mime(None, SimpleNamespace(mime_type="text/plain"), inline=False) is None
    assert VegaMimeRenderPlugin.handle_mime(None, mime(SPEC), inline=True) is None
