"""The one page model every hook shares: each Markdown source read and split once.

Hooks need the front matter with line numbers (for errors) and the whole corpus before
any page renders (the index and reference pages list what *other* pages declare), so the
sources are parsed up front and cached by modification time: `mkdocs serve` re-reads
only the page that changed.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from data_files import DataFileError, LocatedData, parse_yaml
from diagnostics import Problem
from disk_cache import digest

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
# An opening fence line, with its line break: the block's content starts after it.
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)[^\n]*(?:\n|\Z)",
                    re.MULTILINE)


@dataclass(frozen=True)
class SourcePage:
    """A Markdown page as the editor wrote it."""

    src_uri: str
    display: str  # path shown in messages, e.g. docs/induction.md
    meta: LocatedData
    meta_problem: Problem | None
    body: str
    body_line: int  # line of the file on which `body` starts
    digest: str = ""  # of the whole file: a key for results cached across builds

    def line_at(self, offset: int) -> int:
        """File line of a character offset into `body`."""
        return self.body_line + self.body.count("\n", 0, offset)


@dataclass(frozen=True)
class FencedBlock:
    """A fenced code block found in a page body: its info word, content and place."""

    info: str
    content: str
    start: int  # offset of the opening fence
    end: int  # offset just after the closing fence line
    content_line: int  # file line of the first content line


def parse_page(src_uri: str, text: str, display: str) -> SourcePage:
    """Split a page into front matter (with lines) and body."""
    match = _FRONT_MATTER.match(text)
    key = digest(text)
    if not match:
        return SourcePage(src_uri, display, LocatedData({}), None, text, 1, key)
    body = text[match.end():]
    body_line = text.count("\n", 0, match.end()) + 1
    try:
        meta = parse_yaml(match.group(1) or "", display, first_line=2)
        problem = None
        if not isinstance(meta.data, dict):
            problem = Problem(display, 2, "the front matter is not a set of `key: value` lines.",
                              "write one `key: value` per line between the two `---` lines.")
            meta = LocatedData({})
    except DataFileError as error:
        meta, problem = LocatedData({}), error.problem
    return SourcePage(src_uri, display, meta, problem, body, body_line, key)


# Several hooks look for blocks in the same page text (side effects, citations, key
# points): the scan is done once per text. Bounded, for long `mkdocs serve` sessions.
@functools.lru_cache(maxsize=4096)
def fenced_blocks(text: str, first_line: int = 1) -> tuple[FencedBlock, ...]:
    """Every fenced code block in `text` (which starts at file line `first_line`), in order."""
    return tuple(_scan_fences(text, first_line))


def _scan_fences(text: str, first_line: int) -> Iterator[FencedBlock]:
    # The regex jumps from one fence line to the next instead of visiting every line.
    position, line, counted = 0, first_line, 0
    while opening := _FENCE.search(text, position):
        content_start = opening.end()
        line += text.count("\n", counted, content_start)
        counted = content_start
        closing = _closing_fence(opening.group("fence")).search(text, content_start)
        end = closing.end() if closing else len(text)
        content_end = closing.start() if closing else len(text)
        yield FencedBlock(opening.group("info"), text[content_start:content_end],
                          opening.start(), end, line)
        position = end


@functools.lru_cache(maxsize=32)
def _closing_fence(fence: str) -> re.Pattern[str]:
    """A line of only the fence's character, at least as many of them as it opened with."""
    return re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t\r]*(?:\n|\Z)",
                      re.MULTILINE)


_cache: dict[Path, tuple[int, SourcePage]] = {}


def load_pages(docs_dir: str | Path, src_uris: Iterable[str]) -> dict[str, SourcePage]:
    """The model of every given page, re-reading only files changed since last time."""
    docs = Path(docs_dir)
    pages: dict[str, SourcePage] = {}
    for src_uri in src_uris:
        path = docs / src_uri
        stamp = path.stat().st_mtime_ns
        cached = _cache.get(path)
        if cached is None or cached[0] != stamp:
            text = path.read_text(encoding="utf-8-sig")
            cached = (stamp, parse_page(src_uri, text, display_path(docs, src_uri)))
            _cache[path] = cached
        pages[src_uri] = cached[1]
    return pages


def display_path(docs_dir: Path, src_uri: str) -> str:
    """A page's path as an editor sees it from the project folder (docs/x.md)."""
    return str(Path(_shown_folder(str(docs_dir), os.getcwd())) / src_uri)


@functools.lru_cache(maxsize=16)
def _shown_folder(docs_dir: str, cwd: str) -> str:
    try:
        return str(Path(docs_dir).resolve().relative_to(cwd))
    except ValueError:
        return docs_dir


def markdown_pages(files: Iterable) -> list[str]:
    """The src_uri of every Markdown page among MkDocs' files."""
    return [f.src_uri for f in files if f.src_uri.endswith(".md") and not f.generated_by]
