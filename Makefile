# The two commands a new user needs: `make run` and `make test`.
# Everything else they need (virtualenv, Python and npm packages) is set up here.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
NPMSTAMP := node_modules/.installed
# Setup steps write their output to these logs, and show it only when they fail.
QUIETLY  = $(PYTHON) devtools/quietly.py
SETUPLOG := $(VENV)/setup.log
NPMLOG   := $(VENV)/npm-install.log

.PHONY: run test bench package gallery migrate lint setup clean

setup: $(STAMP) $(NPMSTAMP)

$(STAMP): pyproject.toml
	@echo "setting up $(VENV) with the Python packages (a minute or two the first time)..."
	@rm -f $(SETUPLOG)
	@test -x $(PY) || $(QUIETLY) $(SETUPLOG) $(PYTHON) -m venv $(VENV)
	@$(QUIETLY) $(SETUPLOG) $(PY) -m pip install --upgrade pip
	@$(QUIETLY) $(SETUPLOG) $(PY) -m pip install -e '.[dev]'
	@touch $@

$(NPMSTAMP): package.json
	@echo "setting up node_modules with the Agents Playground (npm)..."
	@rm -f $(NPMLOG)
	@$(QUIETLY) $(NPMLOG) npm install --no-audit --no-fund --loglevel=error
	@touch $@

run: setup
	@$(PY) -m devtools.devrun

# The card layout tests lay cards out in Debian's Chromium (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@echo "installing Debian's chromium for the card layout tests (apt)..."
	@$(QUIETLY) $(SETUPLOG) sh -c "apt-get update && apt-get install -y --no-install-recommends chromium"

# Test files are spread over two workers (pytest-xdist), each file whole on one worker.
TEST_WORKERS ?= 2

test: setup $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DSOBOT_I18N_STRICT=1 $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

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
