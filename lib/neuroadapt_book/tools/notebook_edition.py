"""Build the book's notebook edition: one .ipynb per page, for JupyterLab on Binder.

The pages are MyST notebooks written for Sphinx. Opened as they are in
JupyterLab they show what the site hides (self-check answer keys, worked
solutions, figure plumbing) and leave MyST's roles and directives unresolved.
This tool writes, from the same pages, notebooks in which everything is plain
Markdown and notebook metadata that JupyterLab understands:

* roles: ``{cite:p}`` -> "([Author, Year](references.ipynb#ref-key))";
  ``{term}`` -> a link to the term in ``glossary.ipynb`` (a list);
  ``{doc}``, ``{ref}``, ``{numref}`` -> relative links to the other notebooks
  ("Fig. 3.1", "Exercise 2.4" numbered as on the site); ``{glue:text}`` -> the
  value the page's own cells compute (the page is executed while building);
* directives: admonitions -> block quotes; ``{exercise}`` -> a numbered block
  quote; ``{solution}`` and ``solution-start``/``solution-end`` -> an HTML
  ``<details>`` (collapsed until opened) with the solution's code cells
  collapsed (``jupyter.source_hidden`` and ``outputs_hidden``);
  ``{glue:figure}`` -> a hidden cell that shows the chart, then its number,
  caption and, on pages with doses, the teaching-only notice;
  ``{tableofcontents}`` -> a list of links; ``{bibliography}`` and
  ``{glossary}`` -> generated ``references.ipynb`` and ``glossary.ipynb``;
* cells: ``remove-input``/``hide-input`` -> source hidden, ``remove-cell`` ->
  source and outputs hidden, ``remove-output`` -> outputs hidden; a hidden
  first cell calls :func:`neuroadapt_book.tools.notebook_runtime.setup`
  (self-checks that work in JupyterLab, glued figures, keyboard-safe sliders);
* metadata: the kernelspec of the installed ``ipykernel`` ("Python 3
  (ipykernel)"), so JupyterLab does not mark a page changed when it opens it.

With ``execute=True`` (the default) each page is run once with nbclient: the
notebooks then open with their charts drawn, ``{glue:text}`` numbers filled in,
and charts shown as plain cell outputs get their ``usermeta.caption`` under them.
Outputs of self-check and setup cells are not kept: they appear when the reader
runs the page (JupyterLab runs the scripts only of outputs made in the session).

Usage::

    python -m neuroadapt_book.tools.notebook_edition [OUTDIR] [--no-execute] [--page book/x/y ...]

OUTDIR defaults to ``_notebooks``; ``book/<chapter>/<page>.md`` becomes
``OUTDIR/<chapter>/<page>.ipynb`` (the launch buttons point there).
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jupytext
import nbformat
import yaml

from neuroadapt_book import REPO_ROOT as ROOT
from neuroadapt_book.tools.export_notebooks import toc_files

__all__ = ["build_edition", "Book", "main"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SETUP_SOURCE = "# Set-up for the notebook edition\nfrom neuroadapt_book.tools.notebook_runtime import setup\nsetup()"
TEACHING_NOTICE = "*Teaching material, not medical advice.*"
TEACHING_MARK = "Teaching material, not medical advice"
SELFCHECK_NAMES = ("NumericQuestion(", "ChoiceQuestion(", "Quiz(")

ROLE = re.compile(r"\{([A-Za-z][\w:+-]*)\}`([^`]*)`")
LABEL_LINE = re.compile(r"^\(([^()\s]+)\)=\s*$")
FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<args>.*?)\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)

ADMONITIONS = {
    "note",
    "tip",
    "hint",
    "important",
    "warning",
    "caution",
    "attention",
    "danger",
    "error",
    "seealso",
    "admonition",
    "topic",
    "sidebar",
    "margin",
}


# ---------------------------------------------------------------------------
# The book: pages in table-of-contents order, their numbers and labels
# ---------------------------------------------------------------------------


@dataclass
class Target:
    """Something a role can point at: a page, a heading, a figure or an exercise."""

    docname: str  # e.g. "book/principles/tolerance"
    text: str  # the title shown for {ref}
    anchor: str = ""  # fragment in the notebook ("" = top)
    number: str = ""  # "3.1" for a figure or an exercise
    kind: str = "section"  # section | figure | exercise


@dataclass
class Page:
    docname: str
    path: Path
    title: str = ""
    number: str = ""  # "2.2" (section), "2" (chapter), "" (unnumbered)
    chapter: str = ""  # the chapter number its figures and exercises count in
    figures: list[str] = field(default_factory=list)
    exercises: list[str] = field(default_factory=list)


def heading_anchor(text: str) -> str:
    """The id JupyterLab gives a Markdown heading (its text, spaces as hyphens)."""
    plain = ROLE.sub(lambda m: _role_plain_text(m.group(1), m.group(2)), text)
    plain = re.sub(r"[*_`]", "", plain)
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    return plain.strip().replace(" ", "-")


def _role_plain_text(name: str, content: str) -> str:
    m = EXPLICIT.match(content)
    return m.group("text") if m else content


class Book:
    """Pages, numbering, labels, glossary and bibliography of the book."""

    def __init__(self, root: Path = ROOT):
        self.root = root
        toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
        self.pages: dict[str, Page] = {}
        self._number_pages(toc)
        self.targets: dict[str, Target] = {}
        self.glossary = self._read_glossary()
        self.bib = self._read_bib()
        for page in self.pages.values():
            self._scan(page)

    # -- table of contents and numbering (use_multitoc_numbering: chapters count across parts)
    def _number_pages(self, toc: dict) -> None:
        def add(docname: str, number: str = "", chapter: str = "") -> None:
            path = self.root / f"{docname}.md"
            if path.exists():
                self.pages[docname] = Page(docname, path, number=number, chapter=chapter)

        add(toc["root"])
        chapter_no = 0
        for part in toc.get("parts", []):
            numbered = bool(part.get("numbered"))
            for chapter in part.get("chapters", []):
                if numbered:
                    chapter_no += 1
                    c = str(chapter_no)
                    add(chapter["file"], c, c)
                    for i, section in enumerate(chapter.get("sections", []), start=1):
                        add(section["file"], f"{c}.{i}", c)
                else:
                    add(chapter["file"])
                    for section in chapter.get("sections", []):
                        add(section["file"])
        # fall back on every toc file, for a toc of another shape
        for name in toc_files(toc):
            if name not in self.pages:
                add(name)

    def order(self) -> list[str]:
        return list(self.pages)

    def _scan(self, page: Page) -> None:
        counters = self.__dict__.setdefault("_counters", {})
        text = page.path.read_text(encoding="utf-8")
        pending_labels: list[str] = []
        in_fence = None
        for line in _strip_front_matter(text).splitlines():
            m = FENCE_OPEN.match(line)
            if m and in_fence is None:
                name = m.group("name")
                if name in ("glue:figure", "figure"):
                    in_fence = ("figure", m.group("fence"), None)
                elif name == "exercise":
                    in_fence = ("exercise", m.group("fence"), m.group("args"))
                elif name == "code-cell":
                    in_fence = ("code", m.group("fence"), None)
                continue
            if in_fence is not None:
                kind, fence, args = in_fence
                if line.strip() == fence:
                    in_fence = None
                    continue
                opt = re.match(r"^:(name|label):\s*(\S+)", line.strip())
                if opt and kind in ("figure", "exercise"):
                    key = page.chapter or page.docname
                    counters.setdefault((kind, key), 0)
                    counters[(kind, key)] += 1
                    n = counters[(kind, key)]
                    number = f"{page.chapter}.{n}" if page.chapter else str(n)
                    label = opt.group(2)
                    if kind == "figure":
                        page.figures.append(label)
                        self.targets[label] = Target(page.docname, f"Fig. {number}", label, number, "figure")
                    else:
                        page.exercises.append(label)
                        title = f"Exercise {number}" + (f" ({_md_escape_title(args)})" if args else "")
                        self.targets[label] = Target(page.docname, title, label, number, "exercise")
                continue
            lm = LABEL_LINE.match(line)
            if lm:
                pending_labels.append(lm.group(1))
                continue
            hm = HEADING.match(line)
            if hm:
                heading = hm.group(2)
                if len(hm.group(1)) == 1 and not page.title:
                    page.title = heading
                    anchor = ""
                else:
                    anchor = heading_anchor(heading)
                for label in pending_labels:
                    self.targets[label] = Target(page.docname, heading, anchor)
                pending_labels = []
            elif line.strip():
                pending_labels = []

    # -- glossary (book/glossary.md's {glossary} directive)
    def _read_glossary(self) -> dict[str, tuple[str, str]]:
        """Term (lower case) -> (term as written, definition in MyST)."""
        path = self.root / "book" / "glossary.md"
        if not path.exists():
            return {}
        body = _directive_body(path.read_text(encoding="utf-8"), "glossary")
        terms: dict[str, tuple[str, str]] = {}
        current = None
        for line in body.splitlines():
            if line and not line[0].isspace():
                current = line.strip()
                terms[current.lower()] = (current, "")
            elif current and line.strip():
                term, definition = terms[current.lower()]
                terms[current.lower()] = (term, (definition + " " + line.strip()).strip())
        return terms

    # -- bibliography
    def _read_bib(self):
        path = self.root / "book" / "references.bib"
        if not path.exists():
            return {}
        from pybtex.database import parse_file

        return parse_file(str(path)).entries


def _latex(text: str) -> str:
    text = text.replace("{", "").replace("}", "")
    try:
        return codecs.decode(text, "ulatex")
    except Exception:  # noqa: BLE001 - a name that latexcodec cannot read stays as written
        return text


def cite_label(entry) -> str:
    """ "Conney, 1967", "Black and Leff, 1983", "Dayneka et al., 1993" (the site's author_year)."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_latex(" ".join(p.prelast_names + p.last_names)) for p in persons]
    if not names:
        who = _latex(entry.fields.get("organization", entry.fields.get("title", "?")))
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


def _strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text


def _directive_body(text: str, name: str) -> str:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = FENCE_OPEN.match(line)
        if m and m.group("name") == name:
            fence = m.group("fence")
            body = []
            for rest in lines[i + 1 :]:
                if rest.strip() == fence:
                    break
                body.append(rest)
            return "\n".join(body)
    return ""


# ---------------------------------------------------------------------------
# One page -> one notebook
# ---------------------------------------------------------------------------


def out_relpath(docname: str) -> PurePosixPath:
    """book/principles/tolerance -> principles/tolerance.ipynb (inside the edition's folder)."""
    parts = PurePosixPath(docname).parts
    if parts and parts[0] == "book":
        parts = parts[1:]
    return PurePosixPath(*parts).with_suffix(".ipynb")


def rel_link(from_doc: str, to_doc: str, anchor: str = "") -> str:
    a = out_relpath(from_doc).parent
    b = out_relpath(to_doc)
    link = os.path.relpath(str(b), str(a) if str(a) != "." else ".").replace(os.sep, "/")
    if to_doc == from_doc:
        link = b.name
    return link + (f"#{anchor}" if anchor else "")


def _md_escape_title(text: str) -> str:
    """A directive's title is literal text on the site: keep * and _ from becoming emphasis."""
    parts = re.split(r"(\{[A-Za-z][\w:+-]*\}`[^`]*`|`[^`]*`|\$[^$]*\$)", text)
    return "".join(p if i % 2 else p.replace("*", "\\*").replace("_", "\\_") for i, p in enumerate(parts))


def _md_escape_link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


class PageConverter:
    """Converts one page; glue values are filled in after execution."""

    GLUE_PLACEHOLDER = "\u2063GLUE:{}\u2063"

    def __init__(self, book: Book, page: Page):
        self.book = book
        self.page = page
        self.teaching = TEACHING_MARK in page.path.read_text(encoding="utf-8")
        self.solution_state: dict | None = None

    # -- roles
    def roles(self, text: str) -> str:
        return ROLE.sub(self._role, text)

    def _role(self, m: re.Match) -> str:
        name, content = m.group(1), m.group(2)
        explicit = EXPLICIT.match(content)
        shown, target = (explicit.group("text"), explicit.group("target")) if explicit else (None, content)
        doc = self.page.docname
        if name in ("cite", "cite:p", "cite:ps", "cite:t", "cite:ts", "cite:alp", "cite:author", "cite:year"):
            keys = [k.strip() for k in content.split(",") if k.strip()]
            links = []
            for key in keys:
                entry = self.book.bib.get(key)
                label = cite_label(entry) if entry is not None else key
                href = rel_link(doc, "book/references", f"ref-{key}")
                if name.startswith("cite:t") and entry is not None:
                    who, year = label.rsplit(", ", 1)
                    links.append(f"[{_md_escape_link_text(who)} ({year})]({href})")
                else:
                    links.append(f"[{_md_escape_link_text(label)}]({href})")
            if name.startswith("cite:t"):
                return "; ".join(links)
            return "(" + "; ".join(links) + ")"
        if name == "term":
            key = target.strip().lower()
            term, _ = self.book.glossary.get(key, (target, ""))
            href = rel_link(doc, "book/glossary", "term-" + term_anchor(term))
            return f"[{_md_escape_link_text(shown or target)}]({href})"
        if name == "doc":
            to = str(PurePosixPath(doc).parent / target) if not target.startswith("/") else target.lstrip("/")
            to = os.path.normpath(to).replace(os.sep, "/")
            page = self.book.pages.get(to)
            text = shown or (page.title if page else target)
            return f"[{_md_escape_link_text(self.roles(text))}]({rel_link(doc, to)})" if page else text
        if name in ("ref", "numref"):
            t = self.book.targets.get(target.strip())
            if t is None:
                return shown or target
            if name == "numref":
                text = (
                    shown.replace("%s", t.number).replace("{number}", t.number)
                    if shown
                    else (t.text if t.kind == "exercise" else f"Fig. {t.number}" if t.kind == "figure" else t.text)
                )
                if t.kind == "exercise" and not shown:
                    text = f"Exercise {t.number}"
            else:
                text = shown or t.text
            return f"[{_md_escape_link_text(self.roles(text))}]({rel_link(doc, t.docname, t.anchor)})"
        if name in ("glue:text", "glue"):
            return self.GLUE_PLACEHOLDER.format(content)
        if name == "math":
            return f"${content}$"
        if name.startswith("py:") or name in ("func", "class", "meth", "mod", "attr", "data", "obj"):
            # an API reference: the name as code (``~`` shows its last component, as Sphinx does)
            text = shown or target
            if text.startswith("~"):
                text = text[1:].rsplit(".", 1)[-1]
            return f"`{text}`"
        if name in ("sub", "subscript"):
            return f"<sub>{content}</sub>"
        if name in ("sup", "superscript"):
            return f"<sup>{content}</sup>"
        if name in ("kbd", "guilabel", "abbr", "samp", "file", "code"):
            return (
                f"`{_role_plain_text(name, content)}`"
                if name in ("samp", "file", "code")
                else _role_plain_text(name, content)
            )
        return shown or content

    # -- block structure of one Markdown cell
    def markdown(self, source: str) -> tuple[list[dict], dict | None]:
        """Convert a Markdown cell; returns cells (dicts) and a solution region it opens/closes."""
        lines = source.splitlines()
        out_cells: list[dict] = []
        buf: list[str] = []

        def flush():
            text = self.roles("\n".join(buf).strip("\n"))
            if text.strip():
                out_cells.append({"type": "markdown", "source": text})
            buf.clear()

        i = 0
        while i < len(lines):
            line = lines[i]
            lm = LABEL_LINE.match(line)
            if lm:
                target = self.book.targets.get(lm.group(1))
                if target is None or target.anchor == "":
                    i += 1
                    continue
                i += 1
                continue
            m = FENCE_OPEN.match(line)
            if m:
                fence, name, args = m.group("fence"), m.group("name"), m.group("args")
                j = i + 1
                body = []
                depth = 0
                while j < len(lines):
                    s = lines[j].strip()
                    inner = FENCE_OPEN.match(lines[j])
                    if inner and inner.group("fence") == fence:
                        depth += 1
                    elif s == fence:
                        if depth == 0:
                            break
                        depth -= 1
                    body.append(lines[j])
                    j += 1
                options, body_text = _options(body)
                i = j + 1
                if name == "solution-start":
                    flush()
                    label = args.strip()
                    self.solution_state = {"label": label, "open": True}
                    out_cells.append({"type": "solution-start", "label": label})
                    continue
                if name == "solution-end":
                    flush()
                    out_cells.append({"type": "solution-end"})
                    continue
                if name == "glue:figure":
                    flush()
                    out_cells.append(
                        {
                            "type": "figure",
                            "name": args.strip(),
                            "label": options.get("name", ""),
                            "caption": self.roles(self.block(body_text)),
                        }
                    )
                    continue
                buf.append(self.directive(name, args, options, body_text, fence))
                continue
            hm = HEADING.match(line)
            if hm and len(hm.group(1)) == 1 and self.page.number:
                buf.append(f"# {self.page.number}. {self.roles(hm.group(2))}")
            else:
                buf.append(line)
            i += 1
        flush()
        return out_cells, None

    def block(self, text: str) -> str:
        """Convert Markdown that may hold directives, to one Markdown string."""
        cells, _ = self.markdown(text)
        return "\n\n".join(c["source"] for c in cells if c["type"] == "markdown")

    def directive(self, name: str, args: str, options: dict, body: str, fence: str) -> str:
        if name in ADMONITIONS:
            title = (
                self.roles(_md_escape_title(args)) if args else name.capitalize() if name != "seealso" else "See also"
            )
            inner = self.block(body)
            if name == "warning" or options.get("class", "") == "warning" or name in ("danger", "caution"):
                title = "\u26a0\ufe0f " + title
            return _quote(f"**{title}**\n\n{inner}")
        if name == "exercise":
            label = options.get("label", "")
            t = self.book.targets.get(label)
            head = t.text if t else ("Exercise" + (f" ({args})" if args else ""))
            head = self.roles(head)
            anchor = f'<a id="{label}"></a>' if label else ""
            return _quote(f"{anchor}**{head}**\n\n{self.block(body)}")
        if name == "solution":
            label = args.strip()
            return _details(self._solution_title(label), self.block(body))
        if name == "tableofcontents":
            return self.toc_list()
        if name == "bibliography":
            return f"See [the list of references]({rel_link(self.page.docname, 'book/references')})."
        if name == "glossary":
            return self.glossary_list()
        if name in ("math",):
            return f"$$\n{body.strip()}\n$$"
        if name in ("code-block", "code", "sourcecode"):
            return f"```{args or ''}\n{body}\n```"
        if name == "figure":
            src = self._asset(args.strip())
            label = options.get("name", "")
            t = self.book.targets.get(label)
            caption = self.roles(self.block(body))
            num = f"**{t.text}.** " if t else ""
            alt = options.get("alt", "")
            anchor = f'<a id="{label}"></a>' if label else ""
            return f"{anchor}![{alt}]({src})\n\n{num}{caption}"
        if name in ("dropdown",):
            return _details(self.roles(args) or "Details", self.block(body))
        if name == "eval-rst":
            return (
                "*(This part is rendered on the book's website. In a notebook, `help(function)` "
                "shows a function's documentation.)*"
            )
        if name in ("raw",):
            return body if args.strip() == "html" else ""
        # unknown: keep the content
        return self.block(body)

    def _solution_title(self, label: str) -> str:
        t = self.book.targets.get(label)
        if not t:
            return "Solution"
        # inside <summary> (an HTML block) Markdown is not parsed: plain, escaped text
        import html as _html

        text = t.text.replace("\\*", "*").replace("\\_", "_")
        return "Solution to " + _html.escape(ROLE.sub(lambda m: _role_plain_text(m.group(1), m.group(2)), text))

    def _asset(self, path: str) -> str:
        if re.match(r"^[a-z]+://", path):
            return path
        source = (self.page.path.parent / path).resolve()
        out_dir = (self.book.root / "_notebooks" / out_relpath(self.page.docname)).parent
        return os.path.relpath(source, out_dir).replace(os.sep, "/")

    def toc_list(self) -> str:
        """The pages below this one (a chapter's sections; from the root, every page)."""
        order = self.book.order()
        me = self.page
        items = []
        if me.docname == order[0]:
            for docname in order[1:]:
                p = self.book.pages[docname]
                indent = "  " if p.number.count(".") >= 1 else ""
                num = f"{p.number}. " if p.number else ""
                items.append(
                    f"{indent}- [{num}{_md_escape_link_text(self.roles(p.title))}]({rel_link(me.docname, docname)})"
                )
        else:
            for docname in order:
                p = self.book.pages[docname]
                if me.chapter and p.chapter == me.chapter and p.docname != me.docname:
                    items.append(
                        f"- [{p.number}. {_md_escape_link_text(self.roles(p.title))}]({rel_link(me.docname, docname)})"
                    )
        return "\n".join(items)

    def glossary_list(self) -> str:
        items = []
        for term, definition in sorted(self.book.glossary.values(), key=lambda td: td[0].lower()):
            items.append(f'- <a id="term-{term_anchor(term)}"></a>**{term}**: {self.roles(definition)}')
        return "\n".join(items)

    def nav(self) -> str:
        order = self.book.order()
        i = order.index(self.page.docname)
        parts = []
        if i > 0:
            prev = self.book.pages[order[i - 1]]
            parts.append(
                f"Previous: [{_md_escape_link_text(self.roles(prev.title))}]({rel_link(self.page.docname, prev.docname)})"
            )
        if i + 1 < len(order):
            nxt = self.book.pages[order[i + 1]]
            parts.append(
                f"Next: [{_md_escape_link_text(self.roles(nxt.title))}]({rel_link(self.page.docname, nxt.docname)})"
            )
        parts.append(f"[Contents]({rel_link(self.page.docname, order[0])})")
        return "---\n\n" + " \u00b7 ".join(parts)


def term_anchor(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def _options(body: list[str]) -> tuple[dict, str]:
    options: dict[str, str] = {}
    rest = list(body)
    if rest and rest[0].strip() == "---":
        end = next((k for k in range(1, len(rest)) if rest[k].strip() == "---"), None)
        if end is not None:
            options = yaml.safe_load("\n".join(rest[1:end])) or {}
            rest = rest[end + 1 :]
    while rest and re.match(r"^:[\w-]+:", rest[0].strip()):
        key, _, value = rest[0].strip()[1:].partition(":")
        options[key] = value.strip()
        rest = rest[1:]
    return options, "\n".join(rest).strip("\n")


def _quote(text: str) -> str:
    return "\n".join(("> " + line) if line.strip() else ">" for line in text.strip("\n").splitlines())


def _details(summary: str, body: str) -> str:
    return f"<details>\n<summary>{summary}</summary>\n\n{body}\n\n</details>"


def _hidden(cell, source: bool = True, outputs: bool = False) -> None:
    jupyter = cell.metadata.setdefault("jupyter", {})
    if source:
        jupyter["source_hidden"] = True
    if outputs:
        jupyter["outputs_hidden"] = True
        cell.metadata["collapsed"] = True  # JupyterLab keeps the two in step (else: "changed" on open)


def _label_hidden(cell, label: str) -> None:
    """JupyterLab shows the first line of a hidden cell's source: make it say what the cell is."""
    if cell.metadata.get("jupyter", {}).get("source_hidden") and not cell.source.startswith("# "):
        cell.source = f"# {label}\n{cell.source}"


def _is_selfcheck(source: str) -> bool:
    return any(name in source for name in SELFCHECK_NAMES)


def convert_page(book: Book, page: Page) -> nbformat.NotebookNode:
    """The notebook for one page, not yet executed (glue values as placeholders)."""
    conv = PageConverter(book, page)
    text = page.path.read_text(encoding="utf-8")
    has_kernel = "kernelspec:" in text.split("\n---", 1)[0] if text.startswith("---") else False
    if has_kernel:
        source_nb = jupytext.reads(text, fmt="md:myst")
    else:
        source_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "neuroadapt": {
            "source": f"{page.docname}.md",
            "note": "Generated by neuroadapt_book.tools.notebook_edition; edit the .md page.",
        },
    }
    cells = nb.cells
    solution: dict | None = None  # an open solution-start region

    def add_markdown(source: str):
        if solution is not None:
            solution["markdown"].append(source)
        else:
            cells.append(nbformat.v4.new_markdown_cell(source))

    setup_done = False
    for cell in source_nb.cells:
        if cell.cell_type == "markdown":
            parts, _ = conv.markdown(cell.source)
            for part in parts:
                kind = part["type"]
                if kind == "markdown":
                    add_markdown(part["source"])
                elif kind == "solution-start":
                    solution = {"label": part["label"], "markdown": [], "code": []}
                elif kind == "solution-end" and solution is not None:
                    title = conv._solution_title(solution["label"])
                    body = "\n\n".join(solution["markdown"])
                    if solution["code"]:
                        body += (
                            "\n\n*The code of this solution is in the collapsed cell below: "
                            "click the bar beside it to show the code and its output.*"
                        )
                    cells.append(
                        nbformat.v4.new_markdown_cell(
                            _details(title, body), metadata={"neuroadapt": {"solution": solution["label"]}}
                        )
                    )
                    for code in solution["code"]:
                        cells.append(code)
                    solution = None
                elif kind == "figure":
                    fig = nbformat.v4.new_code_cell(
                        f"# Shows the figure\nfrom neuroadapt_book.tools.notebook_runtime import show\n"
                        f"show({part['name']!r})",
                        metadata={"tags": ["remove-input"], "neuroadapt": {"figure": part["label"]}},
                    )
                    _hidden(fig)
                    cells.append(fig)
                    t = book.targets.get(part["label"])
                    anchor = f'<a id="{part["label"]}"></a>' if part["label"] else ""
                    num = f"**{t.text}.** " if t else ""
                    caption = f"{anchor}{num}{part['caption']}"
                    if conv.teaching:
                        caption += f"\n\n{TEACHING_NOTICE}"
                    cells.append(
                        nbformat.v4.new_markdown_cell(caption, metadata={"neuroadapt": {"caption": part["label"]}})
                    )
        elif cell.cell_type == "code":
            if not setup_done:
                setup = nbformat.v4.new_code_cell(
                    SETUP_SOURCE, metadata={"tags": ["remove-cell"], "neuroadapt": {"setup": True}}
                )
                _hidden(setup)
                # insert after the title cell(s)
                cells.append(setup)
                setup_done = True
            code = nbformat.v4.new_code_cell(cell.source)
            tags = list(cell.metadata.get("tags", []))
            if tags:
                code.metadata["tags"] = tags
            if "remove-cell" in tags:
                _hidden(code, source=True, outputs=True)
            if "remove-input" in tags or "hide-input" in tags:
                _hidden(code, source=True)
            if "remove-output" in tags or "hide-output" in tags:
                _hidden(code, source=False, outputs=True)
            if _is_selfcheck(cell.source):
                _hidden(code, source=True)
                code.metadata.setdefault("neuroadapt", {})["selfcheck"] = True
            if _is_selfcheck(cell.source):
                _label_hidden(code, "Self-check: run this cell to answer (this code holds the answer key)")
            elif "remove-cell" in tags:
                _label_hidden(code, "Set-up for the page (hidden on the site)")
            elif solution is not None:
                _hidden(code, source=True, outputs=True)
                _label_hidden(code, "Solution code (show it with the bar on the left)")
            else:
                _label_hidden(code, "Figure code (hidden on the site)")
            if solution is not None:
                _hidden(code, source=True, outputs=True)
                code.metadata.setdefault("neuroadapt", {})["solution"] = solution["label"]
                solution["code"].append(code)
            else:
                cells.append(code)
    cells.append(nbformat.v4.new_markdown_cell(conv.nav()))
    return nb


def references_notebook(book: Book) -> nbformat.NotebookNode:
    page = book.pages.get("book/references") or Page("book/references", book.root / "book" / "references.md")
    conv = PageConverter(book, page)
    intro = "# References\n\nEvery source the book cites, in one list."
    if page.path.exists():
        text = page.path.read_text(encoding="utf-8")
        intro = conv.block(text.split("```{bibliography}")[0]).strip()
    items = []
    for key, entry in sorted(book.bib.items(), key=lambda kv: cite_label(kv[1]).lower()):
        items.append(f'- <a id="ref-{key}"></a>**{_md_escape_link_text(cite_label(entry))}.** {_md_plain_entry(entry)}')
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    nb.cells = [
        nbformat.v4.new_markdown_cell(intro),
        nbformat.v4.new_markdown_cell("\n".join(items)),
        nbformat.v4.new_markdown_cell(conv.nav()),
    ]
    return nb


def _md_plain_entry(entry) -> str:
    try:
        from pybtex.style.formatting.plain import Style

        formatted = next(iter(Style().format_entries([entry])))
        text = formatted.text.render_as("text")
    except Exception:  # noqa: BLE001 - an entry pybtex cannot format is shown by its fields
        text = ". ".join(entry.fields.get(k, "") for k in ("title", "journal", "year") if entry.fields.get(k))
    text = _latex(text)
    doi = entry.fields.get("doi")
    if doi:
        text += f" [doi:{doi}](https://doi.org/{doi})"
    return text.replace("[", "\\[").replace("]", "\\]") if not doi else text


# ---------------------------------------------------------------------------
# Execution (glue values, chart outputs) and writing
# ---------------------------------------------------------------------------


def _format_glue(value: str, spec: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    if not spec:
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    for candidate in (number, int(number) if number.is_integer() else None):
        if candidate is None:
            continue
        try:
            return format(candidate, spec)
        except ValueError:
            continue
    return value


def fill_glue(nb: nbformat.NotebookNode, values: dict[str, str] | None) -> None:
    pattern = re.compile(re.escape("\u2063GLUE:") + r"(.*?)" + re.escape("\u2063"))

    def sub(m):
        name, _, spec = m.group(1).partition(":")
        if values is None or name not in values:
            return f"`{name}` (computed when the page runs)"
        return _format_glue(values[name], spec)

    for cell in nb.cells:
        if cell.cell_type == "markdown" and "\u2063GLUE:" in cell.source:
            cell.source = pattern.sub(sub, cell.source)


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 300) -> dict[str, str]:
    """Run the notebook in place; returns the text of every glued value."""
    from nbclient import NotebookClient

    probe = nbformat.v4.new_code_cell(
        "from neuroadapt_book.tools.notebook_runtime import glued_text\nprint(glued_text())"
    )
    nb.cells.append(probe)
    try:
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}, allow_errors=False
        ).execute()
    finally:
        nb.cells.remove(probe)
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
    return json.loads(text.strip().splitlines()[-1]) if text.strip() else {}


