"""Tests of neuroadapt.scales: COWS and CIWA-Ar scoring."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt.scales import (
    CIWA_AR_BAND_SETS,
    CIWA_AR_ITEMS,
    CIWA_AR_MAX,
    COWS_ITEMS,
    COWS_MAX,
    ciwa_ar_band,
    ciwa_ar_score,
    cows_band,
    cows_pulse_score,
    cows_score,
    cows_yawning_score,
)

SETTINGS = settings(max_examples=50, deadline=None)

# Wesson & Ling 2003, COWS form: the score anchors of each of the 11 items.
COWS_FORM = {
    "resting_pulse_rate": {0, 1, 2, 4},
    "sweating": {0, 1, 2, 3, 4},
    "restlessness": {0, 1, 3, 5},
    "pupil_size": {0, 1, 2, 5},
    "bone_or_joint_aches": {0, 1, 2, 4},
    "runny_nose_or_tearing": {0, 1, 2, 4},
    "gi_upset": {0, 1, 2, 3, 5},
    "tremor": {0, 1, 2, 4},
    "yawning": {0, 1, 2, 4},
    "anxiety_or_irritability": {0, 1, 2, 4},
    "gooseflesh_skin": {0, 3, 5},
}


def cows_rating(**overrides):
    rating = dict.fromkeys(COWS_ITEMS, 0)
    rating.update(overrides)
    return rating


def ciwa_rating(**overrides):
    rating = dict.fromkeys(CIWA_AR_ITEMS, 0)
    rating.update(overrides)
    return rating


# --------------------------------------------------------------------------
# Published structure
# --------------------------------------------------------------------------
def test_cows_items_match_the_published_form():
    """Wesson & Ling 2003: 11 items with these anchors; total 0-48."""
    assert {k: set(v) for k, v in COWS_ITEMS.items()} == COWS_FORM
    assert COWS_MAX == 48


def test_ciwa_ar_items_match_sullivan_1989():
    """Sullivan et al. 1989: 10 items, nine scored 0-7 and orientation 0-4; maximum 67."""
    assert len(CIWA_AR_ITEMS) == 10
    assert CIWA_AR_ITEMS["orientation_and_clouding_of_sensorium"] == (0, 1, 2, 3, 4)
    assert sum(1 for v in CIWA_AR_ITEMS.values() if v == tuple(range(8))) == 9
    assert CIWA_AR_MAX == 67


def test_maximum_scores():
    worst_cows = cows_score({k: max(v) for k, v in COWS_ITEMS.items()})
    assert (worst_cows.total, worst_cows.band, worst_cows.max_total) == (48, "severe", 48)
    worst_ciwa = ciwa_ar_score({k: max(v) for k, v in CIWA_AR_ITEMS.items()})
    assert (worst_ciwa.total, worst_ciwa.max_total) == (67, 67)
    none = cows_score(cows_rating())
    assert (none.total, none.band) == (0, "below mild")


@pytest.mark.parametrize(
    "total, band",
    [
        (4, "below mild"),
        (5, "mild"),
        (12, "mild"),
        (13, "moderate"),
        (24, "moderate"),
        (25, "moderately severe"),
        (36, "moderately severe"),
        (37, "severe"),
        (48, "severe"),
    ],
)
def test_cows_band_edges(total, band):
    """Wesson & Ling 2003: 5-12 mild, 13-24 moderate, 25-36 moderately severe, >36 severe."""
    assert cows_band(total) == band


@pytest.mark.parametrize(
    "bands, total, band",
    [
        ("sullivan1989", 9, "minimal"),
        ("sullivan1989", 10, "clinically significant"),
        ("bayard2004", 7, "minimal to mild"),
        ("bayard2004", 8, "moderate"),
        ("bayard2004", 14, "moderate"),
        ("bayard2004", 15, "severe"),
        ("asam2020", 9, "mild"),
        ("asam2020", 10, "moderate"),
        ("asam2020", 18, "moderate"),
        ("asam2020", 19, "severe"),
        ("asam2020", 67, "severe"),
    ],
)
def test_ciwa_ar_band_edges_by_source(bands, total, band):
    """Sullivan 1989: <10 needs no medication; Bayard 2004: <8-10 / 8-15 / >=15;
    ASAM 2020: <10 / 10-18 / >=19."""
    assert ciwa_ar_band(total, bands=bands) == band


def test_every_band_set_names_its_source_and_covers_every_total():
    for name, (bands, source, note) in CIWA_AR_BAND_SETS.items():
        assert source and note
        covered = sorted(t for low, high, _ in bands for t in range(low, high + 1))
        assert covered == list(range(CIWA_AR_MAX + 1)), name
    result = ciwa_ar_score(ciwa_rating(tremor=4, anxiety=4), bands="bayard2004")
    assert result.bands_source == "bayard2004" and result.band == "moderate"


def test_same_total_different_bands_across_sources():
    rating = ciwa_rating(tremor=4, anxiety=3, paroxysmal_sweats=2, agitation=3)  # total 12
    assert ciwa_ar_score(rating).band == "clinically significant"
    assert ciwa_ar_score(rating, bands="bayard2004").band == "moderate"
    assert ciwa_ar_score(rating, bands="asam2020").band == "moderate"


# --------------------------------------------------------------------------
# Observation helpers
# --------------------------------------------------------------------------
def test_cows_pulse_cut_points():
    """Wesson & Ling 2003 item 1: <=80 -> 0, 81-100 -> 1, 101-120 -> 2, >120 -> 4."""
    pulses = np.array([50, 80, 81, 100, 101, 120, 121, 180])
    np.testing.assert_array_equal(cows_pulse_score(pulses), [0, 0, 1, 1, 2, 2, 4, 4])
    assert cows_pulse_score(95) == 1


def test_cows_yawning_from_counts():
    """Item 9: none 0, once or twice 1, three or more 2, several per minute 4."""
    np.testing.assert_array_equal(cows_yawning_score([0, 1, 2, 3, 7]), [0, 1, 1, 2, 2])
    assert cows_yawning_score(10, assessment_minutes=4) == 4
    assert cows_yawning_score(3, assessment_minutes=10) == 2


def test_helpers_feed_the_scale():
    rating = cows_rating(resting_pulse_rate=cows_pulse_score(110), yawning=cows_yawning_score(4))
    assert cows_score(rating).total == 4


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "item, bad",
    [
        ("gooseflesh_skin", 1),
        ("restlessness", 2),
        ("pupil_size", 3),
        ("resting_pulse_rate", 3),
        ("gi_upset", 4),
        ("sweating", 5),
        ("yawning", -1),
        ("tremor", 1.5),
        ("anxiety_or_irritability", np.nan),
    ],
)
def test_cows_value_not_allowed_for_item_raises_naming_item_and_allowed(item, bad):
    with pytest.raises(ValueError, match=item):
        cows_score(cows_rating(**{item: bad}))
    if np.isfinite(bad):
        with pytest.raises(ValueError, match=r"must be one of \(" + ", ".join(map(str, COWS_ITEMS[item]))):
            cows_score(cows_rating(**{item: bad}))


@pytest.mark.parametrize(
    "item, bad",
    [
        ("orientation_and_clouding_of_sensorium", 5),
        ("tremor", 8),
        ("nausea_and_vomiting", -1),
        ("visual_disturbances", 2.5),
    ],
)
def test_ciwa_value_not_allowed_for_item_raises(item, bad):
    with pytest.raises(ValueError, match=item):
        ciwa_ar_score(ciwa_rating(**{item: bad}))


def test_missing_unknown_and_malformed_items_raise():
    rating = cows_rating()
    del rating["yawning"]
    with pytest.raises(ValueError, match="missing COWS item.*yawning"):
        cows_score(rating)
    with pytest.raises(ValueError, match="unknown COWS item.*hiccups"):
        cows_score(cows_rating(hiccups=1))
    with pytest.raises(ValueError, match="unknown CIWA-Ar item.*pupil_size"):
        ciwa_ar_score(ciwa_rating(pupil_size=1))
    with pytest.raises(ValueError, match="items"):
        cows_score([1] * 11)
    with pytest.raises(ValueError, match="gooseflesh_skin"):
        cows_score(cows_rating(gooseflesh_skin=True))
    with pytest.raises(ValueError, match="shape"):
        cows_score(cows_rating(tremor=[0, 1]))


def test_bad_band_set_and_totals_raise():
    with pytest.raises(ValueError, match="bands"):
        ciwa_ar_score(ciwa_rating(), bands="mayo")
    with pytest.raises(ValueError, match="bands"):
        ciwa_ar_band(5, bands="")
    with pytest.raises(ValueError, match="total"):
        cows_band(49)
    with pytest.raises(ValueError, match="total"):
        ciwa_ar_band(-1)
    with pytest.raises(ValueError, match="total"):
        cows_band(3.5)
    with pytest.raises(ValueError, match="pulse_bpm"):
        cows_pulse_score(0)
    with pytest.raises(ValueError, match="yawns_during_assessment"):
        cows_yawning_score(1.5)
    with pytest.raises(ValueError, match="assessment_minutes"):
        cows_yawning_score(2, assessment_minutes=0)


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------
cows_ratings = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in COWS_ITEMS.items()})
ciwa_ratings = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CIWA_AR_ITEMS.items()})


@SETTINGS
@given(cows_ratings)
def test_property_cows_total_is_sum_in_range_and_banded(rating):
    result = cows_score(rating)
    assert result.total == sum(rating.values())
    assert 0 <= result.total <= COWS_MAX
    assert result.band == cows_band(result.total)


@SETTINGS
@given(ciwa_ratings, st.sampled_from(sorted(CIWA_AR_BAND_SETS)))
def test_property_ciwa_total_is_sum_in_range_and_banded(rating, bands):
    result = ciwa_ar_score(rating, bands=bands)
    assert result.total == sum(rating.values())
    assert 0 <= result.total <= CIWA_AR_MAX
    assert result.band == ciwa_ar_band(result.total, bands=bands)


@SETTINGS
@given(st.lists(cows_ratings, min_size=1, max_size=8))
def test_property_vectorized_scoring_equals_one_at_a_time(ratings):
    stacked = {k: np.array([r[k] for r in ratings]) for k in COWS_ITEMS}
    result = cows_score(stacked)
    np.testing.assert_array_equal(result.total, [cows_score(r).total for r in ratings])
    assert list(result.band) == [cows_score(r).band for r in ratings]


@SETTINGS
@given(st.floats(1.0, 250.0))
def test_property_pulse_score_is_monotone_and_allowed(pulse):
    score = cows_pulse_score(pulse)
    assert score in COWS_ITEMS["resting_pulse_rate"]
    assert cows_pulse_score(pulse + 1.0) >= score
