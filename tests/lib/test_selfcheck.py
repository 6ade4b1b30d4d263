"""Tests of neuroadapt_book.selfcheck: validation, the answer rule, and the HTML it writes."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import numpy as np
import pytest

from neuroadapt_book.selfcheck import ChoiceQuestion, NumericQuestion, Quiz, parse_number

VOID = {"input", "br", "img", "meta", "link", "hr"}


class _Tree(HTMLParser):
    """Records tags, checks nesting, and collects attributes (a tiny validator)."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack})")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> _Tree:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    assert tree.errors == [], tree.errors
    assert tree.stack == [], f"unclosed tags: {tree.stack}"
    return tree


def by_tag(tree: _Tree, tag: str) -> list[dict]:
    return [attrs for t, attrs in tree.elements if t == tag]


# ---------------------------------------------------------------------------
# parse_number: the same rules as selfcheck.js
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("5.01", 5.01),
        (" 5,01 ", 5.01),
        ("\u22122.5", -2.5),
        ("-2.5", -2.5),
        ("1,234.5", 1234.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("12", 12.0),
        ("3\u00a0000", 3000.0),
        (7, 7.0),
        (2.5, 2.5),
    ],
)
def test_parse_number_accepts_common_spellings(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "5 mg", "1,2,3", "nan", "inf", "--1", None, True, float("nan")])
def test_parse_number_rejects_non_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)


# ---------------------------------------------------------------------------
# NumericQuestion
# ---------------------------------------------------------------------------


def test_numeric_check_uses_the_tolerance():
    q = NumericQuestion("Fourth dose?", answer=5.0123, tolerance=0.1, unit="mg")
    assert q.check("5.0123") and q.check("5,1") and q.check(4.92)
    assert not q.check("5.2") and not q.check("4.9")
    with pytest.raises(ValueError):
        q.check("five")


def test_numeric_exact_answer_allows_only_rounding_noise():
    q = NumericQuestion("Total?", answer=0.1 + 0.2)
    assert q.check("0.3")
    assert not q.check("0.3001")


def test_numeric_accepts_numpy_scalars_and_0d_arrays():
    assert NumericQuestion("x?", answer=np.float64(2.5)).answer == 2.5
    assert NumericQuestion("x?", answer=np.array(3.0), tolerance=np.int64(1)).tolerance == 1.0


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(prompt="", answer=1.0),
        dict(prompt="   ", answer=1.0),
        dict(prompt=3, answer=1.0),
        dict(prompt="x?", answer=float("nan")),
        dict(prompt="x?", answer=math.inf),
        dict(prompt="x?", answer="5"),
        dict(prompt="x?", answer=True),
        dict(prompt="x?", answer=np.array([1.0, 2.0])),
        dict(prompt="x?", answer=1.0, tolerance=-0.1),
        dict(prompt="x?", answer=1.0, tolerance=float("nan")),
        dict(prompt="x?", answer=1.0, unit=None),
        dict(prompt="x?", answer=1.0, feedback_right=1),
        dict(prompt="x?", answer=1.0, decimals=-1),
        dict(prompt="x?", answer=1.0, decimals=1.5),
    ],
)
def test_numeric_rejects_bad_inputs(kwargs):
    with pytest.raises(ValueError):
        NumericQuestion(**kwargs)


