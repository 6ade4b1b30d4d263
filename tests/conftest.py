"""Shared pytest configuration: the hypothesis profile, and markers by directory.

The markers are registered in the root ``pyproject.toml``; here each collected
test gets the markers of where it lives, so no test file has to carry them::

    tests/lib, doctests in lib/      lib
    tests/book, tests/binder          book
    tests/browser                     browser, slow
    tests/pdf                         pdf
    tests/test_repository.py          repository
    *.ipynb (nbmake, .nbmake/)        notebook, slow
    @pytest.mark.binder               (its own marker), slow

so that, for example, ``pytest -m "not slow"`` skips the browser and notebook
tests and ``pytest -m lib`` is ``make test-lib``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests: modest example counts, no per-example deadline (CI machines vary).
settings.register_profile("book", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "book"))

#: Markers by path prefix (relative to the repository root, POSIX separators).
DIRECTORY_MARKERS = {
    "tests/lib/": ("lib",),
    "lib/": ("lib",),
    "tests/book/": ("book",),
    "tests/binder/": ("book",),
    "tests/browser/": ("browser", "slow"),
    "tests/pdf/": ("pdf",),
    "tests/test_repository.py": ("repository",),
}


def markers_for(path: Path) -> tuple[str, ...]:
    """The markers of a test collected from ``path``."""
    if path.suffix == ".ipynb":
        return ("notebook", "slow")
    try:
        relative = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return ()
    return next((marks for prefix, marks in DIRECTORY_MARKERS.items() if relative.startswith(prefix)), ())


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name in markers_for(Path(str(item.path))):
            item.add_marker(getattr(pytest.mark, name))
        if item.get_closest_marker("binder"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver per test process, shared by every browser fixture (the
    built-site browser, the Binder session's): the sync API cannot be started twice in
    one process, and pytest-xdist can give one worker tests of both kinds."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver
