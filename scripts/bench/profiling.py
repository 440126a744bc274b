"""Where a build's time goes: one cProfile run with hooks and one without, summarised.

Run only when a build budget is broken. The profiler's clock is the process's CPU time,
so time lost to other processes on a shared machine is not counted; the profiler slows
everything down by a similar factor, so compare parts rather than read absolute times.
The hooks' cost is partly indirect (text they add makes Markdown slower), so besides the
hook functions the summary compares the big phases of the two builds.
"""

from __future__ import annotations

import pstats
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.builds import ENV

# Phases of a build, found by function name in the profile (file suffix, function).
PHASES = {
    "loading hook modules (their imports)": ("mkdocs/config/config_options.py", "_load_hook"),
    "Markdown conversion": ("markdown/core.py", "convert"),
    "page templates (Jinja)": ("mkdocs/commands/build.py", "_build_page"),
    "on_files events": ("mkdocs/plugins.py", "on_files"),
    "on_page_markdown events": ("mkdocs/plugins.py", "on_page_markdown"),
    "on_page_content events": ("mkdocs/plugins.py", "on_page_content"),
    "on_post_build events": ("mkdocs/plugins.py", "on_post_build"),
    "↳ of which: CMU dictionary load (nltk, for textstat)": ("nltk/corpus/reader/cmudict.py",
                                                             "dict"),
    "↳ of which: citeproc formatting": ("citeproc/frontend.py", "bibliography"),
}
# Heavy libraries the hooks call: their cumulative time is shown by entry point.
LIBRARIES = ("textstat", "nltk", "citeproc", "yaml", "jsonschema", "selectolax")


@dataclass(frozen=True)
class Row:
    where: str
    calls: int
    cumulative: float


# `python -m cProfile` cannot choose its clock: this does the same with process_time.
_RUNNER = """
import cProfile, sys, time
from mkdocs.__main__ import cli
profiler = cProfile.Profile(time.process_time)
code = 0
try:
    profiler.runcall(cli.main, args=sys.argv[2:], prog_name="mkdocs")
except SystemExit as stop:
    code = stop.code or 0
profiler.dump_stats(sys.argv[1])
sys.exit(code)
"""


def profile_build(config: Path, cwd: Path, site: Path, strict: bool, out: Path) -> pstats.Stats:
    """Profile one `mkdocs build` in a new process; the raw profile is kept in `out`."""
    command = [sys.executable, "-c", _RUNNER, str(out), "build",
               "-f", str(config), "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    run = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"profiled build failed:\n{(run.stdout + run.stderr)[-2000:]}")
    return pstats.Stats(str(out))


def _entries(stats: pstats.Stats):
    for (file, line, name), (_cc, calls, _tt, cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        yield file, line, name, calls, cum


def total(stats: pstats.Stats) -> float:
    return float(stats.total_tt)  # type: ignore[attr-defined]


def phase(stats: pstats.Stats, suffix: str, name: str) -> float:
    """Cumulative seconds in the named function (0 when it never ran)."""
    return max((cum for file, _l, n, _c, cum in _entries(stats)
                if n == name and file.endswith(suffix)), default=0.0)


def hook_functions(stats: pstats.Stats, hooks_dir: Path, limit: int = 12) -> list[Row]:
    """The project's hook code by cumulative time, most expensive first."""
    rows = [Row(f"hooks/{Path(file).name}:{line} {name}", calls, cum)
            for file, line, name, calls, cum in _entries(stats)
            if Path(file).parent.name == hooks_dir.name and name != "<module>"]
    return sorted(rows, key=lambda r: -r.cumulative)[:limit]


def library_entry_points(stats: pstats.Stats, limit: int = 8) -> list[Row]:
    """Library functions called directly from hook code, by cumulative time."""
    rows = []
    for (file, line, name), (_cc, calls, _tt, cum, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if not any(f"/{lib}/" in file for lib in LIBRARIES):
            continue
        if any("/hooks/" in caller[0] for caller in callers):
            short = file.split("site-packages/")[-1]
            rows.append(Row(f"{short}:{line} {name}", calls, cum))
    return sorted(rows, key=lambda r: -r.cumulative)[:limit]


def summary(on: pstats.Stats, off: pstats.Stats, hooks_dir: Path) -> str:
    """A Markdown section: phases side by side, then hook functions and libraries."""
    lines = ["| Phase (profiled, s) | hooks on | hooks off |", "|---|---:|---:|",
             f"| whole build | {total(on):.2f} | {total(off):.2f} |"]
    for label, (suffix, name) in PHASES.items():
        on_s, off_s = phase(on, suffix, name), phase(off, suffix, name)
        lines.append(f"| {label} | {on_s:.2f} | {off_s:.2f} |")
    lines += ["", "| Hook function (cumulative, profiled) | calls | s |", "|---|---:|---:|"]
    lines += [f"| `{r.where}` | {r.calls} | {r.cumulative:.2f} |"
              for r in hook_functions(on, hooks_dir)]
    lines += ["", "| Library called from hooks (cumulative, profiled) | calls | s |",
              "|---|---:|---:|"]
    lines += [f"| `{r.where}` | {r.calls} | {r.cumulative:.2f} |"
              for r in library_entry_points(on)]
    return "\n".join(lines) + "\n"
