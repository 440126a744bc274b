"""The real `make build` (hooks.editions.build --out DIR), timed; and the same for an older
revision, exported from git, so that both are measured in the same conditions."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from hooks import settings
from hooks.editions import artefacts

ROOT = settings.ROOT
# Builds keep compiled bytecode as Python does by default (some sandboxes set
# PYTHONDONTWRITEBYTECODE, a recompile no real build pays), in .cache/, not in hooks/.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPYCACHEPREFIX": str(ROOT / ".cache" / "bench-pycache"), "NO_MKDOCS_2_WARNING": "1"}


class BuildFailed(Exception):
    """A build the bench ran failed; carries the end of its output."""


@dataclass(frozen=True)
class Side:
    """One version of the project: its label, folder, and build command (minus the out dir)."""

    label: str
    cwd: Path
    command: tuple[str, ...]


@dataclass(frozen=True)
class Build:
    wall: float
    steps: dict[str, float]  # step -> seconds from the start until it finished
    out: Path
    pdf_pages: int  # in all PDFs of dist/
    pdf_sizes: dict[str, int]  # file name -> bytes


CURRENT = Side("this tree", ROOT, (sys.executable, "-m", "hooks.editions.build", "--out"))


def parse_steps(line: str) -> dict[str, float]:
    """`Built … (finished after: website 3.1 s, PDFs 15.2 s, total 17.3 s)` -> {step: s}."""
    _, found, inside = line.rpartition("(finished after: ")
    if not found or not inside.rstrip().endswith(")"):
        return {}
    parts = [part.rsplit(" ", 2) for part in inside.rstrip()[:-1].split(", ")]
    return {name: float(seconds) for name, seconds, _unit in parts}


def marker_steps(events: list[tuple[float, str]], end: float) -> dict[str, float]:
    """For builds without that line (older ones): each `==> step` line starts a step,
    which finishes when the next one starts."""
    marks = [(t, line[4:].strip()) for t, line in events if line.startswith("==> ")]
    return {name: marks[i + 1][0] if i + 1 < len(marks) else end
            for i, (_t, name) in enumerate(marks)}


def run(side: Side, out: Path, with_pdf: bool = True) -> Build:
    """One full build into `out`, its output read as it comes, to time the steps."""
    command = [*side.command, str(out), *([] if with_pdf else ["--no-pdf"])]
    events: list[tuple[float, str]] = []
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=side.cwd, env=ENV, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as process:
        assert process.stdout is not None
        events = [(time.perf_counter() - start, line.rstrip("\n")) for line in process.stdout]
    wall = time.perf_counter() - start
    if process.returncode != 0:
        tail = "\n".join(line for _t, line in events[-12:])
        raise BuildFailed(f"the full build of {side.label} failed:\n{tail}")
    pdfs = sorted((out / "dist").glob("*.pdf"))
    return Build(wall, parse_steps(events[-1][1]) or marker_steps(events, wall), out,
                 sum(len(PdfReader(pdf).pages) for pdf in pdfs),
                 {pdf.name: pdf.stat().st_size for pdf in pdfs})


def export(rev: str, dest: Path) -> Side:
    """`rev` unpacked into `dest` by git archive (the work tree is untouched), built with
    its own scripts/build.py and this venv; node_modules is linked from this tree."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True)
    if archive.returncode != 0:
        raise BuildFailed(f"git archive {rev}: {archive.stderr.decode(errors='replace')}")
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return Side(rev, dest, (sys.executable, "scripts/build.py", "--out"))


def zip_path(build: Build) -> Path:
    edition = settings.from_file().edition
    return build.out / "dist" / f"{artefacts.offline_zip_stem(edition)}.zip"
