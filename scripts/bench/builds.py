"""Timed `mkdocs build` runs: the real site and generated corpora, with hooks on and off.

Each build is a fresh process, as `make build` runs it. Both wall time and CPU time
(user + system of the child) are kept: the machine may be shared, and CPU time is what
another process's load disturbs least, so the budgets are checked on CPU time.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import write_hooks_off_config
from bench.stats import median, ratio

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


class BuildFailed(Exception):
    """A benchmark build did not succeed; carries the end of its output."""


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


@dataclass
class Comparison:
    """Alternating hooks-on / hooks-off builds of the same docs."""

    on: list[Timing] = field(default_factory=list)
    off: list[Timing] = field(default_factory=list)

    def median(self, which: str, clock: str = "cpu") -> float:
        return median([getattr(t, clock) for t in getattr(self, which)])

    def ratio(self, clock: str = "cpu") -> float:
        return ratio(self.median("on", clock), self.median("off", clock))


def mkdocs_build(config: Path, cwd: Path, site: Path, strict: bool,
                 extra_env: dict[str, str] | None = None) -> Timing:
    """One `mkdocs build` in a new process, timed."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "--clean", "-f", str(config),
               "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, env={**ENV, **(extra_env or {})},
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise BuildFailed(f"mkdocs build -f {config} failed:\n{(run.stdout + run.stderr)[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def compare(on: tuple[Path, Path], off: tuple[Path, Path], site: Path, runs: int,
            warmup: bool = True) -> Comparison:
    """`runs` alternating pairs (on, off, on, off, …), after one untimed pair if `warmup`.

    `on` and `off` are (config, working directory). The hooks-on build is strict, like
    `make build`; the hooks-off build cannot be (the hooks' markers stay unreplaced).
    """
    result = Comparison()
    for index in range(runs + (1 if warmup else 0)):
        pair = (mkdocs_build(*on, site, strict=True), mkdocs_build(*off, site, strict=False))
        if warmup and index == 0:
            continue  # fills the OS file cache and Python's bytecode caches
        result.on.append(pair[0])
        result.off.append(pair[1])
    return result


def real_site_hooks_off(project: Path) -> tuple[Path, Path]:
    """A folder where the project's mkdocs.yml can be built with `hooks: []`.

    The config INHERITs mkdocs.yml; relative paths in it (docs/, overrides/, the cover
    template) resolve against the child config's folder, so they are linked there.
    """
    folder = Path(tempfile.mkdtemp(prefix="mstp-bench-nohooks-"))
    for name in ("docs", "overrides", "node_modules"):
        (folder / name).symlink_to(project / name, target_is_directory=True)
    config = write_hooks_off_config(folder / "mkdocs-hooks-off.yml", project / "mkdocs.yml")
    return config, folder


def cleanup(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
