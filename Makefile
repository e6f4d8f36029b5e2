# Two commands do all set-up on a fresh machine:
#   make preview   offline preview of the dev stack (no AWS account, no Pulumi CLI)
#   make test      the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STACK ?= dev

.PHONY: preview test clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the package definition changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

preview: $(VENV)/.installed
	$(BIN)/a2i-moderation preview --stack $(STACK)

test: $(VENV)/.installed chromium
	$(BIN)/python -m pytest

# Headless Chromium takes the worker-UI screenshot; Debian's package, installed when missing.
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium (Debian package) for the worker-UI screenshot..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is needed for the worker-UI screenshot: sudo apt-get install -y chromium"; exit 1; \
	  fi; }

clean:
	rm -rf $(VENV) .preview .pytest_cache
