"""Self-check questions on the built practices pages, operated in Chromium.

The answer key sits in the form's data- attributes (computed by neuroadapt when
the page was built); book/_static/selfcheck.js compares the reader's answer and
writes the feedback into an aria-live region. These tests answer questions the
way a reader does: with the mouse, with Enter, and with the keyboard alone.
"""

from __future__ import annotations

import pytest

from .conftest import SITE

PAGE = "book/practices/antidepressant.html"


def _require_page():
    if not (SITE / PAGE).exists():
        pytest.skip(f"{PAGE} is not in this build")


def _feedback(form):
    region = form.locator(".selfcheck-feedback")
    region.locator("xpath=.").wait_for(state="attached")
    form.page.wait_for_function("el => el.textContent.trim().length > 0", arg=region.element_handle(), timeout=3000)
    return region


def _numeric_forms(page):
    return page.locator("form.selfcheck[data-selfcheck=numeric]")


def test_selfcheck_script_is_loaded_and_forms_are_ready(visit):
    _require_page()
    v = visit(PAGE)
    forms = v.page.locator("form.selfcheck")
    assert forms.count() >= 3
    for i in range(forms.count()):
        form = forms.nth(i)
        assert form.get_attribute("data-ready") == "true", "selfcheck.js did not attach to every form"
        region = form.locator(".selfcheck-feedback")
        assert region.get_attribute("aria-live") == "polite"
    assert v.console_errors == []


def test_numeric_right_answer_with_enter(visit):
    _require_page()
    v = visit(PAGE)
    form = _numeric_forms(v.page).first
    answer = float(form.get_attribute("data-answer"))
    box = form.locator("input[type=text]")
    box.fill(f"{answer:.6g}")
    box.press("Enter")
    region = _feedback(form)
    assert region.inner_text().startswith("Correct"), region.inner_text()
    assert "is-correct" in region.get_attribute("class")
    assert form.get_attribute("data-state") == "correct"


def test_numeric_wrong_answer_with_check_button(visit):
    _require_page()
    v = visit(PAGE)
    form = _numeric_forms(v.page).nth(1)
    answer = float(form.get_attribute("data-answer"))
    tolerance = float(form.get_attribute("data-tolerance"))
    form.locator("input[type=text]").fill(f"{answer + 10 * tolerance + 5:.6g}")
    form.get_by_role("button", name="Check").click()
    region = _feedback(form)
    text = region.inner_text()
    assert text.startswith("Not quite"), text
    assert "too high" in text
    assert "is-wrong" in region.get_attribute("class")


def test_numeric_rejects_text_that_is_not_a_number(visit):
    _require_page()
    v = visit(PAGE)
    form = _numeric_forms(v.page).first
    box = form.locator("input[type=text]")
    box.fill("about five")
    box.press("Enter")
    region = _feedback(form)
    assert "Please type a number" in region.inner_text()
    assert box.get_attribute("aria-invalid") == "true"


def test_choice_question_right_and_wrong(visit):
    _require_page()
    v = visit(PAGE)
    form = v.page.locator("form.selfcheck[data-selfcheck=choice]").first
    correct = int(form.get_attribute("data-correct"))
    radios = form.locator("input[type=radio]")
    wrong = (correct + 1) % radios.count()
    # Click the label, as a reader would.
    form.locator(f"label[for='{radios.nth(wrong).get_attribute('id')}']").click()
    form.get_by_role("button", name="Check").click()
    region = _feedback(form)
    assert region.inner_text().startswith("Not quite"), region.inner_text()
    form.locator(f"label[for='{radios.nth(correct).get_attribute('id')}']").click()
    form.get_by_role("button", name="Check").click()
    v.page.wait_for_function("el => el.textContent.startsWith('Correct')", arg=region.element_handle(), timeout=3000)
    assert "is-correct" in region.get_attribute("class")


def test_numeric_question_by_keyboard_only(visit):
    """Tab to the first numeric input, type an answer with a decimal comma, press Enter."""
    _require_page()
    v = visit(PAGE)
    page = v.page
    form = _numeric_forms(page).first
    target = form.locator("input[type=text]").get_attribute("id")
    page.locator("body").focus()
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == target:
            break
    else:
        pytest.fail("the numeric input cannot be reached with the Tab key")
    answer = float(form.get_attribute("data-answer"))
    page.keyboard.type(f"{answer:.4f}".replace(".", ","))
    page.keyboard.press("Enter")
    region = _feedback(form)
    assert region.inner_text().startswith("Correct"), region.inner_text()
    # The Check button is the next stop in the tab order, and works from the keyboard too.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    assert form.locator(".selfcheck-feedback").inner_text().startswith("Correct")


def test_reveal_shows_the_answer(visit):
    _require_page()
    v = visit(PAGE)
    form = _numeric_forms(v.page).first
    details = form.locator("details.selfcheck-reveal")
    body = details.locator("p")
    assert not body.is_visible()
    details.locator("summary").click()
    assert body.is_visible()
    assert form.get_attribute("data-answer-text") in body.inner_text()
