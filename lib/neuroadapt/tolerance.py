"""Pharmacodynamic tolerance over time: the tolerance-compartment and moderator models.

Two classic ways of letting the effect of a drug fade while its concentration
stays up, and of making it overshoot when the drug goes away.

**(a) Effect compartment plus tolerance compartment** (Porchet, Benowitz &
Sheiner 1988; applied to morphine by Ekblom, Hammarlund-Udenaes & Paalzow
1993). The plasma concentration :math:`C_p` drives an effect-site
concentration :math:`C_e` (Sheiner's effect compartment) and, more slowly, the
concentration :math:`C_t` of a hypothetical antagonist in a tolerance
compartment:

.. math::

    \\frac{dC_e}{dt} = k_{e0}(C_p - C_e), \\qquad
    \\frac{dC_t}{dt} = k_t (C_e - C_t).

The antagonist opposes the drug, either competitively (it multiplies the EC50)
or noncompetitively (it divides the maximum), see
:func:`tolerance_compartment_model`. Under a constant infusion the effect rises
with :math:`C_e`, peaks, then falls as :math:`C_t` catches up: acute tolerance.
The model is linear in :math:`(C_e, C_t)`, so :func:`tolerance_compartment_model`
steps it *exactly* for a plasma curve that is linear (or constant) between the
output times. It produces tolerance but never an effect below baseline.

**(b) Turnover with a moderator** (Gabrielsson & Peletier 2008; Gabrielsson &
Weiner 2016). A response :math:`R` is produced at a rate that the drug inhibits
(or stimulates) and that is divided by a moderator :math:`M`, which follows
:math:`R`:

.. math::

    \\frac{dR}{dt} = \\frac{k_{in}\\,(1 \\mp E(C))}{M} - k_{out} R, \\qquad
    \\frac{dM}{dt} = k_{tol}(R - M),

with :math:`E(C) = E_{max} C^n/(EC_{50}^n + C^n)`. Without drug,
:math:`R = M = R_0 = \\sqrt{k_{in}/k_{out}}`. A constant drug level first pushes
:math:`R` towards :math:`R_0(1 \\mp E)`; the moderator then follows and pulls
:math:`R` back to :math:`R = M = R_0\\sqrt{1 \\mp E}` (partial tolerance: the
feedback halves the effect on a log scale). When the drug stops, production
jumps back up while :math:`M` is still low, so :math:`R` overshoots its baseline
(rebound, up to :math:`R_0/\\sqrt{1 - E}`) before settling. This is the
smallest model of the book's opponent process with withdrawal rebound.
:func:`moderator_model` integrates it with one vectorized
:func:`scipy.integrate.solve_ivp` call over the whole parameter grid.

Time in hours. Concentrations in any unit, the same for the drug concentration
and for ``ec50``/``antagonist_kb``.

References
----------
Porchet HC, Benowitz NL, Sheiner LB. Pharmacodynamic model of tolerance:
application to nicotine. J Pharmacol Exp Ther 1988;244:231-236.

Ekblom M, Hammarlund-Udenaes M, Paalzow L. Modeling of tolerance development
and rebound effect during different intravenous administrations of morphine
to rats. J Pharmacol Exp Ther 1993;266:244-252.

Gabrielsson J, Peletier LA. A flexible nonlinear feedback system that
captures diverse patterns of adaptation and rebound. AAPS J 2008;10:70-83.

Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis:
Concepts and Applications, 5th ed. Stockholm: Swedish Pharmaceutical Press;
2016.

Dayneka NL, Garg V, Jusko WJ. Comparison of four basic models of indirect
pharmacodynamic responses. J Pharmacokinet Biopharm 1993;21:457-478.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from ._numerics import input_time_last, snap_steps, time_to_last
from ._validation import as_array, choice, fraction, increasing, nonnegative, positive

__all__ = [
    "TOLERANCE_COMPARTMENT_DEFAULTS",
    "ToleranceCompartmentParams",
    "ToleranceCompartmentResult",
    "tolerance_compartment_model",
    "tolerance_compartment_steady_state",
    "ModeratorParams",
    "MODERATOR_DEFAULTS",
    "ModeratorResult",
    "moderator_model",
    "moderator_steady_state",
    "infusion_concentration",
]

LN2 = float(np.log(2.0))
#: Tolerances of the moderator model's solve_ivp call (matched to the accuracy of the former RK4, see bench/).
_RTOL, _ATOL = 1e-9, 1e-11


@dataclass(frozen=True)
class ToleranceCompartmentParams:
    """Parameters of the effect-compartment / tolerance-compartment model.

    Attributes
    ----------
    ke0_per_h : float
        Effect-site equilibration rate constant, 1/h.
    kt_per_h : float
        Tolerance-compartment equilibration rate constant, 1/h.
    ec50 : float
        Effect-site concentration for half-maximal effect without tolerance.
    emax : float
        Maximal effect.
    hill : float
        Hill coefficient.
    antagonist_kb : float
        Tolerance-compartment concentration that doubles the EC50
        (competitive) or halves the maximum (noncompetitive).
    """

    ke0_per_h: float
    kt_per_h: float
    ec50: float
    emax: float
    hill: float
    antagonist_kb: float

    def as_kwargs(self) -> dict:
        """The parameters as keyword arguments of :func:`tolerance_compartment_model`."""
        return dict(
            ke0_per_h=self.ke0_per_h,
            kt_per_h=self.kt_per_h,
            ec50=self.ec50,
            emax=self.emax,
            hill=self.hill,
            antagonist_kb=self.antagonist_kb,
        )


#: Defaults: morphine antinociception in rats (Ekblom et al. 1993). Concentrations are in
#: units of the EC50 (``ec50 = 1``) and the effect in % of the maximum.
TOLERANCE_COMPARTMENT_DEFAULTS = ToleranceCompartmentParams(
    # Ekblom et al. 1993 (abstract): equilibration half-life blood -> effect
    # compartment 25 +/- 8 min.
    ke0_per_h=LN2 / (25.0 / 60.0),
    # Ekblom et al. 1993 (abstract): blood -> tolerance compartment 26 +/- 6 h.
    kt_per_h=LN2 / 26.0,
    # Illustrative: concentrations expressed in multiples of the EC50.
    ec50=1.0,
    # Illustrative: effect as % of the maximal possible effect.
    emax=100.0,
    # Illustrative: hyperbolic concentration-effect curve.
    hill=1.0,
    # Illustrative: chosen so that a steady infusion at 3 x EC50 loses most of
    # its effect within about three days, as Ekblom et al. observed ("no
    # antinociceptive effect could be measured from the third day").
    antagonist_kb=0.05,
)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _broadcast_shape(**arrays) -> tuple:
    try:
        return np.broadcast_shapes(*(np.shape(v) for v in arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"parameter shapes do not broadcast: {shapes}") from exc


def _concentration(t: np.ndarray, concentration) -> np.ndarray:
    """Validate ``concentration`` (shape ``(..., n_t)``, time last) and return it time-first for the steppers."""
    return input_time_last("concentration", concentration, t.size)


def _hill(c, ec50, n):
    """C^n/(EC50^n + C^n), computed without overflow."""
    with np.errstate(divide="ignore", over="ignore"):
        return 1.0 / (1.0 + (ec50 / c) ** n)


def infusion_concentration(t_h, start_h, stop_h, concentration=1.0):
    """Plasma concentration held at ``concentration`` from ``start_h`` to ``stop_h``.

    A rectangular ("clamped") concentration profile, as in a constant-rate
    infusion with fast kinetics or a concentration-clamp experiment. Use it
    with ``hold="step"`` in :func:`tolerance_compartment_model` and
    :func:`moderator_model`: the value at ``t_h[i]`` then holds on
    ``[t_h[i], t_h[i+1])``, exact when ``start_h`` and ``stop_h`` are output
    times (otherwise the switch happens at the first output time at or after
    them).

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Times, h, strictly increasing.
    start_h, stop_h : array_like
        Infusion start and stop, h (``stop_h >= start_h``); broadcast into a
        grid (e.g. several infusion durations).
    concentration : array_like, optional
        Concentration during the infusion (>= 0). Default 1.

    Returns
    -------
    numpy.ndarray, shape (*grid, n_t)
        Concentration at each time (time last).

    References
    ----------
    Ekblom M, Hammarlund-Udenaes M, Paalzow L. Modeling of tolerance
    development and rebound effect during different intravenous
    administrations of morphine to rats. J Pharmacol Exp Ther
    1993;266:244-252.

    Examples
    --------
    >>> infusion_concentration([0.0, 1.0, 2.0, 3.0], 1.0, 3.0, 5.0)
    array([0., 5., 5., 0.])
    """
    t = increasing("t_h", t_h)
    start = as_array("start_h", start_h)
    stop = as_array("stop_h", stop_h)
    level = nonnegative("concentration", concentration)
    if np.any(stop < start):
        raise ValueError("stop_h must be >= start_h")
    start, stop, level = (v[..., None] for v in np.broadcast_arrays(start, stop, level))
    return np.where((t >= start) & (t < stop), level, 0.0)


# ---------------------------------------------------------------------------
# (a) effect compartment + tolerance compartment
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ToleranceCompartmentResult:
    """Time course of the tolerance-compartment model.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_t,)
        Times, h.
    effect_site_concentration : numpy.ndarray, shape (*grid, n_t)
        :math:`C_e`, unit of the plasma concentration (time last).
    tolerance_concentration : numpy.ndarray, shape (*grid, n_t)
        :math:`C_t`, the hypothetical antagonist, same unit.
    effect : numpy.ndarray, shape (*grid, n_t)
        Drug effect, unit of ``emax``.
    ec50, emax, antagonist_kb : numpy.ndarray
        The parameters used (as given, broadcastable to the grid).
    antagonism : str
        "competitive" or "noncompetitive".
    """

    t_h: np.ndarray
    effect_site_concentration: np.ndarray
    tolerance_concentration: np.ndarray
    effect: np.ndarray
    ec50: np.ndarray
    emax: np.ndarray
    antagonist_kb: np.ndarray
    antagonism: str

    @property
    def apparent_ec50(self) -> np.ndarray:
        """EC50 with the tolerance compartment: :math:`EC_{50}(1 + C_t/K_B)` if
        competitive, the unchanged EC50 if noncompetitive; shape (*grid, n_t)."""
        ec50 = np.asarray(self.ec50)[..., None]
        factor = 1.0 + self.tolerance_concentration / np.asarray(self.antagonist_kb)[..., None]
        if self.antagonism == "competitive":
            return ec50 * factor
        return np.broadcast_to(ec50, factor.shape)

    @property
    def apparent_emax(self) -> np.ndarray:
        """Maximum with the tolerance compartment: unchanged if competitive,
        :math:`E_{max}/(1 + C_t/K_B)` if noncompetitive; shape (*grid, n_t)."""
        emax = np.asarray(self.emax)[..., None]
        factor = 1.0 + self.tolerance_concentration / np.asarray(self.antagonist_kb)[..., None]
        if self.antagonism == "competitive":
            return np.broadcast_to(emax, factor.shape)
        return emax / factor


def _cascade_coefficients(ke0, kt, h, linear):
    """Exact one-step coefficients of x' = ke0 (u - x), y' = kt (x - y).

    Over a step of length h with input u going linearly from u0 to u1
    (``linear``) or held at u0,

        x1 = ea x0 + a0 u0 + a1 u1,
        y1 = c x0 + eb y0 + b0 u0 + b1 u1,

    where ea = exp(-ke0 h), eb = exp(-kt h) and the coupling
    c = kt (ea - eb)/(kt - ke0) = kt h exp(-min h) (1 - exp(-|kt - ke0| h))/(|kt - ke0| h),
    which stays exact when ke0 == kt. For a ramp u0 + m s the particular
    solution is (u0 + m s) 1 + m d with lags d = A^{-1} 1 = (-1/ke0, -1/ke0 - 1/kt),
    so z(h) = Phi (z0 - u0 1 - m d) + u1 1 + m d; collecting terms gives the
    input coefficients below (they sum to 1 - ea and 1 - c - eb: a constant
    input is reproduced exactly).
    """
    ea = np.exp(-ke0 * h)
    eb = np.exp(-kt * h)
    lo = np.minimum(ke0, kt)
    d = np.abs(kt - ke0) * h
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(d > 0, -np.expm1(-d) / np.where(d > 0, d, 1.0), 1.0)
    c = kt * h * np.exp(-lo * h) * ratio
    if not linear:
        return ea, -np.expm1(-ke0 * h), 0.0, c, eb, 1.0 - c - eb, 0.0
    lag_x = -1.0 / ke0
    lag_y = -1.0 / ke0 - 1.0 / kt
    q = lag_x / h
    om_a = -np.expm1(-ke0 * h)  # 1 - ea
    a0 = -ea - q * om_a
    a1 = 1.0 + q * om_a
    r = (-c * lag_x - eb * lag_y + lag_y) / h
    b0 = -c - eb - r
    b1 = 1.0 + r
    return ea, a0, a1, c, eb, b0, b1


def tolerance_compartment_model(
    t_h,
    concentration,
    *,
    ke0_per_h=TOLERANCE_COMPARTMENT_DEFAULTS.ke0_per_h,
    kt_per_h=TOLERANCE_COMPARTMENT_DEFAULTS.kt_per_h,
    ec50=TOLERANCE_COMPARTMENT_DEFAULTS.ec50,
    emax=TOLERANCE_COMPARTMENT_DEFAULTS.emax,
    hill=TOLERANCE_COMPARTMENT_DEFAULTS.hill,
    antagonist_kb=TOLERANCE_COMPARTMENT_DEFAULTS.antagonist_kb,
    e0=0.0,
    antagonism="competitive",
    hold="linear",
    initial_effect_site=0.0,
    initial_tolerance=0.0,
) -> ToleranceCompartmentResult:
    """Acute tolerance: effect compartment plus tolerance compartment (Porchet et al. 1988).

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Times, h, strictly increasing.
    concentration : array_like, shape (n_t,) or (*grid, n_t)
        Plasma concentration :math:`C_p` at each time (>= 0); time is the
        last axis, leading axes form a grid.
    ke0_per_h : array_like, optional
        Effect-site equilibration rate constant, 1/h (> 0). Default: morphine
        in rats, half-life 25 min (Ekblom et al. 1993).
    kt_per_h : array_like, optional
        Tolerance-compartment rate constant, 1/h (> 0). Default: half-life
        26 h (Ekblom et al. 1993).
    ec50 : array_like, optional
        EC50 without tolerance (> 0), unit of the concentration.
    emax : array_like, optional
        Maximal effect (> 0).
    hill : array_like, optional
        Hill coefficient (> 0).
    antagonist_kb : array_like, optional
        :math:`K_B` of the hypothetical antagonist (> 0), concentration unit.
    e0 : array_like, optional
        Baseline effect. Default 0.
    antagonism : {"competitive", "noncompetitive"}, optional
        How :math:`C_t` opposes the drug (see Notes). Default "competitive".
    hold : {"linear", "step"}, optional
        How the plasma concentration varies between output times: linearly
        (for curves sampled from a pharmacokinetic model) or held at the value
        of the left end (for switched infusions, see
        :func:`infusion_concentration`). The solution is exact in both cases.
    initial_effect_site, initial_tolerance : array_like, optional
        :math:`C_e` and :math:`C_t` at ``t_h[0]`` (>= 0). Default 0.

    Returns
    -------
    ToleranceCompartmentResult
        Arrays shaped (*grid, n_t) (time last), grid = broadcast of the
        concentration's leading axes and every parameter.

    Notes
    -----
    Competitive form (the antagonist multiplies the EC50: the rightward shift
    of the concentration-effect curve that defines pharmacodynamic tolerance):

    .. math::

        E = E_0 + \\frac{E_{max} C_e^n}{\\left(EC_{50}(1 + C_t/K_B)\\right)^n + C_e^n}

    Noncompetitive form (the antagonist lowers the maximum; Porchet et al.
    (1988) modelled nicotine tolerance with a hypothetical noncompetitive
    antagonist):

    .. math::

        E = E_0 + \\frac{E_{max}}{1 + C_t/K_B}\\,\\frac{C_e^n}{EC_{50}^n + C_e^n}

    Exact stepping: with :math:`A` the 2x2 lower-triangular system matrix,
    :math:`\\Phi = e^{Ah}` has entries :math:`e^{-k_{e0}h}`,
    :math:`e^{-k_t h}` and :math:`k_t (e^{-k_{e0}h} - e^{-k_t h})/(k_t - k_{e0})`;
    for an input :math:`C_p = u_0 + m s` the particular solution is
    :math:`(u_0 + m s)\\mathbf{1} + m A^{-1}\\mathbf{1}`, so
    :math:`z(h) = \\Phi(z_0 - u_0\\mathbf{1} - m\\,d) + u_1\\mathbf{1} + m\\,d` with
    lags :math:`d = (-1/k_{e0}, -1/k_{e0} - 1/k_t)`.

    References
    ----------
    Porchet HC, Benowitz NL, Sheiner LB. Pharmacodynamic model of tolerance:
    application to nicotine. J Pharmacol Exp Ther 1988;244:231-236.

    Ekblom M, Hammarlund-Udenaes M, Paalzow L. Modeling of tolerance
    development and rebound effect during different intravenous
    administrations of morphine to rats. J Pharmacol Exp Ther
    1993;266:244-252.

    Examples
    --------
    Four days of a steady morphine level at 3 x EC50 (Ekblom-type infusion):

    >>> t = np.linspace(0.0, 96.0, 385)
    >>> cp = infusion_concentration(t, 0.0, 96.0, 3.0)
    >>> r = tolerance_compartment_model(t, cp, hold="step")
    >>> peak = r.effect.max()
    >>> round(float(peak), 1), round(float(r.effect[..., 96]), 1)   # peak (1 h), at 24 h
    (58.6, 9.4)
    """
    t = increasing("t_h", t_h)
    cp = _concentration(t, concentration)
    ke0 = positive("ke0_per_h", ke0_per_h)
    kt = positive("kt_per_h", kt_per_h)
    ec50 = positive("ec50", ec50)
    emax = positive("emax", emax)
    hill = positive("hill", hill)
    kb = positive("antagonist_kb", antagonist_kb)
    e0 = as_array("e0", e0)
    choice("antagonism", antagonism, ("competitive", "noncompetitive"))
    choice("hold", hold, ("linear", "step"))
    x0 = nonnegative("initial_effect_site", initial_effect_site)
    y0 = nonnegative("initial_tolerance", initial_tolerance)
    grid = _broadcast_shape(
        concentration=cp[0], ke0_per_h=ke0, kt_per_h=kt, initial_effect_site=x0, initial_tolerance=y0
    )
    n_t = t.size
    # the states only depend on cp, ke0, kt and the initial values
    x_out = np.empty((n_t,) + grid)
    y_out = np.empty((n_t,) + grid)
    x_out[0] = np.broadcast_to(x0, grid)
    y_out[0] = np.broadcast_to(y0, grid)
    linear = hold == "linear"
    work = grid if grid else (1,)  # in-place operations need arrays
    xw = x_out.reshape((n_t,) + work)
    yw = y_out.reshape((n_t,) + work)
    tmp = np.empty(work)
    dt = snap_steps(np.diff(t))
    h_prev = None
    for i in range(n_t - 1):
        h = dt[i]
        if h != h_prev:
            ea, a0, a1, c, eb, b0, b1 = _cascade_coefficients(ke0, kt, h, linear)
            h_prev = h
        x, y, xn, yn = xw[i], yw[i], xw[i + 1], yw[i + 1]
        u0 = cp[i]
        np.multiply(ea, x, out=xn)
        np.multiply(a0, u0, out=tmp)
        xn += tmp
        np.multiply(c, x, out=yn)
        np.multiply(eb, y, out=tmp)
        yn += tmp
        np.multiply(b0, u0, out=tmp)
        yn += tmp
        if linear:
            u1 = cp[i + 1]
            np.multiply(a1, u1, out=tmp)
            xn += tmp
            np.multiply(b1, u1, out=tmp)
            yn += tmp
    # the exact solution of this positive system is >= 0: clip round-off only
    np.maximum(x_out, 0.0, out=x_out)
    np.maximum(y_out, 0.0, out=y_out)
    # effect, computed in place over the full (time, grid) array
    full = np.broadcast_shapes(x_out.shape, *(np.shape(v) for v in (ec50, emax, hill, kb, e0)))
    effect = np.empty(full)
    scalar_hill = np.ndim(hill) == 0 and float(hill) == 1.0
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        np.divide(y_out, kb, out=effect)
        effect += 1.0  # 1 + Ct/KB
        if antagonism == "competitive":
            effect *= ec50
            effect /= x_out  # EC50 (1 + Ct/KB) / Ce
            if not scalar_hill:
                effect **= hill
            effect += 1.0
            np.divide(emax, effect, out=effect)
        else:
            ratio = np.divide(ec50, x_out)
            if not scalar_hill:
                ratio **= hill
            ratio += 1.0
            effect *= ratio
            np.divide(emax, effect, out=effect)
        effect += e0
    return ToleranceCompartmentResult(
        t_h=t,
        effect_site_concentration=time_to_last(np.broadcast_to(x_out, full)),
        tolerance_concentration=time_to_last(np.broadcast_to(y_out, full)),
        effect=time_to_last(effect),
        ec50=np.asarray(ec50, dtype=float),
        emax=np.asarray(emax, dtype=float),
        antagonist_kb=np.asarray(kb, dtype=float),
        antagonism=antagonism,
    )


def tolerance_compartment_steady_state(
    concentration,
    *,
    ec50=TOLERANCE_COMPARTMENT_DEFAULTS.ec50,
    emax=TOLERANCE_COMPARTMENT_DEFAULTS.emax,
    hill=TOLERANCE_COMPARTMENT_DEFAULTS.hill,
    antagonist_kb=TOLERANCE_COMPARTMENT_DEFAULTS.antagonist_kb,
    e0=0.0,
    antagonism="competitive",
):
    """Effect after full equilibration at a constant plasma concentration.

    Parameters
    ----------
    concentration : array_like
        Constant plasma concentration C (>= 0).
    ec50, emax, hill, antagonist_kb, e0, antagonism
        As in :func:`tolerance_compartment_model`.

    Returns
    -------
    float or numpy.ndarray
        Steady-state effect with :math:`C_e = C_t = C`: for the competitive
        form :math:`E_0 + E_{max}C^n/((EC_{50}(1 + C/K_B))^n + C^n)`, which
        tends to :math:`E_{max}/(1 + (EC_{50}/K_B)^n)` at high C: tolerance
        caps the effect however high the concentration.

    References
    ----------
    Porchet HC, Benowitz NL, Sheiner LB. Pharmacodynamic model of tolerance:
    application to nicotine. J Pharmacol Exp Ther 1988;244:231-236.

    Examples
    --------
    >>> round(tolerance_compartment_steady_state(3.0), 2)   # 100 * 3 / (1 * (1 + 3/0.05) + 3)
    4.69
    """
    c = nonnegative("concentration", concentration)
    ec50 = positive("ec50", ec50)
    emax = positive("emax", emax)
    hill = positive("hill", hill)
    kb = positive("antagonist_kb", antagonist_kb)
    e0 = as_array("e0", e0)
    choice("antagonism", antagonism, ("competitive", "noncompetitive"))
    factor = 1.0 + c / kb
    if antagonism == "competitive":
        e = e0 + emax * _hill(c, ec50 * factor, hill)
    else:
        e = e0 + emax / factor * _hill(c, ec50, hill)
    return float(e) if np.ndim(e) == 0 else e


# ---------------------------------------------------------------------------
# (b) moderator (feedback) model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeratorParams:
    """Default parameters of :func:`moderator_model` (all illustrative).

    Gabrielsson & Peletier (2008) give the structure; these values only set the
    time scales apart (tolerance ten times slower than the response).
    """

    #: fractional turnover rate of the response, 1/h.
    kout_per_h: float = 1.0
    #: rate constant of the moderator, 1/h (0 switches the feedback off).
    ktol_per_h: float = 0.1
    #: maximal fractional drug action.
    emax: float = 0.8
    #: concentration for half of ``emax`` (the unit of the concentration).
    ec50: float = 1.0
    #: Hill coefficient.
    hill: float = 1.0
    #: drug-free steady state R0.
    baseline_response: float = 1.0


MODERATOR_DEFAULTS = ModeratorParams()


@dataclass(frozen=True)
class ModeratorResult:
    """Time course of the moderator feedback model.

    Attributes
    ----------
    t_h : numpy.ndarray, shape (n_t,)
        Times, h.
    response : numpy.ndarray, shape (*grid, n_t)
        R, in the unit of ``baseline_response`` (time last).
    moderator : numpy.ndarray, shape (*grid, n_t)
        M, same unit.
    drug_effect : numpy.ndarray
        Fractional drug action :math:`E(C)` at each time, shape
        (*drug_grid, n_t), broadcastable to (*grid, n_t).
    baseline_response : numpy.ndarray
        :math:`R_0`, broadcast to the grid.
    """

    t_h: np.ndarray
    response: np.ndarray
    moderator: np.ndarray
    drug_effect: np.ndarray
    baseline_response: np.ndarray

    @property
    def relative_response(self) -> np.ndarray:
        """R / R0: 1 at baseline, below 1 under an inhibiting drug, above in rebound."""
        return self.response / np.asarray(self.baseline_response)[..., None]


def moderator_model(
    t_h,
    concentration,
    *,
    kout_per_h=MODERATOR_DEFAULTS.kout_per_h,
    ktol_per_h=MODERATOR_DEFAULTS.ktol_per_h,
    emax=MODERATOR_DEFAULTS.emax,
    ec50=MODERATOR_DEFAULTS.ec50,
    hill=MODERATOR_DEFAULTS.hill,
    baseline_response=MODERATOR_DEFAULTS.baseline_response,
    mechanism="inhibit_production",
    hold="linear",
    initial_state=None,
) -> ModeratorResult:
    """Tolerance and rebound by a turnover model with a moderator (Gabrielsson & Peletier 2008).

    Parameters
    ----------
    t_h : array_like, shape (n_t,)
        Times, h, strictly increasing.
    concentration : array_like, shape (n_t,) or (*grid, n_t)
        Drug concentration at each time (>= 0), unit of ``ec50``; time is the
        last axis, leading axes form a grid.
    kout_per_h : array_like, optional
        Fractional turnover rate of the response, 1/h (> 0). Illustrative
        default 1/h.
    ktol_per_h : array_like, optional
        Rate constant of the moderator, 1/h (>= 0; 0 switches the feedback
        off and gives the plain indirect-response model). Illustrative
        default 0.1/h (tolerance ten times slower than the response).
    emax : array_like, optional
        Maximal fractional drug action (> 0); at most 1 when the drug inhibits
        production. Illustrative default 0.8.
    ec50 : array_like, optional
        Concentration for half of ``emax`` (> 0).
    hill : array_like, optional
        Hill coefficient (> 0).
    baseline_response : array_like, optional
        Drug-free steady state :math:`R_0` (> 0); sets
        :math:`k_{in} = k_{out} R_0^2`. Default 1.
    mechanism : {"inhibit_production", "stimulate_production"}, optional
        Whether the drug multiplies production by :math:`1 - E(C)` or
        :math:`1 + E(C)`.
    hold : {"linear", "step"}, optional
        Concentration between output times: linear interpolation, or the
        left value held (switched infusions, :func:`infusion_concentration`).
    initial_state : array_like, shape (2,) or (2, *grid), optional
        (R, M) at ``t_h[0]`` (> 0). Default: baseline (R0, R0).

    Returns
    -------
    ModeratorResult
        Response and moderator, shape (*grid, n_t) (time last), grid =
        broadcast of the concentration's leading axes and every parameter.

    Notes
    -----
    .. math::

        \\frac{dR}{dt} = \\frac{k_{in}(1 \\mp E(C))}{M} - k_{out} R, \\quad
        \\frac{dM}{dt} = k_{tol}(R - M), \\quad
        E(C) = \\frac{E_{max} C^n}{EC_{50}^n + C^n}

    Steady state under a constant drug action :math:`E`:
    :math:`R = M = R_0\\sqrt{1 \\mp E}` (see :func:`moderator_steady_state`).
    This canonical moderator gives *partial* tolerance; only the baseline
    without drug is :math:`R = M = R_0`.

    Integration: one :func:`scipy.integrate.solve_ivp` call (DOP853,
    rtol 1e-9, atol 1e-11) over the whole flattened grid, the state of every
    grid point stacked in one vector; the concentration between output times
    follows ``hold``. ``make bench`` showed the former hand-written fused RK4
    no faster than this call at matched accuracy, so the package uses SciPy
    (lib/README.md, "Numerics").

    References
    ----------
    Gabrielsson J, Peletier LA. A flexible nonlinear feedback system that
    captures diverse patterns of adaptation and rebound. AAPS J
    2008;10:70-83.

    Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data
    Analysis: Concepts and Applications, 5th ed. Stockholm: Swedish
    Pharmaceutical Press; 2016.

    Examples
    --------
    A drug given for two days, then stopped:

    >>> t = np.linspace(0.0, 96.0, 961)
    >>> c = infusion_concentration(t, 0.0, 48.0, 4.0)      # E = 0.8 * 4/5 = 0.64
    >>> r = moderator_model(t, c, hold="step")
    >>> round(float(r.response[..., :480].min()), 2)       # first dip
    0.42
    >>> round(float(r.response[..., 479]), 2), round(0.36 ** 0.5, 2)   # tolerance: back up to R0 sqrt(1-E)
    (0.6, 0.6)
    >>> bool(r.response[..., 480:].max() > 1.3)             # rebound above baseline
    True
    """
    t = increasing("t_h", t_h)
    c = _concentration(t, concentration)
    kout = positive("kout_per_h", kout_per_h)
    ktol = nonnegative("ktol_per_h", ktol_per_h)
    choice("mechanism", mechanism, ("inhibit_production", "stimulate_production"))
    emax = positive("emax", emax)
    if mechanism == "inhibit_production" and np.any(emax > 1):
        raise ValueError("emax must be <= 1 when the drug inhibits production (production cannot be negative)")
    ec50 = positive("ec50", ec50)
    hill = positive("hill", hill)
    r0 = positive("baseline_response", baseline_response)
    choice("hold", hold, ("linear", "step"))
    if initial_state is None:
        init = np.stack(np.broadcast_arrays(r0, r0))
    else:
        init = positive("initial_state", initial_state)
        if init.ndim == 0 or init.shape[0] != 2:
            raise ValueError(f"initial_state must have 2 rows (response, moderator), got shape {init.shape}")
    drug_grid = _broadcast_shape(concentration=c[0], emax=emax, ec50=ec50, hill=hill)
    grid = _broadcast_shape(
        drug=np.empty(drug_grid), kout_per_h=kout, ktol_per_h=ktol, baseline_response=r0, initial_state=init[0]
    )
    n_t = t.size
    sign = -1.0 if mechanism == "inhibit_production" else 1.0
    # inside, time is the first axis (c is time-first); parameters align with the trailing (grid) axes
    c = c.reshape((n_t,) + (1,) * (len(grid) - (c.ndim - 1)) + c.shape[1:])
    drug = emax * _hill(c, ec50, hill)  # (n_t, *drug_grid)
    kin = kout * r0**2
    n_g = int(np.prod(grid, dtype=int))
    flat = {
        "kin": np.broadcast_to(kin, grid).reshape(n_g),
        "kout": np.broadcast_to(kout, grid).reshape(n_g),
        "ktol": np.broadcast_to(ktol, grid).reshape(n_g),
    }
    y0 = np.concatenate([np.broadcast_to(init[0], grid).reshape(n_g), np.broadcast_to(init[1], grid).reshape(n_g)])
    if n_t == 1:
        out = y0[None, :]
    else:
        if hold == "linear":
            # the concentration is linear between output times; the action is the Hill function of it
            c_flat = np.broadcast_to(c, (n_t,) + grid).reshape(n_t, n_g)
            emax_f, ec50_f, hill_f = (np.broadcast_to(v, grid).reshape(n_g) for v in (emax, ec50, hill))

            def production(i, s):
                w = (s - t[i]) / (t[i + 1] - t[i])
                conc = (1.0 - w) * c_flat[i] + w * c_flat[i + 1]
                return flat["kin"] * (1.0 + sign * emax_f * _hill(conc, ec50_f, hill_f))

        else:
            prod = np.broadcast_to(kin * (1.0 + sign * drug), (n_t,) + grid).reshape(n_t, n_g)

            def production(i, s):
                return prod[i]

        def rhs(s, y):
            i = min(max(int(np.searchsorted(t, s, side="right")) - 1, 0), n_t - 2)
            resp, mod = y[:n_g], y[n_g:]
            return np.concatenate([production(i, s) / mod - flat["kout"] * resp, flat["ktol"] * (resp - mod)])

        sol = solve_ivp(rhs, (t[0], t[-1]), y0, method="DOP853", rtol=_RTOL, atol=_ATOL, t_eval=t)
        if not sol.success:  # pragma: no cover - a failure of SciPy's integrator, not of the input
            raise RuntimeError(f"moderator_model: solve_ivp failed: {sol.message}")
        out = sol.y.T
    return ModeratorResult(
        t_h=t,
        response=time_to_last(out[:, :n_g].reshape((n_t,) + grid)),
        moderator=time_to_last(out[:, n_g:].reshape((n_t,) + grid)),
        drug_effect=time_to_last(drug.reshape((n_t,) + drug.shape[1:])),
        baseline_response=np.broadcast_to(r0, grid),
    )


def moderator_steady_state(drug_effect, baseline_response=1.0, mechanism="inhibit_production"):
    """Steady state R = M of the moderator model under a constant drug action.

    Parameters
    ----------
    drug_effect : array_like
        Constant fractional drug action E (>= 0; <= 1 for inhibition).
    baseline_response : array_like, optional
        Drug-free steady state R0 (> 0). Default 1.
    mechanism : {"inhibit_production", "stimulate_production"}, optional
        As in :func:`moderator_model`.

    Returns
    -------
    float or numpy.ndarray
        :math:`R = M = R_0\\sqrt{1 - E}` (inhibition) or :math:`R_0\\sqrt{1 + E}`
        (stimulation).

    Notes
    -----
    With :math:`dM/dt = 0`, :math:`M = R`; then :math:`dR/dt = 0` gives
    :math:`k_{in}(1 \\mp E) = k_{out} R^2` and :math:`k_{in} = k_{out}R_0^2`.
    Without feedback (:math:`k_{tol} = 0`, M fixed at R0) the steady state
    would be :math:`R_0(1 \\mp E)` (the indirect-response model of Dayneka et
    al. 1993): the moderator halves the drug's effect on a log scale.

    References
    ----------
    Gabrielsson J, Peletier LA. A flexible nonlinear feedback system that
    captures diverse patterns of adaptation and rebound. AAPS J
    2008;10:70-83.

    Examples
    --------
    >>> moderator_steady_state(0.75)
    0.5
    """
    choice("mechanism", mechanism, ("inhibit_production", "stimulate_production"))
    e = nonnegative("drug_effect", drug_effect)
    if mechanism == "inhibit_production":
        e = fraction("drug_effect", e)
    r0 = positive("baseline_response", baseline_response)
    sign = -1.0 if mechanism == "inhibit_production" else 1.0
    r = r0 * np.sqrt(1.0 + sign * e)
    return float(r) if np.ndim(r) == 0 else r
