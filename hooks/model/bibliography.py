"""The bibliography: CSL-YAML (as exported by Zotero, read by Pandoc and Quarto).

Loading validates every entry (hooks.checks.bibliography) and formats it once
(hooks.render.references), so pages only look formatted references up.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from hooks.cache import DiskCache, digest, source_of
from hooks.checks import bibliography as rules
from hooks.model.yaml_data import DataFileError, LocatedData, load_yaml, repeated_keys
from hooks.problems import Problem
from hooks.render import references
from hooks.render.text import escape


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
        located = as_csl(load_yaml(path, display))
    except DataFileError as error:
        return Bibliography(display, problems=[error.problem])
    entries, lines, problems = rules.validate(located, display, today)
    problems += repeated_keys(located, display)
    if problems:  # citeproc-py is not given what failed the checks: titles stand in
        formatted = {key: str(escape(str(entry.get("title", key))))
                     for key, entry in entries.items()}
    else:
        formatted = references.format_entries(entries)
    return Bibliography(display, entries, lines, formatted, problems)


def as_csl(located: LocatedData) -> LocatedData:
    """The entries as CSL-YAML, whichever way Zotero or Better BibTeX exported them.

    Accepted: a `references:` wrapper around the list; dates written as `2020`, `2020-05`,
    `2020-05-03` or as `year:`/`month:`/`day:` fields (alone or in a list), and date parts
    written as text ("2020"). Anything else is left as it is, for the checks to name.
    """
    data, lines = located.data, located.lines
    if isinstance(data, dict) and isinstance(data.get("references"), list):
        data = data["references"]
        lines = {key[1:]: line for key, line in lines.items() if key[:1] == ("references",)}
    if isinstance(data, list):
        data = [{**item, **{name: _date(item[name]) for name in _DATES if name in item}}
                if isinstance(item, dict) else item for item in data]
    return LocatedData(data, lines, located.first_line, located.repeated)


_DATES = ("issued", "accessed")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, (str, int)) and (match := _ISO.match(str(value))):
        return {"date-parts": [[int(part) for part in match.groups() if part]]}
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict) and "year" in value:
        parts = [value.get(name) for name in ("year", "month", "day")]
        parts = parts[:next((i for i, part in enumerate(parts) if part is None), 3)]
        return {"date-parts": [[_number(part) for part in parts]]}
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list):
        return {**value, "date-parts": [[_number(part) for part in parts]
                                        if isinstance(parts, list) else parts
                                        for parts in value["date-parts"]]}
    return value


def _number(part: Any) -> Any:
    return int(part) if isinstance(part, str) and part.isdigit() else part
