"""The print edition (``make pdf``): the whole book as one PDF, checked with pypdf.

Everything the tests compare with is read from the repository and the built site, not
typed: the chapters and pages from ``_toc.yml`` and their titles from the built pages,
a phrase of each page from its MyST source, the charts and their figure numbers from the
built site. ``make test`` builds the PDF after the book; by hand: ``make book pdf``, then
``pytest -m pdf``. ``BOOK_SITE`` and ``BOOK_PDF`` point the tests at another build.

pypdf reads the PDF once per test session; the page text and the position and width of
every text run (from the content stream's text operators and the fonts' glyph widths)
are cached next to the PDF, keyed on its size and time, so that pytest-xdist's workers
share one extraction.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from neuroadapt_book.sphinx.pdf_link import BUTTON_LABEL, pdf_href, pdf_name
from neuroadapt_book.tools.pdf import ONLINE_ONLY, toc_entries

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("BOOK_SITE", ROOT / "_build" / "html"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPOSITORY = (CONFIG.get("repository") or {}).get("url")
PDF = Path(os.environ.get("BOOK_PDF", ROOT / "_build" / "pdf" / pdf_name(REPOSITORY)))
ENTRIES = [e for e in toc_entries(ROOT) if e["doc"] not in ONLINE_ONLY]

#: Printed pages per page of the site: a page of the site is 3 to 10 sheets in print (248 for 35 in all).
SHEETS_PER_PAGE = (3, 10)
#: No image in the PDF is this large (px) in both directions: a chart is never a bitmap.
CHART_BITMAP_PX = 120
#: The size of most of the text (pt): 10.5 pt body text, code and captions a little smaller.
BODY_PT = (9.0, 12.0)
#: The PDF stays small enough to mail and to host.
MAX_BYTES = 15_000_000


def _normal(text: str) -> str:
    """Ligatures and typographic quotes folded, whitespace collapsed (for searching)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u00ad", "").split())


# --- one extraction per session ------------------------------------------------------


def _widths(font) -> tuple[dict[int, float], float]:
    """Glyph widths (1/1000 em) of a Type0 (CID) font: ``({cid: width}, default)``."""
    font = font.get_object()
    if "/DescendantFonts" not in font:
        return {}, 500.0
    desc = font["/DescendantFonts"][0].get_object()
    table: dict[int, float] = {}
    w = list(desc.get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        nxt = w[i + 1].get_object() if hasattr(w[i + 1], "get_object") else w[i + 1]
        if isinstance(nxt, list):
            for k, width in enumerate(nxt):
                table[first + k] = float(width)
            i += 2
        else:
            for cid in range(first, int(nxt) + 1):
                table[cid] = float(w[i + 2])
            i += 3
    return table, float(desc.get("/DW", 1000))


def _text_and_runs(page) -> tuple[str, list[tuple[float, float, float, float]]]:
    """A page's text, and every text-showing operator on it: ``(x start, y, x end, y end,
    font size)`` in points (one pass of pypdf's extraction, with a visitor of the operators)."""
    fonts = {}
    resources = page.get("/Resources") or {}
    for name, font in (resources.get("/Font") or {}).items():
        fonts[name] = _widths(font)
    state = {"font": ({}, 500.0), "size": 1.0}
    runs = []

    def to_page(x, y, cm, tm):
        tx, ty = x * tm[0] + y * tm[2] + tm[4], x * tm[1] + y * tm[3] + tm[5]
        return tx * cm[0] + ty * cm[2] + cm[4], tx * cm[1] + ty * cm[3] + cm[5]

    def visit(op, args, cm, tm):
        if op == b"Tf":
            state["font"], state["size"] = fonts.get(args[0], ({}, 500.0)), float(args[1])
            return
        if op not in (b"Tj", b"TJ"):
            return
        table, default = state["font"]
        items = args[0] if op == b"TJ" else [args[0]]
        advance = 0.0
        for item in items:
            if isinstance(item, (bytes, str)) or hasattr(item, "original_bytes"):
                raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item, "latin-1")
                cids = [raw[k] << 8 | raw[k + 1] for k in range(0, len(raw) - 1, 2)] if table else list(raw)
                advance += sum(table.get(c, default) for c in cids) / 1000 * state["size"]
            else:
                advance -= float(item) / 1000 * state["size"]
        x0, y0 = to_page(0, 0, cm, tm)
        x1, y1 = to_page(advance, 0, cm, tm)
        xs, ys = to_page(0, state["size"], cm, tm)
        runs.append((x0, y0, x1, y1, ((xs - x0) ** 2 + (ys - y0) ** 2) ** 0.5))

    text = page.extract_text(visitor_operand_before=visit) or ""
    return text, runs