def add_chart_captions(nb: nbformat.NotebookNode, teaching: bool) -> None:
    """Charts shown as plain cell outputs: their ``usermeta.caption`` as Markdown under them."""
    new_cells = []
    for cell in nb.cells:
        new_cells.append(cell)
        if cell.cell_type != "code" or cell.metadata.get("neuroadapt", {}).get("figure"):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            spec = next((v for k, v in data.items() if k.startswith("application/vnd.vegalite")), None)
            if isinstance(spec, dict):
                caption = (spec.get("usermeta") or {}).get("caption")
                if caption:
                    text = caption + (f"\n\n{TEACHING_NOTICE}" if teaching else "")
                    new_cells.append(nbformat.v4.new_markdown_cell(text, metadata={"neuroadapt": {"caption": "chart"}}))
    nb.cells = new_cells


def add_png_fallbacks(nb: nbformat.NotebookNode) -> None:
    """Give each Vega-Lite output its PNG, rendered by vl-convert.

    JupyterLab's Vega renderer adds an ``image/png`` to any Vega-Lite output that
    lacks one, which marks a notebook as changed the moment it is opened; the PNG
    is also what viewers without Vega (GitHub, nbviewer) show.
    """
    import base64

    import vl_convert

    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            key = next((k for k in data if k.startswith("application/vnd.vegalite")), None)
            if key and "image/png" not in data:
                png = vl_convert.vegalite_to_png(data[key], scale=1)
                data["image/png"] = base64.b64encode(png).decode("ascii")


