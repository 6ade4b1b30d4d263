"""Alcohol: blood alcohol after the last drink and the GABA-A / NMDA homeostat.

Alcohol enhances GABA-A and blocks NMDA receptors; GABA-A gain falls and NMDA
gain rises until excitability is back at baseline (tolerance); after the last
drink (blood alcohol from :func:`bac_after_last_drink`, saturable Widmark
elimination) the brain is left hyperexcitable, inside the published withdrawal
windows of :func:`withdrawal_windows` (a literature table in
``neuroadapt/data/alcohol_withdrawal_windows.csv``).

Numerical method
----------------
Blood alcohol is sampled on the output grid and held constant over each
interval; each receptor gain then obeys a scalar linear ODE, so the steps of
:func:`alcohol_homeostat` are exact; the tests compare them with
:func:`scipy.integrate.solve_ivp` at ``rtol=1e-10``.

Parameter values are illustrative unless a source is given; :class:`AlcoholParams`
says which.
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import wrightomega

from ._numerics import full, input_changes, input_time_last, step_groups, time_grid, time_to_last
from ._validation import as_array, increasing, nonnegative, positive
from .drugs import drug_value

__all__ = [
    "AlcoholParams",
    "ALCOHOL_DEFAULTS",
    "AlcoholHomeostatResult",
    "withdrawal_windows",
    "bac_after_last_drink",
    "hours_to_bac",
    "maintained_drinking_bac",
    "alcohol_homeostat",
]


@dataclass(frozen=True)
class AlcoholParams:
    """Default parameters of the alcohol models (BAC in g/dL, time in h)."""

    #: fractional NMDA block per g/dL of alcohol (illustrative: 37.5 % block at 0.25 g/dL).
    nmda_block_per_g_dl: float = 1.5
    #: fractional GABA-A enhancement per g/dL of alcohol (illustrative: +62.5 % at 0.25 g/dL).
    gaba_enhance_per_g_dl: float = 2.5
    #: NMDA-gain adaptation time constant, h (2 days). Illustrative, chosen so that
    #: hyperexcitability subsides over ~5-7 days (Hall & Zador 1997; Becker 2008).
    time_constant_nmda_h: float = 48.0
    #: GABA-A-gain adaptation time constant, h (2 days). Illustrative, as above.
    time_constant_gaba_h: float = 48.0
    #: maximal (zero-order) elimination rate, g/dL per h: the drug table's
    #: alcohol elimination rate (Jones 2010; g/L per h / 10), higher in heavy drinkers.
    elimination_rate_g_per_dl_per_h: float = drug_value("alcohol", "elimination_rate_g_per_l_per_h") / 10.0
    #: Michaelis constant of elimination, g/dL. Illustrative: small compared with
    #: intoxicating levels, so elimination is zero-order until BAC is low.
    km_g_per_dl: float = 0.01


ALCOHOL_DEFAULTS = AlcoholParams()


@dataclass(frozen=True)
class AlcoholHomeostatResult:
    """Time course of :func:`alcohol_homeostat`; arrays ``(*grid, n_times)`` (time last).

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_times,)
        Output times, h.
    nmda_gain, gabaa_gain : numpy.ndarray
        Receptor-system gains relative to drug-free baseline (1).
    excitability : numpy.ndarray
        Net excitatory drive minus inhibitory drive, relative to baseline (0):
        negative = sedation, positive = withdrawal hyperexcitability.
    """

    t_h: np.ndarray
    nmda_gain: np.ndarray
    gabaa_gain: np.ndarray
    excitability: np.ndarray


@functools.lru_cache(maxsize=1)
def _windows_table() -> pd.DataFrame:
    path = importlib.resources.files("neuroadapt") / "data" / "alcohol_withdrawal_windows.csv"
    with path.open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype={"sign": str, "source": str, "citation": str, "note": str})
    for column in ("window_start_h", "window_end_h", "peak_start_h", "peak_end_h"):
        table[column] = table[column].astype(float)
    return table


def withdrawal_windows() -> pd.DataFrame:
    """Published time windows of alcohol-withdrawal signs, hours after the last drink.

    Read from ``neuroadapt/data/alcohol_withdrawal_windows.csv`` (every number
    once, with its source).

    Returns
    -------
    pandas.DataFrame
        One row per sign with columns ``sign``, ``window_start_h`` and
        ``window_end_h`` (the period in which the sign typically appears),
        ``peak_start_h`` and ``peak_end_h`` (typical peak, NaN where no peak is
        given), ``source`` (BibTeX keys in ``book/_bib``), ``citation`` (short
        author-year form) and ``note``.

    Notes
    -----
    Typical values for uncomplicated withdrawal; individual courses vary.

    * Tremor and autonomic hyperactivity: from ~6 h, peak 24-48 h, subsiding
      over 5-7 days (Hall & Zador 1997; Becker 2008).
    * Withdrawal seizures: 7-48 h, most at 13-24 h (Victor & Adams 1953).
    * Hallucinosis: ~12-48 h (Hall & Zador 1997).
    * Delirium tremens: begins 48-96 h after the last drink (Schuckit 2014).

    References
    ----------
    Victor M, Adams RD. The effect of alcohol on the nervous system. Res Publ
    Assoc Res Nerv Ment Dis 1953;32:526-573.
    Hall W, Zador D. The alcohol withdrawal syndrome. Lancet 1997;349:1897-1900.
    Becker HC. Alcohol dependence, withdrawal, and relapse. Alcohol Res Health
    2008;31:348-361.
    Schuckit MA. Recognition and management of withdrawal delirium (delirium
    tremens). N Engl J Med 2014;371:2109-2113.

    Examples
    --------
    >>> withdrawal_windows().set_index("sign").loc["seizures", "window_end_h"]
    np.float64(48.0)
    """
    return _windows_table().copy()


def _check_elimination(elimination_rate_g_per_dl_per_h, km_g_per_dl):
    return positive("elimination_rate_g_per_dl_per_h", elimination_rate_g_per_dl_per_h), positive(
        "km_g_per_dl", km_g_per_dl
    )


def bac_after_last_drink(
    t_since_h,
    bac_at_last_drink_g_per_dl,
    *,
    elimination_rate_g_per_dl_per_h=ALCOHOL_DEFAULTS.elimination_rate_g_per_dl_per_h,
    km_g_per_dl=ALCOHOL_DEFAULTS.km_g_per_dl,
):
    r"""Blood alcohol after the last drink with saturable (Michaelis-Menten) elimination, closed form.

    Parameters
    ----------
    t_since_h : array_like
        Time since the last drink (absorption complete), h; negative times
        return the starting BAC.
    bac_at_last_drink_g_per_dl : array_like
        BAC at the last drink, g/dL (>= 0, <= 1).
    elimination_rate_g_per_dl_per_h : array_like, optional
        Maximal elimination rate V_max, g/dL per h (> 0).
    km_g_per_dl : array_like, optional
        Michaelis constant K_m, g/dL (> 0). All arguments broadcast.

    Returns
    -------
    numpy.ndarray
        BAC, g/dL.

    Notes
    -----
    :math:`dC/dt = -V_{max} C / (K_m + C)` has the solution
    :math:`C(t) = K_m\, W\!\left(\frac{C_0}{K_m} e^{(C_0 - V_{max} t)/K_m}\right)`
    (W: Lambert W function, evaluated as the Wright omega function of the
    logarithm of its argument to avoid overflow). While :math:`C \gg K_m` the decline is linear at
    :math:`V_{max}` (Widmark's zero-order elimination, 0.015-0.02 g/dL per h;
    Jones 2010), so BAC reaches ~0 about :math:`C_0/V_{max}` hours after the
    last drink (:func:`hours_to_bac`).

    References
    ----------
    Widmark EMP. Die theoretischen Grundlagen und die praktische
    Verwendbarkeit der gerichtlich-medizinischen Alkoholbestimmung. Berlin:
    Urban & Schwarzenberg; 1932.
    Jones AW. Evidence-based survey of the elimination rates of ethanol from
    blood with applications in forensic casework. Forensic Sci Int
    2010;200:1-20.

    Examples
    --------
    >>> round(float(bac_after_last_drink(5.0, 0.2)), 3)   # ~0.2 - 5 * 0.015, a little more (MM)
    0.129
    """
    t = np.maximum(as_array("t_since_h", t_since_h), 0.0)
    c0 = nonnegative("bac_at_last_drink_g_per_dl", bac_at_last_drink_g_per_dl)
    if np.any(c0 > 1.0):
        raise ValueError("bac_at_last_drink_g_per_dl must be <= 1 g/dL")
    vmax, km = _check_elimination(elimination_rate_g_per_dl_per_h, km_g_per_dl)
    # C/Km = W(y_exp) with y = ln(C0/Km) + (C0 - Vmax t)/Km: the Wright omega function omega(y) = W(e^y)
    y = np.log(np.where(c0 > 0, c0, 1.0) / km) + (c0 - vmax * t) / km
    # omega(y) = e^y (1 - e^y + ...) for y << 0 (BAC < 1e-8 Km): skip the costly special function there
    y = np.asarray(y, dtype=float)
    w = np.array(np.exp(np.minimum(y, -20.0)), dtype=float, ndmin=0)
    w *= 1.0 - w
    big = y > -20.0
    w[big] = wrightomega(y[big])
    return np.where(c0 > 0, km * w, 0.0)


def hours_to_bac(
    bac_at_last_drink_g_per_dl,
    target_g_per_dl=0.001,
    *,
    elimination_rate_g_per_dl_per_h=ALCOHOL_DEFAULTS.elimination_rate_g_per_dl_per_h,
    km_g_per_dl=ALCOHOL_DEFAULTS.km_g_per_dl,
):
    r"""Hours from the last drink until BAC falls to ``target_g_per_dl`` (Michaelis-Menten).

    Parameters
    ----------
    bac_at_last_drink_g_per_dl : array_like
        BAC at the last drink, g/dL (> 0, <= 1).
    target_g_per_dl : array_like, optional
        BAC treated as sober, g/dL (> 0); default 0.001 g/dL.
    elimination_rate_g_per_dl_per_h, km_g_per_dl : array_like, optional
        As in :func:`bac_after_last_drink`.

    Returns
    -------
    numpy.ndarray
        Time, h: :math:`[C_0 - C + K_m \ln(C_0/C)]/V_{max}` (0 if the BAC
        is already at or below the target).

    References
    ----------
    Jones AW. Forensic Sci Int 2010;200:1-20.

    Examples
    --------
    >>> round(float(hours_to_bac(0.2, 0.001, km_g_per_dl=1e-9)), 2)   # zero-order limit
    13.27
    """
    c0 = positive("bac_at_last_drink_g_per_dl", bac_at_last_drink_g_per_dl)
    if np.any(c0 > 1.0):
        raise ValueError("bac_at_last_drink_g_per_dl must be <= 1 g/dL")
    c = positive("target_g_per_dl", target_g_per_dl)
    vmax, km = _check_elimination(elimination_rate_g_per_dl_per_h, km_g_per_dl)
    hours = (c0 - c + km * np.log(c0 / c)) / vmax
    return np.maximum(hours, 0.0)


def maintained_drinking_bac(
    t_h,
    drinking_duration_d,
    plateau_bac_g_per_dl,
    *,
    elimination_rate_g_per_dl_per_h=ALCOHOL_DEFAULTS.elimination_rate_g_per_dl_per_h,
    km_g_per_dl=ALCOHOL_DEFAULTS.km_g_per_dl,
):
    """BAC for sustained heavy drinking at a plateau, then abrupt cessation.

    BAC is held at ``plateau_bac_g_per_dl`` from t = 0 until the last drink at
    ``24 * drinking_duration_d`` h, then falls by :func:`bac_after_last_drink`.
    This idealises the sustained intoxication of the classic experimental
    studies of withdrawal (Isbell et al. 1955).

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing times, h.
    drinking_duration_d : array_like
        Duration of drinking, days (> 0). Broadcasts with the plateau.
    plateau_bac_g_per_dl : array_like
        BAC maintained while drinking, g/dL (in [0, 1]).
    elimination_rate_g_per_dl_per_h, km_g_per_dl : array_like, optional
        Elimination parameters, as in :func:`bac_after_last_drink`.

    Returns
    -------
    numpy.ndarray, shape (*broadcast(parameters), n_times)
        BAC, g/dL.

    References
    ----------
    Isbell H, Fraser HF, Wikler A, Belleville RE, Eisenman AJ. An experimental
    study of the etiology of "rum fits" and delirium tremens. Q J Stud Alcohol
    1955;16:1-33.

    Examples
    --------
    >>> b = maintained_drinking_bac([0.0, 24.0, 40.0], drinking_duration_d=1.0, plateau_bac_g_per_dl=0.2)
    >>> round(float(b[0]), 3), round(float(b[1]), 3), bool(b[2] < 0.01)
    (0.2, 0.2, True)
    """
    t = increasing("t_h", t_h)
    days = positive("drinking_duration_d", drinking_duration_d)
    plateau = nonnegative("plateau_bac_g_per_dl", plateau_bac_g_per_dl)
    if np.any(plateau > 1.0):
        raise ValueError("plateau_bac_g_per_dl must be <= 1 g/dL")
    vmax, km = _check_elimination(elimination_rate_g_per_dl_per_h, km_g_per_dl)
    shape = np.broadcast_shapes(days.shape, plateau.shape, vmax.shape, km.shape)
    days, plateau, vmax, km = (x[..., None] for x in (days, plateau, vmax, km))
    last = 24.0 * days
    since = np.broadcast_to(t - last, shape + (t.size,))
    out = np.array(np.broadcast_to(plateau, shape + (t.size,)), dtype=float)
    after = since >= 0
    out[after] = bac_after_last_drink(
        since[after],
        np.broadcast_to(plateau, out.shape)[after],
        elimination_rate_g_per_dl_per_h=np.broadcast_to(vmax, out.shape)[after],
        km_g_per_dl=np.broadcast_to(km, out.shape)[after],
    )
    return out


def alcohol_homeostat(
    t_h,
    bac_g_per_dl,
    *,
    nmda_block_per_g_dl=ALCOHOL_DEFAULTS.nmda_block_per_g_dl,
    gaba_enhance_per_g_dl=ALCOHOL_DEFAULTS.gaba_enhance_per_g_dl,
    time_constant_nmda_h=ALCOHOL_DEFAULTS.time_constant_nmda_h,
    time_constant_gaba_h=ALCOHOL_DEFAULTS.time_constant_gaba_h,
):
    r"""GABA-A / NMDA counter-adaptation to alcohol: sedation, tolerance and withdrawal hyperexcitability.

    Parameters
    ----------
    t_h : array_like, shape (n_times,)
        Strictly increasing output times, h; drug-free steady state at ``t_h[0]``.
    bac_g_per_dl : array_like, shape (..., n_times)
        Blood alcohol, g/dL (>= 0), held constant over ``[t_i, t_{i+1})``
        (e.g. :func:`maintained_drinking_bac`).
    nmda_block_per_g_dl : array_like, optional
        Fractional NMDA block per g/dL, beta (>= 0, beta * max BAC < 1).
    gaba_enhance_per_g_dl : array_like, optional
        Fractional GABA-A enhancement per g/dL, epsilon (>= 0).
    time_constant_nmda_h, time_constant_gaba_h : array_like, optional
        Adaptation time constants of the NMDA and GABA-A gains, h (> 0).

    Returns
    -------
    AlcoholHomeostatResult
        Gains and excitability, ``(*grid, n_times)``.

    Notes
    -----
    With alcohol concentration c, NMDA gain N and GABA-A gain G (baseline 1):

    .. math::

        E = N(1 - \beta c) - G(1 + \varepsilon c), \qquad
        \tau_N \frac{dN}{dt} = 1 - N(1 - \beta c), \qquad
        \tau_G \frac{dG}{dt} = 1 - G(1 + \varepsilon c).

    Each receptor system is under homeostatic feedback on its own signalling:
    while alcohol is present the NMDA gain rises towards :math:`1/(1-\beta c)`
    and the GABA-A gain falls towards :math:`1/(1+\varepsilon c)`, so
    excitability returns to baseline (E = 0, tolerance). When alcohol is
    eliminated both changes are unmasked, :math:`E = N - G > 0`
    (hyperexcitability: tremor, seizures), and subside as the gains relax
    with :math:`\tau_N, \tau_G`. With the defaults the excitability peak comes
    shortly after BAC reaches ~0, inside the published seizure and tremor
    windows (:func:`withdrawal_windows`), and it has largely resolved by 5-7
    days. Each gain obeys a scalar linear ODE for constant c, so steps are
    exact. Parameter values are illustrative (:class:`AlcoholParams`).

    References
    ----------
    Becker HC. Alcohol Res Health 2008;31:348-361.
    Hall W, Zador D. Lancet 1997;349:1897-1900.
    Victor M, Adams RD. Res Publ Assoc Res Nerv Ment Dis 1953;32:526-573.

    Examples
    --------
    >>> t = np.arange(0.0, 24.0 * 21, 0.5)
    >>> bac = maintained_drinking_bac(t, drinking_duration_d=14, plateau_bac_g_per_dl=0.25)
    >>> r = alcohol_homeostat(t, bac)
    >>> peak_h = t[np.argmax(r.excitability)] - 24 * 14
    >>> bool(7.0 <= peak_h <= 48.0)
    True
    """
    t = time_grid(t_h)
    c = input_time_last("bac_g_per_dl", bac_g_per_dl, t.size)  # (n_times, *grid) inside
    beta = nonnegative("nmda_block_per_g_dl", nmda_block_per_g_dl)
    eps = nonnegative("gaba_enhance_per_g_dl", gaba_enhance_per_g_dl)
    tau_n = positive("time_constant_nmda_h", time_constant_nmda_h)
    tau_g = positive("time_constant_gaba_h", time_constant_gaba_h)
    if np.any(np.max(beta) * np.max(c) >= 1.0):
        raise ValueError("nmda_block_per_g_dl * max(bac_g_per_dl) must be < 1 (NMDA block cannot reach 100 %)")
    grid = np.broadcast_shapes(c.shape[1:], beta.shape, eps.shape, tau_n.shape, tau_g.shape)
    beta_f, eps_f = full(beta, grid), full(eps, grid)
    neg_rate_n, neg_rate_g = full(-1.0 / tau_n, grid), full(-1.0 / tau_g, grid)
    h_unique, step_group = step_groups(t)
    changed = input_changes(c, step_group)
    nmda = np.ones(grid)
    gaba = np.ones(grid)
    out_n = np.empty((t.size,) + grid)
    out_g = np.empty_like(out_n)
    out_e = np.empty_like(out_n)
    for n in range(t.size):
        if n == t.size - 1 or changed[n]:
            drive_n = 1.0 - beta_f * c[n]
            drive_g = 1.0 + eps_f * c[n]
        out_n[n] = nmda
        out_g[n] = gaba
        out_e[n] = nmda * drive_n - gaba * drive_g
        if n == t.size - 1:
            break
        if changed[n]:
            h = h_unique[step_group[n]]
            n_inf = 1.0 / drive_n
            g_inf = 1.0 / drive_g
            decay_n = np.exp((h * neg_rate_n) * drive_n)
            decay_g = np.exp((h * neg_rate_g) * drive_g)
        nmda = n_inf + (nmda - n_inf) * decay_n
        gaba = g_inf + (gaba - g_inf) * decay_g
    return AlcoholHomeostatResult(
        t_h=t, nmda_gain=time_to_last(out_n), gabaa_gain=time_to_last(out_g), excitability=time_to_last(out_e)
    )
