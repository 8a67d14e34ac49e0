# Silah: the two commands of README.md, and the steps they are made of.
#   make demo   install, migrate, load the Arabic demo set, print the demo logins, serve on :8000
#   make test   install everything the tests need and run the whole suite
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages: gettext compiles the translations, pango is WeasyPrint's text engine;
# the tests also drive Debian's Chromium and turn PDFs into PNGs with poppler, and start their own
# clamd (ClamAV's daemon, which production runs to scan uploads) with a one-signature test database.
APT_RUNTIME := gettext libpango-1.0-0 libpangoft2-1.0-0
APT_TEST := chromium poppler-utils clamav-daemon

define ensure_apt
	@need=""; for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || need="$$need $$pkg"; done; \
	if [ -n "$$need" ]; then \
	  echo "Installing Debian packages:$$need"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$need >/dev/null; \
	fi
endef

.PHONY: demo test fuzz load install install-dev system system-test assets messages env migrate run lint

demo: install env migrate
	@DEBUG=1 $(PY) manage.py load_demo
	@echo "Silah is starting on http://$(HOST):$(PORT)/ (Ctrl+C stops it)."
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev system-test
	$(VENV)/bin/pytest

# The public forms' fuzz test at full size: 10,000 generated inputs per form (about half an hour).
fuzz: install-dev
	SILAH_FUZZ_EXAMPLES=10000 $(VENV)/bin/pytest tests/security/test_public_form_fuzz.py

# The load test of the README (PostgreSQL and Redis on this machine): 50 users for 5 minutes,
# PostgreSQL and the SMS gateway each stopped for 20 s part-way (bench/load.py --help).
load: install-dev
	$(VENV)/bin/python bench/load.py --users 50 --duration 300 --fault postgres --fault sms

install: system $(VENV)/.installed assets messages
install-dev: system $(VENV)/.installed-dev assets messages

system:
	$(call ensure_apt,$(APT_RUNTIME))

system-test:
	$(call ensure_apt,$(APT_TEST))

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Bootstrap (RTL build), its icons and the Arabic web font, from the npm registry.
assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

messages:
	@DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# A local, git-ignored settings file for a developer's machine: DEBUG on, a random key.
env:
	@test -f .env || { printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env; echo "Wrote .env (DEBUG=1) for this machine."; }

migrate:
	DEBUG=1 $(PY) manage.py migrate --noinput -v 0

run:
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
