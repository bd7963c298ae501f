# Sinergi: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000

.PHONY: install install-dev setup run test lint audit format messages clean bench

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Sinergi needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Migrate and load reference and demo data; every step is idempotent.
setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_regions
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py load_demo

run: setup
	$(BIN)/python manage.py runserver $(ADDRESS)

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# Known vulnerabilities in the installed dependencies; exceptions with reasons in
# .ci/audit-allowlist.txt.
audit: install-dev
	$(BIN)/python .ci/audit.py

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract translatable strings into locale/*/LC_MESSAGES/django.po (needs GNU gettext), then
# compile them; the compiled .mo files are committed so a new machine needs no gettext.
messages: install-dev
	$(BIN)/python manage.py makemessages --locale id --locale en --no-obsolete --no-location \
		--ignore .venv --ignore var --ignore 'sinergi/*/tests/*'
	$(BIN)/python manage.py compilemessages --ignore .venv

# Benchmark (docs/performance.md): on DATABASE_URL when set (PostgreSQL; BENCH_SCALE 1.0),
# else on var/bench/bench.sqlite3 at BENCH_SCALE 0.02. Generates the data set once, then
# writes var/bench/bench.json and prints the table. Not part of `make test`: minutes.
BENCH_DB = $(or $(DATABASE_URL),sqlite:///$(CURDIR)/var/bench/bench.sqlite3)
BENCH_SCALE ?= $(if $(DATABASE_URL),1.0,0.02)
bench: install
	mkdir -p var/bench
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py load_regions
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py load_reference
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py generate_bench_data --if-missing \
		--scale $(BENCH_SCALE)
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/static
