"""The print edition: the built site printed as one PDF by Chromium.

Usage: ``python -m neuroadapt_book.tools.pdf [--site _build/html] [--out _build/pdf]
[--site-url URL]`` (``make pdf``, after ``make book``). It writes
``_build/pdf/<name>.pdf`` (``<name>`` is the repository's name, see
:func:`neuroadapt_book.sphinx.pdf_link.pdf_name`), the combined document it printed
(``_build/pdf/book.html``), and copies the PDF to the site's root
(``_build/html/<name>.pdf``), where every page's header button links to it.

Why Chromium and the built HTML (not LaTeX, not a ``singlehtml`` rebuild): the pages
are already built, executed and checked; their figures are SVG drawn at build time
(:mod:`neuroadapt_book.sphinx.vega`), their math is MathML (:mod:`.mathml`), which
Chromium typesets and LaTeX would need converted back, and the site has a print
stylesheet (``book.css``, ``vega-figure.css``) that every printed page already uses.
Reading the built pages re-executes nothing and takes seconds. Chromium is Debian's
(``/usr/bin/chromium`` or ``$CHROMIUM``), driven by Playwright with
``executable_path``, as the browser tests drive it.

What the combined document holds, in this order:

1. a title page (title, authors, the teaching-only notice, the online address);
2. the contents, with page numbers (a first print finds them, see below);
3. the front page and the four chapters of ``_toc.yml``, each chapter's pages in order,
   each chapter ending with the worked solutions of its exercises (moved there from
   under each exercise; an exercise links to its solution and the solution back);
4. the glossary and the bibliography. The API appendix stays online (its address
   is in the contents); links into it point there.

Each page's ``<article>`` is taken as built (its scripts, among them the charts'
inline JSON, and the phone layout of each drawing are left out). In the browser,
before printing, ``pdf.js`` gives every ``id`` a prefix unique to its page and turns
every link to another included page (``tolerance.html#fig-x``) into a link inside
the document, every other link into the site (the API appendix, a CSV download) into
its online address; drops what only a screen needs (the live chart's target, the
data-and-notes tables, which the online figure has, buttons); opens every answer;
moves the solutions; and adds under every chart's caption the line "Interactive
version online: <address of the figure>". Figures keep the numbers Sphinx gave them
("Fig. 2.3"). ``pdf.css`` (after the site's own stylesheets and their print rules)
sets the page layout; :func:`page_css` the A4 page box with a running head and the
page number. A chapter's pages have their headings moved down one level.

Page numbers in the contents: Chromium has no ``target-counter()``. The document is
printed once, the page of every chapter and page is read from the named destinations
Chromium writes for link targets (pypdf), written into the contents, and the
document is printed again (the contents have room reserved, so no page moves).

The outline (bookmarks) lists the contents, the front page, each chapter with its
pages and solutions, the glossary and the references (:func:`write_outline`).
Chromium's own (``outline=True``, from every heading) repeated some titles
("ContentsContents") and cannot nest pages under chapters. The PDF is tagged
(``tagged=True``).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import yaml

from neuroadapt_book import REPO_ROOT
from neuroadapt_book.sphinx.pdf_link import pdf_name

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--allow-file-access-from-files",
]
#: Pages left out of the print edition (their online address is in the contents).
ONLINE_ONLY = ("book/api",)
CSS_FILE = Path(__file__).with_name("pdf.css")
JS_FILE = Path(__file__).with_name("pdf.js")


# --- what to print -------------------------------------------------------------------


def read_config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def site_url(config: dict) -> str:
    """The published site's address, ending in ``/``.

    ``html.baseurl`` in ``_config.yml`` if set; otherwise the GitHub Pages address of
    ``repository.url`` (``https://github.com/<owner>/<repo>`` is published by the
    workflow at ``https://<owner>.github.io/<repo>/``).
    """
    base = ((config.get("html") or {}).get("baseurl") or "").strip()
    if base:
        return base.rstrip("/") + "/"
    repo = ((config.get("repository") or {}).get("url") or "").rstrip("/")
    m = re.match(r"https://github\.com/([^/]+)/([^/]+)$", repo)
    if not m:
        raise SystemExit("_config.yml has neither html.baseurl nor a GitHub repository.url: pass --site-url")
    return f"https://{m.group(1).lower()}.github.io/{m.group(2)}/"


def toc_entries(root: Path) -> list[dict]:
    """Pages in ``_toc.yml`` order: ``{"doc", "kind", "chapter"}``.

    ``kind`` is ``front`` (the root page), ``chapter`` (a chapter's first page),
    ``page`` (a page of a chapter) or ``back`` (back matter); ``chapter`` is the
    chapter's number (1-based, numbered parts only) or None.
    """
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = [{"doc": toc["root"], "kind": "front", "chapter": None, "caption": None}]
    number = 0
    for part in toc.get("parts", []):
        numbered = bool(part.get("numbered"))
        for chapter in part.get("chapters", []):
            if numbered:
                number += 1
                entries.append({"doc": chapter["file"], "kind": "chapter", "chapter": number, "caption": None})
                for section in chapter.get("sections", []):
                    entries.append({"doc": section["file"], "kind": "page", "chapter": number, "caption": None})
            else:
                entries.append({"doc": chapter["file"], "kind": "back", "chapter": None, "caption": None})
    return entries


def slug(doc: str) -> str:
    """``book/principles/tolerance`` -> ``book-principles-tolerance`` (the page's anchor)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", doc)


_ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*)</article>', re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
_NARROW = re.compile(r'<div class="nb-vega-static-narrow"[^>]*><svg\b.*?</svg></div>', re.S)
_TITLE = re.compile(r"<h1>(.*?)</h1>", re.S)
_STYLESHEET = re.compile(r'<link\b[^>]*\bhref="([^"]+\.css)(?:\?[^"]*)?"[^>]*>')


def _text(fragment: str) -> str:
    text = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _demote(body: str) -> str:
    """Headings one level down (h1 -> h2 ...), so a chapter's pages nest under it."""
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)


def read_page(site: Path, entry: dict) -> dict:
    path = site / f"{entry['doc']}.html"
    page = path.read_text(encoding="utf-8")
    m = _ARTICLE.search(page)
    if not m:
        raise SystemExit(f"{path}: no <article class='bd-article'> (is the site built?)")
    body = _NARROW.sub("", _SCRIPT.sub("", m.group(1)))
    title = _TITLE.search(body)
    sheets = [str((path.parent / href).resolve()) for href in _STYLESHEET.findall(page)]
    if entry["kind"] == "page":
        body = _demote(body)
    return {
        **entry,
        "title": _text(title.group(1)) if title else entry["doc"],
        "body": body,
        "sheets": sheets,
        "charts": body.count('class="nb-vega-chart"'),
    }


def title_page(config: dict, url: str) -> str:
    title = html.escape(config.get("title", "The book"))
    author = html.escape(config.get("author", ""))
    year = html.escape(str(config.get("copyright", "")))
    footer = " ".join(str((config.get("html") or {}).get("extra_footer", "")).split())
    return f"""
<section class="pdf-title-page" id="pdf-title">
  <p class="pdf-title">{title}</p>
  <p class="pdf-author">{author}</p>
  <div class="pdf-notice" role="note">
    <p class="pdf-notice-title">Teaching material, not medical advice</p>
    <p>This book explains how drugs produce tolerance, dependence and withdrawal with
    models from the published literature. Its doses, schedules and numbers illustrate
    those models; they are not a prescription. No one should start, stop or change a
    medicine, or follow a taper, without their own clinician.</p>
  </div>
  <p class="pdf-online-edition">The online edition, with interactive figures and
  runnable pages: <a href="{html.escape(url)}">{html.escape(url)}</a></p>
  <p class="pdf-to-contents"><a href="#pdf-contents">Contents</a></p>
  <p class="pdf-edition">Print edition, {time.strftime("%Y-%m-%d")}. &#169; {year} {author}.
  {html.escape(footer)}</p>
</section>"""


def contents(pages: list[dict], url: str) -> str:
    rows = []
    for p in pages:
        cls = {"chapter": "pdf-toc-chapter", "page": "pdf-toc-page", "front": "pdf-toc-chapter"}.get(
            p["kind"], "pdf-toc-chapter"
        )
        rows.append(
            f'<li class="{cls}"><a href="#{slug(p["doc"])}"><span class="pdf-toc-title">'
            f"{html.escape(p['title'])}</span>"
            f'<span class="pdf-toc-no" data-target="{slug(p["doc"])}"></span></a></li>'
        )
        if p.get("solutions"):
            target = f"{slug(p['doc'])}--pdf-solutions"
            rows.append(
                f'<li class="pdf-toc-page"><a href="#{target}"><span class="pdf-toc-title">'
                f"{html.escape(p['solutions'])}</span>"
                f'<span class="pdf-toc-no" data-target="{target}"></span></a></li>'
            )
    online = "".join(
        f'<li class="pdf-toc-chapter pdf-toc-online">{html.escape(name)}: online at '
        f'<a href="{html.escape(url + doc + ".html")}">{html.escape(url + doc + ".html")}</a></li>'
        for doc, name in (("book/api", "API reference"),)
        if doc in ONLINE_ONLY
    )
    return (
        '<nav class="pdf-toc" id="pdf-contents" aria-label="Contents"><h1 class="pdf-toc-heading">Contents</h1>'
        f'<ol class="pdf-toc-list">{"".join(rows)}{online}</ol></nav>'
    )


def page_css(config: dict) -> str:
    """The page box: A4, a running head with the book's short title, the page number."""
    short = str(config.get("title", "")).split(":")[0].strip()
    return (
        "@page { size: A4; margin: 18mm 17mm 18mm 17mm;"
        f" @top-center {{ content: {json.dumps(short)}; font: 8pt sans-serif; color: #444; }}"
        " @bottom-center { content: counter(page); font: 9pt sans-serif; color: #000; } }"
        " @page :first { @top-center { content: none; } @bottom-center { content: none; } }"
    )


def combined_document(site: Path, out: Path, root: Path, url: str) -> tuple[str, list[dict]]:
    """The HTML of the whole book (one document) and the pages it holds."""
    config = read_config(root)
    entries = [e for e in toc_entries(root) if e["doc"] not in ONLINE_ONLY]
    pages = [read_page(site, e) for e in entries]
    # The last page of each chapter gets that chapter's solutions (the script moves them).
    last_of = {}
    for p in pages:
        if p["chapter"] is not None:
            last_of[p["chapter"]] = p
    for number, p in last_of.items():
        p["solutions"] = f"Solutions to the exercises of chapter {number}"
    sheets = list(dict.fromkeys(s for p in pages for s in p["sheets"]))
    links = "".join(
        f'<link rel="stylesheet" href="{html.escape(os.path.relpath(s, out))}">' for s in sheets if Path(s).exists()
    )
    sections = "".join(
        f'<section class="pdf-page pdf-{p["kind"]}" id="{slug(p["doc"])}" data-doc="{p["doc"]}" '
        f'data-chapter="{p["chapter"] or ""}" data-solutions="{html.escape(p.get("solutions", ""))}">'
        f"{p['body']}</section>"
        for p in pages
    )
    title = html.escape(config.get("title", "The book"))
    document = f"""<!DOCTYPE html>
<html lang="en" data-theme="light" data-mode="light">
<head>
<meta charset="utf-8">
<title>{title}</title>
{links}
<style>{page_css(config)}{CSS_FILE.read_text(encoding="utf-8")}</style>
</head>
<body class="pdf-edition">
{title_page(config, url)}
{contents(pages, url)}
<main class="bd-main"><div class="bd-content"><div class="bd-article-container">
<article class="bd-article">{sections}</article>
</div></div></main>
</body>
</html>
"""
    return document, pages


# --- printing ------------------------------------------------------------------------

#: Page box of the print edition (CSS ``@page`` in pdf.css holds the same).
PDF_OPTIONS = {
    "prefer_css_page_size": True,
    "print_background": True,
    "outline": False,
    "tagged": True,
}


def destination_pages(reader) -> dict[str, int]:
    """``{anchor id: page number (1-based)}`` for every link target of a printed PDF.

    Chromium writes a named destination for every element that a link points to.
    """
    return {
        str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def toc_targets(pages: list[dict]) -> list[tuple[str, str, str | None]]:
    """The outline: ``(title, anchor, parent anchor)`` for the contents, each page and
    each chapter's solutions; a chapter's pages and solutions sit under the chapter."""
    items: list[tuple[str, str, str | None]] = [("Contents", "pdf-contents", None)]
    chapter_anchor: dict[int, str] = {}
    for p in pages:
        anchor = slug(p["doc"])
        if p["kind"] == "chapter":
            chapter_anchor[p["chapter"]] = anchor
            items.append((p["title"], anchor, None))
        elif p["kind"] == "page":
            items.append((p["title"], anchor, chapter_anchor.get(p["chapter"])))
        else:
            items.append((p["title"], anchor, None))
        if p.get("solutions"):
            items.append((p["solutions"], f"{anchor}--pdf-solutions", chapter_anchor.get(p["chapter"])))
    return items


def write_outline(path: Path, items) -> None:
    """Give the PDF an outline (bookmarks): ``items`` (see :func:`toc_targets`), each
    pointing at the named destination Chromium wrote for its anchor.

    Written as an incremental update (the outline's objects, the catalog pointing at
    them, an xref section and trailer appended to the file), so the 10 MB that Chromium
    wrote are not parsed and written again (pypdf's full rewrite took about 15 s).
    """
    import io

    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-64:])
    if tail is None or b"/Type /XRef" in data[int(tail.group(1)) : int(tail.group(1)) + 200]:
        raise SystemExit("pdf: Chromium's PDF has no classic cross-reference table at its end")
    catalog_ref = reader.trailer.raw_get("/Root")
    catalog = reader.trailer["/Root"]
    dests = catalog["/Dests"].get_object() if "/Dests" in catalog else {}
    size = int(reader.trailer["/Size"])
    number = {anchor: size + 1 + i for i, (_, anchor, _) in enumerate(items)}
    root_no = size
    children: dict[str | None, list[str]] = {}
    for _, anchor, parent in items:
        children.setdefault(parent, []).append(anchor)
    objects: dict[int, DictionaryObject] = {}

    def ref(n: int) -> IndirectObject:
        return IndirectObject(n, 0, reader)

    def link(obj: DictionaryObject, kids: list[str]) -> None:
        if kids:
            obj[NameObject("/First")] = ref(number[kids[0]])
            obj[NameObject("/Last")] = ref(number[kids[-1]])
            obj[NameObject("/Count")] = NumberObject(len(kids))

    for title, anchor, parent in items:
        name = f"/{anchor}"
        if name not in dests:
            raise SystemExit(f"pdf: no destination for the outline entry {title!r} (#{anchor})")
        siblings = children[parent]
        at = siblings.index(anchor)
        obj = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(title),
                NameObject("/Parent"): ref(number[parent] if parent else root_no),
                NameObject("/Dest"): ArrayObject(dests[name].get_object()),
            }
        )
        if at:
            obj[NameObject("/Prev")] = ref(number[siblings[at - 1]])
        if at + 1 < len(siblings):
            obj[NameObject("/Next")] = ref(number[siblings[at + 1]])
        link(obj, children.get(anchor, []))
        objects[number[anchor]] = obj
    root = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    link(root, children.get(None, []))
    objects[root_no] = root
    new_catalog = DictionaryObject({NameObject(k): v for k, v in catalog.items()})
    new_catalog[NameObject("/Outlines")] = ref(root_no)
    new_catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    objects[catalog_ref.idnum] = new_catalog

    out = io.BytesIO()
    out.write(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = out.tell()
        out.write(f"{n} 0 obj\n".encode())
        objects[n].write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 1\n0000000000 65535 f\r\n")  # object 0, as every xref section lists it
    runs: list[list[int]] = []
    for n in sorted(offsets):
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in runs:
        out.write(f"{run[0]} {len(run)}\n".encode())
        for n in run:
            out.write(f"{offsets[n]:010d} 00000 n\r\n".encode())
    trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(max(size, max(objects) + 1)),
            NameObject("/Root"): catalog_ref,
            NameObject("/Prev"): NumberObject(int(tail.group(1))),
        }
    )
    if "/Info" in reader.trailer:
        trailer[NameObject("/Info")] = reader.trailer.raw_get("/Info")
    out.write(b"trailer\n")
    trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(out.getvalue())


