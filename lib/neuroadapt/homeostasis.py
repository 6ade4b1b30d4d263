"""First-order homeostatic counter-adaptation: the book's simplest opponent.

A drug pushes a regulated variable away from its set point with a constant
push :math:`D(t) = 1` while it is present. The system answers with a
counter-adaptation :math:`A(t)` that follows the push with first-order
kinetics, so the net effect is :math:`N(t) = D(t) - A(t)`:

.. math::

    \\frac{dA}{dt} = \\frac{g\\,D(t) - A}{\\tau}

With exposure from :math:`t = 0` to :math:`t = T` the closed form is

.. math::

    A(t) = \\begin{cases}
        g\\,(1 - e^{-t/\\tau}) & 0 \\le t < T \\\\
        g\\,(1 - e^{-T/\\tau})\\, e^{-(t-T)/\\tau} & t \\ge T
    \\end{cases}

During exposure the net effect falls from 1 to :math:`1-g` (tolerance);
after the drug stops it swings to :math:`-A(T)` (withdrawal, the mirror image
of the drug effect) and recovers with time constant :math:`\\tau`.

This is the linear core shared by the opponent-process theory (Solomon &
Corbit 1974) and homeostatic feedback models of tolerance (Peletier &
Gabrielsson; see :mod:`neuroadapt.tolerance`). The values used in the book's
introduction are illustrative.

References
----------
Cannon WB. Organization for physiological homeostasis. Physiol Rev 1929;9:399-431.
Solomon RL, Corbit JD. An opponent-process theory of motivation: I. Temporal
dynamics of affect. Psychol Rev 1974;81:119-145.
"""

from __future__ import annotations

import numpy as np

from ._validation import fraction, nonnegative, positive

__all__ = ["counter_adaptation", "net_effect", "VEGA_COUNTER_ADAPTATION"]

#: The same closed form as :func:`counter_adaptation`, as a Vega expression of
#: ``datum.t_h`` and the signals ``time_constant_adaptation_h``, ``exposure_h`` and ``gain``; the
#: book's slider figure evaluates it in the browser, and a test checks that it
#: agrees with the Python function.
VEGA_COUNTER_ADAPTATION = (
    "datum.t_h < exposure_h"
    " ? gain * (1 - exp(-datum.t_h / time_constant_adaptation_h))"
    " : gain * (1 - exp(-exposure_h / time_constant_adaptation_h)) * exp(-(datum.t_h - exposure_h) / time_constant_adaptation_h)"
)


def counter_adaptation(t_h, exposure_h, time_constant_adaptation_h, gain=0.8):
    """Counter-adaptation :math:`A(t)` to a drug given from 0 to ``exposure_h``.

    Parameters
    ----------
    t_h : array_like
        Times since the start of exposure, h (>= 0). Broadcasts with the others.
    exposure_h : array_like
        Duration of exposure T, h (>= 0).
    time_constant_adaptation_h : array_like
        Time constant of the counter-adaptation, h (> 0).
    gain : array_like, optional
        Fraction of the drug push that the adaptation cancels at steady state,
        g in [0, 1] (illustrative default 0.8).

    Returns
    -------
    numpy.ndarray
        A(t), dimensionless, in the units of the drug push (push = 1).

    Examples
    --------
    >>> round(float(counter_adaptation(1e6, exposure_h=1e6, time_constant_adaptation_h=10, gain=0.8)), 6)
    0.8
    """
    t_h = nonnegative("t_h", t_h)
    exposure_h = nonnegative("exposure_h", exposure_h)
    time_constant_adaptation_h = positive("time_constant_adaptation_h", time_constant_adaptation_h)
    gain = fraction("gain", gain)
    during = gain * -np.expm1(-np.minimum(t_h, exposure_h) / time_constant_adaptation_h)
    after = np.exp(-np.maximum(t_h - exposure_h, 0.0) / time_constant_adaptation_h)
    return during * after


def net_effect(t_h, exposure_h, time_constant_adaptation_h, gain=0.8):
    """Net effect :math:`N(t) = D(t) - A(t)` of the drug push and its opponent.

    Positive values are the drug's effect, negative values withdrawal (the
    opposite of the drug effect). Parameters as in :func:`counter_adaptation`.

    Examples
    --------
    >>> float(net_effect(0.0, exposure_h=24, time_constant_adaptation_h=10))
    1.0
    >>> bool(net_effect(25.0, exposure_h=24, time_constant_adaptation_h=10) < 0)
    True
    """
    t_arr = nonnegative("t_h", t_h)
    push = (t_arr < nonnegative("exposure_h", exposure_h)).astype(float)
    return push - counter_adaptation(t_h, exposure_h, time_constant_adaptation_h, gain)
