"""Browser fixtures: one Chromium for the whole session, and the web build on loopback.

Chromium is Debian's (`make install` runs scripts/install-system-packages.sh); Playwright's
own browser download is never used. Without Chromium the tests fail, except on a
developer machine (no CI variable), where they skip and say why.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path(os.environ.get("MSTP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-gpu", "--no-first-run",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium, shared by every browser test (starting one costs ~0.5 s)."""
    if not CHROMIUM.is_file():
        message = (f"Chromium is not installed at {CHROMIUM}: run `make install` "
                   "(scripts/install-system-packages.sh installs Debian's chromium).")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " Skipped because CI is not set.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def web_url(built) -> Iterator[str]:
    """The web build served on 127.0.0.1 (directory URLs need a server, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(built.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
