"""Tests of neuroadapt.enzyme_inhibition

Published features reproduced:
* carbamazepine autoinduction (Bertilsson & Tomson 1986, Clin Pharmacokinet
  11:177-198): half-life ~35 h after a single dose, 10-20 h on chronic
  dosing; autoinduction commonly quoted as complete after 3-5 weeks of fixed
  dosing;
* turnover kinetics (Dayneka, Garg & Jusko 1993): after the inducer stops the
  excess enzyme decays with the enzyme half-life;
* Rowland & Matin 1973: AUC ratio 1/(fm/fold + ...) and the 1/(1 - fm)
  ceiling of an inhibition interaction.
Numerical solutions are checked against scipy's solve_ivp (rtol 1e-10,
atol 1e-12).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from neuroadapt import autoinduction as ai
from neuroadapt import enzyme_inhibition as inh
from neuroadapt.pharmacokinetics import regular_dose_times_h


LN2 = math.log(2.0)
SETTINGS = settings(max_examples=30, deadline=None)
CBZ = ai.drug_parameters("carbamazepine")


def test_inhibition_interaction_rowland_matin():
    """Rowland & Matin 1973: fm = 1, [I] = Ki doubles AUC; AUC ratio <= 1/(1 - fm)."""
    cl = 10.0
    fold = inh.competitive_inhibition_fold_change(2.0, 2.0)
    assert cl / inh.coprescribed_clearance(cl, fold, 1.0) == pytest.approx(2.0)
    # complete inhibition of a pathway carrying 80% of clearance: AUC x5 at most
    ratio = cl / inh.coprescribed_clearance(cl, 1e-12, 0.8)
    assert ratio == pytest.approx(5.0, rel=1e-9)
    # general formula AUC'/AUC = 1 / (fm * fold + 1 - fm)
    fm, f = 0.6, 0.25
    assert cl / inh.coprescribed_clearance(cl, f, fm) == pytest.approx(1 / (fm * f + 1 - fm))


# ---------------------------------------------------------------------------
# (d) closed form and RK4 against solve_ivp
# ---------------------------------------------------------------------------


