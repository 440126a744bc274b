"""The whole source as one model: pages, bibliography, treatments, vocabulary and glossary.

Read once, before any page renders (the index and reference pages list what *other*
pages and files say); every check and renderer reads this one object.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.model import bibliography, citations, glossary, side_effects, treatments
from hooks.model.bibliography import Bibliography
from hooks.model.glossary import Term
from hooks.model.pages import SourcePage, load_pages
from hooks.model.side_effects import Vocabulary
from hooks.model.treatments import Treatment, TreatmentUse
from hooks.model.yaml_data import DataFileError, read_text
from hooks.problems import Problem


@dataclass
class Source:
    """Everything the editors wrote, parsed; `problems` are what could not be read."""

    pages: dict[str, SourcePage]
    bibliography: Bibliography
    vocabulary: Vocabulary
    treatments: dict[str, Treatment]
    uses: list[TreatmentUse]  # every treatment block of every page, in page order
    glossary: list[Term]
    problems: list[Problem] = field(default_factory=list)
    bibliography_unreadable: bool = False  # then citations are not checked either

    def cited_keys(self, page: SourcePage) -> list[str]:
        """Every key a page cites, in its text and the profile it shows, first use first."""
        keys = citations.keys_used(page.body)
        for use in self.uses_by_page.get(page.src_uri, []):
            if use.profile and use.treatment in self.treatments:
                keys += self.treatments[use.treatment].cited_keys()
        return list(dict.fromkeys(keys))

    def citing_pages(self) -> dict[str, list[str]]:
        """Bibliography key -> the pages (src_uri) that cite it, in page order."""
        uses: dict[str, list[str]] = {}
        for page in self.pages.values():
            for key in self.cited_keys(page):
                uses.setdefault(key, []).append(page.src_uri)
        return uses

    @functools.cached_property
    def uses_by_page(self) -> dict[str, list[TreatmentUse]]:
        grouped: dict[str, list[TreatmentUse]] = {}
        for use in self.uses:
            grouped.setdefault(use.page, []).append(use)
        return grouped

    @functools.cached_property
    def profile_pages(self) -> dict[str, str]:
        """Treatment id -> the page (src_uri) that shows its profile (the first, if more)."""
        found: dict[str, str] = {}
        for use in self.uses:
            if use.profile and use.treatment in self.treatments:
                found.setdefault(use.treatment, use.page)
        return found

    def title_of(self, src_uri: str) -> str:
        page = self.pages.get(src_uri)
        return page.title if page else src_uri


def read(docs_dir: str | Path, src_uris: list[str], data_files: dict[str, Path],
         cache_dir: Path | None, today: dt.date | None = None) -> Source:
    """Read and parse every page and data file (unchanged files come from memory).

    A data file that cannot be read at all is one problem, and what depends on it is not
    checked: a missing bibliography would otherwise make every citation an error too.
    """
    pages = load_pages(docs_dir, src_uris)
    problems: list[Problem] = []
    bib = bibliography.load(data_files["bibliography"].resolve(),
                            str(data_files["bibliography"]), today, cache_dir)
    problems += bib.problems
    vocab, wrong = _read(data_files["side_effects"], side_effects.load_vocabulary)
    problems += wrong
    profiles, wrong = treatments.load_folder(data_files["treatments"])
    problems += wrong
    uses: list[TreatmentUse] = []
    for page in pages.values():
        found, wrong = treatments.uses_on_page(page)
        uses += found
        problems += wrong
    terms, wrong = _read(data_files["glossary"], glossary.load)
    problems += wrong
    return Source(pages, bib, vocab or side_effects.empty(str(data_files["side_effects"])),
                  profiles, uses, terms or [], problems,
                  bibliography_unreadable=bool(bib.problems) and not bib.entries)


def _read(path: Path, load: Callable[[str, str], tuple[Any, list[Problem]]]
          ) -> tuple[Any, list[Problem]]:
    """A data file parsed by `load`, or None and the one problem that stopped it."""
    try:
        return load(read_text(path, str(path)), str(path))
    except FileNotFoundError:
        return None, [Problem(str(path), 1, "this data file does not exist.",
                              "create it, or correct its path under `extra.data_files` in "
                              "mkdocs.yml.")]
    except DataFileError as error:
        return None, [error.problem]
