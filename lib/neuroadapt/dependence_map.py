"""The two-axis map of dependence: reinforcement x homeostatic adaptation.

Addiction and physical dependence are different things, and a drug can produce
either, both or neither. The book's introduction draws this as a map with two
axes, each scaled from 0 to 1:

* **reinforcement** (psychological dependence): how strongly the drug drives
  the wish to take it again, through the dopamine-carried learning signal of
  the reward circuits;
* **adaptation** (physiological dependence): how strongly the body
  counter-adapts to the drug's steady presence, and so how marked the
  withdrawal or rebound is when the drug stops.

A threshold on each axis (0.5 by default) splits the map into four quadrants.

The coordinates are **illustrative**. They are teaching positions, not
measurements. Where a published expert rating exists they are derived from it
by one stated rule; elsewhere they are placed by hand and the ``reason`` column
says why.

The rule for rated drugs: Nutt et al. (2007) asked expert panels to score 20
drugs from 0 (none) to 3 (extreme) on, among other things, *psychological
dependence* and *physical dependence*. Here

.. math::

    \\text{reinforcement} = \\frac{\\text{psychological dependence}}{3}, \\qquad
    \\text{adaptation} = \\frac{\\text{physical dependence}}{3},

rounded to two decimals. The ratings used are in :data:`NUTT_2007_RATINGS`.

References
----------
.. [1] Nutt D, King LA, Saulsbury W, Blakemore C. Development of a rational
   scale to assess the harm of drugs of potential misuse. *Lancet*
   2007;369:1047-1053.
.. [2] O'Brien CP, Volkow N, Li TK. What's in a word? Addiction versus
   dependence in DSM-V. *Am J Psychiatry* 2006;163:764-765.
.. [3] Koob GF, Le Moal M. Drug addiction, dysregulation of reward, and
   allostasis. *Neuropsychopharmacology* 2001;24:97-129.

Examples
--------
>>> from neuroadapt.dependence_map import placement, quadrant
>>> placement("cocaine")["quadrant"]
'high reinforcement / low adaptation'
>>> quadrant(0.1, 0.8)
'low reinforcement / high adaptation'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from neuroadapt._validation import choice, fraction

__all__ = [
    "THRESHOLD",
    "QUADRANTS",
    "NUTT_2007_RATINGS",
    "HAND_PLACEMENT_UNCERTAINTY",
    "quadrant",
    "placements",
    "placement",
]

#: Default cut-off between "low" and "high" on both axes (a convention).
THRESHOLD = 0.5

#: The four quadrant labels, in a fixed order (useful for legends).
QUADRANTS = (
    "high reinforcement / high adaptation",
    "high reinforcement / low adaptation",
    "low reinforcement / high adaptation",
    "low reinforcement / low adaptation",
)

#: Expert ratings (0-3) of psychological and physical dependence from Nutt et
#: al. (2007), for the drug classes this map uses. Keys are the names used in
#: that paper; the map's drug that borrows each rating is given in brackets.
NUTT_2007_RATINGS = {
    "heroin": {"psychological": 3.0, "physical": 3.0},  # [heroin]
    "cocaine": {"psychological": 2.8, "physical": 1.3},  # [cocaine]
    "tobacco": {"psychological": 2.6, "physical": 1.8},  # [nicotine]
    "benzodiazepines": {"psychological": 2.1, "physical": 1.8},  # [diazepam]
    "alcohol": {"psychological": 1.9, "physical": 1.6},  # [alcohol]
    "cannabis": {"psychological": 1.7, "physical": 0.8},  # [cannabis]
}

_NUTT_MAX = 3.0

#: Half-width (on the 0-1 scale, both axes) of the uncertainty bar drawn around a
#: drug placed by hand. A convention of this book, not a measurement: it says that
#: a hand placement could sit anywhere within about half a point of Nutt's 0-3
#: scale, so a bar that crosses the 0.5 line means the quadrant is not settled.
HAND_PLACEMENT_UNCERTAINTY = 0.15

# The map's drugs that take their coordinates from a Nutt et al. (2007) rating.
_RATED_AS = {
    "heroin": "heroin",
    "cocaine": "cocaine",
    "nicotine": "tobacco",
    "diazepam": "benzodiazepines",
    "alcohol": "alcohol",
    "cannabis": "cannabis",
}


def _from_nutt(name: str) -> tuple[float, float]:
    r = NUTT_2007_RATINGS[name]
    return (round(r["psychological"] / _NUTT_MAX, 2), round(r["physical"] / _NUTT_MAX, 2))


# drug, drug_class, (reinforcement, adaptation), reason, source keys
_ROWS = [
    (
        "cocaine",
        "stimulant",
        _from_nutt("cocaine"),
        "A powerful reinforcer that raises dopamine in the reward circuits, yet stopping it "
        "brings mostly low mood, fatigue and craving rather than a dangerous bodily syndrome. "
        "Rated 2.8 of 3 for psychological and 1.3 of 3 for physical dependence.",
        "nutt2007, dichiara1988",
    ),
    (
        "methamphetamine",
        "stimulant",
        (0.88, 0.37),
        "Like cocaine it raises dopamine in the reward circuits, and smoked or injected it is "
        "strongly reinforcing; its acute withdrawal (sleepiness, hunger, low mood, craving) "
        "eases over 7-10 days. Placed by hand; street amphetamine was rated 1.9 and 1.1 of 3.",
        "nutt2007, dichiara1988, mcgregor2005",
    ),
    (
        "nicotine",
        "stimulant",
        _from_nutt("tobacco"),
        "Tobacco was rated 2.6 of 3 for psychological and 1.8 of 3 for physical dependence; "
        "on stopping, irritability, anxiety, poor concentration and insomnia peak in the "
        "first week and last 2-4 weeks.",
        "nutt2007, hughes2007",
    ),
    (
        "heroin",
        "opioid",
        _from_nutt("heroin"),
        "The top rating (3 of 3) on both scales: intensely reinforcing, and the opioid "
        "adaptations produce a marked withdrawal syndrome when it stops.",
        "nutt2007, kosten2003",
    ),
    (
        "morphine",
        "opioid",
        (0.75, 0.90),
        "Acts on the same receptors as heroin, so the adaptation is the same kind; the molecule "
        "can reinforce, but a patient taking it as prescribed for pain can be physically "
        "dependent without any addiction. The map places drugs, not people. Placed by hand.",
        "kosten2003, dowell2022",
    ),
    (
        "alcohol",
        "sedative",
        _from_nutt("alcohol"),
        "Rated 1.9 of 3 for psychological and 1.6 of 3 for physical dependence, just above the "
        "line; its withdrawal can bring seizures and delirium, so this rating understates "
        "its danger.",
        "nutt2007, schuckit2014",
    ),
    (
        "diazepam",
        "sedative",
        _from_nutt("benzodiazepines"),
        "A benzodiazepine; the class was rated 2.1 of 3 for psychological and 1.8 of 3 for "
        "physical dependence. After long use, stopping suddenly brings anxiety, insomnia "
        "and, at worst, seizures.",
        "nutt2007, kosten2003",
    ),
    (
        "cannabis",
        "cannabinoid",
        _from_nutt("cannabis"),
        "Rated 1.7 of 3 for psychological and 0.8 of 3 for physical dependence; a real but "
        "mild withdrawal (irritability, poor sleep, low appetite) keeps it low on adaptation.",
        "nutt2007, budney2004",
    ),
    (
        "caffeine",
        "stimulant",
        (0.25, 0.30),
        "A mild reinforcer; in experiments, stopping brought headache in about half of regular "
        "users and clinically significant distress in about one in eight. Placed by hand.",
        "juliano2004",
    ),
    (
        "LSD",
        "psychedelic",
        (0.15, 0.10),
        "Tolerance builds within days, but there is no withdrawal syndrome, and psychedelics "
        "are not generally taken compulsively. Placed by hand.",
        "nichols2016",
    ),
    (
        "paroxetine",
        "antidepressant",
        (0.05, 0.51),
        "An SSRI with no euphoria and no craving; stopping it often brings a discontinuation "
        "syndrome (dizziness, electric-shock sensations), rarely a dangerous one. No published "
        "rating: placed by hand, below the benzodiazepines and alcohol, near the line.",
        "fava2015, henssler2024",
    ),
    (
        "venlafaxine",
        "antidepressant",
        (0.05, 0.52),
        "An SNRI: not reinforcing, yet withdrawal symptoms follow discontinuation of every "
        "SNRI and appear most common with venlafaxine. No published rating: placed by hand, "
        "below the benzodiazepines and alcohol, near the line.",
        "fava2018, henssler2024",
    ),
    (
        "propranolol",
        "cardiovascular",
        (0.02, 0.60),
        "A beta blocker: nothing to crave, but stopping it abruptly can cause rebound; in one "
        "trial, 10 of 20 angina patients had ischemic events within two weeks. Placed by hand.",
        "miller1975",
    ),
    (
        "amlodipine",
        "cardiovascular",
        (0.02, 0.05),
        "A calcium-channel blocker acting on blood vessels, not on reward circuits; with a "
        "40-50 h half-life it leaves the body slowly, and stopping lets blood pressure drift "
        "back to its untreated level. Placed by hand.",
        "meredith1992",
    ),
]

_ALIASES = {
    "tobacco": "nicotine",
    "ethanol": "alcohol",
    "diamorphine": "heroin",
    "benzodiazepines": "diazepam",
    "lysergide": "lsd",
}

_COLUMNS = [
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


def quadrant(reinforcement, adaptation, threshold: float = THRESHOLD):
    """Name the quadrant of the dependence map for each point.

    A coordinate counts as "high" when it is at or above ``threshold``::

        label = f"{'high' if r >= t else 'low'} reinforcement / "
                f"{'high' if a >= t else 'low'} adaptation"

    Parameters
    ----------
    reinforcement : float or array_like
        Position on the reinforcement (psychological dependence) axis, in [0, 1].
    adaptation : float or array_like
        Position on the homeostatic adaptation (physiological dependence) axis,
        in [0, 1]. Must broadcast against ``reinforcement``.
    threshold : float, default 0.5
        Cut-off between "low" and "high" on both axes, in the open interval (0, 1).

    Returns
    -------
    str or numpy.ndarray of str
        A single label when both inputs are scalars, otherwise an array with the
        broadcast shape of the inputs. Labels are the members of :data:`QUADRANTS`.

    Raises
    ------
    ValueError
        If a coordinate is NaN, infinite or outside [0, 1], if ``threshold`` is
        not in (0, 1), or if the inputs cannot be broadcast together.

    References
    ----------
    .. [1] O'Brien CP, Volkow N, Li TK. What's in a word? Addiction versus
       dependence in DSM-V. *Am J Psychiatry* 2006;163:764-765.

    Examples
    --------
    >>> quadrant(0.9, 0.4)
    'high reinforcement / low adaptation'
    >>> quadrant([0.9, 0.05], [0.9, 0.75]).tolist()
    ['high reinforcement / high adaptation', 'low reinforcement / high adaptation']
    """
    r = fraction("reinforcement", reinforcement)
    a = fraction("adaptation", adaptation)
    t = fraction("threshold", threshold, closed_low=False, closed_high=False)
    if t.ndim != 0:
        raise ValueError(f"threshold must be a single number, got shape {t.shape}")
    try:
        r_b, a_b = np.broadcast_arrays(r, a)
    except ValueError as exc:
        raise ValueError(
            f"reinforcement and adaptation must have broadcastable shapes, got {r.shape} and {a.shape}"
        ) from exc
    level_r = np.where(r_b >= t, "high", "low")
    level_a = np.where(a_b >= t, "high", "low")
    flat = [
        f"{lr} reinforcement / {la} adaptation" for lr, la in zip(level_r.ravel().tolist(), level_a.ravel().tolist())
    ]
    if r_b.ndim == 0:
        return flat[0]
    labels = np.empty(len(flat), dtype=object)
    labels[:] = flat
    return labels.reshape(r_b.shape)


def placements(threshold: float = THRESHOLD) -> pd.DataFrame:
    """Return the drugs of the dependence map with their illustrative coordinates.

    Parameters
    ----------
    threshold : float, default 0.5
        Cut-off used to compute the ``quadrant`` column, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per drug, with columns

        ``drug`` (str)
            Drug name, lower case except ``"LSD"``.
        ``drug_class`` (str)
            Pharmacological class.
        ``reinforcement`` (float, 0-1)
            Illustrative position on the reinforcement axis.
        ``adaptation`` (float, 0-1)
            Illustrative position on the homeostatic-adaptation axis.
        ``quadrant`` (str)
            Label from :func:`quadrant` at ``threshold``.
        ``reason`` (str)
            One or two sentences: why the drug sits there (shown on hover).
        ``source`` (str)
            Comma-separated BibTeX keys (``book/_bib/homeostasis_and_addiction.bib``).
        ``placed`` (str)
            ``"rated"`` (from Nutt et al. 2007) or ``"by hand"``.
        ``reinforcement_low``, ``reinforcement_high``, ``adaptation_low``, ``adaptation_high`` (float, 0-1)
            The uncertainty bar: the coordinate itself for a rated drug, the
            coordinate +/- :data:`HAND_PLACEMENT_UNCERTAINTY` (clipped to 0-1) for a
            drug placed by hand.

    Notes
    -----
    The coordinates are **illustrative teaching positions, not measurements**.
    For heroin, cocaine, nicotine (tobacco), diazepam (benzodiazepines), alcohol
    and cannabis they are the expert ratings of Nutt et al. (2007) for
    psychological and physical dependence divided by their maximum of 3 (see
    :data:`NUTT_2007_RATINGS`). The other drugs were not rated there and are
    placed by hand from the clinical literature cited in ``source``.

    References
    ----------
    .. [1] Nutt D, King LA, Saulsbury W, Blakemore C. Development of a rational
       scale to assess the harm of drugs of potential misuse. *Lancet*
       2007;369:1047-1053.

    Examples
    --------
    >>> df = placements()
    >>> df.set_index("drug").loc["paroxetine", "quadrant"]
    'low reinforcement / high adaptation'
    """
    t = float(fraction("threshold", threshold, closed_low=False, closed_high=False))
    df = pd.DataFrame(
        [
            {
                "drug": drug,
                "drug_class": drug_class,
                "reinforcement": float(xy[0]),
                "adaptation": float(xy[1]),
                "reason": reason,
                "source": source,
            }
            for drug, drug_class, xy, reason, source in _ROWS
        ]
    )
    df["quadrant"] = quadrant(df["reinforcement"].to_numpy(), df["adaptation"].to_numpy(), t)
    rated = df["drug"].isin(list(_RATED_AS))
    df["placed"] = np.where(rated, "rated", "by hand")
    half_width = np.where(rated, 0.0, HAND_PLACEMENT_UNCERTAINTY)
    for axis in ("reinforcement", "adaptation"):
        df[axis + "_low"] = np.clip(df[axis] - half_width, 0.0, 1.0).round(2)
        df[axis + "_high"] = np.clip(df[axis] + half_width, 0.0, 1.0).round(2)
    return df[_COLUMNS]


def placement(drug: str, threshold: float = THRESHOLD) -> pd.Series:
    """Return the map row of one drug.

    Parameters
    ----------
    drug : str
        Drug name, case-insensitive (for example ``"nicotine"`` or ``"LSD"``).
        A few synonyms are accepted: ``"tobacco"``, ``"ethanol"``,
        ``"diamorphine"``, ``"benzodiazepines"``.
    threshold : float, default 0.5
        Cut-off used for the ``quadrant`` entry, in (0, 1).

    Returns
    -------
    pandas.Series
        The row of :func:`placements` for that drug, indexed by column name.

    Raises
    ------
    ValueError
        If ``drug`` is not on the map; the message lists the valid names.

    Examples
    --------
    >>> row = placement("nicotine")
    >>> row["reinforcement"], row["adaptation"], row["quadrant"]
    (0.87, 0.6, 'high reinforcement / high adaptation')
    """
    df = placements(threshold)
    if not isinstance(drug, str):
        raise ValueError(f"drug must be a string, got {drug!r}")
    key = drug.strip().lower()
    key = _ALIASES.get(key, key)
    names = [name.lower() for name in df["drug"]]
    if key not in names:
        choice("drug", drug, df["drug"].tolist())  # raises, listing the valid names
        raise ValueError(f"drug {drug!r} is not on the map")  # pragma: no cover
    row = df.iloc[names.index(key)]
    # plain Python scalars, so the values print as 0.87 rather than np.float64(0.87)
    values = {col: (val.item() if isinstance(val, np.generic) else val) for col, val in row.items()}
    return pd.Series(values, name=row["drug"], dtype=object)
