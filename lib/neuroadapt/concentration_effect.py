"""Concentration-effect: the Emax/Hill model and the operational model of agonism.

Three closed forms, each a small numpy function that broadcasts over
concentrations and parameter grids:

* the **Hill / Emax model** (Hill 1910; Holford & Sheiner 1981),
  :math:`E = E_0 + E_{max} C^n / (EC_{50}^n + C^n)`, and its inverse;
* **receptor occupancy** by the law of mass action (Langmuir 1918; Clark
  1926), :math:`p = C / (C + K_A)`;
* the **operational model of agonism** (Black & Leff 1983), in which the
  effect depends on the agonist's affinity :math:`K_A` and on the transducer
  ratio :math:`\\tau = [R_0]/K_E`, proportional to the receptor density.

The operational model carries the book's point about pharmacodynamic
tolerance: when a tissue has a *receptor reserve* (large :math:`\\tau`),
losing receptors first moves the concentration-effect curve to the right
(larger :math:`EC_{50}`) with almost no loss of maximal effect; the maximum
falls only once the reserve is spent. This is the basis of Furchgott's (1966)
irreversible-antagonist method, and :func:`receptor_reserve_curves` computes
it for any fraction of receptors remaining.

The book draws these curves live in the browser with Vega expressions. The
``VEGA_*`` strings below are the same formulas, written term for term like the
Python code (a test evaluates both and checks that they agree); keep the two in
step when either changes.

Units: concentrations in any unit, the same for the concentration and for
``ec50``/``kd``; effects in the unit of ``emax`` (e.g. a fraction of the
system maximum).

References
----------
Hill AV. The possible effects of the aggregation of the molecules of
haemoglobin on its dissociation curves. J Physiol 1910;40(Suppl):iv-vii.

Langmuir I. The adsorption of gases on plane surfaces of glass, mica and
platinum. J Am Chem Soc 1918;40:1361-1403.

Clark AJ. The reaction between acetyl choline and muscle cells. J Physiol
1926;61:530-546.

Furchgott RF. The use of beta-haloalkylamines in the differentiation of
receptors and in the determination of dissociation constants of
receptor-agonist complexes. Adv Drug Res 1966;3:21-55.

Holford NHG, Sheiner LB. Understanding the dose-effect relationship:
clinical application of pharmacokinetic-pharmacodynamic models. Clin
Pharmacokinet 1981;6:429-453.

Black JW, Leff P. Operational models of pharmacological agonism. Proc R Soc
Lond B 1983;220:141-162.

Black JW, Leff P, Shankley NP, Wood J. An operational model of
pharmacological agonism: the effect of E/[A] curve shape on agonist
dissociation constant estimation. Br J Pharmacol 1985;84:561-571.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import as_array, broadcast, fraction, nonnegative, positive

__all__ = [
    "hill_effect",
    "hill_concentration",
    "receptor_occupancy",
    "operational_effect",
    "observed_ec50",
    "observed_emax",
    "receptor_reserve_curves",
    "ReceptorReserveCurves",
    "VEGA_HILL_EFFECT",
    "VEGA_OPERATIONAL_EFFECT",
    "VEGA_RECEPTOR_LOSS_EFFECT",
    "VEGA_OBSERVED_EC50",
    "VEGA_OBSERVED_EMAX",
]

#: :func:`hill_effect` as a Vega expression of ``datum.concentration`` and the
#: signals ``e0``, ``emax``, ``ec50`` and ``hill``.
VEGA_HILL_EFFECT = "e0 + emax / (1 + pow(ec50 / datum.concentration, hill))"

#: :func:`operational_effect` as a Vega expression of ``datum.concentration``
#: and the signals ``system_emax``, ``kd``, ``transducer_ratio`` and ``slope``.
VEGA_OPERATIONAL_EFFECT = (
    "system_emax / (1 + pow((kd + datum.concentration) / (transducer_ratio * datum.concentration), slope))"
)

#: The operational model after receptor loss (``transducer_ratio = fraction_remaining *
#: transducer_ratio_intact``), as used by :func:`receptor_reserve_curves`: a Vega expression of
#: ``datum.concentration`` and the signals ``system_emax``, ``kd``, ``transducer_ratio_intact``,
#: ``fraction_remaining`` and ``slope``.
VEGA_RECEPTOR_LOSS_EFFECT = (
    "system_emax / (1 + pow((kd + datum.concentration)"
    " / (fraction_remaining * transducer_ratio_intact * datum.concentration), slope))"
)

#: :func:`observed_ec50` as a Vega expression of the signals ``kd``, ``transducer_ratio``
#: and ``slope``.
VEGA_OBSERVED_EC50 = "kd / (pow(2 + pow(transducer_ratio, slope), 1 / slope) - 1)"

#: :func:`observed_emax` as a Vega expression of the signals ``system_emax``,
#: ``transducer_ratio`` and ``slope``.
VEGA_OBSERVED_EMAX = "system_emax * pow(transducer_ratio, slope) / (1 + pow(transducer_ratio, slope))"


def _scalar_or_array(x: np.ndarray):
    return float(x) if np.ndim(x) == 0 else x


# ---------------------------------------------------------------------------
# Hill / Emax model
# ---------------------------------------------------------------------------


def hill_effect(concentration, ec50, emax=1.0, e0=0.0, hill=1.0):
    """Effect of a drug concentration by the sigmoid Emax (Hill) model.

    Parameters
    ----------
    concentration : array_like
        Drug concentration C (>= 0), any unit, the same as ``ec50``.
    ec50 : array_like
        Concentration giving half the maximal effect (> 0).
    emax : array_like, optional
        Maximal drug effect above baseline (> 0). Default 1 (fractional effect).
    e0 : array_like, optional
        Baseline effect without drug (any finite value). Default 0.
    hill : array_like, optional
        Hill coefficient n, the steepness (> 0). Default 1 (hyperbola).

    Returns
    -------
    float or numpy.ndarray
        Effect E, in the unit of ``emax``; all inputs broadcast together.
        :math:`E_0 \\le E \\le E_0 + E_{max}`.

    Notes
    -----
    .. math::

        E = E_0 + \\frac{E_{max} C^n}{EC_{50}^n + C^n}
          = E_0 + \\frac{E_{max}}{1 + (EC_{50}/C)^n}

    The second form is the one computed (and the one in
    :data:`VEGA_HILL_EFFECT`): it cannot overflow, and gives :math:`E_0` at
    :math:`C = 0`. With :math:`n = 1` the 20-80 % range of effect spans a
    16-fold range of concentration (4-fold either side of the EC50), the
    classic rule of the hyperbolic Emax model (Holford & Sheiner 1981).

    References
    ----------
    Hill AV. The possible effects of the aggregation of the molecules of
    haemoglobin on its dissociation curves. J Physiol 1910;40(Suppl):iv-vii.

    Holford NHG, Sheiner LB. Understanding the dose-effect relationship:
    clinical application of pharmacokinetic-pharmacodynamic models. Clin
    Pharmacokinet 1981;6:429-453.

    Examples
    --------
    >>> hill_effect(2.0, ec50=2.0, emax=100.0)
    50.0
    >>> hill_effect([0.0, 8.0], ec50=2.0, emax=100.0, e0=10.0).round(3)
    array([10., 90.])
    """
    c = nonnegative("concentration", concentration)
    ec50 = positive("ec50", ec50)
    emax = positive("emax", emax)
    e0 = as_array("e0", e0)
    hill = positive("hill", hill)
    c, ec50, emax, e0, hill = broadcast(concentration=c, ec50=ec50, emax=emax, e0=e0, hill=hill)
    with np.errstate(divide="ignore", over="ignore"):
        effect = e0 + emax / (1.0 + (ec50 / c) ** hill)
    return _scalar_or_array(effect)


def hill_concentration(effect, ec50, emax=1.0, e0=0.0, hill=1.0):
    """Concentration that produces a given effect: the inverse of :func:`hill_effect`.

    Parameters
    ----------
    effect : array_like
        Target effect E, in the unit of ``emax``; must lie in
        :math:`[E_0, E_0 + E_{max})` (the maximum itself needs an infinite
        concentration).
    ec50 : array_like
        Concentration giving half the maximal effect (> 0).
    emax : array_like, optional
        Maximal drug effect above baseline (> 0). Default 1.
    e0 : array_like, optional
        Baseline effect (finite). Default 0.
    hill : array_like, optional
        Hill coefficient n (> 0). Default 1.

    Returns
    -------
    float or numpy.ndarray
        Concentration C (>= 0), in the unit of ``ec50``.

    Notes
    -----
    .. math::

        C = EC_{50} \\left(\\frac{E - E_0}{E_0 + E_{max} - E}\\right)^{1/n}

    References
    ----------
    Holford NHG, Sheiner LB. Understanding the dose-effect relationship:
    clinical application of pharmacokinetic-pharmacodynamic models. Clin
    Pharmacokinet 1981;6:429-453.

    Examples
    --------
    >>> hill_concentration(80.0, ec50=2.0, emax=100.0)   # 4 x EC50 for n = 1
    8.0
    """
    e = as_array("effect", effect)
    ec50 = positive("ec50", ec50)
    emax = positive("emax", emax)
    e0 = as_array("e0", e0)
    hill = positive("hill", hill)
    e, ec50, emax, e0, hill = broadcast(effect=e, ec50=ec50, emax=emax, e0=e0, hill=hill)
    if np.any(e < e0) or np.any(e >= e0 + emax):
        raise ValueError("effect must lie in [e0, e0 + emax) (the maximum is never reached)")
    frac = (e - e0) / (e0 + emax - e)
    return _scalar_or_array(ec50 * frac ** (1.0 / hill))


def receptor_occupancy(concentration, kd):
    """Fraction of receptors occupied at equilibrium (law of mass action).

    Parameters
    ----------
    concentration : array_like
        Free ligand concentration (>= 0), any unit, the same as ``kd``.
    kd : array_like
        Equilibrium dissociation constant of the ligand-receptor complex (> 0).

    Returns
    -------
    float or numpy.ndarray
        Occupancy p, a fraction in [0, 1).

    Notes
    -----
    .. math::

        p = \\frac{C}{C + K_A}

    the Langmuir (1918) adsorption isotherm, applied to drug receptors by
    Clark (1926). Half the receptors are occupied at :math:`C = K_A`.

    References
    ----------
    Langmuir I. The adsorption of gases on plane surfaces of glass, mica and
    platinum. J Am Chem Soc 1918;40:1361-1403.

    Clark AJ. The reaction between acetyl choline and muscle cells. J Physiol
    1926;61:530-546.

    Examples
    --------
    >>> receptor_occupancy([1.0, 9.0], kd=1.0)
    array([0.5, 0.9])
    """
    c = nonnegative("concentration", concentration)
    kd = positive("kd", kd)
    c, kd = broadcast(concentration=c, kd=kd)
    return _scalar_or_array(c / (c + kd))


# ---------------------------------------------------------------------------
# Operational model of agonism
# ---------------------------------------------------------------------------


def operational_effect(concentration, kd, transducer_ratio, system_emax=1.0, slope=1.0):
    """Agonist effect by the operational model of Black & Leff (1983).

    Parameters
    ----------
    concentration : array_like
        Agonist concentration [A] (>= 0), the same unit as ``kd``.
    kd : array_like
        Agonist-receptor dissociation constant K_A (> 0).
    transducer_ratio : array_like
        Transducer ratio :math:`\\tau = [R_0]/K_E` (>= 0): the agonist's
        efficacy in this tissue, proportional to the receptor density
        :math:`[R_0]`.
    system_emax : array_like, optional
        Maximal response of the system E_m (> 0). Default 1.
    slope : array_like, optional
        Slope n of the transducer function (> 0). Default 1 (hyperbolic).

    Returns
    -------
    float or numpy.ndarray
        Effect E in the unit of ``system_emax``, in :math:`[0, E_{max,obs})`
        with :math:`E_{max,obs}` from :func:`observed_emax`.

    Notes
    -----
    .. math::

        E = \\frac{E_m \\tau^n [A]^n}{([A] + K_A)^n + \\tau^n [A]^n}
          = \\frac{E_m}{1 + \\left(\\frac{K_A + [A]}{\\tau [A]}\\right)^n}

    The second form is computed (and mirrored in
    :data:`VEGA_OPERATIONAL_EFFECT`). For :math:`n = 1` the curve is a
    hyperbola with :math:`EC_{50} = K_A/(1+\\tau)` and maximum
    :math:`E_m \\tau/(1+\\tau)` (Black & Leff 1983).

    References
    ----------
    Black JW, Leff P. Operational models of pharmacological agonism. Proc R
    Soc Lond B 1983;220:141-162.

    Examples
    --------
    >>> round(operational_effect(1.0, kd=30.0, transducer_ratio=29.0), 6)   # [A] = EC50 = KA/(1+transducer_ratio)
    0.483333
    >>> round(observed_emax(1.0, 29.0) / 2, 6)
    0.483333
    """
    c = nonnegative("concentration", concentration)
    kd = positive("kd", kd)
    transducer_ratio = nonnegative("transducer_ratio", transducer_ratio)
    em = positive("system_emax", system_emax)
    n = positive("slope", slope)
    c, kd, transducer_ratio, em, n = broadcast(
        concentration=c, kd=kd, transducer_ratio=transducer_ratio, system_emax=em, slope=n
    )
    with np.errstate(divide="ignore", over="ignore"):
        effect = em / (1.0 + ((kd + c) / (transducer_ratio * c)) ** n)
    return _scalar_or_array(effect)


def observed_ec50(kd, transducer_ratio, slope=1.0):
    """Concentration giving half the observed maximum in the operational model.

    Parameters
    ----------
    kd : array_like
        Agonist-receptor dissociation constant K_A (> 0).
    transducer_ratio : array_like
        Transducer ratio (>= 0).
    slope : array_like, optional
        Transducer slope n (> 0). Default 1.

    Returns
    -------
    float or numpy.ndarray
        Observed EC50, in the unit of ``kd``.

    Notes
    -----
    Setting :math:`E = E_{max,obs}/2` in :func:`operational_effect` gives
    :math:`(2 + \\tau^n)[A]^n = (K_A + [A])^n`, so

    .. math::

        EC_{50} = \\frac{K_A}{(2 + \\tau^n)^{1/n} - 1}

    which is :math:`K_A/(1 + \\tau)` for :math:`n = 1` (Black & Leff 1983).
    A large :math:`\\tau` (receptor reserve) makes the agonist far more potent
    than its affinity: :math:`EC_{50} \\ll K_A`.

    References
    ----------
    Black JW, Leff P. Operational models of pharmacological agonism. Proc R
    Soc Lond B 1983;220:141-162.

    Examples
    --------
    >>> observed_ec50(kd=31.0, transducer_ratio=30.0)
    1.0
    """
    kd = positive("kd", kd)
    transducer_ratio = nonnegative("transducer_ratio", transducer_ratio)
    n = positive("slope", slope)
    kd, transducer_ratio, n = broadcast(kd=kd, transducer_ratio=transducer_ratio, slope=n)
    return _scalar_or_array(kd / ((2.0 + transducer_ratio**n) ** (1.0 / n) - 1.0))


def observed_emax(system_emax, transducer_ratio, slope=1.0):
    """Maximal effect an agonist can reach in the operational model.

    Parameters
    ----------
    system_emax : array_like
        Maximal response of the system E_m (> 0).
    transducer_ratio : array_like
        Transducer ratio (>= 0).
    slope : array_like, optional
        Transducer slope n (> 0). Default 1.

    Returns
    -------
    float or numpy.ndarray
        Observed maximum, in the unit of ``system_emax``; tends to E_m as
        :math:`\\tau \\to \\infty`.

    Notes
    -----
    .. math::

        E_{max,obs} = \\frac{E_m \\tau^n}{1 + \\tau^n}

    References
    ----------
    Black JW, Leff P. Operational models of pharmacological agonism. Proc R
    Soc Lond B 1983;220:141-162.

    Examples
    --------
    >>> observed_emax(1.0, transducer_ratio=1.0)   # transducer_ratio = 1: a partial agonist at half maximum
    0.5
    """
    em = positive("system_emax", system_emax)
    transducer_ratio = nonnegative("transducer_ratio", transducer_ratio)
    n = positive("slope", slope)
    em, transducer_ratio, n = broadcast(system_emax=em, transducer_ratio=transducer_ratio, slope=n)
    tn = transducer_ratio**n
    return _scalar_or_array(em * tn / (1.0 + tn))


@dataclass(frozen=True)
class ReceptorReserveCurves:
    """Concentration-effect curves after loss of receptors (operational model).

    Attributes
    ----------
    concentration : numpy.ndarray, shape (n_c,)
        Agonist concentrations, unit of ``kd``.
    fraction_remaining : numpy.ndarray
        Fraction f of the original receptors still functional, shape ``F``.
    effect : numpy.ndarray, shape ``F + (n_c,)``
        Effect in the unit of ``system_emax``; the concentration is the last axis.
    ec50 : numpy.ndarray, shape ``F``
        Observed EC50 for each f, unit of ``kd``.
    emax : numpy.ndarray, shape ``F``
        Observed maximal effect for each f, unit of ``system_emax``.
    ec50_shift : numpy.ndarray, shape ``F``
        EC50 divided by the EC50 with all receptors (f = 1): the rightward shift.
    """

    concentration: np.ndarray
    fraction_remaining: np.ndarray
    effect: np.ndarray
    ec50: np.ndarray
    emax: np.ndarray
    ec50_shift: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per (fraction remaining, concentration)."""
        f = np.broadcast_to(self.fraction_remaining[..., None], self.effect.shape)
        c = np.broadcast_to(self.concentration, self.effect.shape)
        return pd.DataFrame(
            {
                "fraction_remaining": f.ravel(),
                "concentration": c.ravel(),
                "effect": self.effect.ravel(),
            }
        )


