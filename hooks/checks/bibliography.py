"""Bibliography rules: every entry has real metadata, well-formed identifiers and one key."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hooks.model.yaml_data import LocatedData
from hooks.problems import Problem

# Fields each type must have. A web page needs a URL unless its `note` says why none is given.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article-journal": ("author", "title", "container-title", "issued"),
    "webpage": ("title",),
    "speech": ("title", "issued"),
    "paper-conference": ("title", "container-title", "issued"),
    "book": ("title", "publisher", "issued"),
    "report": ("title", "publisher", "issued"),
    "chapter": ("title", "container-title"),
}
# No quotes, spaces, angle brackets, backslashes or control characters: these fields become
# link addresses, and such a character could end the address and start an attribute.
_UNSAFE = r"\s\"'<>\\\x00-\x1f\x7f"
DOI = re.compile(rf"^10\.\d{{4,9}}/[^{_UNSAFE}]+$")
URL = re.compile(rf"^https?://[^{_UNSAFE}/]+\.[^{_UNSAFE}/]+(?:/[^{_UNSAFE}]*)?$")
_ADDRESSES = (
    ("DOI", DOI, "write the bare DOI, e.g. `DOI: 10.1001/jama.2018.18743` (no https://doi.org/ "
                 "prefix)."),
    ("URL", URL, "write the full address starting with https://, without quotes or spaces "
                 "(write a space as %20)."),
)
# The keys pages can cite (hooks.model.citations reads the same characters).
KEY = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9_])?$")


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
    if not KEY.match(key):
        return [Problem(display, located.line(index, "id"),
                        f"the key {key!r} cannot be cited: it has characters a citation "
                        "key may not have.", "use letters, digits and `_ - . :` only, "
                        "e.g. `id: cohen2012`.")]
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
    for name, pattern, fix in _ADDRESSES:
        value = item.get(name)
        if value is not None and not pattern.match(str(value)):
            problems.append(Problem(display, located.line(index, name),
                                    f"entry '{key}' has a malformed {name} {value!r}.", fix))
    for name in ("issued", "accessed"):
        if name in item and not _valid_date(item[name], today):
            problems.append(Problem(display, located.line(index, name),
                                    f"entry '{key}' has a malformed `{name}` date {item[name]!r}.",
                                    f"write `{name}: {{date-parts: [[YYYY, M, D]]}}` with a real "
                                    f"year between 1800 and {today.year}."))
    return problems


_UNCONFIRMED = re.compile(r"Unconfirmed:\s*([A-Za-z\-,; ]+)")


def _unconfirmed(item: dict[str, Any]) -> set[str]:
    """Fields the entry's note declares impossible to confirm ('Unconfirmed: author.')."""
    match = _UNCONFIRMED.search(str(item.get("note", "")))
    return {f.strip() for f in re.split(r"[,;]", match.group(1))} if match else set()


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


def validate(located: LocatedData, display: str, today: dt.date
             ) -> tuple[dict[str, dict[str, Any]], dict[str, int], list[Problem]]:
    """Check the whole file: entries, and that no key is used twice.

    Returns the usable entries by key, the line of each key, and the problems.
    """
    entries: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    if not isinstance(located.data, list):
        return entries, lines, [Problem(display, 1, "the bibliography is not a list of entries.",
                                        "write CSL-YAML: each entry starts with `- id: key`.")]
    problems = []
    for index, item in enumerate(located.data):
        problems += entry_problems(item, index, located, display, today)
        key = item.get("id") if isinstance(item, dict) else None
        if not isinstance(key, str):
            continue
        if key in entries:
            problems.append(Problem(display, located.line(index, "id"),
                                    f"duplicate key '{key}' (first used on line {lines[key]}).",
                                    "give each entry its own key, or merge the two entries."))
        else:
            entries[key] = item
            lines[key] = located.line(index, "id")
    return entries, lines, problems
