"""Self-check questions that give feedback on a static web page, with no kernel.

A question is created in a notebook cell, with its answer key computed by the
book's models in the same cell::

    from neuroadapt_book.selfcheck import NumericQuestion
    from neuroadapt.occupancy_taper import hyperbolic_schedule

    NumericQuestion("Fourth dose of the taper (mg/day)?",
                    answer=hyperbolic_schedule("paroxetine", 20.0).dose_mg[3],
                    tolerance=0.1, unit="mg/day")

so a change in a model can never leave a wrong key behind. The cell's output
is plain, accessible HTML (``_repr_html_``):

* a ``<form class="selfcheck">`` holding a ``<fieldset>`` whose ``<legend>`` is
  the prompt, labelled inputs (radio buttons for a choice; a text box with
  ``inputmode="decimal"`` for a number), a "Check" submit button and an
  ``aria-live="polite"`` region for the feedback;
* the answer key in ``data-`` attributes, read by the book's
  ``_static/selfcheck.js``, which compares the reader's answer and writes
  "Correct — ..." or "Not quite — ..." into the live region;
* a ``<details>`` element that shows the answer on request, the fallback where
  no script runs (JupyterLab on Binder, a page saved without its scripts).

The form uses ``method="dialog"``: outside a ``<dialog>`` such a form is never
sent anywhere, so pressing Enter where the script does not run does nothing
rather than reloading the page.

Element ids are derived from a hash of the prompt plus a counter, so several
questions on one page never share an id (an accessibility requirement).

No HTML is accepted from the caller: every string is escaped.

In JupyterLab (the book's notebook edition on Binder), :func:`use_notebook_outputs`
makes every question's HTML carry the same script and stylesheet inline, so the
reader gets the same feedback as on the site once the cell has run (JupyterLab
runs scripts of outputs produced in the session); the form is marked
``data-lm-suppress-shortcuts`` so typing in it never triggers notebook shortcuts.
The site's output is unchanged.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import math
import numbers
import re
from collections.abc import Sequence

__all__ = [
    "NumericQuestion",
    "ChoiceQuestion",
    "Quiz",
    "parse_number",
    "use_notebook_outputs",
]

#: Distinguishes renderings of questions with the same prompt (one kernel = one page).
_RENDER_COUNTER = itertools.count(1)

#: When true, outputs carry the script and stylesheet inline (JupyterLab); see use_notebook_outputs.
_NOTEBOOK_OUTPUTS = False


def use_notebook_outputs(enabled: bool = True) -> None:
    """Make questions self-contained outputs for JupyterLab (True) or site HTML (False).

    The book's site loads ``selfcheck.js`` and ``selfcheck.css`` once per page.
    JupyterLab loads neither, so in a notebook each question's output embeds
    both (the same files) and the form gets ``data-lm-suppress-shortcuts`` so
    that keys typed into it (digits, arrows, Enter) reach the form instead of
    the notebook's command-mode shortcuts. Called by the notebook edition's
    setup cell (``neuroadapt_book.tools.notebook_runtime.setup``).
    """
    global _NOTEBOOK_OUTPUTS
    _NOTEBOOK_OUTPUTS = bool(enabled)


def _notebook_assets() -> str:
    from importlib.resources import files

    static = files("neuroadapt_book") / "static"
    css = (static / "selfcheck.css").read_text(encoding="utf-8")
    js = (static / "selfcheck.js").read_text(encoding="utf-8")
    # one script element: JupyterLab runs only the first script of an output
    return f"<style>{css}</style><script>{js}\n{_NOTEBOOK_ENTER_JS}</script>"


# JupyterLab cancels the browser's default action of Enter in an output (implicit form
# submission), so in a notebook Enter in a self-check's input submits the form explicitly.
_NOTEBOOK_ENTER_JS = """(function () {
  var inputs = document.querySelectorAll("form.selfcheck input");
  for (var i = 0; i < inputs.length; i++) {
    var el = inputs[i];
    if (el.getAttribute("data-enter-ready") === "true") continue;
    el.setAttribute("data-enter-ready", "true");
    el.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
      event.preventDefault();
      event.stopPropagation();
      var form = event.currentTarget.form;
      if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", {cancelable: true}));
    });
  }
})();"""

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _text(name: str, value, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {value!r}")
    if required and not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value.strip()


def _real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        # numpy scalars and 0-d arrays of floats are Real via .item()
        try:
            import numpy as np

            arr = np.asarray(value)
            if arr.ndim == 0 and arr.dtype.kind in "iuf":
                value = arr.item()
            else:
                raise TypeError
        except TypeError:
            raise ValueError(f"{name} must be a real number, got {value!r}") from None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite (no NaN or infinity), got {value!r}")
    return value


def parse_number(text) -> float:
    """Read a number typed by a reader, as the page's script does.

    Parameters
    ----------
    text : str or real number
        What the reader typed. Spaces (also non-breaking and thin spaces) are
        ignored, a Unicode minus sign is read as ``-``, and a comma is read as
        the decimal mark when there is no point (``"5,01"`` is 5.01); when both
        appear, commas are thousands separators (``"1,234.5"``).

    Returns
    -------
    float
        The number.

    Raises
    ------
    ValueError
        If the text is not a finite number.

    Examples
    --------
    >>> parse_number(" 5,01 "), parse_number("\\u22122.5"), parse_number("1,234.5")
    (5.01, -2.5, 1234.5)
    """
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, numbers.Real):
        return _real("text", text)
    if not isinstance(text, str):
        raise ValueError(f"not a number: {text!r}")
    s = _SPACES.sub("", text).replace("\u2212", "-")
    if "," in s and "." not in s and s.count(",") == 1:
        s = s.replace(",", ".")
    elif "," in s and "." in s:
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        raise ValueError(f"not a number: {text!r}")
    return _real("text", float(s))


def _format_number(value: float, decimals: int | None) -> str:
    if decimals is None:
        return f"{value:.4g}"
    return f"{value:.{decimals}f}"


def _new_id(prompt: str) -> str:
    digest = hashlib.sha1(prompt.encode("utf-8")).hexdigest()[:8]
    return f"selfcheck-{digest}-{next(_RENDER_COUNTER)}"


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


class NumericQuestion:
    """A question answered by a number, accepted within a tolerance.

    Parameters
    ----------
    prompt : str
        The question (plain text).
    answer : float
        The answer key, computed by a model in the cell that creates the
        question. Must be finite.
    tolerance : float, optional
        Largest accepted absolute difference from ``answer`` (>= 0, same unit);
        default 0 (exact).
    unit : str, optional
        Unit of the answer, shown in the input's label ("mg/day").
    feedback_right, feedback_wrong : str, optional
        Text shown after "Correct —" or "Not quite —".
    decimals : int, optional
        Decimals used to show the answer; default: 4 significant digits.

    Raises
    ------
    ValueError
        An empty prompt, a non-finite answer, a negative or non-finite
        tolerance, a negative number of decimals, or a non-string text.

    Examples
    --------
    >>> q = NumericQuestion("Two plus two?", answer=4, tolerance=0.5)
    >>> q.check("4,2"), q.check("5")
    (True, False)
    >>> 'inputmode="decimal"' in q._repr_html_()
    True
    """

    kind = "numeric"

    def __init__(
        self,
        prompt: str,
        answer,
        tolerance=0.0,
        unit: str = "",
        feedback_right: str = "",
        feedback_wrong: str = "",
        decimals: int | None = None,
    ):
        self.prompt = _text("prompt", prompt, required=True)
        self.answer = _real("answer", answer)
        self.tolerance = _real("tolerance", tolerance)
        if self.tolerance < 0:
            raise ValueError(f"tolerance must be >= 0, got {tolerance!r}")
        self.unit = _text("unit", unit)
        self.feedback_right = _text("feedback_right", feedback_right)
        self.feedback_wrong = _text("feedback_wrong", feedback_wrong)
        if decimals is not None and (
            isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or not 0 <= decimals <= 12
        ):
            raise ValueError(f"decimals must be an integer in [0, 12] or None, got {decimals!r}")
        self.decimals = None if decimals is None else int(decimals)

    def check(self, response) -> bool:
        """Whether a response is accepted (the rule the page's script applies).

        ``|x - answer| <= tolerance`` with a relative slack of 1e-9 for
        floating-point rounding. Raises ValueError if the response is not a
        number (see :func:`parse_number`).
        """
        x = parse_number(response)
        slack = 1e-9 * max(1.0, abs(self.answer))
        return abs(x - self.answer) <= self.tolerance + slack

    def answer_text(self, with_tolerance: bool = True) -> str:
        """The answer as shown to the reader, with its unit (and the tolerance)."""
        unit = f" {self.unit}" if self.unit else ""
        text = f"{_format_number(self.answer, self.decimals)}{unit}"
        if with_tolerance and self.tolerance > 0:
            text += f" (answers within ±{_format_number(self.tolerance, None)}{unit} are accepted)"
        return text

    def _body(self, qid: str) -> str:
        label = "Your answer" + (f" ({self.unit})" if self.unit else "")
        return (
            f'<label for="{qid}-input">{html.escape(label)}</label> '
            f'<input id="{qid}-input" name="answer" type="text" inputmode="decimal" autocomplete="off" '
            f'spellcheck="false" size="10" aria-describedby="{qid}-feedback">'
        )

    def _data(self) -> str:
        return (
            f'data-selfcheck="numeric" data-answer="{self.answer!r}" data-tolerance="{self.tolerance!r}" '
            f'data-answer-text="{_attr(self.answer_text(with_tolerance=False))}" '
            f'data-feedback-right="{_attr(self.feedback_right)}" data-feedback-wrong="{_attr(self.feedback_wrong)}"'
        )

    def _reveal(self) -> str:
        extra = f" {html.escape(self.feedback_right)}" if self.feedback_right else ""
        return f"<p><strong>Answer:</strong> {html.escape(self.answer_text())}.{extra}</p>"

    def _repr_html_(self) -> str:
        return _form(self, _new_id(self.prompt))

    def __repr__(self) -> str:
        return f"NumericQuestion({self.prompt!r}, answer hidden; open the page or the HTML output)"


class ChoiceQuestion:
    """A multiple-choice question with one correct option.

    Parameters
    ----------
    prompt : str
        The question (plain text).
    options : sequence of str
        At least two distinct, non-empty options.
    correct : int
        Index of the correct option in ``options``; compute it from a model
        when the answer is a model output (e.g. ``options.index(label)``).
    explanations : sequence of str, optional
        One explanation per option, shown after the reader checks that
        option ("Not quite — <why this option is wrong>").

    Raises
    ------
    ValueError
        Fewer than two options, an empty or repeated option, a ``correct``
        index that is not an integer in range, or explanations whose number
        differs from the number of options.

    Examples
    --------
    >>> q = ChoiceQuestion("Which is a benzodiazepine?", ["diazepam", "codeine"], correct=0)
    >>> q.check(0), q.check(1)
    (True, False)
    """

    kind = "choice"

    def __init__(self, prompt: str, options: Sequence[str], correct: int, explanations: Sequence[str] | None = None):
        self.prompt = _text("prompt", prompt, required=True)
        if isinstance(options, str) or not isinstance(options, Sequence):
            raise ValueError(f"options must be a sequence of strings, got {options!r}")
        self.options = [_text(f"options[{i}]", o, required=True) for i, o in enumerate(options)]
        if len(self.options) < 2:
            raise ValueError(f"options must hold at least two choices, got {len(self.options)}")
        if len(set(self.options)) != len(self.options):
            raise ValueError("options must be distinct")
        if isinstance(correct, bool) or not isinstance(correct, numbers.Integral):
            raise ValueError(f"correct must be an integer index, got {correct!r}")
        if not 0 <= int(correct) < len(self.options):
            raise ValueError(f"correct must be an index in [0, {len(self.options) - 1}], got {correct!r}")
        self.correct = int(correct)
        if explanations is None:
            self.explanations = [""] * len(self.options)
        else:
            if isinstance(explanations, str) or not isinstance(explanations, Sequence):
                raise ValueError(f"explanations must be a sequence of strings, got {explanations!r}")
            if len(explanations) != len(self.options):
                raise ValueError(
                    f"explanations must have one entry per option ({len(self.options)}), got {len(explanations)}"
                )
            self.explanations = [_text(f"explanations[{i}]", e) for i, e in enumerate(explanations)]

    def check(self, index) -> bool:
        """Whether the option with this index is the correct one."""
        if isinstance(index, bool) or not isinstance(index, numbers.Integral) or not 0 <= index < len(self.options):
            raise ValueError(f"index must be an integer in [0, {len(self.options) - 1}], got {index!r}")
        return int(index) == self.correct

    def answer_text(self) -> str:
        """The correct option's text."""
        return self.options[self.correct]

    def _body(self, qid: str) -> str:
        rows = []
        for i, (option, why) in enumerate(zip(self.options, self.explanations)):
            rows.append(
                f'<div class="selfcheck-option"><input type="radio" id="{qid}-option-{i}" name="{qid}-choice" '
                f'value="{i}" data-explanation="{_attr(why)}"> '
                f'<label for="{qid}-option-{i}">{html.escape(option)}</label></div>'
            )
        return '<div class="selfcheck-options">' + "".join(rows) + "</div>"

    def _data(self) -> str:
        return f'data-selfcheck="choice" data-correct="{self.correct}" data-answer-text="{_attr(self.answer_text())}"'

    def _reveal(self) -> str:
        why = self.explanations[self.correct]
        extra = f" {html.escape(why)}" if why else ""
        return f"<p><strong>Answer:</strong> {html.escape(self.answer_text().rstrip('.'))}.{extra}</p>"

    def _repr_html_(self) -> str:
        return _form(self, _new_id(self.prompt))

    def __repr__(self) -> str:
        return f"ChoiceQuestion({self.prompt!r}, {len(self.options)} options; open the page or the HTML output)"


def _form(question, qid: str) -> str:
    suppress = ' data-lm-suppress-shortcuts="true"' if _NOTEBOOK_OUTPUTS else ""
    assets = _notebook_assets() if _NOTEBOOK_OUTPUTS else ""
    markup = _form_markup(question, qid, suppress)
    if _NOTEBOOK_OUTPUTS:
        # JupyterLab matches a shortcut on the focused element itself before its ancestors.
        markup = (
            markup.replace("<input ", f"<input{suppress} ")
            .replace("<button ", f"<button{suppress} ")
            .replace("<summary>", f"<summary{suppress}>")
        )
    return assets + markup


def _form_markup(question, qid: str, suppress: str) -> str:
    return (
        f'<form class="selfcheck selfcheck-{question.kind}" id="{qid}" method="dialog" novalidate{suppress} '
        f"{question._data()}>"
        f"<fieldset><legend>"
        f'<span class="selfcheck-tag">Self-check</span> {html.escape(question.prompt)}</legend>'
        f"{question._body(qid)}"
        f'<div class="selfcheck-actions"><button type="submit" class="selfcheck-button">Check</button></div>'
        f'<p class="selfcheck-feedback" id="{qid}-feedback" aria-live="polite" aria-atomic="true"></p>'
        f"</fieldset>"
        f'<details class="selfcheck-reveal"><summary>Show the answer</summary>{question._reveal()}</details>'
        f"</form>"
    )


class Quiz:
    """Several questions shown together in one cell output.

    Parameters
    ----------
    questions : NumericQuestion or ChoiceQuestion
        At least one question.

    Examples
    --------
    >>> quiz = Quiz(NumericQuestion("One?", 1), ChoiceQuestion("Yes?", ["yes", "no"], 0))
    >>> quiz._repr_html_().count('<form class="selfcheck')
    2
    """

    def __init__(self, *questions):
        if not questions:
            raise ValueError("Quiz needs at least one question")
        for q in questions:
            if not isinstance(q, (NumericQuestion, ChoiceQuestion)):
                raise ValueError(f"every question must be a NumericQuestion or ChoiceQuestion, got {q!r}")
        self.questions = list(questions)

    def _repr_html_(self) -> str:
        return '<div class="selfcheck-quiz">' + "".join(q._repr_html_() for q in self.questions) + "</div>"

    def __repr__(self) -> str:
        return f"Quiz({len(self.questions)} questions)"
