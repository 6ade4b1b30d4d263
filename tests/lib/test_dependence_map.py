"""Tests of neuroadapt.dependence_map: the two-axis map of the introduction.

Checks the source's quadrant assignments, the data's integrity (ranges,
citations that exist in the chapter's bibliography, coordinates derived from
Nutt et al. 2007 by the documented rule), input validation, a property test of
``quadrant``, and the answers of the exercises in book/introduction/.
"""

from __future__ import annotations

import pathlib
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neuroadapt.dependence_map import (
    NUTT_2007_RATINGS,
    QUADRANTS,
    THRESHOLD,
    placement,
    placements,
    quadrant,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIB_DIR = ROOT / "book" / "_bib"  # the topic files merged into book/references.bib

HH = "high reinforcement / high adaptation"
HL = "high reinforcement / low adaptation"
LH = "low reinforcement / high adaptation"
LL = "low reinforcement / low adaptation"


# --- the source's map --------------------------------------------------------


@pytest.mark.parametrize(
    "drug, expected",
    [
        ("cocaine", HL),
        ("paroxetine", LH),
        ("heroin", HH),
        ("alcohol", HH),
        ("amlodipine", LL),  # the non-psychoactive medication
    ],
)
def test_source_quadrants(drug, expected):
    assert placement(drug)["quadrant"] == expected


def test_every_quadrant_is_populated():
    assert set(placements()["quadrant"]) == set(QUADRANTS)


def test_drugs_requested_by_the_outline_are_present():
    drugs = set(placements()["drug"])
    for name in [
        "cocaine",
        "paroxetine",
        "heroin",
        "alcohol",
        "amlodipine",
        "nicotine",
        "methamphetamine",
        "diazepam",
        "cannabis",
        "caffeine",
        "morphine",
        "venlafaxine",
        "propranolol",
        "LSD",
    ]:
        assert name in drugs


def test_rebound_without_reinforcement():
    row = placement("propranolol")
    assert row["quadrant"] == LH
    assert row["reinforcement"] < 0.1


# --- data integrity ------------------------------------------------------------


def test_columns_and_types():
    df = placements()
    assert list(df.columns) == [
        "drug",
        "drug_class",
        "reinforcement",
        "adaptation",
        "quadrant",
        "reason",
        "source",
        "placed",
        "reinforcement_low",
        "reinforcement_high",
        "adaptation_low",
        "adaptation_high",
    ]
    assert df["drug"].is_unique
    assert df["reinforcement"].dtype == float and df["adaptation"].dtype == float
    for text in df["reason"]:
        assert 20 < len(text) < 400  # one or two sentences, fits a tooltip


def test_coordinates_in_unit_interval():
    df = placements()
    for col in ["reinforcement", "adaptation"]:
        assert df[col].between(0.0, 1.0).all()
        assert np.isfinite(df[col]).all()


def test_quadrant_column_matches_quadrant_function():
    df = placements()
    expected = quadrant(df["reinforcement"].to_numpy(), df["adaptation"].to_numpy())
    assert df["quadrant"].tolist() == list(expected)


def test_every_source_key_is_in_the_bibliography():
    keys = set()
    for bib in BIB_DIR.glob("*.bib"):
        keys |= set(re.findall(r"^@\w+\{([^,\s]+),", bib.read_text(encoding="utf-8"), re.M))
    for cell in placements()["source"]:
        cited = [k.strip() for k in cell.split(",")]
        assert cited and all(cited)
        assert set(cited) <= keys, set(cited) - keys


@pytest.mark.parametrize(
    "drug, rated_as",
    [
        ("heroin", "heroin"),
        ("cocaine", "cocaine"),
        ("nicotine", "tobacco"),
        ("diazepam", "benzodiazepines"),
        ("alcohol", "alcohol"),
        ("cannabis", "cannabis"),
    ],
)
def test_rated_drugs_follow_the_nutt_rule(drug, rated_as):
    row = placement(drug)
    rating = NUTT_2007_RATINGS[rated_as]
    assert row["reinforcement"] == pytest.approx(round(rating["psychological"] / 3, 2))
    assert row["adaptation"] == pytest.approx(round(rating["physical"] / 3, 2))
    assert "nutt2007" in row["source"]


def test_nutt_ratings_as_published():
    # Nutt et al. 2007, psychological and physical dependence (0-3 scale)
    assert NUTT_2007_RATINGS["heroin"] == {"psychological": 3.0, "physical": 3.0}
    assert NUTT_2007_RATINGS["cocaine"] == {"psychological": 2.8, "physical": 1.3}
    assert NUTT_2007_RATINGS["alcohol"] == {"psychological": 1.9, "physical": 1.6}
    assert NUTT_2007_RATINGS["tobacco"] == {"psychological": 2.6, "physical": 1.8}


def test_placements_returns_a_fresh_copy():
    df = placements()
    df.loc[0, "reinforcement"] = -1.0
    assert placements().loc[0, "reinforcement"] >= 0.0


# --- placement() ------------------------------------------------------------------


def test_placement_is_case_insensitive_and_accepts_synonyms():
    assert placement("Cocaine")["drug"] == "cocaine"
    assert placement(" lsd ")["drug"] == "LSD"
    assert placement("tobacco")["drug"] == "nicotine"
    assert placement("benzodiazepines")["drug"] == "diazepam"


def test_placement_returns_plain_python_scalars():
    row = placement("nicotine")
    assert isinstance(row, pd.Series)
    assert type(row["reinforcement"]) is float


def test_unknown_drug_lists_valid_names():
    with pytest.raises(ValueError) as err:
        placement("aspirin")
    message = str(err.value)
    assert "aspirin" in message and "cocaine" in message and "paroxetine" in message


def test_non_string_drug_raises():
    with pytest.raises(ValueError):
        placement(3)


# --- quadrant() -----------------------------------------------------------------------


def test_quadrant_scalar_returns_str():
    assert quadrant(0.9, 0.1) == HL
    assert isinstance(quadrant(0.9, 0.1), str)


def test_quadrant_threshold_is_inclusive():
    assert quadrant(THRESHOLD, THRESHOLD) == HH
    assert quadrant(np.nextafter(THRESHOLD, 0), THRESHOLD) == LH


def test_quadrant_vectorized_and_broadcast():
    out = quadrant([0.9, 0.1, 0.9, 0.1], [0.9, 0.9, 0.1, 0.1])
    assert out.tolist() == [HH, LH, HL, LL]
    grid = quadrant(np.array([[0.2], [0.8]]), np.array([0.3, 0.7]))
    assert grid.shape == (2, 2)
    assert grid.tolist() == [[LL, LH], [HL, HH]]


@pytest.mark.parametrize(
    "r, a",
    [(np.nan, 0.5), (0.5, np.nan), (-0.1, 0.5), (0.5, 1.2), (np.inf, 0.5), ("high", 0.5)],
)
def test_quadrant_rejects_bad_coordinates(r, a):
    with pytest.raises(ValueError):
        quadrant(r, a)


@pytest.mark.parametrize("t", [0.0, 1.0, -0.5, 2.0, np.nan, [0.4, 0.6]])
def test_quadrant_rejects_bad_threshold(t):
    with pytest.raises(ValueError):
        quadrant(0.5, 0.5, threshold=t)


def test_quadrant_rejects_unbroadcastable_shapes():
    with pytest.raises(ValueError, match="broadcast"):
        quadrant([0.1, 0.2, 0.3], [0.1, 0.2])


def test_placements_validates_threshold():
    with pytest.raises(ValueError):
        placements(threshold=1.5)


unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
open_unit = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)


