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
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
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

## lint: ruff over hooks, scripts and tests
lint: $(STAMP)
	$(VENV)/bin/ruff check hooks scripts tests

clean:
	rm -rf site dist .build
