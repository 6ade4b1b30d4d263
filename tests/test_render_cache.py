"""The figure plugin's render cache (``neuroadapt_book.sphinx.vega``, ``_build/.svg_cache``).

A build whose charts did not change renders nothing with vl-convert: each render is kept
on disk under a key made of the spec (its layout included), the installed vl-convert and
Altair and the plugin's own code. These tests check that a cached render is the render,
byte for byte, and that a changed spec (or layout, or plugin) is rendered anew.
"""

from __future__ import annotations

import os

import pytest

from neuroadapt_book.sphinx import vega

SPEC = {
    "description": "A line rises from 0 to 1.",
    "mark": "line",
    "width": 400,
    "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    "data": {"values": [{"x": 0, "y": 0}, {"x": 1, "y": 1}]},
}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A render cache in ``tmp_path``, and a list of the renders vl-convert was asked for."""
    calls = []
    render = vega._vl_convert_uncached

    def counting(kind, spec):
        calls.append(kind)
        return render(kind, spec)

    monkeypatch.setattr(vega, "RENDER_CACHE", tmp_path / ".svg_cache")
    monkeypatch.setattr(vega, "_vl_convert_uncached", counting)
    return calls


def test_a_cached_render_is_byte_identical_to_a_fresh_one(cache, monkeypatch):
    inked = vega._with_ink(SPEC)
    fresh = vega._vl_convert("svg", inked)  # rendered by vl-convert, and stored
    (stored,) = vega.RENDER_CACHE.glob("*/*.svg")
    assert stored.read_bytes() == fresh.encode()  # the stored text is vl-convert's, byte for byte
    assert vega._vl_convert("svg", inked) == fresh
    assert cache == ["svg"]  # the second time from the cache
    first = vega.static_svg(inked, "vega-a-w")
    n = len(cache)
    assert vega.static_svg(inked, "vega-a-w") == first
    assert len(cache) == n  # read from the cache
    monkeypatch.setattr(vega, "RENDER_CACHE", None)
    assert vega.static_svg(inked, "vega-a-w") == first  # no cache: the same drawing
    vg = vega.compiled_vega(inked, {})
    monkeypatch.setattr(vega, "RENDER_CACHE", stored.parent.parent)
    assert vega.compiled_vega(inked, {}) == vg  # stored as JSON, read back equal
    assert vega.compiled_vega(inked, {}) == vg


def test_the_whole_chart_html_is_the_same_from_the_cache(cache, monkeypatch, tmp_path):
    wide = {**SPEC, "hconcat": [{**SPEC, "width": 400}, {**SPEC, "width": 400}]}
    wide = {k: v for k, v in wide.items() if k not in ("mark", "encoding", "width")}
    fresh = vega.spec_to_html(wide, "vega-b")
    n = len(cache)
    assert n >= 4  # a wide and a narrow drawing, a wide and a narrow Vega compile
    assert vega.spec_to_html(wide, "vega-b") == fresh
    assert len(cache) == n  # nothing rendered the second time
    monkeypatch.setattr(vega, "RENDER_CACHE", None)
    assert vega.spec_to_html(wide, "vega-b") == fresh


def test_a_changed_spec_is_rendered_again(cache):
    inked = vega._with_ink(SPEC)
    vega.static_svg(inked, "p")
    vega.compiled_vega(inked, {})
    assert cache == ["svg", "vega"]
    changed = vega._with_ink({**SPEC, "data": {"values": [{"x": 0, "y": 0}, {"x": 1, "y": 2}]}})
    assert vega.render_cache_key("svg", changed) != vega.render_cache_key("svg", inked)
    svg = vega.static_svg(changed, "p")
    assert cache == ["svg", "vega", "svg"]
    assert svg != vega.static_svg(inked, "p")  # both now cached, each its own drawing
    assert cache == ["svg", "vega", "svg"]
    # the phone layout is another spec, so another key
    narrow = vega.narrow_spec({**inked, "width": 600})
    assert vega.render_cache_key("svg", narrow) != vega.render_cache_key("svg", {**inked, "width": 600})


def test_the_key_changes_with_the_plugin_and_the_renderer(monkeypatch):
    key = vega.render_cache_key("svg", SPEC)
    assert key == vega.render_cache_key("svg", dict(reversed(list(SPEC.items()))))  # key order does not matter
    assert key != vega.render_cache_key("vega", SPEC)
    monkeypatch.setattr(vega, "_SALT", vega._render_cache_salt().replace("|", "|other code ", 1))
    assert vega.render_cache_key("svg", SPEC) != key
    monkeypatch.setattr(vega, "_SALT", None)
    salt = vega._render_cache_salt()
    assert salt.startswith(vega.RENDER_CACHE_VERSION + "|")
    import hashlib
    from importlib.metadata import version

    assert version("vl-convert-python") in salt and version("altair") in salt
    assert hashlib.sha256(open(vega.__file__, "rb").read()).hexdigest() in salt


def test_unused_renders_are_pruned_after_a_build_that_read_every_page(cache, monkeypatch):
    from types import SimpleNamespace

    vega.static_svg(vega._with_ink(SPEC), "p")
    (old,) = vega.RENDER_CACHE.glob("*/*.svg")
    os.utime(old, (1, 1))
    app = SimpleNamespace(builder=SimpleNamespace(format="html"))
    monkeypatch.setattr(vega, "_BUILD_STARTED", 10_000.0)
    monkeypatch.setattr(vega, "_READS_EVERY_PAGE", False)
    vega._prune_render_cache(app, None)
    assert old.exists()  # a build that read only some pages keeps the others' renders
    monkeypatch.setattr(vega, "_READS_EVERY_PAGE", True)
    vega._prune_render_cache(app, RuntimeError())
    assert old.exists()  # a failed build prunes nothing
    vega._prune_render_cache(app, None)
    assert not old.exists()