def _extract() -> dict:
    from pypdf import PdfReader

    reader = PdfReader(str(PDF))
    pages = []
    for page in reader.pages:
        box = page.mediabox
        images = []
        for image in page.images:
            images.append([image.image.width, image.image.height] if image.image else [0, 0])
        text, runs = _text_and_runs(page)
        left, bottom, right, top = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        sizes: dict[str, int] = {}
        for run in runs:
            sizes[f"{run[4]:.1f}"] = sizes.get(f"{run[4]:.1f}", 0) + 1
        pages.append(
            {
                "text": text,
                "runs": len(runs),
                # text-showing operators that start or end outside the page: (x start, y, x end)
                "off": [
                    [round(x0), round(y0), round(x1)]
                    for x0, y0, x1, y1, _ in runs
                    if not (left - 0.5 <= min(x0, x1) and max(x0, x1) <= right + 0.5 and bottom <= min(y0, y1) <= top)
                ],
                "sizes": sizes,
                "images": images,
            }
        )

    def walk(items, depth=0):
        out = []
        for item in items:
            if isinstance(item, list):
                out += walk(item, depth + 1)
            else:
                out.append([depth, " ".join(str(item.title).split())])
        return out

    links = []
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            uri = action.get_object().get("/URI") if action else None
            dest = annot.get("/Dest")
            links.append([number + 1, str(uri) if uri else None, str(dest).lstrip("/") if dest else None])
    return {
        "pages": pages,
        "outline": walk(reader.outline),
        "destinations": sorted(str(k).lstrip("/") for k in reader.named_destinations),
        "links": links,
    }


