"""Glossary rules: every term explains a word that some page uses."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hooks.model.glossary import Term
from hooks.model.pages import SourcePage
from hooks.problems import Problem


def unused_terms(terms: list[Term], pages: Iterable[SourcePage]) -> list[Problem]:
    """A term none of whose spellings appears on any page: a definition nobody reads."""
    text = "\n".join(page.body for page in pages)
    return [Problem(term.display, term.line, f"the glossary term '{term.term}' is used on no "
                    "page (none of its `match` spellings appears).",
                    "remove the term, or correct its `match` spellings.")
            for term in terms
            if not any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for word in term.match)]
