# Developer and CI entry points. Everything runs in .venv, which is created when missing and
# reinstalled only when pyproject.toml is newer than its stamp file, so a fresh clone needs just
# python3 and make (plus PostgreSQL and Chromium for `make test`: .ci/run installs them).
#
#   make run                   dev server on SQLite at http://127.0.0.1:$(PORT) (default 8000)
#   make test ARGS="-k foo"    pytest on a throwaway PostgreSQL, then on SQLite (PYTEST_ARGS too)
#   make test-postgres         only the PostgreSQL run; make test-sqlite: only the SQLite one
#   make lint / make check     ruff + template checks; Django system checks + no missing migrations
#   make format                indent the templates (djhtml) and sort imports (ruff)
#   make messages              regenerate and compile the translation catalogues
#   make check-deploy          `check --deploy` on the production settings: fails on any warning
#   make backup / make restore database + media into var/backups/<time>/ (BACKUP_DIR); restore
#                              BACKUP=<folder> (default: the newest), FORCE=1 over a non-empty DB
#   make load-test             60 s: 200 readers + 50 commenters against gunicorn + PostgreSQL
#   make multi-host            two hosts, Redis, Varnish on loopback: failures, stale reads (~5 min)
#   make bench                 speed: gunicorn, Varnish and wrk on generated data (~16 min;
#                              BENCH_ARTICLES=1000 for ~9 min); docs/performance.md

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
ARGS ?=
PYTEST_ARGS ?= $(ARGS)

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONUNBUFFERED := 1

.PHONY: help install install-test run test test-postgres test-sqlite lint format check messages \
	clean check-deploy backup restore load-test multi-host bench

help:
	@sed -n 's/^#   //p' Makefile

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamps: make reinstalls only when pyproject.toml changed since the last install.
$(VENV)/.stamp-install: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

# The test extras include everything, so this stamp satisfies the plain one as well.
$(VENV)/.stamp-install-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.stamp-install

# axe-core for the accessibility test, from the npm registry, served from node_modules.
node_modules/.stamp: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility test will be skipped"; fi

install: $(VENV)/.stamp-install
install-test: $(VENV)/.stamp-install-test node_modules/.stamp

# migrate, load_demo, ensure_admin, then runserver (+ run_scheduler when it exists).
run: install
	PORT=$(PORT) PYTHON_BIN=$(PY) scripts/run-dev

# The whole suite twice: on PostgreSQL (production) and on SQLite (what `make run` uses). Tests
# marked `postgres` are skipped on SQLite. The settings module is forced so a
# DJANGO_SETTINGS_MODULE left in the shell cannot leak in.
# Both runs always happen (a failure on one database does not hide the other's result).
test: install-test
	@status=0; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	exit $$status

test-postgres: install-test
	DJANGO_SETTINGS_MODULE=blogsite.settings.test scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# DATABASE_URL unset: the test settings fall back to SQLite.
test-sqlite: install-test
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=blogsite.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# Every template under the project's folders (not .venv, node_modules or var/).
TEMPLATES_FILES = $(shell find . \( -path ./.venv -o -path ./node_modules -o -path ./var \) -prune \
	-o -path '*/templates/*' -name '*.html' -print | sort)

lint: install-test
	$(VENV)/bin/ruff check . scripts/backup scripts/restore scripts/check-template-lines scripts/varnish-vcl
	@echo "djhtml --check and scripts/check-template-lines on $(words $(TEMPLATES_FILES)) templates"
	@$(VENV)/bin/djhtml --tabwidth 2 --check $(TEMPLATES_FILES)
	@$(PY) scripts/check-template-lines $(TEMPLATES_FILES)

format: install-test
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/djhtml --tabwidth 2 $(TEMPLATES_FILES)

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Production settings with throwaway secrets; exits non-zero on any warning.
check-deploy: install
	DJANGO_SETTINGS_MODULE=blogsite.settings.production \
	SECRET_KEY="check-deploy-$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
	ALLOWED_HOSTS=blog.example.jp BASE_URL=https://blog.example.jp \
		$(MANAGE) check --deploy --fail-level WARNING

# Backups of the database named by the settings (DATABASE_URL) and of MEDIA_ROOT.
backup: install
	$(PY) scripts/backup

restore: install
	$(PY) scripts/restore $(if $(FORCE),--force) $(BACKUP)

# Its own throwaway PostgreSQL, gunicorn and SMTP server; figures in docs/deployment.md.
load-test: install-test
	DJANGO_SETTINGS_MODULE=blogsite.settings.production scripts/with-postgres \
		$(PY) bench/load_test.py $(LOAD_ARGS)

# The several-hosts exercise (issue #20, docs/deployment.md): its own PostgreSQL, Redis, Varnish
# and two gunicorn hosts on 127.0.0.2/.3. Needs redis-server and varnish.
multi-host: install-test
	scripts/with-postgres $(PY) bench/multi_host.py

# Generated data, gunicorn (production settings, 2 workers), Varnish and wrk, all on 127.0.0.1
# and a throwaway PostgreSQL. Installs wrk and varnish with apt when missing (as root).
# Not part of `make test`.
bench: install
	@command -v wrk >/dev/null && command -v varnishd >/dev/null || { \
		[ "$$(id -u)" = 0 ] || { echo "bench: needs wrk and varnish (apt-get install wrk varnish)"; exit 1; }; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk varnish; }
	DJANGO_SETTINGS_MODULE=blogsite.settings.production scripts/with-postgres $(PY) bench/run.py

# Regenerate the project catalogue (locale/) from the source and compile it (needs gettext).
# The .mo files are committed, so `make run` works without gettext.
messages: install
	$(MANAGE) makemessages -l ja -l en --no-location --ignore=.venv --ignore=var \
		--ignore=tests --ignore=bench --ignore=test-artifacts
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf test-artifacts .pytest_cache .ruff_cache
