# MS Treatment Paths. `make build` and `make test` are all a newcomer needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve bench lint serve-prod deploy clean install

install: $(STAMP)

# Everything installs from the project's own files: Debian packages, a virtual
# environment with exact pins, npm packages from the lock file, textstat's dictionary.
$(STAMP): requirements.txt package.json package-lock.json scripts/install-system-packages.sh scripts/install_cmudict.py
	bash scripts/install-system-packages.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PY) scripts/install_cmudict.py
	touch $@

## build: the website in site/, and the offline zip, PDFs and reports in dist/
build: $(STAMP)
	$(PY) scripts/build.py

## test: the whole test suite (unit, real builds, PDFs, browser, nginx)
test: $(STAMP)
	$(PY) -m pytest

## serve: live preview for editors at http://127.0.0.1:8000 (no PDFs, fast reloads)
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --no-strict

## serve-prod: the built site through the production nginx config (deploy/nginx/) at
##   http://127.0.0.1:8080 (PORT=… to change); builds first if site/ is missing or stale.
##   Foreground: Ctrl-C stops it.
PORT ?= 8080
WEB_SOURCES := mkdocs.yml $(shell find docs hooks overrides -type f ! -path '*/__pycache__/*') $(wildcard scripts/*.py)
site/index.html: $(STAMP) $(WEB_SOURCES)
	$(PY) scripts/build.py

serve-prod: site/index.html
	$(PY) scripts/serve_prod.py --root site --listen 127.0.0.1:$(PORT)

## deploy: publish site/ to the gh-pages branch (GitHub Pages), only after `build` and `test`
##   both succeeded in this same run. Pushes only if DEPLOY_REMOTE is set (e.g. origin);
##   DRY_RUN=1 checks without publishing. See scripts/deploy.py.
deploy: build test
	$(PY) scripts/deploy.py $(if $(DRY_RUN),--dry-run)

## bench: speed, size and scale measured against budgets.yml, in one run (~15 min);
##   the table goes to dist/bench.md and the screen; fails when a budget is broken.
bench: $(STAMP)
	$(PY) scripts/bench

## lint: ruff over hooks, scripts and tests
lint: $(STAMP)
	$(VENV)/bin/ruff check hooks scripts tests

clean:
	rm -rf site dist .build
