"""What a visitor's browser gets from the production nginx: first-load weight and
Lighthouse scores. Chromium is Debian's /usr/bin/chromium; nothing is downloaded."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser

from hooks.hosting import nginx
from hooks.settings import ROOT

CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"  # 12.2.3, pinned in package.json
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-gpu", "--no-first-run", "--disable-sync"]
IF_BUILT = ("/treatments/ocrelizumab/", "/treatments/compare/", "/decision-aid/")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
_SENT = re.compile(r'"[A-Z]+ \S+ [^"]*" \d{3} (\d+) ')  # $body_bytes_sent, combined format


def pages(site: Path) -> list[str]:
    """The home and induction pages, and those of IF_BUILT that this site has."""
    return ["/", "/induction/", *(p for p in IF_BUILT if (site / p[1:] / "index.html").is_file())]


@contextmanager
def production_server(site: Path, work: Path) -> Iterator[tuple[str, Path]]:
    """The site through the production nginx config (gzip, headers): its URL, access log."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = nginx.render(site, f"127.0.0.1:{port}", work)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        nginx.wait_until_listening(process, port)
        yield f"http://127.0.0.1:{port}", work / "access.log"  # as nginx.conf.in names it
    finally:
        process.terminate()
        process.wait(10)


def first_load_bytes(browser: Browser, url: str, access_log: Path) -> int:
    """Response bodies as sent (gzip where nginx compresses) for one visit with an empty
    cache, from nginx's access log ($body_bytes_sent): unlike the page's CDP events, it
    also counts what the search worker loads."""
    offset = access_log.stat().st_size
    context = browser.new_context(viewport={"width": 412, "height": 823})
    try:
        context.new_page().goto(url, wait_until="networkidle")
        time.sleep(1)  # late requests (the search index) count too
    finally:
        context.close()
    with access_log.open("rb") as log:
        log.seek(offset)
        return sum(int(size) for size in _SENT.findall(log.read().decode(errors="replace")))


def lighthouse(url: str, binary: Path = LIGHTHOUSE, attempts: int = 3) -> dict[str, float]:
    """One Lighthouse run, mobile defaults: the score out of 100 by category. A run that
    fails is tried again: with Debian's Chromium, Lighthouse 12 now and then loses its
    trace (NO_NAVSTART, "Please run Lighthouse again"), which says nothing of the page."""
    with tempfile.TemporaryDirectory(prefix="mstp-lighthouse-") as folder:
        out = Path(folder) / "report.json"
        command = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
                   f"--only-categories={','.join(CATEGORIES)}",
                   f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
        for _ in range(attempts):
            out.unlink(missing_ok=True)
            done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM},
                                  capture_output=True, text=True, timeout=300)
            if done.returncode == 0 and out.is_file():
                categories = json.loads(out.read_text(encoding="utf-8"))["categories"]
                return {name: round((categories[name]["score"] or 0) * 100)
                        for name in CATEGORIES}
    raise RuntimeError(f"lighthouse failed {attempts} times on {url}: {done.stderr[-1500:]}")
