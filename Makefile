# Two commands on a fresh machine with Python 3.11 and make: `make demo` and `make test`.
# Both build .venv with the machine's python3 and install the pinned requirements
# when the venv is missing or a requirements file changed since the last install.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DATA ?= .demo-data

.PHONY: demo demo-setup test browser coverage clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m demo --data $(DEMO_DATA)

demo-setup: $(STAMP)
	$(PY) -m demo --data $(DEMO_DATA) --exit-after-setup

test: $(STAMP) browser
	$(PY) -m pytest -n auto --dist loadscope

# The browser tests drive Debian's chromium with Playwright (never a downloaded build).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and this is not root: the browser tests will be skipped"; fi; }

coverage: $(STAMP)
	$(PY) -m emulator.coverage > emulator/COVERAGE.md

clean:
	rm -rf $(VENV) $(DEMO_DATA)
