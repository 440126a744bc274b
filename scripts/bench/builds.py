"""Timed `mkdocs build` runs: the real site and generated corpora, with hooks on and off.

Each build is a fresh process, as `make build` runs it. Both wall time and CPU time
(user + system of the child) are kept: the machine may be shared, and CPU time is what
another process's load disturbs least, so the budgets are checked on CPU time.

Two builds that are compared run at the same time, one on each CPU (`compare`). This
shared VM's speed drifts by a third within minutes; builds run one after the other caught
different spells (the same 800-page build twice in a row: ratios 0.71 to 0.97), builds
run side by side share the spell (0.98 to 1.03). The bench measures this itself: it
compares a build with itself too (A/A) and reports that spread beside the figures.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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

    def __init__(self, config: Path, output: str) -> None:
        super().__init__(f"mkdocs build -f {config} failed:\n{output[-3000:]}")


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
        """Median of the rounds' own ratios: each round's two builds ran side by side, so
        a slow spell of a shared machine that spans rounds cancels out (a ratio of the two
        medians would mix builds from different spells)."""
        return median(self.round_ratios(which, baseline, clock))


def _command(config: Path, site: Path, strict: bool) -> list[str]:
    # No -q: with it, MkDocs 1.6.1 exits 0 on warnings even with --strict.
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config),
               "--site-dir", str(site)]
    return [*command, "--strict"] if strict else command


def mkdocs_build(config: Path, cwd: Path, site: Path, strict: bool,
                 extra_env: dict[str, str] | None = None) -> Timing:
    """One `mkdocs build` in a new process, timed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(_command(config, site, strict), cwd=cwd,
                         env={**ENV, **(extra_env or {})}, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise BuildFailed(config, run.stdout + run.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


class _Running:
    """One build started in the background on one CPU; `done()` reaps it without blocking."""

    def __init__(self, variant: Variant, site: Path, cpu: int) -> None:
        self.variant = variant
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - stop() closes it
        self.start = time.perf_counter()
        # taskset (util-linux) pins the build to one CPU and becomes the build (exec).
        self.process = subprocess.Popen(
            ["taskset", "--cpu-list", str(cpu), *_command(variant.config, site, variant.strict)],
            cwd=variant.cwd, env=ENV, stdout=self.log, stderr=subprocess.STDOUT)
        self.timing: Timing | None = None

    def done(self) -> bool:
        """True once the build has ended (its timing kept; a failure raises BuildFailed)."""
        if self.timing is None:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid == 0:
                return False
            self.timing = Timing(time.perf_counter() - self.start,
                                 usage.ru_utime + usage.ru_stime)
            self.process.returncode = os.waitstatus_to_exitcode(status)
            if self.process.returncode != 0:
                self.log.seek(0)
                raise BuildFailed(self.variant.config, self.log.read().decode("utf-8", "replace"))
        return True

    def stop(self) -> None:
        if self.timing is None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.log.close()


def side_by_side(pair: dict[str, Variant], site: Path, cpus: tuple[int, int],
                 repeat: int = 1) -> dict[str, Timing]:
    """Both builds at once, the first on `cpus[0]`, the second on `cpus[1]`, each `repeat`
    times in a row; their timings are added up.

    A side that is done first builds again (untimed) until the other is done too, so each
    timed build shares the machine with a build for its whole run, never running alone.
    """
    sides = [_Side(name, v, site, cpu, repeat)
             for (name, v), cpu in zip(pair.items(), cpus, strict=True)]
    with _stopping() as started:
        while not all(side.step(started, filling=False) for side in sides):
            for side in sides:
                side.step(started, filling=True)
            time.sleep(0.02)
    for side in sides:
        shutil.rmtree(site / f"{side.name}-filler", ignore_errors=True)
    return {side.name: _total(side.timings) for side in sides}


def _total(timings: list[Timing]) -> Timing:
    return Timing(sum(t.wall for t in timings), sum(t.cpu for t in timings))


@dataclass
class _Side:
    """One CPU's share of a round: `repeat` timed builds, then untimed ones (fillers)."""

    name: str
    variant: Variant
    site: Path
    cpu: int
    repeat: int
    timings: list[Timing] = field(default_factory=list)
    current: _Running | None = None

    def step(self, started: Callable[[_Running], _Running], filling: bool) -> bool:
        """Record a build that ended, start the next (a filler only if `filling`); True
        once the timed builds are all done."""
        if self.current and self.current.done():
            if len(self.timings) < self.repeat:
                self.timings.append(self.current.timing)
            self.current = None
        done = len(self.timings) >= self.repeat
        if self.current is None and (not done or filling):
            folder = self.site / (f"{self.name}-filler" if done else self.name)
            self.current = started(_Running(self.variant, folder, self.cpu))
        return done


@contextmanager
def _stopping() -> Iterator[Callable[[_Running], _Running]]:
    """`started(run)` registers a background build; all are stopped on the way out."""
    runs: list[_Running] = []

    def started(run: _Running) -> _Running:
        runs.append(run)
        return run

    try:
        yield started
    finally:
        for run in runs:
            run.stop()


def two_cpus() -> tuple[int, int] | None:
    """Two CPUs this process may use, or None on a one-CPU machine."""
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) >= 2 else None


def compare(pair: dict[str, Variant], site: Path, runs: int,
            warmup: bool = True, repeat: int = 1) -> Comparison:
    """`runs` rounds of the two builds of `pair` side by side, after one untimed round if
    `warmup` (it fills the OS file cache and Python's bytecode caches). In each round each
    side builds `repeat` times in a row: short builds then add up to a span that one
    process's hiccup (a few tenths of a second, on either side) moves less.

    Every other round the builds swap CPUs, so that neither CPU decides the figure. On a
    one-CPU machine they run one after the other, in alternating order.
    """
    if len(pair) != 2:
        raise ValueError("compare takes two builds")
    cpus = two_cpus()
    result = Comparison({name: [] for name in pair})
    for index in range(runs + (1 if warmup else 0)):
        if cpus:
            timings = side_by_side(pair, site, cpus[::-1] if index % 2 else cpus, repeat)
        else:
            order = list(pair.items())[::-1 if index % 2 else 1]
            timings = {name: _total([mkdocs_build(v.config, v.cwd, site / name, v.strict)
                                     for _ in range(repeat)]) for name, v in order}
        if warmup and index == 0:
            continue
        for name, timing in timings.items():
            result.runs[name].append(timing)
    return result


def first_build(variant: Variant, baseline: Variant, site: Path) -> tuple[Timing, Timing]:
    """One build with the hooks' results cache emptied, as on a fresh clone or a clean CI run,
    side by side with one `baseline` build like the timed rounds; returns both timings.

    The hooks keep slow, pure results (formatted references, reading levels, passed
    checks) in the folder `disk_cache.folder_for` names; the timed rounds find it filled.
    """
    shutil.rmtree(folder_for(str(variant.config)), ignore_errors=True)
    result = compare({"first": variant, "baseline": baseline}, site, 1, warmup=False)
    return result.runs["first"][0], result.runs["baseline"][0]


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
