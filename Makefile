# Two commands matter on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test run demo bench lint clean webapp webapp-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check .

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

run: install
	$(BIN)/cchc-bot run

demo: install
	$(BIN)/cchc-bot demo

bench: install
	$(BIN)/python -m bench

# The Mini App's client SDK (Telegram's @telegram-apps/sdk from npm), bundled into bot/webapp/static/ with its
# licences; the built files are committed. `webapp-check` rebuilds into a temporary directory and fails when
# the committed files differ (CI runs it: the build is deterministic).
webapp:
	cd webapp && npm ci --no-audit --no-fund && node build.mjs

webapp-check:
	cd webapp && npm ci --no-audit --no-fund
	tmp=$$(mktemp -d) && cd webapp && node build.mjs $$tmp && \
	  for f in telegram-sdk.js telegram-sdk.licenses.txt; do \
	    cmp -s $$tmp/$$f ../bot/webapp/static/$$f || { echo "bot/webapp/static/$$f is not what webapp/ builds: run make webapp"; rm -rf $$tmp; exit 1; }; \
	  done; rm -rf $$tmp; echo "webapp: bot/webapp/static/telegram-sdk.js is up to date"

clean:
	rm -rf $(VENV) demo-output .pytest_cache webapp/node_modules
