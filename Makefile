# MS Treatment Paths. `make build` and `make test` are all a newcomer needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve bench lint serve-prod deploy clean install

install: $(STAMP)

# Everything installs from the project's own files: Debian packages, a virtual
# environment with exact pins, the project's own package (hooks/, editable), npm packages
# from the lock file, textstat's dictionary.
$(STAMP): requirements.txt pyproject.toml package.json package-lock.json scripts/install-system-packages.sh scripts/install_cmudict.py
	bash scripts/install-system-packages.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PY) scripts/install_cmudict.py
	touch $@

## build: the website in site/, and the offline zip, PDFs and reports in dist/
build: $(STAMP)
	$(PY) -m hooks.editions.build

## test: the whole test suite (unit, real builds, PDFs, browser, nginx), on every CPU;
## each test file stays on one worker (its module fixtures run once), the real build once
test: $(STAMP)
	$(PY) -m pytest -n auto --dist loadfile

## serve: live preview for editors at http://127.0.0.1:8000 (no PDFs, fast reloads)
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --no-strict

## serve-prod: the built site through the production nginx config (hooks/hosting/) at
##   http://127.0.0.1:8080 (PORT=… to change); builds first if site/ is missing or stale.
##   Foreground: Ctrl-C stops it.
PORT ?= 8080
WEB_SOURCES := mkdocs.yml $(shell find docs hooks overrides -type f ! -path '*/__pycache__/*')
site/index.html: $(STAMP) $(WEB_SOURCES)
	$(PY) -m hooks.editions.build

serve-prod: site/index.html
	$(PY) -m hooks.hosting.serve --root site --listen 127.0.0.1:$(PORT)

## deploy: publish site/ to the gh-pages branch (GitHub Pages), only after `build` and `test`
##   both succeeded in this same run. Pushes only if DEPLOY_REMOTE is set (e.g. origin);
##   DRY_RUN=1 checks without publishing. See hooks/hosting/deploy.py.
deploy: build test
	$(PY) -m hooks.hosting.deploy $(if $(DRY_RUN),--dry-run)

## bench: what users feel (build time, page weight, Lighthouse, zip and PDF sizes),
##   measured against budgets.yml; the table goes to dist/bench.md and the screen.
bench: $(STAMP)
	$(PY) -m bench

## lint: ruff over the package, the bench, the install scripts and the tests
lint: $(STAMP)
	$(VENV)/bin/ruff check hooks bench scripts tests

clean:
	rm -rf site dist .build
