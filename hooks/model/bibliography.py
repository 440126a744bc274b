"""The bibliography: CSL-YAML (as exported by Zotero, read by Pandoc and Quarto).

Loading validates every entry (hooks.checks.bibliography) and formats it once
(hooks.render.references), so pages only look formatted references up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from hooks.cache import DiskCache, digest, source_of
from hooks.checks import bibliography as rules
from hooks.model.yaml_data import DataFileError, load_yaml
from hooks.problems import Problem
from hooks.render import references


@dataclass
class Bibliography:
    """Validated entries by key, each with its line and formatted HTML."""

    display: str
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    formatted: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


_cache: dict[Path, tuple[int, Bibliography]] = {}


def load(path: Path, display: str, today: dt.date | None = None,
         cache_dir: Path | None = None) -> Bibliography:
    """Load, validate and format the bibliography; cached until the file changes.

    Formatting with citeproc-py takes about a second, and parsing and checking the file
    a noticeable part of a build, so a valid result is also kept on disk (in `cache_dir`)
    for the next build, keyed by the file, the day (some checks compare dates with
    today), the style and this code.
    """
    stamp = path.stat().st_mtime_ns if path.exists() else -1
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    today = today or dt.date.today()
    disk = DiskCache(cache_dir, "bibliography")
    key = (digest(path.read_bytes(), str(today), references.STYLE, version("citeproc-py"),
                  *(source_of(module.__file__) for module in (rules, references)),
                  source_of(__file__)) if path.exists() else "")
    kept = disk.get(key)
    if kept:
        bib = Bibliography(display, kept["entries"], kept["lines"], kept["formatted"])
    else:
        bib = _load_and_format(path, display, today)
        if not bib.problems and key:
            disk.entries = {key: {"entries": bib.entries, "lines": bib.lines,
                                  "formatted": bib.formatted}}  # only the current file's
            disk.dirty = True
            disk.save()
    _cache[path] = (stamp, bib)
    return bib


def _load_and_format(path: Path, display: str, today: dt.date) -> Bibliography:
    try:
        located = load_yaml(path, display)
    except DataFileError as error:
        return Bibliography(display, problems=[error.problem])
    entries, lines, problems = rules.validate(located, display, today)
    return Bibliography(display, entries, lines, references.format_entries(entries), problems)
