# Liaison: `make run` serves it with real data on SQLite; `make test` runs every test (lint included).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint load serve clean-db browser office help

help:
	@echo "make run   - set up, load the bundled data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test  - set up and run the whole test suite (ruff + pytest)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when pyproject.toml or constraints.txt change. constraints.txt pins every indirect
# dependency too, so every install (a laptop, CI) gets the versions the tests ran with.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $@

load: $(VENV)/.installed
	$(BIN)/liaison load

serve: $(VENV)/.installed
	$(BIN)/liaison serve --port $(PORT)

run: load serve

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest; status=$$?; if [ $$status -eq 5 ]; then echo "no tests collected"; exit 1; fi; exit $$status

# Debian's headless Chromium for the browser checks (root on Debian; CI runs this).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# LibreOffice headless (Writer and Calc, no GUI) for the office-file checks: reports downloaded as Word and Excel
# are re-saved by it, as a user's office suite would, and uploaded back (root on Debian; CI runs this).
office:
	@command -v soffice >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui)

clean-db:
	rm -f var/liaison.sqlite3 var/liaison.sqlite3-wal var/liaison.sqlite3-shm
