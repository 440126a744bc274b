"""Pandoc-style citations in Markdown: `[@key]`, `[@a; @b]`, `[@key, p. 12]`.

Pure functions: find citations (skipping code), number them per page in order of first
use (Vancouver), and render superscripts plus the page's reference list. Anchor ids are
only put on <sup> and <li> elements, the ones the print-site plugin makes unique when it
joins all pages into one, so links keep landing in the right place there too.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from diagnostics import Problem, did_you_mean
from source_pages import fenced_blocks

# _GROUP and _CODE_SPAN start with a literal character and look behind it, rather than
# looking behind first: the regex engine can then jump from bracket to bracket (backtick
# to backtick) instead of trying every position of the page: 8-9 times faster.
_GROUP = re.compile(r"\[(?<![\\!\]]\[)(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?![(\[])")
# `[label]: url` at the start of a line defines a Markdown link reference, not a citation.
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]*\]:", re.MULTILINE)
_ITEM = re.compile(
    r"^\s*(?P<prefix>[^@;]*?)\s*@(?P<key>[A-Za-z0-9_](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9_])?)"
    r"\s*(?:,\s*(?P<locator>[^;]+?))?\s*$")
_CODE_SPAN = re.compile(r"(`(?<!``)`*)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class CiteGroup:
    """One bracketed citation as written, e.g. `[@a; @b, p. 3]`."""

    start: int
    end: int
    items: tuple[CiteItem, ...]


@dataclass
class PageCitations:
    """Numbering of one page: key -> number, and the occurrences that cite each number."""

    numbers: dict[str, int] = field(default_factory=dict)
    occurrences: dict[str, list[int]] = field(default_factory=dict)


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
                         m.group("prefix").strip()) for m in items if m))
        elif match.group("body").lstrip().startswith("@"):
            yield (match.start(), match.group(0))


def problems(text: str, known: set[str], display: str,
             line_at: Callable[[int], int]) -> list[Problem]:
    """Unknown keys (with the nearest known key) and malformed citations in a page."""
    found = []
    for group in find(text):
        if isinstance(group, tuple):
            offset, written = group
            found.append(Problem(display, line_at(offset), f"malformed citation {written}.",
                                 "write [@key], [@a; @b] or [@key, p. 12]."))
            continue
        for item in group.items:
            if item.key not in known:
                found.append(Problem(
                    display, line_at(group.start), f"unknown citation key '@{item.key}'."
                    + did_you_mean(item.key, known),
                    "use a key from docs/data/bibliography.yaml, or add the source there."))
    return found


def keys_used(text: str) -> list[str]:
    """Every key a page cites, in order of first use."""
    seen: dict[str, None] = {}
    for group in find(text):
        if not isinstance(group, tuple):
            for item in group.items:
                seen.setdefault(item.key)
    return list(seen)


def render(text: str, known: set[str]) -> tuple[str, PageCitations]:
    """Replace citations with linked superscript numbers; unknown keys show as [?]."""
    page = PageCitations()
    out, last, occurrence = [], 0, 0
    for group in find(text):
        if isinstance(group, tuple):
            continue
        occurrence += 1
        links = []
        for item in group.items:
            if item.key not in known:
                links.append('<span class="cite-unknown">?</span>')
                continue
            number = page.numbers.setdefault(item.key, len(page.numbers) + 1)
            page.occurrences.setdefault(item.key, []).append(occurrence)
            label = f"Reference {number}" + (f", {item.locator}" if item.locator else "")
            locator = f" ({html.escape(item.locator)})" if item.locator else ""
            prefix = f"{html.escape(item.prefix)} " if item.prefix else ""
            links.append(f'{prefix}<a href="#ref-{number}" aria-label="{html.escape(label)}">'
                         f"{number}</a>{locator}")
        # The superscript sits right after the word, as in print ("cord¹."), not "cord ¹".
        out.append(text[last:group.start].rstrip(" "))
        out.append(f'<sup class="cite" id="cite-{occurrence}">{",".join(links)}</sup>')
        last = group.end
    out.append(text[last:])
    return "".join(out), page


def _letters(index: int) -> str:
    """0 → a, 25 → z, 26 → aa: short labels for back-links."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(97 + rest) + label
    return label


def reference_list(page: PageCitations, formatted: dict[str, str]) -> str:
    """The page's numbered references, each with links back to where it was cited."""
    if not page.numbers:
        return ""
    rows = []
    for key, number in sorted(page.numbers.items(), key=lambda kv: kv[1]):
        uses = page.occurrences[key]
        if len(uses) == 1:
            backs = (f'<a class="cite-back" href="#cite-{uses[0]}" '
                     'aria-label="Back to the text">↩</a>')
        else:  # one short link per use, lettered as in Wikipedia: ↩ a b c
            backs = "↩ " + " ".join(
                f'<a class="cite-back" href="#cite-{occ}" aria-label="Back to use {i + 1}">'
                f"{_letters(i)}</a>" for i, occ in enumerate(uses))
        rows.append(f'<li id="ref-{number}" value="{number}">{formatted[key]} '
                    f'<span class="cite-backs">{backs}</span></li>')
    # Out of search: a source's title would make every page citing it match its words.
    # The References page lists every source for search to find.
    return ('\n\n## References {#references .references-heading data-search-exclude}\n\n'
            '<ol class="references">\n' + "\n".join(rows) + "\n</ol>\n")
