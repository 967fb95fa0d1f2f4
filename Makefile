# strongback: `make run` starts the web app on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CAMERA_STAMP := $(VENV)/.camera-installed

.DEFAULT_GOAL := help
.PHONY: help install install-camera run test lint typecheck pytest bench screenshots format clean lock

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The optional camera coach (MediaPipe, OpenCV, about 1 GB): the app runs without it, but the test
# suite, the type check and the benchmarks exercise the real pose model, so they install it.
$(CAMERA_STAMP): $(STAMP) requirements-camera.lock
	$(BIN)/pip install --quiet -r requirements-camera.lock
	@touch $(CAMERA_STAMP)

install: $(STAMP) ## Create .venv with the pinned dependencies

install-camera: $(CAMERA_STAMP) ## Add the optional camera coach (MediaPipe) to .venv

run: $(STAMP) ## Set up and start the web app on SQLite (http://127.0.0.1:8000)
	$(BIN)/strongback serve

test: lint typecheck pytest ## Lint, type-check and run every test (SQLite and PostgreSQL)

lint: $(STAMP) ## ruff
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(CAMERA_STAMP) ## mypy --strict on src/
	$(BIN)/mypy

pytest: $(CAMERA_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(CAMERA_STAMP) ## Speed and memory targets (see benchmarks/README.md)
	$(BIN)/python -m benchmarks

screenshots: $(CAMERA_STAMP) ## Retake the README's screenshots (docs/screenshots) in Chromium
	STRONGBACK_SCREENSHOTS=1 $(BIN)/pytest tests/e2e -q

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

lock: ## Re-pin requirements.lock from pyproject.toml
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra camera --python-version 3.11 -c requirements.lock \
		-o requirements-camera.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build src/*.egg-info
