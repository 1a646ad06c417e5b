# The two commands: `make run` (set up and serve the demo archive) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export MOSAIC_HOME ?= $(CURDIR)/var

.PHONY: run test install clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	scripts/install-ocr.sh || echo "make run: going on without OCR (see above)"
	scripts/install-fonts.sh || echo "make run: going on without the fonts of PDF books (see above)"
	$(BIN)/mosaic init
	$(BIN)/mosaic demo
	@# One background worker beside the server (the server stays in the foreground); it stops
	@# with the server, however the server ends.
	$(BIN)/mosaic worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/mosaic serve --port $(PORT)

test: install
	scripts/install-browser.sh
	scripts/install-ocr.sh
	scripts/install-fonts.sh
	scripts/install-postgres.sh
	@# One process per core; a test file's tests stay in one process (they share its fixtures).
	@# The slowest tests are listed at the end, for whoever keeps the suite inside its time.
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=25

# The Korean catalogues: new strings added to every app's locale/ko (and mosaic/locale/ko for the
# project's own), then compiled. Translate the new entries (docs/i18n.md) and run it again.
messages: install
	cd mosaic && ../$(BIN)/python -m django makemessages --locale=ko --domain=django --no-obsolete \
		--ignore='tests/*' --ignore='*/tests/*' --ignore='static/vendor/*'
	cd mosaic && ../$(BIN)/python -m django makemessages --locale=ko --domain=djangojs --no-obsolete \
		--ignore='tests/*' --ignore='*/tests/*' --ignore='static/vendor/*'
	cd mosaic && ../$(BIN)/python -m django compilemessages --locale=ko

clean:
	rm -rf $(VENV) var
