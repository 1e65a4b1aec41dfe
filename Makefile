# The two set-up commands of the README:
#   make demo   create a virtualenv, install cjm, lint the bundled examples and render them to out/
#   make test   install the test tools (Graphviz, Chromium, Node consumers), lint, type-check, run the tests
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: demo test install test-deps lint bench golden fuzz clean

$(BIN)/cjm: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/cjm

install: $(BIN)/cjm

demo: install
	$(BIN)/cjm lint examples
	$(BIN)/cjm score examples --top 3
	$(BIN)/cjm render examples -o out
	@echo "Open out/index.html in a browser."

test-deps:
	bash scripts/test-deps.sh

lint: install
	$(BIN)/ruff check cjm tests benchmarks
	$(BIN)/ruff format --check cjm tests benchmarks
	$(BIN)/mypy

test: install test-deps lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python benchmarks/run.py

# Property tests with fresh random examples, 20 times as many (the default run is derandomized).
fuzz: install
	CJM_FUZZ=$${CJM_FUZZ:-20} $(BIN)/python -m pytest -q -p no:cacheprovider -m hypothesis tests

golden: install
	CJM_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests -k golden

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