def receptor_reserve_curves(concentration, fraction_remaining, kd, transducer_ratio_intact, system_emax=1.0, slope=1.0):
    """Shift of the concentration-effect curve as receptors are lost.

    Receptor loss (irreversible antagonism, downregulation) scales the
    receptor density, hence the transducer ratio: :math:`\\tau = f\\,\\tau_0`.

    Parameters
    ----------
    concentration : array_like, shape (n_c,)
        Agonist concentrations (>= 0), the unit of ``kd``; 1-D.
    fraction_remaining : array_like
        Fraction f of receptors remaining, in [0, 1]; any shape ``F``.
    kd : float
        Agonist-receptor dissociation constant K_A (> 0).
    transducer_ratio_intact : float
        Transducer ratio with all receptors present (> 0). Values of 20-30 mean
        a large receptor reserve.
    system_emax : float, optional
        Maximal response of the system E_m (> 0). Default 1.
    slope : float, optional
        Transducer slope n (> 0). Default 1.

    Returns
    -------
    ReceptorReserveCurves
        Curves, observed EC50 and Emax, and the EC50 shift for each f.

    Notes
    -----
    With :math:`\\tau = f\\tau_0` in :func:`operational_effect`,

    .. math::

        EC_{50}(f) = \\frac{K_A}{(2 + (f\\tau_0)^n)^{1/n} - 1}, \\qquad
        E_{max}(f) = \\frac{E_m (f\\tau_0)^n}{1 + (f\\tau_0)^n}.

    With :math:`n = 1` and :math:`\\tau_0 = 30`, losing half the receptors
    doubles the EC50 (31/16) but lowers the maximum only from 0.968 to 0.938
    of E_m; the maximum halves only when :math:`f\\tau_0 = 1`, i.e. when
    about 97 % of the receptors are gone. Curves measured before and after
    partial irreversible receptor inactivation are the raw material of
    Furchgott's (1966) method for the agonist's K_A; for :math:`n = 1`,
    equieffective concentrations obey his double-reciprocal relation
    :math:`1/[A] = (1/f)(1/[A']) + (1-f)/(f K_A)`.

    References
    ----------
    Black JW, Leff P. Operational models of pharmacological agonism. Proc R
    Soc Lond B 1983;220:141-162.

    Furchgott RF. The use of beta-haloalkylamines in the differentiation of
    receptors and in the determination of dissociation constants of
    receptor-agonist complexes. Adv Drug Res 1966;3:21-55.

    Examples
    --------
    >>> r = receptor_reserve_curves([1.0, 10.0], [1.0, 0.5, 0.1], kd=31.0, transducer_ratio_intact=30.0)
    >>> r.ec50.round(3)
    array([1.   , 1.938, 7.75 ])
    >>> r.emax.round(3)
    array([0.968, 0.938, 0.75 ])
    """
    c = nonnegative("concentration", concentration)
    if c.ndim != 1:
        raise ValueError(f"concentration must be one-dimensional, got shape {c.shape}")
    f = fraction("fraction_remaining", fraction_remaining)
    kd = positive("kd", kd)
    transducer_ratio_intact = positive("transducer_ratio_intact", transducer_ratio_intact)
    em = positive("system_emax", system_emax)
    n = positive("slope", slope)
    for name, v in (
        ("kd", kd),
        ("transducer_ratio_intact", transducer_ratio_intact),
        ("system_emax", em),
        ("slope", n),
    ):
        if v.ndim != 0:
            raise ValueError(f"{name} must be a scalar, got shape {v.shape}")
    transducer_ratio = f * transducer_ratio_intact
    effect = np.asarray(operational_effect(c, kd, transducer_ratio[..., None], em, n), dtype=float)
    ec50 = np.asarray(observed_ec50(kd, transducer_ratio, n), dtype=float)
    emax = np.asarray(observed_emax(em, transducer_ratio, n), dtype=float)
    shift = ec50 / observed_ec50(kd, transducer_ratio_intact, n)
    return ReceptorReserveCurves(
        concentration=c,
        fraction_remaining=np.asarray(f, dtype=float),
        effect=effect,
        ec50=ec50,
        emax=emax,
        ec50_shift=np.asarray(shift, dtype=float),
    )
