# The book's commands. On a fresh machine with Python 3.11, git and make:
#   make book    build the executed book into _build/html
#   make test    run every test (installs what it needs first)
#   make serve   serve the built site on http://127.0.0.1:8000
#   make bench   time the models (not part of the tests)
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
BOOK_SOURCES := $(shell find book lib -type f -not -path '*/__pycache__/*' -not -path '*.egg-info*' -not -name '*.pyc' 2>/dev/null) _config.yml _toc.yml

.PHONY: help book test serve bench chromium clean

help:
	@echo "make book   - build the executed book into _build/html"
	@echo "make test   - run every test (unit, notebooks, built site in headless Chromium)"
	@echo "make serve  - serve the built book on http://127.0.0.1:8000"
	@echo "make bench  - time the models"

$(BOOK_DEPS): requirements.txt lib/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(TEST_DEPS): $(BOOK_DEPS) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# A clean, strict build: any warning, broken reference, unknown citation or
# notebook error fails it (incremental builds would hide old warnings).
$(BOOK_STAMP): $(BOOK_DEPS) $(BOOK_SOURCES)
	rm -rf _build/html _build/.doctrees _build/jupyter_execute $(BOOK_STAMP)
	$(BIN)/python -m neuroadapt_book.tools.merge_bib
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	touch $(BOOK_STAMP)

book: $(BOOK_STAMP)
	@echo "The book is in $(CURDIR)/_build/html/index.html  (make serve shows it on http://127.0.0.1:8000)"

chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }

test: $(TEST_DEPS) chromium $(BOOK_STAMP)
	rm -rf .nbmake
	$(BIN)/python -m neuroadapt_book.tools.export_notebooks .nbmake
	$(BIN)/python -m pytest -n 2 --nbmake --doctest-modules lib/neuroadapt tests .nbmake

serve: $(BOOK_STAMP)
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

bench: $(BOOK_DEPS)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf _build .nbmake

.PHONY: linkcheck
linkcheck: $(BOOK_DEPS)
	$(BIN)/jupyter-book build . --builder linkcheck
