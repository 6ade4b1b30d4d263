"""Read the book's MyST pages, for the tests of what only a page can get wrong.

One small API shared by every test module under ``tests/book``:

* :func:`read_page` - the text of a page (``"practices/alcohol"`` or a path);
* :func:`glue_names` - the names a page glues in its code cells (``glue("name", ...)``);
* :func:`glued_names_used` - the names its MyST uses (``{glue:text}``, ``{glue:}``,
  ``{glue:figure}``, ``{glue:any}``, ``{glue:math}``);
* :func:`prose` - the page without its code cells, where typed numbers would hide;
* :func:`directive_body` - the body of one ``{exercise}`` or ``{solution}`` by its label;
* :func:`figure_names` and :func:`numrefs` - the ``:name:`` of each glue figure, and the
  targets of ``{numref}`` roles;
* :func:`code` - the source of every code cell, joined.

Numbers a page quotes from a model are glued, so tests need not (and should not)
recompute them; they check instead that every glued name used is glued, that
literature values typed in prose match ``neuroadapt/data``, and that answer keys
come from lib calls.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"

_CODE_CELL = re.compile(r"^(`{3,})\{code-cell\}[^\n]*\n(.*?)^\1\s*$", re.M | re.S)
_GLUE_CALL = re.compile(r"""\bglue\(\s*(?:f?["'])([^"']+)["']""")
_GLUE_ROLE = re.compile(r"\{glue(?::text|:any|:math)?\}`([^`]+)`")
_GLUE_DIRECTIVE = re.compile(r"^`{3,}\{glue(?::figure|:any|:math)?\}\s+(\S+)", re.M)


def page_path(page: str | Path) -> Path:
    """``"practices/alcohol"`` (relative to ``book/``, with or without ``.md``) or a path."""
    p = Path(page)
    if p.is_absolute():
        return p
    if p.parts[0] == "book":  # relative to the repository root
        p = Path(*p.parts[1:])
    if p.suffix != ".md":
        p = p.with_suffix(".md")
    return BOOK / p


def read_page(page: str | Path) -> str:
    """The text of a page."""
    return page_path(page).read_text(encoding="utf-8")


def code_cells(text: str) -> list[str]:
    """The source of each ``{code-cell}`` of a page, in order (tags lines included)."""
    return [m.group(2) for m in _CODE_CELL.finditer(text)]


def code(text: str) -> str:
    """The source of every code cell, joined by blank lines."""
    return "\n\n".join(code_cells(text))


def prose(text: str) -> str:
    """The page without its code cells and front matter, whitespace normalised."""
    text = _CODE_CELL.sub("", text)
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return " ".join(text.split())


def glue_names(text: str) -> set[str]:
    """Names glued by the page's code cells: the literal first argument of ``glue(...)``."""
    return set(_GLUE_CALL.findall(code(text)))


def glued_names_used(text: str) -> set[str]:
    """Names the page's MyST pastes, from glue roles and glue directives (format specs removed)."""
    body = _CODE_CELL.sub("", text)
    names = {m.split(":", 1)[0] for m in _GLUE_ROLE.findall(body)}
    names |= set(_GLUE_DIRECTIVE.findall(body))
    return {n.split("::", 1)[-1] for n in names}


def directive_body(text: str, kind: str, label: str) -> str:
    """The body of the ``{kind}`` directive (``exercise`` or ``solution``) for ``label``,
    whitespace normalised. For a solution the label is its argument; for an exercise, its
    ``:label:`` option."""
    if kind == "solution":
        pat = r"^(`{3,})\{solution\} " + re.escape(label) + r"\n(.*?)^\1\s*$"
    else:
        pat = r"^(`{3,})\{" + kind + r"\}[^\n]*\n(?=(?::[^\n]*\n)*:label: " + re.escape(label) + r"\n)(.*?)^\1\s*$"
    m = re.search(pat, text, re.M | re.S)
    if not m:
        raise AssertionError(f"no {kind} {label!r}")
    return " ".join(m.group(2).split())


def figure_names(text: str) -> list[str]:
    """The ``:name:`` of every ``{glue:figure}`` directive, in order."""
    return re.findall(r"^`{3,}\{glue:figure\}[^\n]*\n(?::[^\n]*\n)*?:name: (\S+)", text, re.M)


def numrefs(text: str) -> set[str]:
    """Targets of ``{numref}`` roles (``{numref}`fig-x``` or ``{numref}`Figure %s <fig-x>```)."""
    out = set()
    for target in re.findall(r"\{numref\}`([^`]+)`", text):
        m = re.search(r"<([^>]+)>$", target)
        out.add(m.group(1) if m else target)
    return out


def all_pages() -> list[Path]:
    """Every MyST page of the book (``book/**/*.md``)."""
    return sorted(p for p in BOOK.rglob("*.md") if "_build" not in p.parts)
