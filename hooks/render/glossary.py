"""The Glossary page and the tooltips: both from the one glossary file."""

from __future__ import annotations

from hooks.model.glossary import Term
from hooks.model.words import fold
from hooks.render.text import md


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
