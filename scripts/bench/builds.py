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
from disk_cache import folder_for

ROOT = Path(__file__).resolve().parents[2]
# Builds run as Python runs by default, keeping compiled bytecode between runs (in
# .cache/, which git ignores). Some sandboxes set PYTHONDONTWRITEBYTECODE, which makes
# every build compile the hook modules from source again: a cost no real build pays.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPYCACHEPREFIX": str(ROOT / ".cache" / "pycache"), "NO_MKDOCS_2_WARNING": "1"}


class BuildFailed(Exception):
    """A benchmark build did not succeed; carries the end of its output."""


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


@dataclass(frozen=True)
class Variant:
    """One way of building the same site: its config, where to run it, and strictness."""

    config: Path
    cwd: Path
    strict: bool


@dataclass
class Comparison:
    """Alternating builds of variants of one site, by name ("on", "off", …)."""

    runs: dict[str, list[Timing]] = field(default_factory=dict)

    def median(self, which: str, clock: str = "cpu") -> float:
        return median([getattr(t, clock) for t in self.runs[which]])

    def round_ratios(self, which: str, baseline: str, clock: str = "cpu") -> list[float]:
        """Each round's own ratio of `which` to `baseline`, in the order the rounds ran."""
        return [ratio(getattr(a, clock), getattr(b, clock))
                for a, b in zip(self.runs[which], self.runs[baseline], strict=True)]

    def ratio(self, which: str, baseline: str, clock: str = "cpu") -> float:
        """Median of the rounds' own ratios: each round's builds ran minutes apart at most,
        so a slow spell of a shared machine that spans rounds cancels out (a ratio of the
        two medians would mix builds from different spells)."""
        return median(self.round_ratios(which, baseline, clock))


def mkdocs_build(config: Path, cwd: Path, site: Path, strict: bool,
                 extra_env: dict[str, str] | None = None) -> Timing:
    """One `mkdocs build` in a new process, timed."""
    # No -q: with it, MkDocs 1.6.1 exits 0 on warnings even with --strict.
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config),
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


def compare(variants: dict[str, Variant], site: Path, runs: int,
            warmup: bool = True) -> Comparison:
    """`runs` rounds of one build per variant, in turn, after one untimed round if `warmup`.

    Alternating spreads any slow spell of a shared machine over all variants alike. The
    hooks-on build is strict, like `make build`; the plain hooks-off build cannot be (the
    hooks' markers stay unreplaced).
    """
    result = Comparison({name: [] for name in variants})
    for index in range(runs + (1 if warmup else 0)):
        # Every other round in reverse order, so that going first or last is no advantage.
        order = list(variants.items())[::-1 if index % 2 else 1]
        timings = {name: mkdocs_build(v.config, v.cwd, site, v.strict) for name, v in order}
        if warmup and index == 0:
            continue  # fills the OS file cache and Python's bytecode caches
        for name, timing in timings.items():
            result.runs[name].append(timing)
    return result


def first_build(variant: Variant, site: Path) -> Timing:
    """One build with the hooks' results cache emptied, as on a fresh clone or a clean CI run.

    The hooks keep slow, pure results (formatted references, reading levels, passed
    checks) in the folder `disk_cache.folder_for` names; the timed rounds find it filled.
    """
    shutil.rmtree(folder_for(str(variant.config)), ignore_errors=True)
    return mkdocs_build(variant.config, variant.cwd, site, variant.strict)


def real_site_hooks_off(project: Path) -> tuple[Path, Path]:
    """A folder where the project's mkdocs.yml can be built with `hooks: []`.

    The config INHERITs mkdocs.yml; relative paths in it (docs/, overrides/, the cover
    template, hooks/) resolve against the child config's folder, so they are linked there.
    """
    folder = Path(tempfile.mkdtemp(prefix="mstp-bench-nohooks-"))
    for name in ("docs", "overrides", "node_modules", "hooks"):
        (folder / name).symlink_to(project / name, target_is_directory=True)
    config = write_hooks_off_config(folder / "mkdocs-hooks-off.yml", project / "mkdocs.yml")
    return config, folder


def cleanup(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
