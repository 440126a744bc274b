"""The page model: each Markdown source read, split and scanned once per change.

Checks need the front matter with line numbers and the whole corpus before any page
renders (the index and reference pages list what *other* pages declare), so sources are
parsed up front and kept by modification time: `mkdocs serve` re-reads only the page that
changed. MkDocs gets the body from here (`on_page_read_source`), so front matter is
parsed once, by us.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hooks.cache import digest
from hooks.model.yaml_data import DataFileError, LocatedData, parse_yaml, read_text
from hooks.problems import Problem

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
# An opening fence line, with its line break: the block's content starts after it.
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)[^\n]*(?:\n|\Z)",
                    re.MULTILINE)


@dataclass(frozen=True)
class FencedBlock:
    """A fenced code block found in a page body: its info word, content and place."""

    info: str
    content: str
    start: int  # offset of the opening fence
    end: int  # offset just after the closing fence line
    content_line: int  # file line of the first content line


@dataclass(frozen=True)
class SourcePage:
    """A Markdown page as the editor wrote it, with its fenced blocks found once."""

    src_uri: str
    display: str  # path shown in messages, e.g. docs/induction.md
    meta: LocatedData
    meta_problem: Problem | None
    body: str
    body_line: int  # line of the file on which `body` starts
    blocks: tuple[FencedBlock, ...]
    digest: str = ""  # of the whole file: a key for results cached across builds

    @property
    def fields(self) -> dict[str, Any]:
        """The front matter as a mapping (empty when it is missing or malformed)."""
        return self.meta.data if isinstance(self.meta.data, dict) else {}

    @property
    def for_mkdocs(self) -> str:
        """The body as MkDocs should read it: behind an empty front matter, so that MkDocs
        neither parses the real one again nor reads a first line such as `Note: …` as
        MultiMarkdown metadata."""
        return "---\n{}\n---\n" + self.body

    @property
    def title(self) -> str:
        return str(self.fields.get("title", self.src_uri))

    def line_at(self, offset: int) -> int:
        """File line of a character offset into `body`."""
        return self.body_line + self.body.count("\n", 0, offset)

    def blocks_of(self, info: str) -> list[FencedBlock]:
        """The page's fenced blocks with this info word (e.g. `side-effects`), in order."""
        return [block for block in self.blocks if block.info == info]


def parse_page(src_uri: str, text: str, display: str) -> SourcePage:
    """Split a page into front matter (with lines) and body, and find its fenced blocks."""
    match = _FRONT_MATTER.match(text)
    key = digest(text)
    # The body starts at its first line that is not blank, as MkDocs starts it.
    start = match.end() if match else 0
    body = text[start:].lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if not match:
        problem = None
        if re.match(r"---[ \t]*\n", text):  # opened, never closed: one problem, not five
            problem = Problem(display, 1, "the front matter starts on line 1 but is never "
                              "closed.", "end it with a line of three dashes (`---`) after "
                              "the last `key: value` line.")
        return SourcePage(src_uri, display, LocatedData({}), problem, body, body_line,
                          fenced_blocks(body, body_line), key)
    try:
        meta = parse_yaml(match.group(1) or "", display, first_line=2)
        problem = None
        if not isinstance(meta.data, dict):
            problem = Problem(display, 2, "the front matter is not a set of `key: value` lines.",
                              "write one `key: value` per line between the two `---` lines.")
            meta = LocatedData({})
    except DataFileError as error:
        meta, problem = LocatedData({}), error.problem
    return SourcePage(src_uri, display, meta, problem, body, body_line,
                      fenced_blocks(body, body_line), key)


# The scan also runs over Markdown the hooks generate (their blocks are masked for
# citations): bounded, for long `mkdocs serve` sessions.
@functools.lru_cache(maxsize=1024)
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
            display = display_path(docs, src_uri)
            try:
                model = parse_page(src_uri, read_text(path, display), display)
            except DataFileError as error:  # not UTF-8: nothing of it can be trusted
                model = SourcePage(src_uri, display, LocatedData({}), error.problem, "", 1, ())
            cached = (stamp, model)
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