def build(site: Path, out: Path, root: Path, url: str, verbose: bool = True) -> Path:
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    document, pages = combined_document(site, out, root, url)
    source = out / "book.html"
    source.write_text(document, encoding="utf-8")
    config = read_config(root)
    target = out / pdf_name((config.get("repository") or {}).get("url"))
    page_urls = {p["doc"]: (site / f"{p['doc']}.html").resolve().as_uri() for p in pages}
    settings = {
        "pages": {slug(doc): doc for doc in page_urls},
        "pageUrls": page_urls,
        "siteRoot": site.resolve().as_uri() + "/",
        "siteUrl": url,
    }
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: `make chromium` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            # Nothing leaves the machine: only the site's own files are read.
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page = context.new_page()
            page.goto(source.resolve().as_uri(), wait_until="load")
            steps = {"load": time.perf_counter() - started}
            problems = page.evaluate(JS_FILE.read_text(encoding="utf-8"), settings)
            for problem in problems:
                print(f"pdf: {problem}", file=sys.stderr)
            page.emulate_media(media="print")
            first = out / "first-pass.pdf"
            page.pdf(path=str(first), **PDF_OPTIONS)
            steps["first print"] = time.perf_counter() - started - sum(steps.values())
            from pypdf import PdfReader

            by_target = destination_pages(PdfReader(str(first)))
            page.evaluate(
                """(numbers) => { for (const el of document.querySelectorAll('.pdf-toc-no')) {
                    el.textContent = numbers[el.dataset.target] ?? ''; } }""",
                by_target,
            )
            page.pdf(path=str(target), **PDF_OPTIONS)
            steps["second print"] = time.perf_counter() - started - sum(steps.values())
            first.unlink()
            # The outline lists chapters, their pages and solutions (Chromium's own, made from
            # every heading, repeats some titles): written from the second print's anchors.
            write_outline(target, toc_targets(pages))
            steps["outline"] = time.perf_counter() - started - sum(steps.values())
            source.write_text(page.content(), encoding="utf-8")
        finally:
            browser.close()
    shutil.copyfile(target, site / target.name)
    if verbose:
        size = target.stat().st_size
        print(
            f"{target} ({size / 1e6:.1f} MB, {sum(p['charts'] for p in pages)} charts, "
            f"{len(pages)} pages of the site) in {time.perf_counter() - started:.0f} s; "
            f"copied to {site / target.name}"
        )
        print("  " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items()))
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the book's repository (has _toc.yml)")
    parser.add_argument("--site", type=Path, default=None, help="the built site (default ROOT/_build/html)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default ROOT/_build/pdf)")
    parser.add_argument("--site-url", default=None, help="the published site's address (default from _config.yml)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    site = (args.site or root / "_build" / "html").resolve()
    out = (args.out or root / "_build" / "pdf").resolve()
    if not (site / "index.html").exists():
        raise SystemExit(f"{site} has no built site: run `make book` first")
    url = args.site_url.rstrip("/") + "/" if args.site_url else site_url(read_config(root))
    build(site, out, root, url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
