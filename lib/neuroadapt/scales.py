"""Withdrawal rating scales: COWS (opioids) and CIWA-Ar (alcohol).

Each scale is a set of items, each with its own allowed scores. A rating is a
mapping ``item -> score``; the functions check every item, add the scores and
name the severity band. Scores may be scalars (one assessment) or equal-shape
arrays (many patients or time points at once).

Teaching material: the scales are clinical instruments, to be used with their
full published anchor descriptions and clinical judgement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ._validation import as_array, choice, positive

__all__ = [
    "ScaleResult",
    "COWS_ITEMS",
    "COWS_MAX",
    "COWS_BANDS",
    "CIWA_AR_ITEMS",
    "CIWA_AR_MAX",
    "CIWA_AR_BAND_SETS",
    "cows_score",
    "cows_band",
    "cows_pulse_score",
    "cows_yawning_score",
    "ciwa_ar_score",
    "ciwa_ar_band",
]

# ---------------------------------------------------------------------------
# COWS: Wesson DR, Ling W. J Psychoactive Drugs 2003;35:253-259 (Appendix).
# item -> allowed scores (anchors of the published form)
# ---------------------------------------------------------------------------
COWS_ITEMS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {
        "resting_pulse_rate": (0, 1, 2, 4),  # <=80, 81-100, 101-120, >120 bpm
        "sweating": (0, 1, 2, 3, 4),  # none .. sweat streaming off face
        "restlessness": (0, 1, 3, 5),  # sits still .. unable to sit still
        "pupil_size": (0, 1, 2, 5),  # pinned/normal .. only rim of iris visible
        "bone_or_joint_aches": (0, 1, 2, 4),
        "runny_nose_or_tearing": (0, 1, 2, 4),
        "gi_upset": (0, 1, 2, 3, 5),  # cramps, nausea/loose stool, vomiting/diarrhoea, multiple
        "tremor": (0, 1, 2, 4),  # outstretched hands
        "yawning": (0, 1, 2, 4),  # none, 1-2, >=3, several per minute
        "anxiety_or_irritability": (0, 1, 2, 4),
        "gooseflesh_skin": (0, 3, 5),  # smooth, piloerection felt, prominent
    }
)
COWS_MAX = sum(max(v) for v in COWS_ITEMS.values())  # 48

#: (lower bound inclusive, upper bound inclusive, label); Wesson & Ling 2003.
COWS_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 4, "below mild"),
    (5, 12, "mild"),
    (13, 24, "moderate"),
    (25, 36, "moderately severe"),
    (37, 48, "severe"),
)

# ---------------------------------------------------------------------------
# CIWA-Ar: Sullivan JT, Sykora K, Schneiderman J, Naranjo CA, Sellers EM.
# Br J Addict 1989;84:1353-1357. Nine items 0-7, orientation 0-4; max 67.
# ---------------------------------------------------------------------------
_ZERO_TO_SEVEN = tuple(range(8))
CIWA_AR_ITEMS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {
        "nausea_and_vomiting": _ZERO_TO_SEVEN,
        "tremor": _ZERO_TO_SEVEN,
        "paroxysmal_sweats": _ZERO_TO_SEVEN,
        "anxiety": _ZERO_TO_SEVEN,
        "agitation": _ZERO_TO_SEVEN,
        "tactile_disturbances": _ZERO_TO_SEVEN,
        "auditory_disturbances": _ZERO_TO_SEVEN,
        "visual_disturbances": _ZERO_TO_SEVEN,
        "headache_fullness_in_head": _ZERO_TO_SEVEN,
        "orientation_and_clouding_of_sensorium": (0, 1, 2, 3, 4),
    }
)
CIWA_AR_MAX = sum(max(v) for v in CIWA_AR_ITEMS.values())  # 67

#: Named band sets: name -> (bands, source key, note). Bands are
#: (lower inclusive, upper inclusive, label) and cover 0..67.
CIWA_AR_BAND_SETS: Mapping[str, tuple[tuple[tuple[int, int, str], ...], str, str]] = MappingProxyType(
    {
        "sullivan1989": (
            ((0, 9, "minimal"), (10, CIWA_AR_MAX, "clinically significant")),
            "sullivan1989",
            "The original form: patients scoring less than 10 do not usually need "
            "additional medication for withdrawal. No finer bands are defined there.",
        ),
        "bayard2004": (
            ((0, 7, "minimal to mild"), (8, 14, "moderate"), (15, CIWA_AR_MAX, "severe")),
            "bayard2004",
            "Common clinical bands: scores under 8-10 minimal to mild, 8-15 moderate "
            "(marked autonomic arousal), 15 or more severe (impending delirium "
            "tremens, seizures). The source's boundaries overlap; they are resolved "
            "here as 0-7 / 8-14 / 15+.",
        ),
        "asam2020": (
            ((0, 9, "mild"), (10, 18, "moderate"), (19, CIWA_AR_MAX, "severe")),
            "asam2020",
            "ASAM guideline: mild <10, moderate 10-18, severe >=19; severe withdrawal "
            "with seizures or delirium is 'complicated' (not scored by the total "
            "alone). The guideline notes wide variation in the cut points used.",
        ),
    }
)


@dataclass(frozen=True)
class ScaleResult:
    """Total and severity band of one scale rating (or arrays of them)."""

    scale: str
    total: np.ndarray | int
    max_total: int
    band: np.ndarray | str
    bands_source: str


def _check_items(items, spec: Mapping[str, tuple[int, ...]], scale: str) -> tuple[np.ndarray, ...]:
    if not isinstance(items, Mapping):
        raise ValueError(f"items must be a mapping of {scale} item name -> score; got {type(items).__name__}")
    unknown = sorted(set(items) - set(spec))
    if unknown:
        raise ValueError(f"unknown {scale} item(s) {unknown}; items must be exactly: {', '.join(spec)}")
    missing = [name for name in spec if name not in items]
    if missing:
        raise ValueError(f"missing {scale} item(s) {missing}; items must be exactly: {', '.join(spec)}")
    arrays = []
    shape = None
    for name, allowed in spec.items():
        value = items[name]
        if isinstance(value, bool) or (isinstance(value, np.ndarray) and value.dtype == bool):
            raise ValueError(f"{scale} item {name!r} must be one of {allowed}; got a boolean")
        arr = as_array(f"{scale} item {name!r}", value)
        if not np.all(np.isin(arr, allowed)):
            bad = np.unique(arr[~np.isin(arr, allowed)])
            raise ValueError(f"{scale} item {name!r} must be one of {allowed}; got {bad.tolist()}")
        if shape is None:
            shape = arr.shape
        elif arr.shape != shape:
            raise ValueError(f"{scale} item {name!r} has shape {arr.shape}; all items must share shape {shape}")
        arrays.append(arr)
    return tuple(arrays)


def _band(total, bands, name: str, max_total: int):
    arr = as_array(name, total)
    if np.any((arr < 0) | (arr > max_total) | (arr != np.round(arr))):
        raise ValueError(f"{name} must be a whole number in [0, {max_total}]; got {total!r}")
    labels = np.empty(arr.shape, dtype=object)
    for low, high, label in bands:
        labels[(arr >= low) & (arr <= high)] = label
    if labels.ndim == 0:
        return str(labels[()])
    return labels.astype(str)


def _as_result_total(total: np.ndarray):
    total = total.astype(int)
    return int(total) if total.ndim == 0 else total


def cows_band(total) -> np.ndarray | str:
    """Severity band of a COWS total score.

    Parameters
    ----------
    total : int or array_like of int
        COWS total, 0-48.

    Returns
    -------
    str or numpy.ndarray of str
        ``"below mild"`` (0-4), ``"mild"`` (5-12), ``"moderate"`` (13-24),
        ``"moderately severe"`` (25-36) or ``"severe"`` (more than 36).

    Notes
    -----
    The form defines bands from 5 upward; totals below 5 are labelled
    ``"below mild"`` here.

    References
    ----------
    Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J
    Psychoactive Drugs 2003;35:253-259.

    Examples
    --------
    >>> cows_band(12), cows_band(13), cows_band(37)
    ('mild', 'moderate', 'severe')
    """
    return _band(total, COWS_BANDS, "total", COWS_MAX)


def cows_score(items: Mapping[str, object]) -> ScaleResult:
    """Score the Clinical Opiate Withdrawal Scale (COWS).

    Parameters
    ----------
    items : mapping of str to int or array_like
        A score for each of the 11 items in :data:`COWS_ITEMS` (exactly these
        names). Each score must be one of that item's allowed values, e.g.
        ``resting_pulse_rate`` in {0, 1, 2, 4}, ``gooseflesh_skin`` in
        {0, 3, 5}. Arrays (equal shapes) score many ratings at once.

    Returns
    -------
    ScaleResult
        ``total`` (0-48) and ``band`` (see :func:`cows_band`).

    Raises
    ------
    ValueError
        A missing or unknown item, or a score not allowed for its item (the
        message names the item and its allowed values).

    Notes
    -----
    :math:`\\mathrm{total} = \\sum_{i=1}^{11} s_i`, maximum
    4+4+5+5+4+4+5+4+4+4+5 = 48.

    References
    ----------
    Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J
    Psychoactive Drugs 2003;35:253-259.

    Examples
    --------
    >>> rating = dict.fromkeys(COWS_ITEMS, 1)
    >>> rating["gooseflesh_skin"] = 3
    >>> r = cows_score(rating)
    >>> r.total, r.band
    (13, 'moderate')
    """
    arrays = _check_items(items, COWS_ITEMS, "COWS")
    total = np.sum(np.stack(arrays), axis=0)
    return ScaleResult("COWS", _as_result_total(total), COWS_MAX, cows_band(total), "wesson2003")


def cows_pulse_score(pulse_bpm) -> np.ndarray | int:
    """COWS item 1 score from the resting pulse rate.

    Parameters
    ----------
    pulse_bpm : float or array_like
        Resting pulse, beats per minute, > 0 (measured after the patient has
        been sitting or lying for one minute).

    Returns
    -------
    int or numpy.ndarray of int
        0 if 80 or below, 1 if 81-100, 2 if 101-120, 4 if above 120.

    Notes
    -----
    Non-integer rates are compared with the same cut points (80, 100, 120).

    References
    ----------
    Wesson DR, Ling W. J Psychoactive Drugs 2003;35:253-259.

    Examples
    --------
    >>> [int(cows_pulse_score(p)) for p in (80, 81, 100, 101, 120, 121)]
    [0, 1, 1, 2, 2, 4]
    """
    pulse = positive("pulse_bpm", pulse_bpm)
    score = np.select([pulse <= 80, pulse <= 100, pulse <= 120], [0, 1, 2], default=4)
    return int(score) if score.ndim == 0 else score


def cows_yawning_score(yawns_during_assessment, assessment_minutes: float | None = None) -> np.ndarray | int:
    """COWS item 9 score from the number of yawns observed during the assessment.

    Parameters
    ----------
    yawns_during_assessment : int or array_like
        Yawns counted, whole number >= 0.
    assessment_minutes : float, optional
        Length of the observation, minutes, > 0. When given, a rate of two or
        more yawns per minute counts as "several times per minute" (score 4).

    Returns
    -------
    int or numpy.ndarray of int
        0 (none), 1 (once or twice), 2 (three or more times), 4 (several times
        per minute).

    Notes
    -----
    The form's top anchor is "yawning several times/minute"; reading
    "several" as two or more per minute is this function's choice
    (illustrative).

    References
    ----------
    Wesson DR, Ling W. J Psychoactive Drugs 2003;35:253-259.

    Examples
    --------
    >>> [int(cows_yawning_score(n)) for n in (0, 2, 3)]
    [0, 1, 2]
    >>> int(cows_yawning_score(12, assessment_minutes=5))
    4
    """
    count = as_array("yawns_during_assessment", yawns_during_assessment)
    if np.any((count < 0) | (count != np.round(count))):
        raise ValueError(f"yawns_during_assessment must be a whole number >= 0; got {yawns_during_assessment!r}")
    score = np.select([count == 0, count <= 2], [0, 1], default=2)
    if assessment_minutes is not None:
        minutes = positive("assessment_minutes", assessment_minutes)
        score = np.where(count / minutes >= 2.0, 4, score)
    return int(score) if np.ndim(score) == 0 else score


def ciwa_ar_band(total, bands: str = "sullivan1989") -> np.ndarray | str:
    """Severity band of a CIWA-Ar total under a named band set.

    Parameters
    ----------
    total : int or array_like of int
        CIWA-Ar total, 0-67.
    bands : {"sullivan1989", "bayard2004", "asam2020"}
        Band set (see :data:`CIWA_AR_BAND_SETS` for each one's source and
        note): ``"sullivan1989"``: <10 minimal, >=10 clinically significant;
        ``"bayard2004"``: 0-7 minimal to mild, 8-14 moderate, >=15 severe;
        ``"asam2020"``: <10 mild, 10-18 moderate, >=19 severe.

    Returns
    -------
    str or numpy.ndarray of str
        Band label(s).

    References
    ----------
    Sullivan JT, Sykora K, Schneiderman J, Naranjo CA, Sellers EM. Assessment
    of alcohol withdrawal: the revised Clinical Institute Withdrawal
    Assessment for Alcohol scale (CIWA-Ar). Br J Addict 1989;84:1353-1357.
    Bayard M, McIntyre J, Hill KR, Woodside J Jr. Alcohol withdrawal syndrome.
    Am Fam Physician 2004;69:1443-1450.
    American Society of Addiction Medicine. The ASAM Clinical Practice
    Guideline on Alcohol Withdrawal Management. J Addict Med 2020;14(3S
    Suppl 1):1-72.

    Examples
    --------
    >>> ciwa_ar_band(9), ciwa_ar_band(10)
    ('minimal', 'clinically significant')
    >>> ciwa_ar_band(15, bands="bayard2004")
    'severe'
    """
    choice("bands", bands, tuple(CIWA_AR_BAND_SETS))
    return _band(total, CIWA_AR_BAND_SETS[bands][0], "total", CIWA_AR_MAX)


def ciwa_ar_score(items: Mapping[str, object], bands: str = "sullivan1989") -> ScaleResult:
    """Score the revised Clinical Institute Withdrawal Assessment for Alcohol (CIWA-Ar).

    Parameters
    ----------
    items : mapping of str to int or array_like
        A score for each of the 10 items in :data:`CIWA_AR_ITEMS` (exactly
        these names): nine scored 0-7, ``orientation_and_clouding_of_sensorium``
        0-4. Arrays (equal shapes) score many ratings at once.
    bands : {"sullivan1989", "bayard2004", "asam2020"}
        Severity band set (sources disagree; see :func:`ciwa_ar_band`).

    Returns
    -------
    ScaleResult
        ``total`` (0-67), ``band`` and ``bands_source`` (a BibTeX key).

    Raises
    ------
    ValueError
        A missing or unknown item, a score not allowed for its item (the
        message names the item and its allowed values), or an unknown band set.

    Notes
    -----
    :math:`\\mathrm{total} = \\sum_{i=1}^{10} s_i`, maximum 9 x 7 + 4 = 67.

    References
    ----------
    Sullivan JT, Sykora K, Schneiderman J, Naranjo CA, Sellers EM. Br J Addict
    1989;84:1353-1357.

    Examples
    --------
    >>> rating = dict.fromkeys(CIWA_AR_ITEMS, 1)
    >>> r = ciwa_ar_score(rating)
    >>> r.total, r.band
    (10, 'clinically significant')
    >>> ciwa_ar_score(rating, bands="bayard2004").band
    'moderate'
    """
    choice("bands", bands, tuple(CIWA_AR_BAND_SETS))
    arrays = _check_items(items, CIWA_AR_ITEMS, "CIWA-Ar")
    total = np.sum(np.stack(arrays), axis=0)
    return ScaleResult(
        "CIWA-Ar", _as_result_total(total), CIWA_AR_MAX, ciwa_ar_band(total, bands), CIWA_AR_BAND_SETS[bands][1]
    )
