# Two commands do all set-up on a fresh machine:
#   make preview   offline preview of the dev stack (no AWS account, no Pulumi CLI)
#   make test      the quality gate (ruff, ruff format, mypy) and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STACK ?= dev
# The package with the command line, the plot, the policy pack, the tests and the gate's tools.
EXTRAS := cli,plot,simulate,test,lint,policy,spark

.PHONY: preview test lint chromium clean spark-zip

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the package definition changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[$(EXTRAS)]'
	touch $@

preview: $(VENV)/.installed
	$(BIN)/a2i-moderation preview --stack $(STACK)

test: lint chromium
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@# Each Pulumi program is a module named __main__: checked one at a time, as its users would.
	@for program in __main__.py examples/*/__main__.py provider/__main__.py policies/__main__.py; do \
	  echo "mypy --strict $$program"; $(BIN)/mypy --strict --no-warn-unused-configs --cache-dir .mypy_cache/programs $$program || exit 1; \
	done

# The worker-UI screenshot tests need headless Chromium, looked up as the preview looks it up
# (chromium, chromium-browser, google-chrome, google-chrome-stable, or $$A2I_CHROMIUM). As root on
# Debian the package is installed when missing; elsewhere only those tests are skipped, with the
# reason in pytest's summary.
chromium: $(VENV)/.installed
	@$(BIN)/python -c "from a2i_moderation.tooling.preview.worker_ui import find_chromium; raise SystemExit(find_chromium() is None)" || { \
	  if [ "$$(id -u)" = 0 ] && [ -z "$$A2I_CHROMIUM" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium (Debian package) for the worker-UI screenshot..."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	      || echo "Chromium could not be installed: the screenshot tests will be skipped."; \
	  else \
	    echo "No Chromium found (set A2I_CHROMIUM, or: sudo apt-get install -y chromium): the screenshot tests will be skipped."; \
	  fi; }

# The package as one zip for Spark clusters (Glue --extra-py-files, spark-submit --py-files): a
# wheel is a zip with the package at its root, and the Spark path imports nothing that is not
# already there (the standard library and PySpark).
spark-zip: $(VENV)/.installed
	rm -rf dist
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .
	cp dist/a2i_moderation-*.whl dist/a2i_moderation.zip

clean:
	rm -rf $(VENV) .preview .pytest_cache .mypy_cache .ruff_cache build dist
