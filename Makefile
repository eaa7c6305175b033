# Two commands for a fresh machine with only Python 3.11 and gcc:
#   make run   — set everything up, build the index, start the web app on http://127.0.0.1:7860
#   make test  — set everything up and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: setup system-packages index run test test-fast eval bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	# the project itself, editable, so scripts and benchmarks import it like any package
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

index: setup
	$(BIN)/python -m assistant index

run: index
	$(BIN)/python app.py

# Chromium and fonts for the browser tests, installed when missing (or what to run, without root).
system-packages:
	bash scripts/system_packages.sh

test: setup system-packages
	$(BIN)/python -m pytest

# The tests that need no embedding model, index build or browser (marked `fast` by tests/conftest.py).
test-fast: setup
	$(BIN)/python -m pytest -m fast

# Dev-set figures with the team's scorer (../shared/eval).
eval: index
	$(BIN)/python -m assistant batch < ../shared/eval/dev.jsonl > /tmp/assistant-dev.jsonl
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev.jsonl /tmp/assistant-dev.jsonl --show-failures --by-kind

clean:
	rm -rf index .pytest_cache

# Quality against the LangChain recipe, speed, size and scaling; writes benchmarks/results.md.
bench: setup
	$(BIN)/python benchmarks/run.py
