"""The glossary: one data file gives the Glossary page and the tooltips on every page."""

from __future__ import annotations

from dataclasses import dataclass

from hooks.model.words import fold
from hooks.model.yaml_data import DataFileError, parse_yaml
from hooks.problems import Problem


@dataclass(frozen=True)
class Term:
    """A medical word, its plain definition, and the spellings that get its tooltip."""

    term: str
    definition: str
    match: tuple[str, ...]
    display: str = ""  # the glossary file and line, for messages
    line: int = 1


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
                          tuple(match), display, line))
    return sorted(terms, key=lambda t: fold(t.term)), problems