@given(r=st.lists(unit, min_size=1, max_size=20), data=st.data(), t=open_unit)
def test_quadrant_property(r, data, t):
    a = data.draw(st.lists(unit, min_size=len(r), max_size=len(r)))
    labels = quadrant(r, a, threshold=t)
    assert labels.shape == (len(r),)
    for ri, ai, label in zip(r, a, labels):
        # vectorized result equals the scalar one
        assert quadrant(ri, ai, threshold=t) == label
        assert label in QUADRANTS
        # the label is read off each axis independently
        assert label.startswith("high reinforcement") == (ri >= t)
        assert label.endswith("high adaptation") == (ai >= t)


@given(r1=unit, r2=unit, a=unit, t=open_unit)
def test_quadrant_is_monotone_in_reinforcement(r1, r2, a, t):
    lo, hi = sorted([r1, r2])
    if quadrant(lo, a, t).startswith("high"):
        assert quadrant(hi, a, t).startswith("high")


# --- answers of the exercises in book/introduction/ ------------------------------------


def test_exercise_two_patients_drugs_on_the_map():
    # two-patients.md, exercise "intro-ex-map-is-not-a-diagnosis"
    assert placement("morphine")["quadrant"] == HH
    assert placement("cocaine")["quadrant"] == HL
    assert placement("paroxetine")["quadrant"] == LH


