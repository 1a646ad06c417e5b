# The two commands: `make run` (set up and serve the demo archive) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export MOSAIC_HOME ?= $(CURDIR)/var

.PHONY: run test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	scripts/install-ocr.sh || echo "make run: going on without OCR (see above)"
	$(BIN)/mosaic init
	$(BIN)/mosaic demo
	$(BIN)/mosaic serve --port $(PORT)

test: install
	scripts/install-browser.sh
	scripts/install-ocr.sh
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var
