"""Tests of neuroadapt.enzyme_inhibition (metabolic drug-drug interactions).

Published features reproduced: Rowland & Matin 1973 (J Pharmacokinet Biopharm
1:553-567): the AUC ratio 1/(fm * fold + 1 - fm) and the 1/(1 - fm) ceiling of
an inhibition interaction.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroadapt import enzyme_inhibition as inh

SETTINGS = settings(max_examples=30, deadline=None)


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


@SETTINGS
@given(i=st.floats(0, 1e3), ki=st.floats(1e-3, 1e3), fm=st.floats(0, 1))
def test_inhibition_never_raises_clearance_and_is_bounded_by_the_pathway_fraction(i, ki, fm):
    fold = float(inh.competitive_inhibition_fold_change(i, ki))
    assert 0.0 < fold <= 1.0
    cl = float(inh.coprescribed_clearance(1.0, fold, fm))
    assert (1.0 - fm) - 1e-12 <= cl <= 1.0 + 1e-12


def test_bad_input_raises():
    with pytest.raises(ValueError, match="fraction_metabolized"):
        inh.coprescribed_clearance(1.0, 2.0, 1.5)
    with pytest.raises(ValueError, match="ki_mg_per_l"):
        inh.competitive_inhibition_fold_change(1.0, 0.0)
    with pytest.raises(ValueError, match="inhibitor_mg_per_l"):
        inh.competitive_inhibition_fold_change(np.nan, 1.0)
