"""Figures: opponent processes behind opioid and alcohol withdrawal.

Three simulated-slider figures for the pages *The opponent process and opioid
withdrawal* and *Alcohol withdrawal* of the chapter *Principles and
Mechanisms*. Each builder simulates the whole slider grid in ONE vectorized
call to :mod:`neuroadapt.opponent_process`, :mod:`neuroadapt.locus_coeruleus` or
:mod:`neuroadapt.alcohol`, keeps a thin, rounded slice of the
result, and lets the slider filter it in the browser:

* :func:`solomon_corbit_chart` - a-, b-process and net affect at the first and
  the last of a series of uses; slider: spacing between uses.
* :func:`lc_homeostat_chart` - cAMP and adenylyl cyclase in the locus
  coeruleus before, during and after opioid use; slider: length of use.
* :func:`alcohol_withdrawal_chart` - NMDA and GABA-A gains and net
  excitability through drinking and withdrawal, above the published symptom
  windows; slider: days of heavy drinking.

The helpers ``*_data`` return the tidy tables behind the charts so that tests
(and curious readers) can check them without a browser.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from neuroadapt.alcohol import alcohol_homeostat, hours_to_bac, maintained_drinking_bac, withdrawal_windows
from neuroadapt.locus_coeruleus import (
    LOCUS_COERULEUS_DEFAULTS,
    lc_firing_rate,
    locus_coeruleus_camp,
    opioid_use_occupancy,
    withdrawal_camp_peak,
)
from neuroadapt.opponent_process import exposure_summary, solomon_corbit, stimulus_train

from .theme import OKABE_ITO, SERIES_COLORS, WIDTH, color_scale, dash_scale, finish, round_sig, shape_scale


def _slider(name: str, value, lo, hi, step, label: str):
    return alt.param(name=name, value=value, bind=alt.binding_range(min=lo, max=hi, step=step, name=label))


# ---------------------------------------------------------------------------
# 1. Solomon & Corbit: a-process, b-process, net affect
# ---------------------------------------------------------------------------

SC_SERIES = ["a-process (drug)", "b-process (opponent)", "Net affect (a − b)"]


def solomon_corbit_data(
    n_uses: int = 10,
    spacings_h=tuple(range(4, 100, 4)),
    duration_h: float = 1.0,
    dt_h: float = 0.05,
    window_h: tuple[float, float] = (-0.5, 3.0),
):
    """Simulate ``n_uses`` exposures for every spacing in ONE call; return the figure's tables.

    Returns
    -------
    courses : pandas.DataFrame
        Wide table, one row per (spacing, use shown, time): ``spacing_h``,
        ``use`` ("1st use" for the first exposure, stored once with
        spacing_h = 0, or "Last use"), ``t_h`` (time from that use's onset),
        ``a``, ``b`` and ``net``.
    summary : pandas.DataFrame
        ``spacing_h``, ``use_number`` (1-based), ``peak`` and ``trough``
        (from :func:`neuroadapt.opponent_process.exposure_summary`).
    """
    spacings = np.asarray(spacings_h, dtype=float)
    start = -window_h[0]
    t = np.round(np.arange(0.0, start + (n_uses - 1) * spacings.max() + window_h[1] + dt_h / 2, dt_h), 6)
    u = stimulus_train(t, n_exposures=n_uses, dosing_interval_h=spacings, duration_h=duration_h, start_h=start)
    res = solomon_corbit(t, u)
    summ = exposure_summary(t, u, res.net_affect).to_frame()
    summ = pd.DataFrame(
        {
            "spacing_h": spacings[summ["grid_index"].to_numpy()],
            "use_number": summ["exposure"].to_numpy() + 1,
            "peak": round_sig(summ["peak_net_affect"], 3),
            "trough": round_sig(summ["trough_net_affect"], 3),
        }
    )
    n_win = int(round((window_h[1] - window_h[0]) / dt_h)) + 1
    rel = np.round(window_h[0] + dt_h * np.arange(n_win), 3)
    frames = []
    i0 = 0  # the first window starts at t = 0, half an hour before the first onset
    frames.append(
        pd.DataFrame(
            {
                "spacing_h": 0.0,
                "use": "1st use",
                "t_h": rel,
                "a": round_sig(res.a_process[0, i0 : i0 + n_win], 3),
                "b": round_sig(res.b_process[0, i0 : i0 + n_win], 3),
                "net": round_sig(res.net_affect[0, i0 : i0 + n_win], 3),
            }
        )
    )
    for j, s in enumerate(spacings):
        k = int(round((n_uses - 1) * s / dt_h))
        frames.append(
            pd.DataFrame(
                {
                    "spacing_h": s,
                    "use": "Last use",
                    "t_h": rel,
                    "a": round_sig(res.a_process[j, k : k + n_win], 3),
                    "b": round_sig(res.b_process[j, k : k + n_win], 3),
                    "net": round_sig(res.net_affect[j, k : k + n_win], 3),
                }
            )
        )
    return pd.concat(frames, ignore_index=True), summ


def solomon_corbit_chart(
    n_uses: int = 10, spacing_h: float = 12.0, spacings_h=tuple(range(4, 100, 4)), duration_h: float = 1.0
):
    """Slider figure of the opponent process: first use versus last use, and every use's peak and trough.

    Parameters
    ----------
    n_uses : int
        Number of exposures simulated.
    spacing_h : float
        Initial slider value: time from one use's onset to the next, h.
    spacings_h : sequence of float
        The slider grid (evenly spaced), h.
    duration_h : float
        Duration of each exposure, h.
    """
    courses, summ = solomon_corbit_data(n_uses, spacings_h, duration_h)
    sp = np.asarray(spacings_h, dtype=float)
    step = float(sp[1] - sp[0])
    spacing = _slider("spacing_h", spacing_h, float(sp.min()), float(sp.max()), step, "Between uses (h)")

    y_dom = [float(min(-courses["b"].max(), courses["net"].min())) - 0.05, 1.15]
    fold = (
        alt.Chart(courses)
        .transform_calculate(neg_b="-datum.b")
        .transform_fold(["a", "neg_b", "net"], as_=["key", "value"])
        .transform_calculate(series="{{'a': '{}', 'neg_b': '{}', 'net': '{}'}}[datum.key]".format(*SC_SERIES))
    )
    enc = dict(
        x=alt.X(
            "t_h:Q",
            title="Hours since the onset of the use",
            scale=alt.Scale(domain=[-0.5, 3.0], nice=False),
            axis=alt.Axis(values=[0, 1, 2, 3]),
        ),
        y=alt.Y("value:Q", title="Affect (arbitrary units)", scale=alt.Scale(domain=y_dom, nice=False)),
        color=alt.Color("series:N", scale=color_scale(SC_SERIES), sort=SC_SERIES, title=None),
        strokeDash=alt.StrokeDash("series:N", scale=dash_scale(SC_SERIES), sort=SC_SERIES, title=None),
        tooltip=[
            alt.Tooltip("series:N", title="Curve"),
            alt.Tooltip("t_h:Q", title="Hours since onset"),
            alt.Tooltip("value:Q", title="Value", format=".2f"),
        ],
    )
    drug_on = (
        alt.Chart(pd.DataFrame({"x0": [0.0], "x1": [duration_h]}))
        .mark_rect(color="currentColor", opacity=0.07)
        .encode(x="x0:Q", x2="x1:Q")
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#777").encode(y="y:Q")
    panel_w = (WIDTH - 50) // 2
    first = alt.layer(
        drug_on,
        zero,
        fold.transform_filter("datum.use == '1st use'").mark_line(strokeWidth=2.5).encode(**enc),
    ).properties(width=panel_w, height=230, title="1st use")
    last = alt.layer(
        drug_on,
        zero,
        fold.transform_filter(f"datum.use == 'Last use' && datum.spacing_h == {spacing.name}")
        .mark_line(strokeWidth=2.5)
        .encode(**enc),
    ).properties(width=panel_w, height=230, title=f"Use number {n_uses}")

    metrics = ["Peak during use", "After-reaction (trough)"]
    by_use = (
        alt.Chart(summ)
        .transform_filter(f"datum.spacing_h == {spacing.name}")
        .transform_fold(["peak", "trough"], as_=["key", "value"])
        .transform_calculate(metric="datum.key == 'peak' ? '{}' : '{}'".format(*metrics))
    )
    by_enc = dict(
        x=alt.X(
            "use_number:Q",
            title="Use number",
            scale=alt.Scale(domain=[0.5, n_uses + 0.5], nice=False),
            axis=alt.Axis(values=list(range(1, n_uses + 1)), format="d"),
        ),
        y=alt.Y("value:Q", title="Net affect", scale=alt.Scale(domain=[min(-1.0, float(summ["trough"].min())), 1.0])),
        color=alt.Color(
            "metric:N",
            scale=alt.Scale(domain=metrics, range=[OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"]]),
            sort=metrics,
            title=None,
        ),
    )
    summary = alt.layer(
        zero,
        by_use.mark_line(strokeWidth=1.5).encode(
            strokeDash=alt.StrokeDash("metric:N", scale=dash_scale(metrics), sort=metrics, title=None), **by_enc
        ),
        by_use.mark_point(size=70, filled=True).encode(
            shape=alt.Shape("metric:N", scale=shape_scale(metrics), sort=metrics, title=None),
            tooltip=[
                alt.Tooltip("use_number:Q", title="Use number"),
                alt.Tooltip("metric:N", title="Measure"),
                alt.Tooltip("value:Q", title="Net affect", format=".2f"),
            ],
            **by_enc,
        ),
    ).properties(width=WIDTH - 10, height=170, title="Every use: peak effect and after-reaction")

    chart = (
        alt.vconcat(alt.hconcat(first, last), summary)
        .resolve_scale(color="independent", strokeDash="independent", shape="independent")
        .add_params(spacing)
    )
    row = summ[summ["spacing_h"] == spacing_h].set_index("use_number")
    description = (
        f"Three panels from the opponent-process model of Solomon and Corbit, for {n_uses} uses of a drug, each lasting "
        f"{duration_h:g} hour. Top left, the first use: the a-process (solid line) rises quickly while the drug "
        "acts and falls quickly after; the b-process (dashed line, drawn below zero because it opposes) rises "
        "sluggishly and outlasts the drug; net affect (dotted line) peaks near 0.9, sags to a plateau and dips "
        f"below zero after the drug is gone. Top right, the same curves at use number {n_uses}, for the spacing "
        "between uses set by the slider (4 to 96 hours). Bottom, the peak and the after-reaction of every use. "
        f"With {spacing_h:g} hours between uses, the peak falls from {row.loc[1, 'peak']:.2f} at the first use to "
        f"{row.loc[n_uses, 'peak']:.2f} at the last, and the after-reaction deepens from {row.loc[1, 'trough']:.2f} "
        f"to {row.loc[n_uses, 'trough']:.2f}. Closely spaced uses strengthen the b-process; widely spaced uses "
        "let it fade between uses, so the last use looks almost like the first."
    )
    return finish(chart, description=description)


# ---------------------------------------------------------------------------
# 2. Locus coeruleus cAMP homeostat
# ---------------------------------------------------------------------------

LC_SERIES = ["cAMP", "Adenylyl cyclase"]


def _lc_offsets(use_h: float) -> np.ndarray:
    """Display times relative to the stop (h): dense where things change fast, thin elsewhere."""
    start = -use_h
    during = np.concatenate(
        [start + np.array([0.0, 0.1, 0.2, 0.3, 0.5, 1, 2, 4, 8, 12]), np.arange(start + 24.0, -0.01, 12.0), [-0.1]]
    )
    after = np.concatenate([np.arange(0.0, 1.0, 0.1), np.arange(1.0, 24.0, 1.0), np.arange(24.0, 120.01, 4.0)])
    return np.unique(np.round(np.concatenate([during[during < 0], after]), 3))


def lc_homeostat_data(use_days=tuple(range(1, 15)), after_days: float = 5.0, dt_h: float = 0.1, occupancy: float = 1.0):
    """Simulate the LC homeostat for every length of use in ONE call; return the figure's tables.

    Returns
    -------
    course : pandas.DataFrame
        ``use_days``, ``t_d`` (days relative to the stop), ``camp``, ``ac``
        (relative to baseline) and ``firing_hz`` (:func:`lc_firing_rate`).
        One baseline row precedes each use.
    peaks : pandas.DataFrame
        ``use_days`` (fine grid, 0-30 d), ``peak_camp`` and ``time_to_peak_h``
        from :func:`neuroadapt.locus_coeruleus.withdrawal_camp_peak`.
    """
    days = np.asarray(use_days, dtype=float)
    horizon_h = 24.0 * (days.max() + after_days)
    t = np.round(np.arange(0.0, horizon_h + dt_h / 2, dt_h), 6)
    occ = opioid_use_occupancy(t, 24.0 * days, occupancy=occupancy)
    res = locus_coeruleus_camp(t, occ)
    frames = []
    x_min = -24.0 * (days.max() + 1.0)
    for j, d in enumerate(days):
        rel = _lc_offsets(24.0 * d)
        idx = np.searchsorted(t, np.round(rel + 24.0 * d, 6))
        camp = res.camp_relative[j, idx]
        ac = res.adenylyl_cyclase_relative[j, idx]
        rel_d = np.concatenate([[x_min / 24.0, (-24.0 * d - dt_h) / 24.0], rel / 24.0])
        camp = np.concatenate([[1.0, 1.0], camp])
        ac = np.concatenate([[1.0, 1.0], ac])
        frames.append(
            pd.DataFrame(
                {
                    "use_days": d,
                    "t_d": round_sig(rel_d, 5),
                    "camp": round_sig(camp, 3),
                    "ac": round_sig(ac, 3),
                    "firing_hz": round_sig(lc_firing_rate(camp), 3),
                }
            )
        )
    fine = np.round(np.arange(0.0, 30.01, 0.5), 3)
    overshoot = withdrawal_camp_peak(24.0 * fine, occupancy=occupancy)
    peak, when = overshoot.peak_camp_relative, overshoot.time_to_peak_h
    peaks = pd.DataFrame({"use_days": fine, "peak_camp": round_sig(peak, 3), "time_to_peak_h": round_sig(when, 3)})
    return pd.concat(frames, ignore_index=True), peaks


def lc_homeostat_chart(use_days: float = 7.0, use_days_grid=tuple(range(1, 15)), after_days: float = 5.0):
    """Slider figure: cAMP and adenylyl cyclase before, during and after opioid use; peak overshoot by length of use.

    Parameters
    ----------
    use_days : float
        Initial slider value: days of continuous use at full occupancy.
    use_days_grid : sequence of float
        The slider grid (evenly spaced), days.
    after_days : float
        Days shown after the stop.
    """
    course, peaks = lc_homeostat_data(use_days_grid, after_days)
    grid = np.asarray(use_days_grid, dtype=float)
    length = _slider(
        "use_days", use_days, float(grid.min()), float(grid.max()), float(grid[1] - grid[0]), "Opioid use (days)"
    )
    ceiling = 1.0 / (1.0 - LOCUS_COERULEUS_DEFAULTS.max_inhibition)
    x_dom = [-(grid.max() + 1.0), after_days]
    sel = f"datum.use_days == {length.name}"
    base = (
        alt.Chart(course)
        .transform_filter(sel)
        .transform_fold(["camp", "ac"], as_=["key", "value"])
        .transform_calculate(series="datum.key == 'camp' ? 'cAMP' : 'Adenylyl cyclase'")
    )
    x = alt.X(
        "t_d:Q", title="Days relative to the last dose (0 = opioid stopped)", scale=alt.Scale(domain=x_dom, nice=False)
    )
    lines = base.mark_line(strokeWidth=2.5).encode(
        x=x,
        y=alt.Y(
            "value:Q", title="Relative to drug-free level (= 1)", scale=alt.Scale(domain=[0, ceiling + 0.3], nice=False)
        ),
        color=alt.Color("series:N", scale=color_scale(LC_SERIES), sort=LC_SERIES, title=None),
        strokeDash=alt.StrokeDash("series:N", scale=dash_scale(LC_SERIES), sort=LC_SERIES, title=None),
        tooltip=[
            alt.Tooltip("series:N", title="Curve"),
            alt.Tooltip("t_d:Q", title="Days from stop", format=".2f"),
            alt.Tooltip("value:Q", title="Relative level", format=".2f"),
            alt.Tooltip("firing_hz:Q", title="LC firing proxy (Hz)", format=".2f"),
        ],
    )
    on_board = alt.Chart(pd.DataFrame({"use_days": grid, "x0": -grid, "x1": 0.0, "label": "opioid on board"}))
    band = on_board.transform_filter(sel).mark_rect(color="currentColor", opacity=0.07).encode(x="x0:Q", x2="x1:Q")
    band_text = (
        on_board.transform_filter(sel)
        .mark_text(align="left", dx=4, y=10, color="currentColor")
        .encode(x="x0:Q", text="label:N")
    )
    ref = alt.Chart(pd.DataFrame({"y": [1.0, ceiling], "label": ["baseline", "ceiling 1/(1 − Imax)"]}))
    ref_rules = ref.mark_rule(color="#777", strokeDash=[3, 3]).encode(y="y:Q")
    ref_text = alt.layer(
        ref.transform_filter("datum.y == 1")
        .mark_text(align="left", dy=-6, color="currentColor")
        .encode(y="y:Q", x=alt.value(4), text="label:N"),
        ref.transform_filter("datum.y != 1")
        .mark_text(align="right", dy=10, color="currentColor")
        .encode(y="y:Q", x=alt.value(WIDTH - 4), text="label:N"),
    )
    # A right-hand axis for the LC firing proxy (proportional to cAMP: same curve, in Hz).
    rate = float(LOCUS_COERULEUS_DEFAULTS.baseline_rate_hz)
    firing = (
        alt.Chart(course)
        .transform_filter(sel)
        .mark_line(opacity=0)
        .encode(
            x=x,
            y=alt.Y(
                "firing_hz:Q",
                title="LC firing proxy (Hz)",
                scale=alt.Scale(domain=[0, rate * (ceiling + 0.3)], nice=False),
                axis=alt.Axis(orient="right", grid=False),
            ),
        )
    )
    top = (
        alt.layer(alt.layer(band, ref_rules, lines, band_text, ref_text), firing)
        .resolve_scale(y="independent")
        .properties(width=WIDTH, height=260, title="cAMP pathway in a locus coeruleus neuron")
    )

    px = alt.X("use_days:Q", title="Days of opioid use before the stop", scale=alt.Scale(domain=[0, 30], nice=False))
    py = alt.Y("peak_camp:Q", title="Peak cAMP (× baseline)", scale=alt.Scale(domain=[0, ceiling + 0.3], nice=False))
    curve = (
        alt.Chart(peaks)
        .mark_line(strokeWidth=2, color=SERIES_COLORS[0])
        .encode(
            x=px,
            y=py,
            tooltip=[
                alt.Tooltip("use_days:Q", title="Days of use"),
                alt.Tooltip("peak_camp:Q", title="Peak cAMP (× baseline)", format=".2f"),
                alt.Tooltip("time_to_peak_h:Q", title="Hours from stop to peak", format=".2f"),
            ],
        )
    )
    marker = (
        alt.Chart(peaks)
        .transform_filter(sel)
        .mark_point(
            size=140, filled=True, shape="diamond", color=OKABE_ITO["vermillion"], stroke="currentColor", strokeWidth=1
        )
        .encode(
            x=px,
            y=py,
            tooltip=[
                alt.Tooltip("use_days:Q", title="Days of use (slider)"),
                alt.Tooltip("peak_camp:Q", title="Peak cAMP (× baseline)", format=".2f"),
            ],
        )
    )
    ceil_rule = alt.Chart(pd.DataFrame({"y": [ceiling]})).mark_rule(color="#777", strokeDash=[3, 3]).encode(y="y:Q")
    bottom = alt.layer(ceil_rule, curve, marker).properties(
        width=WIDTH, height=150, title="Peak overshoot after the stop, by length of use (diamond: slider)"
    )

    chart = alt.vconcat(top, bottom).add_params(length)
    p = peaks.set_index("use_days")["peak_camp"]
    description = (
        "Two panels from a model of the cAMP pathway in locus coeruleus neurons (illustrative parameters). Top: "
        "cAMP (solid line) and adenylyl cyclase (dashed line), relative to their drug-free level of 1, against days "
        "relative to the last dose; a grey band marks the days of opioid use, whose length the slider sets (1 to "
        f"{grid.max():g} days). When the opioid starts, cAMP drops within minutes to a quarter of baseline; adenylyl "
        "cyclase then climbs over days and drags cAMP back up toward 1. When the opioid stops, cAMP shoots up to "
        "about the level the cyclase has reached and falls back over two to three days as the cyclase returns to "
        f"baseline. Bottom: the peak of that overshoot against the length of use, rising from {p.loc[1.0]:.2f} after "
        f"1 day to {p.loc[7.0]:.2f} after 7 days and {p.loc[14.0]:.2f} after 14, approaching a ceiling of "
        f"{ceiling:g}; a diamond marks the slider's value. The LC firing proxy is proportional to cAMP."
    )
    return finish(chart, description=description)


# ---------------------------------------------------------------------------
# 3. Alcohol: GABA-A / NMDA homeostat and the published withdrawal windows
# ---------------------------------------------------------------------------

GAIN_SERIES = ["NMDA (excitatory) gain", "GABA-A (inhibitory) gain"]


def _alcohol_offsets(days: float, before_h: float, after_h: float) -> np.ndarray:
    start = -24.0 * days
    pre = np.arange(-before_h, 0.0, 3.0)
    pre = pre[pre > start]
    first = start + np.array([0.0, 1.0, 3.0, 6.0, 12.0])
    first = first[(first >= -before_h) & (first < 0)]
    after = np.concatenate([np.arange(0.0, 48.0, 1.0), np.arange(48.0, after_h + 0.01, 3.0)])
    return np.unique(np.round(np.concatenate([pre, first, after]), 3))


def alcohol_withdrawal_data(
    drinking_days=tuple(range(1, 22)),
    plateau_bac_g_per_dl: float = 0.25,
    before_h: float = 72.0,
    after_h: float = 168.0,
    dt_h: float = 0.5,
):
    """Simulate sustained drinking then abstinence for every duration in ONE call; return the tables.

    Returns
    -------
    course : pandas.DataFrame
        ``days`` (of drinking), ``t_h`` (hours relative to the last drink),
        ``bac`` (g/dL), ``nmda``, ``gaba`` (gains, baseline 1) and ``exc``
        (net excitability, baseline 0).
    peaks : pandas.DataFrame
        ``days``, ``peak_h`` (hours after the last drink) and ``peak_exc``.
    """
    days = np.asarray(drinking_days, dtype=float)
    t = np.round(np.arange(0.0, 24.0 * days.max() + after_h + dt_h / 2, dt_h), 6)
    bac = maintained_drinking_bac(t, days, plateau_bac_g_per_dl)
    res = alcohol_homeostat(t, bac)
    frames, peaks = [], []
    for j, d in enumerate(days):
        last = 24.0 * d
        rel = _alcohol_offsets(d, before_h, after_h)
        idx = np.searchsorted(t, np.round(rel + last, 6))
        cols = {
            "bac": bac[j, idx],
            "nmda": res.nmda_gain[j, idx],
            "gaba": res.gabaa_gain[j, idx],
            "exc": res.excitability[j, idx],
        }
        if -last > -before_h:  # drinking began inside the window: show the sober baseline before it
            rel = np.concatenate([[-before_h, -last - dt_h], rel])
            cols = {
                "bac": np.r_[0.0, 0.0, cols["bac"]],
                "nmda": np.r_[1.0, 1.0, cols["nmda"]],
                "gaba": np.r_[1.0, 1.0, cols["gaba"]],
                "exc": np.r_[0.0, 0.0, cols["exc"]],
            }
        frames.append(pd.DataFrame({"days": d, "t_h": rel, **{k: round_sig(v, 3) for k, v in cols.items()}}))
        after = t >= last
        k = np.argmax(np.where(after, res.excitability[j], -np.inf))
        peaks.append((d, round(float(t[k] - last), 2), round(float(res.excitability[j, k]), 3)))
    return (pd.concat(frames, ignore_index=True), pd.DataFrame(peaks, columns=["days", "peak_h", "peak_exc"]))


def alcohol_withdrawal_chart(
    days: float = 14.0,
    drinking_days=tuple(range(1, 22)),
    plateau_bac_g_per_dl: float = 0.25,
    before_h: float = 72.0,
    after_h: float = 168.0,
):
    """Slider figure: receptor gains and excitability through drinking and withdrawal, over the symptom windows.

    Parameters
    ----------
    days : float
        Initial slider value: days of sustained heavy drinking.
    drinking_days : sequence of float
        The slider grid (evenly spaced), days.
    plateau_bac_g_per_dl : float
        Blood alcohol held while drinking, g/dL.
    before_h, after_h : float
        Hours shown before and after the last drink.
    """
    course, peaks = alcohol_withdrawal_data(drinking_days, plateau_bac_g_per_dl, before_h, after_h)
    grid = np.asarray(drinking_days, dtype=float)
    dur = _slider(
        "drinking_days", days, float(grid.min()), float(grid.max()), float(grid[1] - grid[0]), "Heavy drinking (days)"
    )
    sel = f"datum.days == {dur.name}"
    mid_h = 210
    sober_h = float(hours_to_bac(plateau_bac_g_per_dl))
    x = alt.X(
        "t_h:Q",
        title="Hours relative to the last drink",
        scale=alt.Scale(domain=[-before_h, after_h], nice=False),
        axis=alt.Axis(values=list(range(-int(before_h), int(after_h) + 1, 24))),
    )
    marks = alt.Chart(
        pd.DataFrame({"x": [0.0, sober_h], "label": ["last drink", "blood alcohol ≈ 0"], "align": ["right", "left"]})
    )
    rules = marks.mark_rule(color="currentColor", strokeDash=[3, 3]).encode(x="x:Q")
    rule_text = alt.layer(
        *(
            marks.transform_filter(f"datum.align == '{side}'")
            .mark_text(align=side, dx=3 if side == "left" else -3, y=8, color="currentColor")
            .encode(x="x:Q", text="label:N")
            for side in ("left", "right")
        )
    )
    hover_tip = [
        alt.Tooltip("t_h:Q", title="Hours from last drink"),
        alt.Tooltip("bac:Q", title="Blood alcohol (g/dL)", format=".3f"),
        alt.Tooltip("nmda:Q", title="NMDA gain", format=".2f"),
        alt.Tooltip("gaba:Q", title="GABA-A gain", format=".2f"),
        alt.Tooltip("exc:Q", title="Net excitability", format=".2f"),
    ]
    base = alt.Chart(course).transform_filter(sel)

    gain_scale = alt.Scale(domain=[0.5, 1.7], nice=False, zero=False)
    gains = (
        base.transform_fold(["nmda", "gaba"], as_=["key", "value"])
        .transform_calculate(series="datum.key == 'nmda' ? '{}' : '{}'".format(*GAIN_SERIES))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", title="Gain (× sober level)", scale=gain_scale),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=GAIN_SERIES, range=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]]),
                sort=GAIN_SERIES,
                title=None,
            ),
            strokeDash=alt.StrokeDash("series:N", scale=dash_scale(GAIN_SERIES), sort=GAIN_SERIES, title=None),
            tooltip=hover_tip,
        )
    )
    one = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(color="#777").encode(y=alt.Y("y:Q", scale=gain_scale))
    top = alt.layer(one, rules, gains, rule_text).properties(
        width=WIDTH - 30, height=150, title="Receptor systems adapt in opposite directions"
    )

    # Hover: one invisible column per time sample (from this sample to the next) carries the
    # tooltip, so pointing anywhere in the panel reads the values at that hour.
    hover = alt.selection_point(name="hover_t", on="pointerover", clear="pointerout", fields=["t_h"], empty=False)
    exc_y = alt.Y("exc:Q", title="Net excitability (sober = 0)", scale=alt.Scale(domain=[-1.1, 1.1], nice=False))
    exc_line = base.mark_line(strokeWidth=3, color="currentColor").encode(x=x, y=exc_y)
    columns = (
        base.transform_window(t_next="lead(t_h)", sort=[alt.SortField("t_h")], groupby=["days"])
        .transform_filter("datum.t_next != null")
        .mark_rect(opacity=0)
        .encode(x=x, x2="t_next:Q", y=alt.value(0), y2=alt.value(mid_h), tooltip=hover_tip)
        .add_params(hover)
    )
    hover_rule = base.mark_rule(color="currentColor").encode(
        x=x, opacity=alt.condition(hover, alt.value(0.8), alt.value(0))
    )
    exc_pts = base.mark_point(size=70, filled=True, color="currentColor").encode(
        x=x, y=exc_y, opacity=alt.condition(hover, alt.value(1), alt.value(0))
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#777").encode(y="y:Q")
    zones = (
        alt.Chart(pd.DataFrame({"y": [-1.0, 1.0], "label": ["sedated (CNS depressed)", "hyperexcitable"]}))
        .mark_text(align="right", color="currentColor", fontStyle="italic")
        .encode(y="y:Q", x=alt.value(WIDTH - 34), text="label:N")
    )
    peak = alt.Chart(peaks).transform_filter(sel)
    peak_pt = peak.mark_point(
        shape="diamond", size=150, filled=True, color=OKABE_ITO["vermillion"], stroke="currentColor", strokeWidth=1
    ).encode(
        x="peak_h:Q",
        y="peak_exc:Q",
        tooltip=[
            alt.Tooltip("peak_h:Q", title="Peak, hours after last drink"),
            alt.Tooltip("peak_exc:Q", title="Peak excitability", format=".2f"),
        ],
    )
    mid = alt.layer(zero, rules, hover_rule, exc_line, exc_pts, peak_pt, zones, columns).properties(
        width=WIDTH - 30, height=mid_h, title="Net excitability (diamond: peak)"
    )

    win = withdrawal_windows()
    signs = win["sign"].tolist()
    wplot = win.assign(label=[f"{r.window_start_h:g}-{r.window_end_h:g} h" for r in win.itertuples()])
    wy = alt.Y("sign:N", sort=signs, title=None)
    wcolor = alt.Color("sign:N", scale=alt.Scale(domain=signs, range=SERIES_COLORS[2 : 2 + len(signs)]), legend=None)
    wtip = [
        alt.Tooltip("sign:N", title="Sign"),
        alt.Tooltip("window_start_h:Q", title="Typical from (h)"),
        alt.Tooltip("window_end_h:Q", title="to (h)"),
        alt.Tooltip("peak_start_h:Q", title="Peak from (h)"),
        alt.Tooltip("peak_end_h:Q", title="Peak to (h)"),
        alt.Tooltip("source:N", title="Source"),
    ]
    x_win = alt.X(
        "window_start_h:Q",
        title="Hours after the last drink",
        scale=alt.Scale(domain=[-before_h, after_h], nice=False),
        axis=alt.Axis(values=list(range(-int(before_h), int(after_h) + 1, 24))),
    )
    bars = (
        alt.Chart(wplot)
        .mark_bar(opacity=0.45, height=14)
        .encode(x=x_win, x2="window_end_h:Q", y=wy, color=wcolor, tooltip=wtip)
    )
    peak_bars = (
        alt.Chart(wplot.dropna(subset=["peak_start_h"]))
        .mark_bar(height=14)
        .encode(x="peak_start_h:Q", x2="peak_end_h:Q", y=wy, color=wcolor, tooltip=wtip)
    )
    bar_text = (
        alt.Chart(wplot)
        .mark_text(align="right", dx=-4, fontSize=11, color="currentColor")
        .encode(x="window_start_h:Q", y=wy, text="label:N")
    )
    bottom = alt.layer(bars, peak_bars, bar_text, rules).properties(
        width=WIDTH - 30, height=110, title="Published windows of withdrawal signs (darker: typical peak)"
    )

    chart = alt.vconcat(top, mid, bottom).resolve_scale(color="independent", strokeDash="independent").add_params(dur)
    pk = peaks.set_index("days")
    windows_text = "; ".join(
        f"{r.sign} {r.window_start_h:g} to {r.window_end_h:g}"
        + ("" if np.isnan(r.peak_start_h) else f" (typical peak {r.peak_start_h:g} to {r.peak_end_h:g})")
        for r in win.itertuples()
    )
    description = (
        "Three stacked panels sharing a time axis in hours relative to the last drink (from "
        f"{before_h:g} hours before to {after_h:g} hours after), for sustained drinking at a blood alcohol of "
        f"{plateau_bac_g_per_dl:g} g/dL for the number of days set by the slider (1 to {grid.max():g}). Top: the NMDA "
        "receptor gain (solid line) rises above 1 and the GABA-A receptor gain (dashed line) falls below 1 while "
        "alcohol is present. Middle: net excitability (thick line) is deeply negative when drinking begins, returns "
        "toward zero as the receptors adapt (tolerance), and after the last drink rises above zero, peaking once "
        f"blood alcohol reaches about zero (about {sober_h:.0f} hours), then fading over about a week. After "
        f"{days:g} days of drinking the peak is {pk.loc[days, 'peak_exc']:.2f} at {pk.loc[days, 'peak_h']:.1f} hours; "
        f"after 1 day it is only {pk.loc[grid.min(), 'peak_exc']:.2f}. Bottom: horizontal bars for the published "
        f"windows of withdrawal signs, in hours after the last drink: {windows_text}. Hover over the middle panel "
        "for the values at any hour, and over a bar for its source."
    )
    return finish(chart, description=description)
