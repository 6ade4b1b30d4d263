# The book's commands. On a fresh machine with Python 3.11, git and make:
#   make book    build the executed book into _build/html
#   make pdf     the print edition: the built book as one PDF, _build/pdf/<name>.pdf (after make book)
#   make test    run every test (installs what it needs first)
#   make test-lib  the fast loop: lib's unit tests and doctests, no book
#   make lint    ruff check and ruff format --check over lib, tests, bench
#   make serve   serve the built site on http://127.0.0.1:8000
#   make bench   time the models (not part of the tests)
#   make audit   page speed of the built site with Lighthouse (not part of the tests)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
BOOK_DEPS := $(VENV)/.book-deps
TEST_DEPS := $(VENV)/.test-deps
BOOK_STAMP := _build/.book-built
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium
BOOK_SOURCES := $(shell find book lib -type f -not -path '*/__pycache__/*' -not -path '*.egg-info*' -not -name '*.pyc' 2>/dev/null) _config.yml _toc.yml requirements.txt
# Parallel page readers (and so notebook executions) for the book: a number, or auto (one per core).
BOOK_JOBS ?= auto
LINT_PATHS := lib tests bench

.PHONY: help book pdf test test-lib lint serve bench audit chromium clean

help:
	@echo "make book   - build the executed book into _build/html"
	@echo "make pdf    - the whole book as one PDF in _build/pdf (and in the site), after make book"
	@echo "make test   - run every test (lint, unit, notebooks, built site in headless Chromium)"
	@echo "make test-lib - lib's unit tests and doctests only (no book build)"
	@echo "make lint   - ruff check and ruff format --check (configured in pyproject.toml)"
	@echo "make serve  - serve the built book on http://127.0.0.1:8000"
	@echo "make bench  - time the models"
	@echo "make audit  - page speed of the built site (Lighthouse, medians of 3 runs)"

$(BOOK_DEPS): requirements.txt lib/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(TEST_DEPS): $(BOOK_DEPS) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# A strict build: any warning, broken reference, unknown citation or notebook
# error fails it. Every page is re-read on every build (a fresh environment, so an
# old warning cannot hide), but executed only when its code or lib/ changed: the
# execution cache is _build/.jupyter_cache/<hash of lib/ and requirements.txt>,
# and pages are read and executed in parallel (neuroadapt_book.tools.build runs
# `jupyter-book build . --builder html -W -n --keep-going --all` that way).
$(BOOK_STAMP): $(BOOK_DEPS) $(BOOK_SOURCES)
	rm -rf _build/html _build/.doctrees _build/jupyter_execute $(BOOK_STAMP)
	$(BIN)/python -m neuroadapt_book.tools.merge_bib
	$(BIN)/python -m neuroadapt_book.tools.build --jobs $(BOOK_JOBS)
	touch $(BOOK_STAMP)

book: $(BOOK_STAMP)
	@echo "The book is in $(CURDIR)/_build/html/index.html  (make serve shows it on http://127.0.0.1:8000)"

# The print edition: Chromium (Debian's, through Playwright) prints the built pages as one
# document (neuroadapt_book.tools.pdf); the PDF is also copied into the site, where every
# page's header links to it. Rebuilt when the book or the tool changed.
PDF_SOURCES := $(wildcard lib/neuroadapt_book/tools/pdf.*) lib/neuroadapt_book/sphinx/pdf_link.py
PDF_STAMP := _build/pdf/.pdf-built
$(PDF_STAMP): $(BOOK_STAMP) $(TEST_DEPS) $(PDF_SOURCES)
	@$(MAKE) --no-print-directory chromium
	$(BIN)/python -m neuroadapt_book.tools.pdf
	touch $(PDF_STAMP)

pdf: $(PDF_STAMP)

chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }

# Each page is executed once per change of its code or of lib. nbmake executes, as
# plain notebooks, the pages that the build's execution cache does not hold for this
# lib (none after `make book`); their outputs go into that cache, so the build that
# follows reads them instead of executing the pages again. Then every other test.
# Markers (pyproject.toml) select parts: pytest -m "not browser and not slow".
test: $(TEST_DEPS) chromium lint
	rm -rf .nbmake
	$(BIN)/python -m neuroadapt_book.tools.export_notebooks --unexecuted .nbmake
	status=0; if [ -n "$$(find .nbmake -name '*.ipynb' -print -quit)" ]; then \
	  $(BIN)/python -m pytest -n 2 -p no:cacheprovider --nbmake --overwrite .nbmake || status=$$?; fi; \
	$(BIN)/python -m neuroadapt_book.tools.cache_notebooks .nbmake; exit $$status
	$(MAKE) book
	$(MAKE) pdf
	$(BIN)/python -m pytest -n 2 --doctest-modules lib/neuroadapt tests

# The fast loop while changing a model: no book, no browser.
test-lib: $(TEST_DEPS)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider --doctest-modules lib/neuroadapt tests/lib

lint: $(TEST_DEPS)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

serve: $(BOOK_STAMP)
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

bench: $(BOOK_DEPS)
	$(BIN)/python bench/run_all.py

# Page speed of the built site (Lighthouse 12, mobile and desktop, medians of 3 runs on a
# text page and the heaviest chart page; bench/figure_timings.py times the charts under
# 4x CPU throttling). A benchmark, not a test: scores vary with the machine's load.
audit: book chromium
	$(BIN)/python bench/audit_pages.py

clean:
	rm -rf _build .nbmake

.PHONY: linkcheck
linkcheck: $(BOOK_DEPS)
	$(BIN)/jupyter-book build . --builder linkcheck
