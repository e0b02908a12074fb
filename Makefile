# The two commands a new user needs: `make run` and `make test`.
# Everything else they need (virtualenv, Python and npm packages) is set up here.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
NPMSTAMP := node_modules/.installed

.PHONY: run test bench package gallery migrate lint setup clean

setup: $(STAMP) $(NPMSTAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(NPMSTAMP): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(PY) -m devtools.devrun

test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DSOBOT_I18N_STRICT=1 $(PY) -m pytest -q $(PYTEST_ARGS)

bench: setup
	$(PY) -m bench

# `make package` needs MicrosoftAppId (environment or .env); `make package DEV=1` builds a local one.
package: setup
	$(PY) -m manifest.package $(if $(DEV),--dev)

# Card screenshots for docs/cards (needs Debian's chromium; never downloads a browser).
gallery: setup
	$(PY) docs/cards/generate.py

migrate: setup
	$(BIN)/dsobot migrate

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules build dist
