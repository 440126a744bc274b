"""The one way data becomes text in HTML or Markdown: escaped, and dates as readers write them.

Renderers build HTML with MarkupSafe (`Markup.format` and `escape` escape every value,
quotes included), and Markdown with `md()`, so no data reaches a page unescaped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from markupsafe import Markup, escape

__all__ = ["Markup", "div", "edition_date", "escape", "join", "long_date", "md"]


@functools.lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Data as Markdown text: HTML-escaped, and Markdown's special characters neutralised."""
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", str(escape(text)))


def div(lines: list[str], css_class: str, searchable: bool = True) -> list[str]:
    """Markdown lines inside a `<div>` (md_in_html). Not searchable: content that the
    search index has from its own page already, kept out of the index every page loads."""
    attributes = f'class="{css_class}" markdown' + ("" if searchable else " data-search-exclude")
    return [f"<div {attributes}>", "", *lines, "", "</div>", ""]


def join(parts: list[Markup], separator: str = "") -> Markup:
    """Markup pieces joined (the separator is escaped like any text)."""
    return Markup(escape(separator)).join(parts)


def long_date(day: dt.date) -> str:
    """A date as readers write it: 25 November 2026."""
    return f"{day.day} {day:%B %Y}"


def edition_date(edition: str) -> str:
    """'2026-11-25' as readers write it, '25 November 2026' (other text as it is)."""
    try:
        return long_date(dt.date.fromisoformat(edition))
    except ValueError:
        return edition
