"""Page-weight transforms of ``neuroadapt_book.sphinx.light_pages`` (issue 10, light pages).

The built-site effects (no Vega, no tip data and no search index before the reader asks for
them) are checked in Chromium by tests/browser; these check the transforms themselves on
small pages: a chart spec's datasets move to the page's data file, sphinx-tippy's three
script tags become one lazy loader whose tip data no longer sets the tips up at load, a
figure's tip loses what only its page needs, and the head's scripts that wait for the parsed
page are deferred.
"""

from __future__ import annotations

import json
import re

from neuroadapt_book.sphinx import vega
from neuroadapt_book.sphinx.light_pages import (
    defer_head_scripts,
    externalize_chart_data,
    inline_icons,
    lazy_tips,
    slim_tip,
)


def _chart_body(target="vega-x"):
    spec = {"description": "d", "params": [{"name": "k", "value": 1}], "datasets": {"data-1": [{"a": "</script>"}]}}
    payload = json.dumps(spec).replace("</", "<\\/")
    return (
        f'<div class="nb-vega-chart"><script type="application/json" class="nb-vega-spec" data-target="{target}">'
        f'{payload}</script><script type="application/json" class="nb-vega-vg" data-target="{target}">{{}}</script>'
        "</div>"
    ), spec


def test_chart_datasets_move_to_the_page_data_file():
    body, spec = _chart_body()
    new, data = externalize_chart_data(body, "book/principles/page")
    assert data == {"vega-x": {"datasets": spec["datasets"]}}
    m = re.search(r'class="nb-vega-spec" data-target="vega-x" data-src="([^"]+)">(.*?)</script>', new)
    assert m.group(1) == "../../_static/figures/book-principles-page.charts.json"
    kept = json.loads(m.group(2))
    assert "datasets" not in kept and kept["params"] == spec["params"]
    assert 'class="nb-vega-vg"' in new  # the compiled Vega spec stays in the page
    assert externalize_chart_data("<p>no chart</p>", "p") == ("<p>no chart</p>", {})


TIPPY_TAGS = (
    '    <script defer="defer" src="../_static/vendor/popper-2.11.8.min.js?v=1"></script>\n'
    '    <script defer="defer" src="../_static/vendor/tippy-bundle-6.3.7.umd.min.js?v=2"></script>\n'
    '    <script defer="defer" src="../_static/tippy/book/page.1234.js"></script>\n'
)


def test_tippy_scripts_become_one_lazy_loader(tmp_path):
    tips = tmp_path / "page.js"
    tips.write_text(
        'selector_to_html = {"a[href=\\"#x\\"]": "<p id=\\"x\\">X</p>"}\nskip_classes = []\n\n'
        'window.onload = function () {\n    tippy(link);\n    console.log("tippy tips loaded!");\n};\n'
    )
    page = lazy_tips(f"<head>\n{TIPPY_TAGS}</head>", tips)
    assert page.count("<script") == 1
    assert 'src="../_static/tips-lazy.js"' in page
    assert 'data-tips="../_static/tippy/book/page.1234.js"' in page
    assert 'data-popper="../_static/vendor/popper-2.11.8.min.js?v=1"' in page
    text = tips.read_text()
    assert "window.onload" not in text and "window.nbTipsInit = function" in text
    assert "console.log" not in text
    assert ' id="x"' not in text  # a tip does not repeat the page's ids
    # a page without tips gets no loader at all
    tips.write_text("")
    assert "<script" not in lazy_tips(f"<head>\n{TIPPY_TAGS}</head>", tips)


def test_a_figure_tip_keeps_caption_and_drawing_only():
    body, _ = _chart_body()
    figure = (
        '<figure id="fig-a"><div class="nb-vega-chart" id="vega-x-chart"><div class="nb-vega-static">'
        '<div class="nb-vega-drawing"><div class="nb-vega-static-wide"><svg><clipPath id="c"/></svg></div>'
        '<div class="nb-vega-static-narrow"><svg/></div></div><div class="nb-static-bindings">s</div></div>'
        '<div class="nb-vega" id="vega-x"></div>' + body + "<noscript><p>d</p></noscript>"
        '<details class="nb-vega-data"><summary>Data and notes</summary></details></div>'
        "<figcaption>Fig. 1 Caption</figcaption></figure>"
    )
    tip = slim_tip(figure)
    for gone in ("<script", "<noscript", "nb-vega-data", "nb-vega-static-narrow", "nb-static-bindings", 'id="fig-a"'):
        assert gone not in tip, gone
    assert "Fig. 1 Caption" in tip and "nb-tip-drawing" in tip and 'id="c"' in tip
    assert "max-width: 100%" in tip


def test_head_scripts_that_wait_for_the_page_are_deferred():
    head = (
        '<link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />\n'
        '<script src="../_static/documentation_options.js?v=1"></script>\n'
        '<script src="../_static/doctools.js?v=2"></script>\n'
        '<script src="../_static/togglebutton.js?v=3"></script>\n'
        '<script data-sd-tabs-storage-prefix="p-" src="../_static/design-tabs.js?v=4"></script>\n'
    )
    out = defer_head_scripts(head)
    assert "preload" not in out
    assert '<script src="../_static/documentation_options.js?v=1"></script>' in out
    assert '<script defer="defer" src="../_static/doctools.js?v=2"></script>' in out
    assert '<script src="../_static/togglebutton.js?v=3"></script>' in out  # hides solutions: not deferred
    assert '<script defer="defer" data-sd-tabs-storage-prefix="p-" src="../_static/design-tabs.js?v=4"></script>' in out
    # search.html (inline_icons without defer_search): its searchtools.js runs at once and needs doctools.js
    page, _ = inline_icons(head, defer_search=False)
    assert '<script src="../_static/doctools.js?v=2"></script>' in page


def test_no_search_index_outside_the_search_page_when_the_inline_search_is_off():
    head = (
        '<script src="../_static/searchtools.js"></script>\n<script src="../searchindex.js"></script>\n'
        "<script>DOCUMENTATION_OPTIONS.search_as_you_type = false;</script>\n"
    )
    page, _ = inline_icons(head)
    assert "searchindex.js" not in page and "searchtools.js" not in page
    page, _ = inline_icons(head.replace("false", "true"))
    assert '<script defer src="../searchindex.js"></script>' in page


def test_the_shipped_vega_runtime_is_the_version_vl_convert_compiles_for():
    from importlib import resources

    import vl_convert

    runtime = resources.files("neuroadapt_book").joinpath("static", vega.VEGA_RUNTIME).read_text(encoding="utf-8")
    assert re.search(r'\.version="([0-9.]+)"', runtime).group(1) == vl_convert.get_vega_version()
    assert "vega-lite" not in runtime.lower()[:2000]
