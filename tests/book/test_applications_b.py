"""Answers stated in the exercise solutions of book/applications/genetics.md and behavior.md.

Each test recomputes, with the lib, the number or label a solution states, so a
change in a model cannot leave a wrong solution in the book. The figure builders
of these pages are also built once, checking their size and their metadata.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from neuroadapt import learning as le
from neuroadapt import pharmacogenetics as pg

# ---------------------------------------------------------------------------
# genetics.md
# ---------------------------------------------------------------------------


def test_genetics_ex_genotype():
    """Solution: *2x2/*41 -> AS 2.5, UM, 1.23x, avoid codeine; *1/*41 -> AS 1.5, NM, 0.76x, label dosing."""
    a = pg.activity_score("*2x2/*41")
    assert a == 2.5
    assert pg.phenotype(a) == "UM"
    assert round(float(pg.relative_morphine_exposure(a)), 2) == 1.23
    assert pg.codeine_recommendation("UM").startswith("Avoid codeine")
    b = pg.activity_score("*1/*41")
    assert b == 1.5
    assert pg.phenotype(b) == "NM"
    assert round(float(pg.relative_morphine_exposure(b)), 2) == 0.76
    assert pg.codeine_recommendation("NM").startswith("Use label-recommended")
    # "a *1/*4 carrier's would have [changed]": AS 1 is IM under the 2020 cut-offs.
    assert pg.phenotype(pg.activity_score("*1/*4")) == "IM"


def test_genetics_ex_tail():
    """Solution: European 9.3% above 1.5x (86 of 93 NM); Ethiopian 17.6% (105 of 176 UM)."""
    out = {}
    for pop in ["european", "ethiopian"]:
        df = pg.sample_morphine_exposure(1000, pop, rng=7)
        high = df[df["morphine_exposure_relative_to_nm"] > 1.5]
        out[pop] = (len(high) / len(df), high["phenotype"].value_counts().to_dict(), len(high))
    assert out["european"][0] == pytest.approx(0.093)
    assert out["european"][2] == 93 and out["european"][1]["NM"] == 86
    assert out["ethiopian"][0] == pytest.approx(0.176)
    assert out["ethiopian"][2] == 176 and out["ethiopian"][1]["UM"] == 105
    assert max(out["ethiopian"][1], key=out["ethiopian"][1].get) == "UM"


def test_genetics_ex_methadone():
    """Solution: *6/*6 -> S 1.82x (clearance 0.55), R 1.54x (clearance 0.65); half-life 1/0.55 ~ 1.8x."""
    assert round(pg.methadone_relative_concentration("*6/*6"), 2) == 1.82
    assert round(pg.methadone_relative_concentration("*6/*6", "R"), 2) == 1.54
    assert pg.methadone_relative_clearance("*6/*6") == 0.55
    assert pg.methadone_relative_clearance("*6/*6", "R") == 0.65
    assert round(1 / 0.55, 1) == 1.8


def test_genetics_prose_numbers():
    """Prose: exposure 0, 0.52, 1, 1.45 at AS 0, 1, 2, 3; R-methadone 1, 1.33, 1.54 for *1/*1, *1/*6, *6/*6."""
    np.testing.assert_allclose(pg.relative_morphine_exposure([0.0, 1.0, 2.0, 3.0]).round(2), [0.0, 0.52, 1.0, 1.45])
    assert [round(pg.methadone_relative_concentration(g, "R"), 2) for g in ["*1/*1", "*1/*6", "*6/*6"]] == [1.0, 1.33, 1.54]


# ---------------------------------------------------------------------------
# behavior.md
# ---------------------------------------------------------------------------


def test_behavior_ex_natural():
    """Solution: error at the reward 0.000, at the cue 0.569 = 0.95**11."""
    r = le.td_learning(500)
    assert round(float(r.delta[-1, 15]), 3) == 0.0
    assert round(float(r.delta[-1, 4]), 3) == 0.569
    assert float(r.delta[-1, 4]) == pytest.approx(0.95**11, abs=1e-4)


def test_behavior_ex_drug():
    """Solution: error at delivery 0.2; cue error 3.78 at trial 400 -> 4.91 at trial 500, still rising."""
    d = le.td_learning(500, drug_surge=0.2)
    assert float(d.delta[-1, 15]) == pytest.approx(0.2)
    assert round(float(d.delta[399, 4]), 2) == 3.78
    assert round(float(d.delta[-1, 4]), 2) == 4.91
    assert d.delta[-1, 4] > d.delta[-2, 4]


def test_behavior_ex_siegel():
    """Solution: 58% after one pairing (association 0.2); first below 40% at 6 pairings (39.6%)."""
    ref = le.siegel_overdose()
    k, e50 = ref["slope"].iloc[0], ref["threshold"].iloc[0]
    same = [le.siegel_overdose(n_pairings=n, slope=k, threshold=e50).iloc[0] for n in range(1, 31)]
    mort = np.array([s["model_mortality_percent"] for s in same])
    assert same[0]["context_association"] == pytest.approx(0.2)
    assert round(mort[0]) == 58
    first = int(np.argmax(mort < 40)) + 1
    assert first == 6 and round(mort[5], 1) == 39.6
    assert round(mort[14]) == 32 or round(mort[14]) == 33
    novel = le.siegel_overdose(n_pairings=1, slope=k, threshold=e50).iloc[1]
    assert round(novel["model_mortality_percent"]) == 64


def test_behavior_prose_numbers():
    """Prose: published mortalities 32.4, 64.3, 96.4; natural TD: error at reward 1 -> 0 over 300 trials."""
    assert le.siegel1982_mortality()["mortality_percent"].tolist() == [32.4, 64.3, 96.4]
    r = le.td_learning(300)
    assert r.delta[0, 15] == pytest.approx(1.0) and abs(r.delta[-1, 15]) < 1e-3


# ---------------------------------------------------------------------------
# the figures of both pages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "genetics:morphine_exposure_curve_chart", "genetics:population_exposure_chart",
    "learning:td_trial_profile_chart", "learning:td_drug_surge_chart", "learning:siegel_context_chart",
])
def test_figures_build_small_and_described(name):
    import importlib

    module, func = name.split(":")
    chart = getattr(importlib.import_module(f"neuroadapt_book.figures.{module}"), func)()
    spec = chart.to_dict()
    assert len(spec["description"]) > 100 and spec["usermeta"]["caption"]
    assert len(json.dumps(spec)) < 150_000
    assert spec.get("params"), "every figure has a slider or a menu"


def test_exposure_curve_expression_matches_python():
    """The Vega expression of the closed-form genetics figure, evaluated in Python, equals the model."""
    from neuroadapt_book.figures.genetics import VEGA_RELATIVE_MORPHINE_EXPOSURE

    expr = VEGA_RELATIVE_MORPHINE_EXPOSURE.replace("datum.activity_score", "x").replace("fraction_at_reference", "r")
    x = np.linspace(0, 3, 31)
    for r in (0.02, 0.075, 0.2):
        np.testing.assert_allclose(eval(expr, {"x": x, "r": r}), pg.relative_morphine_exposure(x, r), rtol=1e-12)
