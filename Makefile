# Two commands do all set-up on a fresh machine:
#   make preview   offline preview of the dev stack (no AWS account, no Pulumi CLI)
#   make test      the quality gate (ruff, ruff format, mypy) and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STACK ?= dev
# The package with the command line, the plot, the tests and the gate's tools.
EXTRAS := cli,plot,test,lint

.PHONY: preview test lint chromium clean

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
	@for program in __main__.py examples/*/__main__.py; do \
	  echo "mypy --strict $$program"; $(BIN)/mypy --strict --no-warn-unused-configs --cache-dir .mypy_cache/programs $$program || exit 1; \
	done

# The worker-UI screenshot tests need headless Chromium: found as chromium, chromium-browser,
# google-chrome or $$A2I_CHROMIUM; as root on Debian the package is installed when missing.
# Elsewhere only those tests are skipped, with the reason in pytest's summary.
chromium:
	@$(PYTHON) -c "import os, shutil, sys; c = os.environ.get('A2I_CHROMIUM'); sys.exit(0 if (c and os.path.exists(c)) or any(shutil.which(n) for n in ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable')) else 1)" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium (Debian package) for the worker-UI screenshot..."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	      || echo "Chromium could not be installed: the screenshot tests will be skipped."; \
	  else \
	    echo "No Chromium found (set A2I_CHROMIUM, or: sudo apt-get install -y chromium): the screenshot tests will be skipped."; \
	  fi; }

clean:
	rm -rf $(VENV) .preview .pytest_cache .mypy_cache .ruff_cache build
