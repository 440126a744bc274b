"""The real pipeline, `scripts/build.py --out DIR`, timed phase by phase.

build.py announces each phase with a `==> name` line; the time between two of them is
that phase's time. Measuring the real script (not a copy of its steps) keeps the PDF and
zip figures true when build.py changes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.builds import ENV


@dataclass
class FullBuild:
    out: Path
    ok: bool
    phases: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    tail: str = ""

    @property
    def site(self) -> Path:
        return self.out / "site"

    @property
    def dist(self) -> Path:
        return self.out / "dist"


def phase_times(events: list[tuple[float, str]], end: float) -> dict[str, float]:
    """Seconds per phase from (timestamp, line) pairs; a phase ends where the next begins."""
    marks = [(t, line[4:].strip()) for t, line in events if line.startswith("==> ")]
    return {name: (marks[i + 1][0] if i + 1 < len(marks) else end) - start
            for i, (start, name) in enumerate(marks)}


def run(project: Path, out: Path, with_pdf: bool = True) -> FullBuild:
    command = [sys.executable, "scripts/build.py", "--out", str(out)]
    if not with_pdf:
        command.append("--no-pdf")
    start = time.perf_counter()
    events: list[tuple[float, str]] = []
    with subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, bufsize=1) as process:
        assert process.stdout is not None
        for line in process.stdout:
            events.append((time.perf_counter() - start, line.rstrip("\n")))
    total = time.perf_counter() - start
    tail = "\n".join(line for _t, line in events[-25:])
    return FullBuild(out, process.returncode == 0, phase_times(events, total), total, tail)


def failed_phase(build: FullBuild) -> str:
    """The phase that was running when the build stopped (the last one announced)."""
    return next(reversed(build.phases), "") if build.phases else ""
