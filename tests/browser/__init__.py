"""Real-browser tests (Debian's Chromium through Playwright).

A package, so that this folder's conftest.py does not shadow tests/conftest.py as the
module `conftest` that the other test files import ROOT and PY from.
"""
