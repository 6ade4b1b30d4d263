"""Fixtures for the built-site tests: a local server and Debian's Chromium.

The site is served from ``_build/html`` on 127.0.0.1 by a thread of this
process; Chromium is Debian's (``/usr/bin/chromium``, or ``$CHROMIUM``) driven
by Playwright with ``executable_path`` (Playwright's own browser download
cannot work on a machine without internet access).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("BOOK_SITE", ROOT / "_build" / "html"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def site_pages() -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    if not (SITE / "index.html").exists():
        return []
    skip = {"_static", "_sources", "_images", "reports", "_sphinx_design_static"}
    return sorted(
        str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if not skip.intersection(p.relative_to(SITE).parts)
    )


def pages_with(fragment: str) -> list[str]:
    """Pages of the built site whose HTML contains ``fragment``."""
    return [p for p in site_pages() if fragment in (SITE / p).read_text(encoding="utf-8")]


#: The reader reaching for every figure: vega-init.js draws a chart live (Vega loads on
#: first use) when a pointer, finger or keyboard focus reaches it.
REACH_EVERY_CHART = """() => document.querySelectorAll('.nb-vega-chart').forEach((chart) =>
  chart.dispatchEvent(new PointerEvent('pointerover', {bubbles: true, pointerType: 'mouse'})))"""


def go_live(page, timeout: int = 20_000) -> None:
    """Reach for every chart of the page (a pointer over each) and wait until all are live.

    The charts arrive as their build-time drawings; the live chart replaces each one on
    the reader's first interaction with it, so a test of the live charts asks for them."""
    if page.locator("script.nb-vega-spec").count():
        page.evaluate(REACH_EVERY_CHART)
        page.wait_for_selector("html[data-vega-ready]", timeout=timeout)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class PageVisit:
    """A page opened in a fresh context, recording requests and console errors."""

    def __init__(self, browser, site_url: str, path: str):
        self.origin = site_url
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed_requests.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.failed_requests.append(f"{r.status} {r.url}"))
        self.response = self.page.goto(f"{site_url}/{path}", wait_until="load")
        self.page.wait_for_load_state("networkidle")
        go_live(self.page)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.origin) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    opened = []

    def _visit(path: str) -> PageVisit:
        v = PageVisit(browser, site_url, path)
        opened.append(v)
        return v

    yield _visit
    for v in opened:
        v.close()


#: Tests that take far longer than any other: axe-core over the API appendix (~36,000
#: elements) took 155 s at load 8 and 510 s in a full run at load ~15, a tenth of the page
#: loads of the whole suite. They run first, so that under pytest-xdist the other worker
#: takes the rest meanwhile instead of this one starting late and finishing last.
SLOWEST_FIRST = ("test_page_in_browser[book/api.html]",)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.name not in SLOWEST_FIRST)  # stable: the rest keep their order