def test_numeric_html_is_an_accessible_form_with_the_key_in_data_attributes():
    q = NumericQuestion(
        "Fourth dose of the taper?",
        answer=5.0123,
        tolerance=0.1,
        unit="mg/day",
        feedback_right="Good.",
        feedback_wrong="Recount the steps.",
    )
    markup = q._repr_html_()
    tree = parse(markup)
    form = by_tag(tree, "form")[0]
    assert "selfcheck" in form["class"].split()
    assert form["method"] == "dialog"
    assert form["data-selfcheck"] == "numeric"
    assert float(form["data-answer"]) == 5.0123
    assert float(form["data-tolerance"]) == 0.1
    assert form["data-feedback-wrong"] == "Recount the steps."
    assert len(by_tag(tree, "fieldset")) == 1 and len(by_tag(tree, "legend")) == 1
    (inp,) = by_tag(tree, "input")
    assert inp["type"] == "text" and inp["inputmode"] == "decimal"
    (label,) = by_tag(tree, "label")
    assert label["for"] == inp["id"]
    (button,) = by_tag(tree, "button")
    assert button["type"] == "submit"
    live = [a for a in by_tag(tree, "p") if a.get("aria-live")]
    assert live and live[0]["aria-live"] == "polite"
    assert inp["aria-describedby"] == live[0]["id"]
    assert by_tag(tree, "details") and by_tag(tree, "summary")
    assert "5.012 mg/day" in "".join(tree.text)
    assert "<script" not in markup


def test_choice_html_has_one_labelled_radio_per_option():
    q = ChoiceQuestion("Which <drug> & why?", ["a", "b", "c"], correct=2, explanations=["no", "no", "yes"])
    tree = parse(q._repr_html_())
    form = by_tag(tree, "form")[0]
    assert form["data-selfcheck"] == "choice" and form["data-correct"] == "2"
    radios = by_tag(tree, "input")
    assert [r["type"] for r in radios] == ["radio"] * 3
    assert len({r["name"] for r in radios}) == 1
    labels = {lab["for"] for lab in by_tag(tree, "label")}
    assert labels == {r["id"] for r in radios}
    assert [r["data-explanation"] for r in radios] == ["no", "no", "yes"]
    assert "Which <drug> & why?" in "".join(tree.text)  # escaped in the markup, intact as text


def test_ids_are_unique_even_for_the_same_prompt():
    a = NumericQuestion("Same prompt?", answer=1.0)
    b = NumericQuestion("Same prompt?", answer=2.0)
    markup = a._repr_html_() + b._repr_html_() + a._repr_html_()
    ids = re.findall(r'\bid="([^"]+)"', markup)
    assert len(ids) == len(set(ids))


def test_text_is_escaped():
    q = NumericQuestion('He said "<b>stop</b>"', answer=1.0, unit="<mg>", feedback_right='"quoted" & <b>')
    markup = q._repr_html_()
    assert "<b>" not in markup
    tree = parse(markup)
    assert by_tag(tree, "form")[0]["data-feedback-right"] == '"quoted" & <b>'


# ---------------------------------------------------------------------------
# ChoiceQuestion
# ---------------------------------------------------------------------------


def test_choice_check():
    q = ChoiceQuestion("Pick", ["x", "y"], correct=1)
    assert q.check(1) and not q.check(0)
    with pytest.raises(ValueError):
        q.check(2)
    with pytest.raises(ValueError):
        q.check(True)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(prompt="Pick", options=["only one"], correct=0),
        dict(prompt="Pick", options="ab", correct=0),
        dict(prompt="Pick", options=["a", "a"], correct=0),
        dict(prompt="Pick", options=["a", ""], correct=0),
        dict(prompt="Pick", options=["a", "b"], correct=2),
        dict(prompt="Pick", options=["a", "b"], correct=-1),
        dict(prompt="Pick", options=["a", "b"], correct=1.0),
        dict(prompt="Pick", options=["a", "b"], correct=True),
        dict(prompt="Pick", options=["a", "b"], correct=0, explanations=["one"]),
        dict(prompt="Pick", options=["a", "b"], correct=0, explanations="ab"),
        dict(prompt="", options=["a", "b"], correct=0),
    ],
)
def test_choice_rejects_bad_inputs(kwargs):
    with pytest.raises(ValueError):
        ChoiceQuestion(**kwargs)


def test_quiz_joins_questions_and_validates():
    quiz = Quiz(NumericQuestion("One?", 1.0), ChoiceQuestion("Two?", ["a", "b"], 0))
    tree = parse(quiz._repr_html_())
    assert len(by_tag(tree, "form")) == 2
    with pytest.raises(ValueError):
        Quiz()
    with pytest.raises(ValueError):
        Quiz("not a question")
