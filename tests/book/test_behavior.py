"""book/applications/behavior.md: what only the page can get wrong.

The page glues every number its models compute. Here: its structure, Siegel's
published mortalities as typed in the prose, and the model settings the prose
names (cue and reward steps, discount, pairings) against the lib's defaults.
"""

from __future__ import annotations

import inspect

from neuroadapt import learning as le
from pages import code, figure_names, numrefs, prose, read_page, states, structure_problems

TEXT = read_page("applications/behavior")
PROSE = prose(TEXT)


def test_structure():
    assert structure_problems(TEXT) == []
    assert figure_names(TEXT) == ["fig-behavior-td-trial", "fig-behavior-drug-surge", "fig-behavior-siegel-context"]


def test_siegel_figure_is_referenced_from_a_practice_page():
    assert "fig-behavior-siegel-context" in numrefs(read_page("practices/overdose"))


def test_siegel_mortalities_are_the_published_ones():
    same, novel, naive = le.siegel1982_mortality()["mortality_percent"].tolist()
    states(PROSE, f"{same:g}% died", f"with the same drug history, {novel:g}%", f"of drug-naive rats, {naive:g}%")
    states(PROSE, f"killed {same:.0f}% in the usual setting, {novel:.0f}% in a novel one and {naive:.0f}%")


def test_model_settings_named_in_prose_are_the_defaults():
    td = inspect.signature(le.td_learning).parameters
    siegel = inspect.signature(le.siegel_overdose).parameters
    states(PROSE, f"a cue at time step {td['cue_step'].default}, a reward at step {td['reward_step'].default}",
           f"Rats received {siegel['n_pairings'].default} heroin injections",
           f"at {siegel['n_pairings'].default} pairings")
    # the solution's gamma and the indices the exercises read (cue onset = cue_step - 1)
    states(PROSE, f"${td['discount'].default:g}^{{11}}$", f"`delta[-1, {td['reward_step'].default}]`",
           f"`delta[-1, {td['cue_step'].default - 1}]`")
    assert td["reward_step"].default - (td["cue_step"].default - 1) == 11  # the exponent: steps 4 -> 15
    assert "td_learning(300)" in code(TEXT)


def test_redish_prediction_failed_a_test():
    """Panlilio et al. 2007: blocking occurred with a cocaine-paired cue, against the prediction."""
    states(PROSE, "Its predictions have not all survived testing", "{cite:p}`panlilio2007`")


def test_contingency_management_effects_shrink_but_persist():
    """Ginley et al. 2021: smaller but significant effects up to a year after treatment."""
    states(PROSE, "{cite:p}`ginley2021`", "shrink after they stop but can persist")
    assert "its effects fade after they stop" not in PROSE
