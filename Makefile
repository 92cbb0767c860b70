# Pantau TPPO: the two commands of the README, and the steps they are made of.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test setup setup-dev browser lint

## Set everything up and run the dashboard on http://$(HOST):$(PORT) (SQLite, demo data).
run: setup
	$(BIN)/pantau init
	$(BIN)/pantau demo
	$(BIN)/pantau users ensure-admin --login-url http://$(HOST):$(PORT)/login
	$(BIN)/pantau serve --host $(HOST) --port $(PORT)

## Set everything up and run the whole test suite (SQLite, PostgreSQL, Chromium).
test: setup-dev browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## Headless Chromium and its driver for the end-to-end tests (Debian packages).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; }
