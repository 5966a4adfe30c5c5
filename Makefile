# The two commands a newcomer needs: `make run` and `make test`. See README.md.
# `make serve` is the production-like start (gunicorn + RQ worker, DEBUG off).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
UV_VERSION := 0.13.9

.PHONY: run serve test preflight lint format schema bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The virtualenv is rebuilt from the lock file whenever the lock file changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --require-hashes -r requirements.lock --python $(BIN)/python
	touch $@

install: $(VENV)/.installed

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

# Refresh the lock file after editing pyproject.toml.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock -q

clean:
	rm -rf $(VENV) var
