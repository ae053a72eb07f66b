# WGEC Tracker: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Debian packages. Running needs WeasyPrint's libraries, fonts for every script a report
# prints (Latin, Cyrillic, Arabic, CJK) and gettext (the French catalogue); the tests also
# need poppler (PDFs read back) and chromium (browser tests).
RUN_APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	fonts-noto-core fonts-noto-cjk gettext
TEST_APT_PACKAGES := $(RUN_APT_PACKAGES) poppler-utils chromium
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
STAMP := $(TEST_STAMP)

# Test defaults: the local PostgreSQL and Redis of our machines; override in the environment.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/wgec
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install run-deps system-deps services messages migrate seed bench check-deploy clean

# Python packages: `make run` installs the project's own (pyproject.toml dependencies);
# `make test` adds the test tools (pytest, Playwright, aiosmtpd, moto, pdfplumber...).
$(RUN_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@echo "Installing the Python packages the tracker runs on (pyproject.toml) into $(VENV)"
	$(PIP) install --quiet --disable-pip-version-check -e .
	@touch $@

$(TEST_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@echo "Installing the Python packages of the tracker and of its tests (.[test]) into $(VENV)"
	$(PIP) install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@ $(RUN_STAMP)

install: $(TEST_STAMP)

# Installs the Debian packages given only when one is missing (root or sudo).
define apt_install
	@echo "Debian packages needed: $(1)"; \
	missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "(all installed)"; fi
endef

# What running needs: WeasyPrint's libraries, the fonts and gettext; not chromium or poppler.
run-deps:
	$(call apt_install,$(RUN_APT_PACKAGES))

# Everything, for the tests.
system-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))

# Compiles the message catalogues (wgec/locale/*/LC_MESSAGES/django.po -> .mo, not committed)
# with gettext's msgfmt; without msgfmt the pages stay in English, so say so and go on.
messages: $(RUN_STAMP)
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0; \
	else echo "(gettext's msgfmt is missing: pages stay in English; apt-get install gettext)"; fi

# Starts PostgreSQL and Redis only when they do not answer; never stops them.
services:
	@bash .ci/ensure-services

run: $(RUN_STAMP)
	-@$(MAKE) --no-print-directory run-deps || echo "(Could not install Debian packages; PDF fonts and French may be missing.)"
	@$(MAKE) --no-print-directory messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py create_demo_users
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(TEST_STAMP) system-deps services messages
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	  $(PY) -m pytest $(PYTEST_ARGS)
	DJANGO_ENV=production SECRET_KEY=check-deploy-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-abcdefghijkl \
	  ALLOWED_HOSTS=wgec.example.org CSRF_TRUSTED_ORIGINS=https://wgec.example.org \
	  DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench: $(STAMP) system-deps services
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