def test_exercise_nicotine_placement():
    # dependence-map.md, exercise "intro-ex-nicotine"
    row = placement("nicotine")
    assert (row["reinforcement"], row["adaptation"]) == (0.87, 0.6)
    assert row["quadrant"] == HH


def test_exercise_threshold_sensitivity():
    # dependence-map.md, exercise "intro-ex-threshold": raising the cut-off to
    # 0.55 moves alcohol out of the top-right quadrant, and the two hand-placed
    # antidepressants, just above the line, into the bottom-left one.
    df = placements()
    moved = df.loc[quadrant(df["reinforcement"], df["adaptation"], threshold=0.55) != df["quadrant"], "drug"]
    assert moved.tolist() == ["alcohol", "paroxetine", "venlafaxine"]
    assert placement("alcohol", threshold=0.55)["quadrant"] == HL


def test_exercise_new_drug():
    # dependence-map.md, exercise "intro-ex-new-drug": a drug with reinforcement
    # 0.3 and adaptation 0.8 lands with the antidepressants and propranolol.
    assert quadrant(0.3, 0.8) == LH
    df = placements()
    same = df.loc[df["quadrant"] == LH, "drug"].tolist()
    assert same == ["paroxetine", "venlafaxine", "propranolol"]


def test_hand_placed_antidepressants_sit_below_benzodiazepines_and_alcohol():
    """No published rating places antidepressant physical dependence above the Nutt et al.
    (2007) ratings of benzodiazepines (1.8 of 3) and alcohol (1.6 of 3), whose withdrawal can
    be dangerous; the hand placements stay below both, and their bars cross the line."""
    from neuroadapt.dependence_map import HAND_PLACEMENT_UNCERTAINTY, NUTT_2007_RATINGS, THRESHOLD

    df = placements().set_index("drug")
    ceiling = min(NUTT_2007_RATINGS[k]["physical"] for k in ("benzodiazepines", "alcohol")) / 3
    for drug in ("paroxetine", "venlafaxine"):
        row = df.loc[drug]
        assert row["placed"] == "by hand"
        assert row["adaptation"] < ceiling
        assert (
            row["adaptation"] < df.loc["diazepam", "adaptation"] and row["adaptation"] < df.loc["alcohol", "adaptation"]
        )
        assert row["adaptation_low"] < THRESHOLD <= row["adaptation_high"]
        assert row["adaptation_high"] - row["adaptation"] == pytest.approx(HAND_PLACEMENT_UNCERTAINTY)


def test_rated_drugs_are_points_hand_placed_drugs_have_bars():
    df = placements()
    rated = df[df["placed"] == "rated"]
    assert set(rated["drug"]) == {"heroin", "cocaine", "nicotine", "diazepam", "alcohol", "cannabis"}
    assert (rated["adaptation_low"] == rated["adaptation"]).all() and (
        rated["reinforcement_high"] == rated["reinforcement"]
    ).all()
    hand = df[df["placed"] == "by hand"]
    assert (hand["adaptation_high"] > hand["adaptation_low"]).all()
    for axis in ("reinforcement", "adaptation"):
        assert (df[axis + "_low"] <= df[axis]).all() and (df[axis] <= df[axis + "_high"]).all()
        assert df[axis + "_low"].between(0, 1).all() and df[axis + "_high"].between(0, 1).all()
