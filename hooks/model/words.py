"""How names are compared and sorted: the index pages, the glossary and "did you mean"."""

from __future__ import annotations

import functools
import unicodedata


# The same few names come up on every page and on every line of the index pages.
@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Sort and match key: case- and accent-insensitive ('Œdème' sorts with 'oedeme')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("œ", "oe").replace("æ", "ae").strip()
