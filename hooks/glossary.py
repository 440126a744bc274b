"""The glossary: one data file gives the Glossary page and the tooltips on every page."""

from __future__ import annotations

from dataclasses import dataclass

from data_files import DataFileError, parse_yaml
from diagnostics import Problem
from side_effects import fold, md


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    match: tuple[str, ...]


def load(text: str, display: str) -> tuple[list[Term], list[Problem]]:
    """Parse the glossary list; each entry needs `term` and `definition`."""
    try:
        located = parse_yaml(text, display)
    except DataFileError as error:
        return [], [error.problem]
    if not isinstance(located.data, list):
        return [], [Problem(display, 1, "the glossary is not a list of terms.",
                            "start each entry with `- term: Word`.")]
    terms, problems, seen = [], [], {}
    for index, entry in enumerate(located.data):
        line = located.line(index)
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
            problems.append(Problem(display, line, "this glossary entry needs `term` and "
                                    "`definition`.", "add both, as plain text."))
            continue
        match = entry.get("match", [entry["term"]])
        if not isinstance(match, list) or not all(isinstance(m, str) for m in match):
            problems.append(Problem(display, located.line(index, "match"),
                                    f"`match` of '{entry['term']}' is not a list of words.",
                                    "write `match: [word, Word]`."))
            continue
        for word in match:
            if word in seen:
                problems.append(Problem(display, located.line(index, "match"),
                                        f"'{word}' is matched by two terms ('{seen[word]}' and "
                                        f"'{entry['term']}').", "keep it under one term."))
            seen[word] = entry["term"]
        terms.append(Term(str(entry["term"]), " ".join(str(entry["definition"]).split()),
                          tuple(match)))
    return sorted(terms, key=lambda t: fold(t.term)), problems


def tooltips(terms: list[Term]) -> dict[str, str]:
    """Word -> definition, for the `abbr` extension's `glossary` option (tooltips)."""
    return {word: term.definition for term in terms for word in term.match}


def no_tooltips(terms: list[Term]) -> str:
    """Abbreviation lines that switch the tooltips off for one page (an empty definition)."""
    return "\n\n" + "\n".join(f'*[{word}]: ""' for word in tooltips(terms)) + "\n"


def page(terms: list[Term]) -> str:
    """The Glossary page body: terms A to Z under letter headings (so search finds each part)."""
    out, letter = [], ""
    for term in terms:
        first = fold(term.term)[:1].upper()
        if first != letter:
            letter = first
            # An explicit id: print-site mangles one-letter ids when it prefixes them.
            out += [f"## {letter} {{#letter-{letter.lower()}}}", ""]
        out += [f"{md(term.term)}", f":   {md(term.definition)}", ""]
    return "\n".join(out)