def strip_session_outputs(nb: nbformat.NotebookNode) -> None:
    """Drop outputs that only work when made in the reader's session (setup, self-checks)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("neuroadapt", {})
        cell.metadata.pop("execution", None)  # nbclient's timings: noise in the files
        if meta.get("setup") or meta.get("selfcheck"):
            cell.outputs = []
            cell.execution_count = None


def build_edition(
    outdir: Path | str = ROOT / "_notebooks", pages: list[str] | None = None, execute_pages: bool = True, log=print
) -> list[Path]:
    """Write the notebook edition; returns the written paths.

    ``pages`` (docnames such as ``"book/principles/tolerance"``) limits which
    pages are written (the glossary, references and front page always are);
    numbering and links always come from the whole book.
    """
    outdir = Path(outdir)
    book = Book()
    written = []
    always = {book.order()[0], "book/glossary"}
    wanted = book.order() if pages is None else [p for p in book.order() if p in set(pages) | always]
    for docname in wanted:
        page = book.pages[docname]
        if docname == "book/references":
            continue
        start = time.perf_counter()
        nb = convert_page(book, page)
        values = None
        has_code = any(c.cell_type == "code" for c in nb.cells)
        teaching = TEACHING_MARK in page.path.read_text(encoding="utf-8")
        if execute_pages and has_code:
            values = execute(nb, page.path.parent)
            add_chart_captions(nb, teaching)
            add_png_fallbacks(nb)
        fill_glue(nb, values)
        strip_session_outputs(nb)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        target = outdir / out_relpath(docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.validate(nb)
        nbformat.write(nb, target)
        written.append(target)
        log(f"{page.path.relative_to(book.root)} -> {target} ({time.perf_counter() - start:.1f} s)")
    target = outdir / out_relpath("book/references")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(references_notebook(book), target)
    written.append(target)
    log(f"book/references.bib -> {target}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", default=str(ROOT / "_notebooks"))
    parser.add_argument("--no-execute", action="store_true", help="do not run the pages (no outputs, no glued numbers)")
    parser.add_argument("--page", action="append", help="only this page (docname, e.g. book/principles/tolerance)")
    args = parser.parse_args(argv)
    build_edition(args.outdir, pages=args.page, execute_pages=not args.no_execute)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
