"""book/index.md (the front matter): what only the page can get wrong."""

from __future__ import annotations

from pages import read_page, structure_problems

TEXT = read_page("index")


def test_page_structure():
    assert structure_problems(TEXT) == []


def test_front_matter_carries_the_teaching_only_notice():
    assert "{admonition} Teaching material, not medical advice" in TEXT
