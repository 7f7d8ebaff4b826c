# Twintowns: `make run` starts it, `make test` tests it. Both install what is missing first.
# Stamp files under var/stamps/ keep a second `make install` quick: each step reruns only when
# the file it depends on (pyproject.toml, package-lock.json, the .po files) changed.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV := .venv
BIN := $(VENV)/bin
STAMPS := var/stamps
VENDOR := twintowns/static/vendor
PO_FILES := $(shell find twintowns -name '*.po' -path '*/LC_MESSAGES/*' 2>/dev/null)

# A stamp whose result was removed by hand no longer stands for it.
ifeq ($(wildcard $(BIN)/python),)
$(shell rm -f $(STAMPS)/python)
endif
ifeq ($(wildcard $(VENDOR)/bootstrap/bootstrap.min.css),)
$(shell rm -f $(STAMPS)/assets)
endif
ifneq ($(foreach po,$(PO_FILES),$(if $(wildcard $(po:.po=.mo)),,missing)),)
$(shell rm -f $(STAMPS)/messages)
endif

.PHONY: help install run test lint bench load debian-packages

help:
	@echo "make run      install what is missing, migrate, load the demo, serve on http://127.0.0.1:8000"
	@echo "make test     install what is missing, run the whole test suite (browser tests included)"
	@echo "make install  Debian packages (as root), .venv, npm packages, static vendor files, translations"
	@echo "make lint     ruff check, ruff format --check, mypy, the floors of the apps (import-linter)"
	@echo "make bench    server time and queries of every page at demo, metro and national scale, SQLite and PostgreSQL"
	@echo "make load     50 concurrent clients for 60 s against gunicorn on PostgreSQL at national scale"

install: debian-packages $(STAMPS)/python $(STAMPS)/assets $(STAMPS)/messages

# Checking is quicker than any stamp could be, and sees a package removed since.
debian-packages:
	@scripts/install-debian-packages

# bench/ (synthetic data and the benchmark) is a distribution of its own, beside the project.
$(STAMPS)/python: pyproject.toml bench/pyproject.toml .python-version scripts/create-venv
	scripts/create-venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]" -e ./bench
	@mkdir -p $(@D) && touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20 (with npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

$(STAMPS)/assets: node_modules/.package-lock.json scripts/copy-assets
	scripts/copy-assets
	@mkdir -p $(@D) && touch $@

# Run inside twintowns/ so that compilemessages compiles the project's catalogues, not those in .venv.
$(STAMPS)/messages: $(STAMPS)/python $(PO_FILES)
	@if [ -z "$(PO_FILES)" ]; then \
		echo "compilemessages: no .po files under twintowns/ yet, skipped"; \
	else \
		cd twintowns && ../$(BIN)/twintowns compilemessages --verbosity 0; \
	fi
	@mkdir -p $(@D) && touch $@

run: install
	$(BIN)/twintowns migrate --no-input
	$(BIN)/twintowns gazetteer --skip-if-loaded
	$(BIN)/twintowns directory import twintowns/directory/data/twin-towns-wikipedia.csv --source wikipedia --skip-if-loaded --replace
	$(BIN)/twintowns demo
	$(BIN)/twintowns serve

# Extra arguments go to pytest: make test ARGS="-m 'not e2e' -x"
test: install
	$(BIN)/pytest $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy twintowns bench
	$(BIN)/lint-imports --no-cache

# Extra arguments go to the benchmark: make bench ARGS="--scales demo,metro --databases sqlite"
bench: install
	scripts/bench $(ARGS)

load: install
	scripts/loadtest $(ARGS)
