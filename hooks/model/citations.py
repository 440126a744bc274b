"""Pandoc-style citations in Markdown: `[@key]`, `[@a; @b]`, `[@key, p. 12]`.

Finds the citations of a text (skipping code and link definitions), once per text: the
checks and the renderer read the same result.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from hooks.model.pages import fenced_blocks

# _GROUP and _CODE_SPAN start with a literal character and look behind it, rather than
# looking behind first: the regex engine can then jump from bracket to bracket (backtick
# to backtick) instead of trying every position of the page: 8-9 times faster.
_GROUP = re.compile(r"\[(?<![\\!\]]\[)(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?![(\[])")
# `[label]: url` at the start of a line defines a Markdown link reference, not a citation.
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]*\]:", re.MULTILINE)
# Pandoc's `-@key` ("suppress the author") is the same number in a numbered style.
_ITEM = re.compile(
    r"^\s*(?P<prefix>[^@;]*?)\s*-?@(?P<key>[A-Za-z0-9_](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9_])?)"
    r"\s*(?:,\s*(?P<locator>[^;]+?))?\s*$")
# A bare `@key` in the text (Pandoc's narrative citation); an e-mail address has a word
# character before its @.
_NARRATIVE = re.compile(
    r"(?<![\w@\[;\-\\])@(?P<key>[A-Za-z0-9_](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9_])?)")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_CODE_SPAN = re.compile(r"(`(?<!``)`*)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class CiteGroup:
    """One bracketed citation as written, e.g. `[@a; @b, p. 3]`, and where it stands."""

    start: int
    end: int
    items: tuple[CiteItem, ...]
    in_link: bool = False  # inside a link's text: `[see [@a]](url)`
    in_heading: bool = False


def _masked(text: str) -> list[tuple[int, int]]:
    spans = [(b.start, b.end) for b in fenced_blocks(text)]
    for match in _CODE_SPAN.finditer(text):
        if not any(s <= match.start() < e for s, e in spans):
            spans.append(match.span())
    return spans


# Validation and the reference lists look at the same page text: scanned once. Bounded,
# for long `mkdocs serve` sessions.
@functools.lru_cache(maxsize=4096)
def find(text: str) -> tuple[CiteGroup | tuple[int, str], ...]:
    """Citation groups outside code, in order; a malformed one comes as (offset, text)."""
    return tuple(_scan(text))


def _scan(text: str) -> Iterator[CiteGroup | tuple[int, str]]:
    masked = _masked(text)
    if "]:" in text:
        masked += [m.span() for m in _LINK_DEFINITION.finditer(text)]
    for match in _GROUP.finditer(text):
        if any(s <= match.start() < e for s, e in masked):
            continue
        parts = match.group("body").split(";")
        items = [_ITEM.match(part) for part in parts]
        if all(items):
            yield CiteGroup(match.start(), match.end(), tuple(
                CiteItem(m.group("key"), (m.group("locator") or "").strip(),
                         m.group("prefix").strip()) for m in items if m),
                in_link=bool(_LINK_TEXT_END.match(text, match.end())),
                in_heading=_in_heading(text, match.start()))
        elif match.group("body").lstrip().startswith("@"):
            yield (match.start(), match.group(0))


_LINK_TEXT_END = re.compile(r"[^\[\]\n]*\][(\[]")
_SETEXT = re.compile(r"[^\n]*\n[ ]{0,3}(?:=+|-+)[ \t]*(?:\n|$)")


def _in_heading(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return (text[line_start:offset].lstrip(" ").startswith("#")
            or (bool(_SETEXT.match(text, line_start)) and text[line_start:offset].strip() != ""))


def outside_code(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of `pattern` that are not in code (fenced blocks, `code spans`)."""
    masked = _masked(text)
    return [match for match in pattern.finditer(text)
            if not any(s <= match.start() < e for s, e in masked)]


def narrative(text: str) -> list[re.Match[str]]:
    """Bare `@key`s outside brackets and code (the checks keep the known keys)."""
    if "@" not in text:
        return []
    groups = [(g.start, g.end) if isinstance(g, CiteGroup) else (g[0], g[0] + len(g[1]))
              for g in find(text)]
    return [match for match in outside_code(text, _NARRATIVE)
            if not any(s <= match.start() < e for s, e in groups)]


def footnotes(text: str) -> list[re.Match[str]]:
    """`[^1]` footnote marks outside code."""
    return outside_code(text, _FOOTNOTE) if "[^" in text else []


def keys_used(text: str) -> list[str]:
    """Every key a page cites, in order of first use."""
    seen: dict[str, None] = {}
    for group in find(text):
        if not isinstance(group, tuple):
            for item in group.items:
                seen.setdefault(item.key)
    return list(seen)


