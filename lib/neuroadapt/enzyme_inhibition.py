"""Metabolic drug-drug interactions: reversible enzyme inhibition and pathway fractions.

A co-prescribed drug that inhibits (or induces) one metabolic pathway changes
a victim drug's clearance only in proportion to the fraction of clearance that
runs through that pathway (Rowland & Matin 1973). Units: mg/L, L/h.
"""

from __future__ import annotations

from ._validation import fraction, nonnegative, positive

__all__ = ["competitive_inhibition_fold_change", "coprescribed_clearance"]


def competitive_inhibition_fold_change(inhibitor_mg_per_l, ki_mg_per_l):
    """Fold change in intrinsic clearance caused by a reversible (competitive) inhibitor.

    Parameters
    ----------
    inhibitor_mg_per_l : array_like
        Unbound inhibitor concentration at the enzyme, mg/L (>= 0).
    ki_mg_per_l : array_like
        Inhibition constant, mg/L (> 0).

    Returns
    -------
    numpy.ndarray
        Fold change in intrinsic clearance, in (0, 1].

    Notes
    -----
    For substrate concentrations well below Km:

    .. math:: \\frac{CL_{int,inhibited}}{CL_{int}} = \\frac{1}{1 + [I]/K_i}

    References
    ----------
    Rowland M, Matin SB. Kinetics of drug-drug interactions. J Pharmacokinet
    Biopharm 1973;1:553-567.

    Examples
    --------
    >>> float(competitive_inhibition_fold_change(1.0, 1.0))
    0.5
    """
    i = nonnegative("inhibitor_mg_per_l", inhibitor_mg_per_l)
    ki = positive("ki_mg_per_l", ki_mg_per_l)
    return 1.0 / (1.0 + i / ki)


def coprescribed_clearance(clearance_l_per_h, fold_change_intrinsic, fraction_metabolized=1.0):
    """Clearance of a drug when a co-prescribed drug changes one metabolic pathway.

    Parameters
    ----------
    clearance_l_per_h : array_like
        Clearance without the co-prescribed drug, L/h (> 0).
    fold_change_intrinsic : array_like
        Fold change of the affected pathway's intrinsic clearance (> 0):
        < 1 for an inhibitor (see :func:`competitive_inhibition_fold_change`),
        > 1 for an inducer (see :func:`~neuroadapt.enzyme_induction.enzyme_steady_state`).
    fraction_metabolized : array_like, optional
        Fraction ``fm`` of the clearance through the affected pathway, in
        [0, 1] (default 1).

    Returns
    -------
    numpy.ndarray
        New clearance, L/h. The exposure (AUC, average steady-state
        concentration) changes by the inverse ratio.

    Notes
    -----
    For a low-extraction drug, clearance is additive over pathways:

    .. math:: CL' = CL \\left(1 - f_m + f_m \\cdot \\mathrm{fold}\\right), \\qquad
              \\frac{AUC'}{AUC} = \\frac{1}{1 - f_m + f_m \\cdot \\mathrm{fold}}

    so even complete inhibition cannot raise exposure more than
    :math:`1/(1 - f_m)`-fold (Rowland & Matin 1973).

    References
    ----------
    Rowland M, Matin SB. Kinetics of drug-drug interactions. J Pharmacokinet
    Biopharm 1973;1:553-567.

    Examples
    --------
    Inducing a pathway that carries half the clearance three-fold doubles
    the clearance:

    >>> float(coprescribed_clearance(2.0, 3.0, 0.5))
    4.0
    """
    cl = positive("clearance_l_per_h", clearance_l_per_h)
    fold = positive("fold_change_intrinsic", fold_change_intrinsic)
    fm = fraction("fraction_metabolized", fraction_metabolized)
    return cl * (1.0 - fm + fm * fold)
