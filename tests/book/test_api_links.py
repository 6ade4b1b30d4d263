"""Every page: a model function or class named in the prose links to the API appendix.

CONTRIBUTING asks pages to name ``neuroadapt`` functions with ``{py:func}`` (classes with
``{py:class}``), so a reader can open the docstring: its equations, units and source.
Written as plain inline code (```` `td_learning` ````), the name is a dead end.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from pages import all_pages, prose, read_page

import neuroadapt


def public_names() -> set[str]:
    """Names in the ``__all__`` of a public ``neuroadapt`` module that are functions or classes."""
    names = set()
    for info in pkgutil.walk_packages(neuroadapt.__path__, prefix="neuroadapt."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            value = getattr(module, name, None)
            if inspect.isfunction(value) or inspect.isclass(value):
                names.add(name)
    return names


NAMES = public_names()
#: Inline code that is exactly a model name (optionally called), not already inside a role.
_PLAIN = re.compile(r"(?<![}`\w])`([A-Za-z_]\w*)(?:\(\))?`(?!`)")
#: Directives whose body is code, not prose.
_CODE_DIRECTIVES = ("{code-cell}", "{eval-rst}", "{code-block}", "{code}")


def prose_lines(text: str) -> str:
    """The page's prose lines: code cells and code fences left out, the bodies of prose
    directives (exercises, notes, figure captions) kept. Fences are matched by length, so
    a directive's closing fence is never taken for the opening of a code block."""
    kept, directives, code_fence = [], [], None
    for line in text.splitlines():
        fence = re.match(r"^\s*(`{3,}|:{3,})(.*)$", line)
        if code_fence is not None:
            if fence and fence.group(1) == code_fence and not fence.group(2).strip():
                code_fence = None
            continue
        if fence:
            marker, info = fence.group(1), fence.group(2).strip()
            if not info and directives and directives[-1] == marker:
                directives.pop()
            elif info.startswith("{") and not info.startswith(_CODE_DIRECTIVES):
                directives.append(marker)
            else:
                code_fence = marker
            continue
        kept.append(line)
    return "\n".join(kept)


def unlinked_model_names(text: str) -> list[str]:
    """Model names written as plain inline code in the page's prose."""
    return [m.group(0) for m in _PLAIN.finditer(prose_lines(text)) if m.group(1) in NAMES]


def test_the_finder_sees_a_plain_name_and_spares_a_role():
    assert "td_learning" in NAMES
    page = "Run `td_learning()` here, {py:func}`~neuroadapt.learning.td_learning` there.\n"
    assert unlinked_model_names(page) == ["`td_learning()`"]
    assert unlinked_model_names("```python\nx = `td_learning`\n```\n") == []
    # a directive's closing fence does not open a code block
    assert unlinked_model_names("```{note}\nA note.\n```\n\nThen `td_learning`.\n") == ["`td_learning`"]
    assert prose(page)  # the page reader still reads it


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.stem)
def test_model_names_in_the_prose_link_to_the_api(page):
    assert unlinked_model_names(read_page(page)) == []
