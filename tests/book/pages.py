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
* :func:`code` - the source of every code cell, joined;
* :func:`glue_figures`, :func:`solution_body` (plain or gated solutions), :func:`solution_labels`;
* :func:`structure_problems` - what a page can get wrong by itself (pasted names never glued,
  figures without name, caption or ``{numref}``, bare chart outputs, "the figure below", typed
  numbers in bold in solutions);
* :func:`run_page` - execute a page in-process and return what it glues (the kernel's values),
  and :func:`glue_format_problems` - every ``{glue:text}`name:fmt``` formats its value.

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


# --- figures, solutions and the kernel's glued values -----------------------------------

_GLUE_FIGURE = re.compile(r"^(`{3,})\{glue:figure\}\s+(\S+)\n((?::[^\n]*\n)*)(.*?)^\1\s*$", re.M | re.S)
_GLUE_TEXT_FMT = re.compile(r"\{glue:text\}`([^`:]+):([^`]+)`")


def glue_figures(text: str) -> dict[str, dict[str, str]]:
    """Each ``{glue:figure}`` by its ``:name:``: the glue ``key`` and its ``caption`` (whitespace
    normalised)."""
    out = {}
    for m in _GLUE_FIGURE.finditer(text):
        options = dict(re.findall(r"^:(\w+):\s*(.*)$", m.group(3), re.M))
        out[options.get("name", "")] = {"key": m.group(2), "caption": " ".join(m.group(4).split())}
    return out


def solution_body(text: str, label: str) -> str:
    """The prose of the solution of exercise ``label``, plain (``{solution}``) or gated
    (``{solution-start}`` ... ``{solution-end}``), code cells removed, whitespace normalised."""
    gated = re.search(
        r"^(`{3,})\{solution-start\} " + re.escape(label) + r"\n.*?^\1\s*$(.*?)^`{3,}\{solution-end\}",
        text,
        re.M | re.S,
    )
    if gated:
        return " ".join(_CODE_CELL.sub("", gated.group(2)).split())
    return directive_body(text, "solution", label)


def solution_labels(text: str) -> list[str]:
    """Labels of every solution of a page, in order."""
    return re.findall(r"^`{3,}\{solution(?:-start)?\} (\S+)", text, re.M)


def typed_bold_numbers(prose_text: str) -> list[str]:
    """Bold spans (``**...**``) that contain a digit typed in the text, not pasted by a glue role:
    where an answer key would be typed instead of computed."""
    spans = re.findall(r"\*\*(.+?)\*\*", prose_text)
    return [s for s in spans if re.search(r"\d", _GLUE_ROLE.sub("", s))]


def structure_problems(text: str) -> list[str]:
    """What a page can get wrong by itself, as a list of problems (empty when fine):

    * a name pasted by a glue role or directive that no code cell glues, or glued and never used;
    * a ``{glue:figure}`` without a ``fig-`` name or without a caption, or one that the page's
      prose never references with ``{numref}``;
    * a chart shown as a bare cell output instead of a numbered figure;
    * "the figure below/above" instead of a numbered reference;
    * a typed number in bold in a solution (an answer key that should be glued).
    """
    problems = []
    glued, used = glue_names(text), glued_names_used(text)
    problems += [f"pasted but never glued: {n}" for n in sorted(used - glued)]
    problems += [f"glued but never pasted: {n}" for n in sorted(glued - used)]
    refs = numrefs(text)
    for name, fig in glue_figures(text).items():
        if not name.startswith("fig-"):
            problems.append(f"glue figure {fig['key']} has no :name: fig-...")
        if len(fig["caption"]) < 40:
            problems.append(f"figure {name} has no real caption: {fig['caption']!r}")
        if name not in refs:
            problems.append(f"figure {name} is never referenced with {{numref}} on its page")
    for cell in code_cells(text):
        last = [line for line in cell.strip().splitlines() if line and not line.startswith(("#", ":"))][-1:]
        if last and re.match(r"^\w+_chart\(.*\)$", last[0]):
            problems.append(f"chart shown as a bare cell output, not a glue figure: {last[0]}")
    problems += [f"unnumbered reference: {m!r}" for m in re.findall(r"[Tt]he figures? (?:below|above)", prose(text))]
    for label in solution_labels(text):
        problems += [
            f"typed answer in solution {label}: **{s}**" for s in typed_bold_numbers(solution_body(text, label))
        ]
    return problems


#: Where the book's build leaves each executed page's glued values (myst-nb writes them).
EXECUTED = ROOT / "_build" / "jupyter_execute" / "book"


def _newest_source_mtime(page_path: Path) -> float:
    lib = (p.stat().st_mtime for p in (ROOT / "lib").rglob("*") if p.suffix in {".py", ".csv"})
    return max(page_path.stat().st_mtime, *lib)


def built_glue(page: str | Path) -> dict[str, object] | None:
    """The values the book's last build glued on ``page``, or None if that build is older
    than the page or than lib (then the page must be run again).

    myst-nb stores each glued value's ``text/plain`` repr; literals (numbers, strings,
    booleans, tuples) are read back as Python values, anything else (a chart's
    description) stays the repr string.
    """
    import ast
    import json

    path = page_path(page)
    record = EXECUTED / path.relative_to(BOOK).with_suffix(".glue.json")
    if not record.exists() or record.stat().st_mtime < _newest_source_mtime(path):
        return None
    values: dict[str, object] = {}
    for name, output in json.loads(record.read_text(encoding="utf-8")).items():
        text = output.get("data", {}).get("text/plain", "")
        try:
            values[name] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            values[name] = text
    return values


def run_page(page: str | Path) -> dict[str, object]:
    """What a page glues, by name: read from the book's build when it is up to date (so
    ``make test`` does not execute a page a second time), else by executing the page's
    code cells in this process with ``myst_nb.glue`` replaced by a recorder.
    """
    built = built_glue(page)
    if built is not None:
        return built
    import contextlib
    import io

    import myst_nb

    values: dict[str, object] = {}
    original = myst_nb.glue
    myst_nb.glue = lambda name, value, display=True: values.__setitem__(name, value)
    try:
        namespace: dict[str, object] = {"__name__": "__page__"}
        with contextlib.redirect_stdout(io.StringIO()):
            for source in code_cells(read_page(page)):
                body = "\n".join(line for line in source.splitlines() if not line.startswith(":"))
                exec(compile(body, str(page), "exec"), namespace)
    finally:
        myst_nb.glue = original
    return values


def glue_format_problems(text: str, values: dict[str, object]) -> list[str]:
    """Every ``{glue:text}`name:format``` of a page formats its glued value."""
    problems = []
    for name, fmt in _GLUE_TEXT_FMT.findall(_CODE_CELL.sub("", text)):
        if name not in values:
            problems.append(f"{name} is not glued when the page runs")
            continue
        try:
            format(values[name], fmt)
        except (TypeError, ValueError) as exc:
            problems.append(f"{name}:{fmt} cannot format {values[name]!r}: {exc}")
    return problems


def typed_answer_keys(text: str) -> list[str]:
    """Self-check answer keys written as a literal number (``answer=0.53``) instead of a lib call."""
    return re.findall(r"answer\s*=\s*[-+]?\d[\d.eE+-]*\s*[,)]", code(text))


def states(text: str, *phrases: str) -> None:
    """Assert that each phrase occurs in the text, whitespace normalised on both sides."""
    flat = " ".join(text.split())
    for phrase in phrases:
        phrase = " ".join(phrase.split())
        assert phrase in flat, f"expected {phrase!r} in the page"


TEACHING_NOTICE = "```{admonition} Teaching material, not medical advice\n:class: warning\n"


def scenario_problems(text: str) -> list[str]:
    """The parts every Hands-On Practices page has: learning objectives, the teaching-only
    notice, key points, at least two exercises labelled ``practices-...`` each with a dropdown
    solution, and self-check answer keys computed by a lib call, never typed."""
    problems = []
    if not text.startswith("---\njupytext:"):
        problems.append("no jupytext header")
    for part, marker in [
        ("learning objectives", "```{admonition} Learning objectives\n:class: tip"),
        ("teaching-only notice", TEACHING_NOTICE),
        ("key points", "```{important} Key points"),
    ]:
        if marker not in text:
            problems.append(f"no {part}")
    labels = re.findall(r"```\{exercise\}.*\n:label: (\S+)", text)
    if len(labels) < 2:
        problems.append("fewer than two exercises")
    for label in labels:
        if not label.startswith("practices-"):
            problems.append(f"exercise label {label} does not start with practices-")
        if not re.search(r"```\{solution\} " + re.escape(label) + r"\n:class: dropdown", text):
            problems.append(f"exercise {label} has no dropdown solution")
    problems += [f"typed answer key: {k}" for k in typed_answer_keys(text)]
    return problems
