"""Citation rules: every key is known, every source is cited, every medical page cites one."""

from __future__ import annotations

from hooks.model import citations
from hooks.model.citations import CiteGroup
from hooks.model.pages import SourcePage
from hooks.model.source import Source
from hooks.problems import Problem, did_you_mean

KNOWN_FIX = "use a key from docs/data/bibliography.yaml, or add the source there."


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
        line = page.line_at(group.start)
        for item in group.items:
            if item.key not in known:
                found.append(Problem(page.display, line, f"unknown citation key '@{item.key}'."
                                     + did_you_mean(item.key, known), KNOWN_FIX))
        keys = [item.key for item in group.items]
        for key in sorted({key for key in keys if keys.count(key) > 1}):
            found.append(Problem(page.display, line, f"'@{key}' is cited twice in one bracket.",
                                 "cite each source once in a bracket; give pages as "
                                 "[@key, pp. 3-5]."))
        if group.in_link:
            found.append(Problem(page.display, line, "a citation inside a link's text.",
                                 "put the citation after the link: [text](url) [@key]."))
        if group.in_heading:
            found.append(Problem(page.display, line, "a citation in a heading.",
                                 "cite the source in the text under the heading."))
    for match in citations.narrative(page.body):
        if match.group("key") in known:
            found.append(Problem(page.display, page.line_at(match.start()),
                                 f"'@{match.group('key')}' outside brackets is not a citation "
                                 "on this site (Pandoc's narrative form is not supported).",
                                 f"write [@{match.group('key')}] after the words it backs."))
    for match in citations.footnotes(page.body):
        found.append(Problem(page.display, page.line_at(match.start()),
                             f"a footnote mark {match.group(0)}: footnotes are not used here.",
                             "put the note in the text, or cite its source as [@key]."))
    return found


def site_problems(source: Source, required_on: set[str]) -> list[Problem]:
    """Every page's citations and sources never cited (treatment files: hooks.checks.treatments)."""
    bib = source.bibliography
    known = set(bib.entries)
    problems = []
    for page in source.pages.values():
        problems += page_problems(page, known)
        if page.src_uri in required_on and not source.cited_keys(page):
            problems.append(Problem(page.display, page.body_line,
                                    "this medical page cites no source.",
                                    "add citations like [@key] to the statements it makes."))
    cited = source.citing_pages()
    problems += [Problem(bib.display, bib.lines[key], f"entry '{key}' is never cited.",
                         "cite it where the site relies on it, or remove the entry.")
                 for key in bib.entries if key not in cited]
    return problems
