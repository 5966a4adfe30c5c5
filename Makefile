# The two commands a newcomer needs: `make run` and `make test`. See README.md.
# `make serve` is the production-like start (gunicorn + RQ worker, DEBUG off).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
UV_VERSION := 0.13.9

.PHONY: run serve test preflight lint format schema bench install clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The virtualenv is rebuilt from the lock file whenever the lock file changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --require-hashes -r requirements.lock --python $(BIN)/python
	touch $@

# Compiled translation catalogues (.mo), made from the .po files in pure Python (Babel).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
$(MO_FILES): %.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

install: $(VENV)/.installed $(MO_FILES)

run: install
	PORT=$(PORT) ./scripts/run.sh

serve: install
	PORT=$(PORT) ./scripts/serve.sh

# The system packages first, so that a missing one stops `make test` at once.
preflight:
	./scripts/preflight.sh

test: preflight install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	./scripts/test.sh

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

schema: install
	DEBUG=1 $(BIN)/python manage.py export_graphql_schema

bench: install
	./scripts/bench.sh

# Extract new user-facing strings into locale/en/LC_MESSAGES/django.po and list those without
# an English translation (needs GNU gettext: apt-get install gettext). Re-run after merging.
messages: install
	DEBUG=1 $(BIN)/python manage.py messages

# Refresh the lock file after editing pyproject.toml.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock -q

clean:
	rm -rf $(VENV) var
