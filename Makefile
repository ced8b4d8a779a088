# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
HP := $(VENV)/bin/helhedsplan
PLAN_FILE := helhedsplan/plans/data/randers-nordby-2017-21.yaml
PLAN_SLUG := randers-nordby-2017-21
CHROMIUM ?= /usr/bin/chromium
# The demo and the tests run with DEBUG on (a generated SECRET_KEY kept in var/).
export DEBUG ?= 1
# The suite runs in one pytest-xdist worker per core, each with its own test database (the
# Randers Nordby plan loaded into it once: helhedsplan/conftest.py). Modules that build costly
# data once for the module are kept on one worker (xdist_group); the rest is spread test by test.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: demo test install lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(HP) migrate --noinput
	$(HP) plan load $(PLAN_FILE)
	$(HP) demo-users $(PLAN_SLUG)
	$(HP) demo-data $(PLAN_SLUG) --seed 1
	$(HP) beredskab check $(PLAN_SLUG) >/dev/null
	for year in 2017/18 2018/19 2019/20 2020/21; do $(HP) calendar $(PLAN_SLUG) --plan-year $$year --save >/dev/null || exit 1; done
	# Its successor, running today (the demo users land on it); the seed's plan stays as it is.
	$(HP) demo-running $(PLAN_SLUG)
	@echo "Helhedsplan kører på http://127.0.0.1:8000  (stop med Ctrl+C)"
	$(HP) runserver 127.0.0.1:8000

test: install
	@if [ -x "$(CHROMIUM)" ]; then \
		$(VENV)/bin/pytest $(PYTEST_PARALLEL); \
	else \
		$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not browser" && \
		echo "" && \
		echo "BROWSER TESTS NOT RUN: Chromium was not found at $(CHROMIUM)." && \
		echo "Install Debian's chromium (apt-get install chromium) to run them; .ci/run does."; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
