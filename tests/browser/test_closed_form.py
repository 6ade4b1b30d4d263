"""Closed-form slider figures: the browser's curve equals the Python model.

A closed-form figure recomputes its curve in the page from a Vega expression
when the reader moves the slider. Its spec names the Python function the
expression mirrors (``usermeta.closed_form``); this test moves the slider to
several values in Chromium, reads the computed data back from the Vega view,
and compares it with the function, point by point.
"""

from __future__ import annotations

import importlib
import json

import numpy as np
import pytest

from .conftest import pages_with

READ_FIELD = """async ([target, signals, field, xs]) => {
  const view = window.nbVegaViews[target];
  for (const [name, value] of Object.entries(signals)) view.signal(name, value);
  await view.runAsync();
  const names = Object.keys(view.getState({data: () => true, signals: () => false, recurse: true}).data);
  const rows = {};
  for (const name of names) {
    let values; try { values = view.data(name); } catch (e) { continue; }
    for (const row of values) if (row && field in row) rows[JSON.stringify(xs.map((x) => row[x]))] = row[field];
  }
  return rows;
}"""


def test_book_has_a_closed_form_slider_figure():
    assert pages_with('"closed_form"'), "no closed-form slider figure found in the built site"


@pytest.mark.parametrize("path", pages_with('"closed_form"'))
def test_vega_expression_matches_python(visit, path):
    v = visit(path)
    scripts = v.page.locator("script.nb-vega-spec")
    checked = 0
    for i in range(scripts.count()):
        spec = json.loads(scripts.nth(i).text_content())
        spec_meta = (spec.get("usermeta") or {}).get("closed_form")
        if not spec_meta:
            continue
        target = scripts.nth(i).get_attribute("data-target")
        module, name = spec_meta["function"].split(":")
        function = getattr(importlib.import_module(module), name)
        params = {p["name"]: p.get("value") for p in spec.get("params", [])}
        data_args = spec_meta["data_args"]
        for value in spec_meta["test_values"]:
            signals = {s: params[s] for s in spec_meta["signal_args"].values()}
            signals[spec_meta["slider"]] = value
            rows = v.page.evaluate(
                READ_FIELD, [target, {spec_meta["slider"]: value}, spec_meta["field"], list(data_args.values())]
            )
            assert len(rows) > 10, "no computed rows found in the Vega view"
            xs = np.array([json.loads(k) for k in rows], dtype=float)
            browser = np.array(list(rows.values()), dtype=float)
            kwargs = {arg: xs[:, j] for j, arg in enumerate(data_args)}
            kwargs.update({arg: signals[s] for arg, s in spec_meta["signal_args"].items()})
            python = function(**kwargs)
            np.testing.assert_allclose(browser, python, rtol=1e-9, atol=1e-12)
            checked += 1
    assert checked >= 2
