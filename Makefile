# The two set-up commands of the README:
#   make demo   create a virtualenv, install cjm (the package and what it needs to run, nothing else),
#               lint the bundled examples and render them to out/
#   make test   install cjm for development with the dev tools (pytest, ruff, mypy, ...) and the test
#               tools (Graphviz, Chromium, Node consumers), lint, type-check, run the tests
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DEV := $(VENV)/.cjm-dev

.PHONY: demo test install dev test-deps lint bench golden fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The package alone, as `pipx install .` gives a user (a dev install below counts too).
$(BIN)/cjm: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $(BIN)/cjm

# Editable, with the dev extras: what the tests, the linters and the benchmarks run with.
$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/cjm $(DEV)

install: $(BIN)/cjm

dev: $(DEV)

demo: install
	$(BIN)/cjm lint examples
	$(BIN)/cjm score examples --top 3
	$(BIN)/cjm render examples -o out
	@echo "Open out/index.html in a browser. To run cjm yourself: source $(BIN)/activate (or: pipx install .)"

test-deps:
	bash scripts/test-deps.sh

lint: dev
	$(BIN)/ruff check cjm tests benchmarks
	$(BIN)/ruff format --check cjm tests benchmarks
	$(BIN)/mypy

# Two workers (the CI machine's two cores), each test file in one worker so a file's browser runs once;
# then the tests that send Ctrl-C, in the main process as from a terminal.
test: dev test-deps lint
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile -m "not serial"
	$(BIN)/python -m pytest -q -p no:cacheprovider -m serial

bench: dev
	$(BIN)/python benchmarks/run.py

# Property tests with fresh random examples, 20 times as many (the default run is derandomized).
fuzz: dev
	CJM_FUZZ=$${CJM_FUZZ:-20} $(BIN)/python -m pytest -q -p no:cacheprovider -m hypothesis tests

golden: dev
	CJM_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests -k golden

clean:
	rm -rf $(VENV) out build .pytest_cache .mypy_cache .ruff_cache
