"""The whole source as one model: pages, bibliography, side effects and glossary, read once.

Built before any page renders (the index and reference pages list what *other* pages
declare); every check and renderer reads this one object.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

from hooks.model import bibliography, citations, glossary, side_effects
from hooks.model.bibliography import Bibliography
from hooks.model.glossary import Term
from hooks.model.pages import SourcePage, load_pages
from hooks.model.side_effects import CitationUse, Declaration, Vocabulary
from hooks.problems import Problem


@dataclass
class Source:
    """Everything the editors wrote, parsed; `problems` are what could not be read."""

    pages: dict[str, SourcePage]
    bibliography: Bibliography
    vocabulary: Vocabulary
    declarations: list[Declaration]
    block_citations: dict[str, list[CitationUse]]
    glossary: list[Term]
    problems: list[Problem] = field(default_factory=list)

    def cited_keys(self, page: SourcePage) -> list[str]:
        """Every key a page cites, in its text and its side-effects blocks, first use first."""
        keys = citations.keys_used(page.body)
        keys += [use.key for use in self.block_citations.get(page.src_uri, [])]
        return list(dict.fromkeys(keys))

    def citing_pages(self) -> dict[str, list[str]]:
        """Bibliography key -> the pages (src_uri) that cite it, in page order."""
        uses: dict[str, list[str]] = {}
        for page in self.pages.values():
            for key in self.cited_keys(page):
                uses.setdefault(key, []).append(page.src_uri)
        return uses

    @functools.cached_property
    def declared_blocks(self) -> dict[tuple[str, int], list[Declaration]]:
        """Declarations by (page, block), grouped once (after the checks drop repeats)."""
        groups: dict[tuple[str, int], list[Declaration]] = {}
        for item in self.declarations:
            groups.setdefault((item.page, item.block), []).append(item)
        return groups

    def title_of(self, src_uri: str) -> str:
        page = self.pages.get(src_uri)
        return page.title if page else src_uri


def read(docs_dir: str | Path, src_uris: list[str], data_files: dict[str, Path],
         cache_dir: Path | None, today: dt.date | None = None) -> Source:
    """Read and parse every page and data file (unchanged files come from memory)."""
    pages = load_pages(docs_dir, src_uris)
    problems: list[Problem] = []
    bib = bibliography.load(data_files["bibliography"].resolve(),
                            str(data_files["bibliography"]), today, cache_dir)
    problems += bib.problems
    vocab, wrong = side_effects.load_vocabulary(_text(data_files["side_effects"]),
                                                str(data_files["side_effects"]))
    problems += wrong
    declarations: list[Declaration] = []
    block_citations: dict[str, list[CitationUse]] = {}
    for page in pages.values():
        found = side_effects.parse_page(page, vocab)
        declarations += found.declarations
        block_citations[page.src_uri] = found.citations
        problems += found.problems
    terms, wrong = glossary.load(_text(data_files["glossary"]), str(data_files["glossary"]))
    problems += wrong
    return Source(pages, bib, vocab, declarations, block_citations, terms, problems)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""
