"""The editor's loop: save a Markdown file, see the rebuilt page under `mkdocs serve`.

`make serve` runs `mkdocs serve --no-strict`; this starts the same on a temporary copy of
the project (so the real docs are never touched), appends a unique marker to a page, and
polls the served page until the marker is there. PDFs are made by scripts/build.py only,
never by a hook, so the serve log must show no PDF step and no PDF may be written.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.builds import ENV
from bench.stats import median

COPIED = ("docs", "hooks", "overrides")
_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
# What a PDF step would print: build.py's step line, pdf_edition's logger, WeasyPrint's.
_PDF_STEP = re.compile(r"==> PDFs|pdf_edition|weasyprint", re.IGNORECASE)


@dataclass(frozen=True)
class EditLoop:
    seconds: list[float]
    rebuilds: list[float]  # what mkdocs itself reported for each rebuild
    pdf_step: bool  # True if anything PDF-related ran

    @property
    def median(self) -> float:
        return median(self.seconds)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, timeout: float, poll: float = 0.05) -> float:
    """Seconds until `url` serves text containing `needle`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if needle in _get(url):
            return time.perf_counter() - start
        time.sleep(poll)
    raise TimeoutError(f"{url} did not show {needle!r} within {timeout:.0f} s")


def copy_project(project: Path, dest: Path) -> None:
    for name in COPIED:
        shutil.copytree(project / name, dest / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(project / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "node_modules").symlink_to(project / "node_modules", target_is_directory=True)


def measure(project: Path, page: str = "induction.md", edits: int = 3,
            timeout: float = 120) -> EditLoop:
    """Median seconds from saving `page` to the served page showing the change."""
    folder = Path(tempfile.mkdtemp(prefix="mstp-bench-serve-"))
    log_path = folder / "serve.log"
    server = None
    try:
        copy_project(project, folder)
        port = _free_port()
        url = f"http://127.0.0.1:{port}/{page.removesuffix('.md')}/"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "-a",
                 f"127.0.0.1:{port}"], cwd=folder, env=ENV, stdout=log,
                stderr=subprocess.STDOUT)
            _wait_for(url, "</html>", timeout)
            source = folder / "docs" / page
            seconds = []
            for _ in range(edits):
                time.sleep(1.5)  # let the watcher settle after the last rebuild
                marker = f"bench-marker-{uuid.uuid4().hex[:12]}"
                with source.open("a", encoding="utf-8") as text:
                    text.write(f"\n\nEdited by the benchmark: {marker}.\n")
                seconds.append(_wait_for(url, marker, timeout))
        output = log_path.read_text(encoding="utf-8", errors="replace")
        rebuilds = [float(s) for s in _BUILT.findall(output)][1:]  # the first is the start
        pdfs = [p for p in folder.rglob("*.pdf") if "node_modules" not in p.parts]
        pdf_step = bool(_PDF_STEP.search(output)) or bool(pdfs)
        return EditLoop(seconds, rebuilds, pdf_step)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)
