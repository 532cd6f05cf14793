# Two commands on a fresh machine with Python 3.11+ and Node.js:
#   make run    set everything up and serve the app with demo data
#   make test   set everything up and run the whole suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app ltoapp
PORT := $(or $(FLASK_RUN_PORT),5000)

.PHONY: run test setup assets migrate demo lint format bench clean

run: setup migrate
	$(FLASK) demo load --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed node_modules/.installed assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: $(VENV)/.installed node_modules/.installed
	$(FLASK) assets build

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark: fresh PostgreSQL and SQLite databases at the programme's size
# and ten times it, gunicorn on 127.0.0.1, wrk, a phone in Chromium and two
# workshop bursts. BENCH_ARGS="--scales small,small-tenfold" for a quick run.
bench: setup
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules ltoapp/static/gen ltoapp/static/.webassets-cache