@pytest.fixture(scope="session")
def pdf() -> dict:
    if not PDF.exists():
        pytest.fail(f"{PDF} is missing: run `make pdf` (after `make book`)")
    stat = PDF.stat()
    key = f"{stat.st_size}-{stat.st_mtime_ns}-{Path(__file__).stat().st_mtime_ns}"
    cache = PDF.with_name(f".{PDF.stem}.extract.json")
    with open(PDF.with_name(f".{PDF.stem}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache.exists():
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("key") == key:
                return data
        data = {"key": key, **_extract()}
        cache.write_text(json.dumps(data), encoding="utf-8")
        return data


@pytest.fixture(scope="session")
def text(pdf) -> str:
    return _normal(" ".join(p["text"] for p in pdf["pages"]))


def _built(doc: str) -> str:
    path = SITE / f"{doc}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book`")
    return path.read_text(encoding="utf-8")


def _title(doc: str) -> str:
    """A page's title as the built site shows it, with its number ("2.4. Tolerance: ...")."""
    m = re.search(r"<article[^>]*>.*?<h1>(.*?)</h1>", _built(doc), re.S)
    inner = re.sub(r'<a class="headerlink".*?</a>', "", m.group(1), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())


def _charts() -> list[tuple[str, str]]:
    """Every chart of the built site: ``(page, figure number)``."""
    found = []
    for path in sorted(SITE.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        for figure in re.findall(r"<figure\b.*?</figure>", page, re.S):
            if 'class="nb-vega-chart"' in figure:
                number = re.search(r'<span class="caption-number">(Fig\. [0-9.]+)\s*</span>', figure)
                found.append((str(path.relative_to(SITE)), number.group(1) if number else ""))
    return found


# --- the tests -----------------------------------------------------------------------


def test_the_pdf_opens_and_its_page_count_fits_the_book(pdf):
    low, high = (n * len(ENTRIES) for n in SHEETS_PER_PAGE)
    assert low <= len(pdf["pages"]) <= high, (
        f"{len(pdf['pages'])} pages for {len(ENTRIES)} pages of the site (expected {low} to {high})"
    )
    assert PDF.stat().st_size <= MAX_BYTES, f"{PDF.stat().st_size:,} bytes"


def test_the_outline_lists_every_chapter_and_page_in_toc_order(pdf):
    outline = pdf["outline"]
    top = [title for depth, title in outline if depth == 0]
    chapters = [_title(e["doc"]) for e in ENTRIES if e["kind"] in ("chapter", "front", "back")]
    assert [t for t in top if t in chapters] == chapters, f"outline {top} lacks some of {chapters}"
    nested = [title for depth, title in outline if depth == 1]
    pages = [_title(e["doc"]) for e in ENTRIES if e["kind"] == "page"]
    assert [t for t in nested if t in pages] == pages
    assert sum(t.startswith("Solutions to the exercises") for t in nested) == len(
        {e["chapter"] for e in ENTRIES if e["chapter"]}
    )


def _phrase(doc: str) -> str:
    """Eight consecutive plain words of the page's MyST source (no markup, no numbers)."""
    source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    body = source.split("\n---\n", 2)[-1] if source.startswith("---") else source
    body = re.sub(r"```.*?```", "", body, flags=re.S)
    for line in body.splitlines():
        if line.startswith(("#", ":", "|", ">", "-", "*", "$", "(", " ")):
            continue
        words = line.split()
        run = []
        for word in words:
            if re.fullmatch(r"[A-Za-z]+,?", word):
                run.append(word)
                if len(run) == 8:
                    return " ".join(run)
            else:
                run = []
    pytest.fail(f"{doc}.md has no line of eight plain words to look for")


@pytest.mark.parametrize("doc", [e["doc"] for e in ENTRIES if e["kind"] != "back"])
def test_text_is_extractable_a_phrase_of_every_page(text, doc):
    phrase = _phrase(doc)
    assert phrase in text, f"{phrase!r} (from {doc}.md) is not in the PDF's text"


def test_math_is_typeset_not_tex_source(text):
    for tex in ("\\frac", "\\begin{", "\\mathrm", "\\text{", "$$"):
        assert tex not in text, f"TeX source {tex!r} in the PDF's text"


def test_every_chart_is_a_figure_with_its_number_and_the_online_line(text):
    charts = _charts()
    assert charts, "the built site has no charts"
    online = text.count("Interactive version online:")
    assert online == len(charts), f"{online} figures with the online line in the PDF, {len(charts)} charts in the site"
    missing = [(page, number) for page, number in charts if not number or f"{number} " not in text]
    assert not missing, f"figure numbers not in the PDF: {missing}"


def test_charts_are_vector_no_chart_sized_bitmap(pdf):
    big = [
        (n + 1, w, h)
        for n, page in enumerate(pdf["pages"])
        for w, h in page["images"]
        if w >= CHART_BITMAP_PX and h >= CHART_BITMAP_PX
    ]
    assert not big, f"bitmaps the size of a chart (page, width, height): {big}"
    chart_pages = [p for p in pdf["pages"] if "Interactive version online" in _normal(p["text"])]
    assert chart_pages and all(not p["images"] for p in chart_pages)
    # a drawn chart is vector text: its axis labels are in the page's text
    assert all(p["runs"] > 40 for p in chart_pages)


def test_no_text_runs_off_the_page(pdf):
    off = [(n + 1, *run) for n, page in enumerate(pdf["pages"]) for run in page["off"]]
    assert not off, f"text outside the page (page, x start, y, x end): {off[:20]} ({len(off)} in all)"


def test_body_text_is_printed_at_reading_size(pdf):
    """Chromium shrinks the whole book when one element is wider than the page: the text
    of the book is then too small to read (a wide table did that, at 7 pt)."""
    counts: dict[float, int] = {}
    for page in pdf["pages"]:
        for size, count in page["sizes"].items():
            counts[float(size)] = counts.get(float(size), 0) + count
    half, seen = sum(counts.values()) / 2, 0
    for median in sorted(counts):
        seen += counts[median]
        if seen >= half:
            break
    assert BODY_PT[0] <= median <= BODY_PT[1], f"median text size {median:.1f} pt (expected {BODY_PT})"


def test_cross_references_and_citations_are_links_inside_the_pdf(pdf):
    destinations = set(pdf["destinations"])
    internal = [dest for _, _, dest in pdf["links"] if dest]
    assert len(internal) > 100
    assert not [d for d in internal if d not in destinations], "links to a destination the PDF lacks"
    references = [e["doc"] for e in ENTRIES if e["doc"].endswith("references")]
    assert references, "_toc.yml has no references page"
    cite = [d for d in internal if d.startswith(references[0].replace("/", "-") + "--")]
    assert len(cite) > 50, f"{len(cite)} citation links into the bibliography"
    figures = [d for d in internal if "--fig-" in d]
    assert figures, "no figure cross-reference links to a figure"


def test_exercises_link_to_their_solutions_at_the_end_of_the_chapter(pdf, text):
    assert text.count("Solution: at the end of chapter") >= 20
    solutions = [d for _, _, d in pdf["links"] if d and "-solution-" in d]
    assert len(solutions) >= 20


def test_every_page_of_the_site_links_to_the_pdf():
    assert (SITE / PDF.name).exists(), f"the site has no {PDF.name}: `make pdf` copies it there"
    pages = [p for p in SITE.rglob("*.html") if not {"_static", "_sources", "reports"} & set(p.relative_to(SITE).parts)]
    assert pages
    for path in pages:
        page = path.read_text(encoding="utf-8")
        if "<article" not in page:
            continue  # a redirect
        doc = str(path.relative_to(SITE).with_suffix(""))
        href = pdf_href(doc, REPOSITORY)
        assert re.search(rf'<a href="{re.escape(href)}"[^>]*btn-{BUTTON_LABEL}', page), f"{doc}: no link to {href}"
        assert (path.parent / href).resolve() == (SITE / PDF.name).resolve()
