"""Citation rules: every key is known, every source is cited, every medical page cites one."""

from __future__ import annotations

from hooks.model import citations
from hooks.model.citations import CiteGroup
from hooks.model.pages import SourcePage
from hooks.model.source import Source
from hooks.problems import Problem, did_you_mean

_KNOWN_FIX = "use a key from docs/data/bibliography.yaml, or add the source there."


def page_problems(page: SourcePage, known: set[str]) -> list[Problem]:
    """Unknown keys (with the nearest known key) and malformed citations in a page's text."""
    found = []
    for group in citations.find(page.body):
        if not isinstance(group, CiteGroup):
            offset, written = group
            found.append(Problem(page.display, page.line_at(offset),
                                 f"malformed citation {written}.",
                                 "write [@key], [@a; @b] or [@key, p. 12]."))
            continue
        for item in group.items:
            if item.key not in known:
                found.append(Problem(page.display, page.line_at(group.start),
                                     f"unknown citation key '@{item.key}'."
                                     + did_you_mean(item.key, known), _KNOWN_FIX))
    return found


def site_problems(source: Source, required_on: set[str]) -> list[Problem]:
    """Every page's citations, the keys side-effects blocks cite, and sources never cited."""
    bib = source.bibliography
    known = set(bib.entries)
    problems = []
    for page in source.pages.values():
        problems += page_problems(page, known)
        for use in source.block_citations.get(page.src_uri, []):
            if use.key not in known:
                problems.append(Problem(page.display, use.line,
                                        f"unknown citation key '{use.key}' in a side-effects "
                                        "block." + did_you_mean(use.key, known),
                                        "use a key from docs/data/bibliography.yaml."))
        if page.src_uri in required_on and not source.cited_keys(page):
            problems.append(Problem(page.display, page.body_line,
                                    "this medical page cites no source.",
                                    "add citations like [@key] to the statements it makes."))
    cited = source.citing_pages()
    problems += [Problem(bib.display, bib.lines[key], f"entry '{key}' is never cited.",
                         "cite it where the site relies on it, or remove the entry.")
                 for key in bib.entries if key not in cited]
    return problems
