"""Citations as HTML: numbered superscripts, each page's reference list, the References page.

Numbers follow first use on the page (Vancouver). Anchor ids are only put on <sup> and
<li> elements, the ones the print-site plugin makes unique when it joins all pages into
one, so links keep landing in the right place there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hooks.model.bibliography import Bibliography
from hooks.model.citations import CiteGroup, find
from hooks.model.source import Source
from hooks.render.text import Markup, div, join, md


@dataclass
class PageCitations:
    """Numbering of one page: key -> number, and the occurrences that cite each number."""

    numbers: dict[str, int] = field(default_factory=dict)
    occurrences: dict[str, list[int]] = field(default_factory=dict)


_LINK = Markup('{prefix}<a href="#ref-{number}" aria-label="{label}">{number}</a>{locator}')
_UNKNOWN = Markup('<span class="cite-unknown">?</span>')


def render(text: str, known: set[str]) -> tuple[str, PageCitations]:
    """Replace citations with linked superscript numbers; unknown keys show as [?]."""
    page = PageCitations()
    out, last, occurrence = [], 0, 0
    for group in find(text):
        if not isinstance(group, CiteGroup):
            continue
        occurrence += 1
        links = []
        for item in group.items:
            if item.key not in known:
                links.append(_UNKNOWN)
                continue
            number = page.numbers.setdefault(item.key, len(page.numbers) + 1)
            page.occurrences.setdefault(item.key, []).append(occurrence)
            label = f"Reference {number}" + (f", {item.locator}" if item.locator else "")
            links.append(_LINK.format(
                prefix=f"{item.prefix} " if item.prefix else "", number=number, label=label,
                locator=f" ({item.locator})" if item.locator else ""))
        # The superscript sits right after the word, as in print ("cord¹."), not "cord ¹".
        out.append(text[last:group.start].rstrip(" "))
        # Out of search: "12" after a word helps no one find it.
        out.append(Markup('<sup class="cite" id="cite-{}" data-search-exclude>{}</sup>').format(
            occurrence, join(links, ",")))
        last = group.end
    out.append(text[last:])
    return "".join(out), page


def _letters(index: int) -> str:
    """0 → a, 25 → z, 26 → aa: short labels for back-links."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(97 + rest) + label
    return label


_BACK = Markup('<a class="cite-back" href="#cite-{}" aria-label="{}">{}</a>')


def reference_list(page: PageCitations, formatted: dict[str, str]) -> str:
    """The page's numbered references, each with links back to where it was cited."""
    if not page.numbers:
        return ""
    rows = []
    for key, number in sorted(page.numbers.items(), key=lambda kv: kv[1]):
        uses = page.occurrences[key]
        if len(uses) == 1:
            backs = _BACK.format(uses[0], "Back to the text", "↩")
        else:  # one short link per use, lettered as in Wikipedia: ↩ a b c
            # The name starts with the letter shown (WCAG 2.5.3, label in name).
            backs = Markup("↩ ") + join([_BACK.format(occ, f"{_letters(i)}: back to use {i + 1}",
                                                      _letters(i))
                                         for i, occ in enumerate(uses)], " ")
        # `formatted` is HTML made by hooks.render.references, its fields escaped there.
        rows.append(Markup('<li id="ref-{}" value="{}">{} <span class="cite-backs">{}</span>'
                           "</li>").format(number, number, Markup(formatted[key]), backs))
    # Out of search: a source's title would make every page citing it match its words.
    return ('\n\n## References {#references .references-heading data-search-exclude}\n\n'
            '<ol class="references">\n' + "\n".join(rows) + "\n</ol>\n")


def plain(formatted: str) -> str:
    """A formatted reference as plain text (for JSON-LD and sorting)."""
    return re.sub(r"<[^>]+>", "", formatted)


def references_page(source: Source) -> str:
    """Every source once, A to Z, with the pages that cite it (not in the search index,
    which every page loads: each page's own sources are on that page)."""
    bib: Bibliography = source.bibliography
    uses = source.citing_pages()
    rows = []
    for key in sorted(bib.entries, key=lambda k: plain(bib.formatted[k]).casefold()):
        cited_on = ", ".join(f"[{md(source.title_of(uri))}]({uri}#references)"
                             for uri in uses.get(key, []))
        rows.append(f"- {bib.formatted[key]}<br>\n  **Cited on:** {cited_on}\n"
                    f"  {{: #source-{key} }}")
    return "\n".join(div(rows, "mstp-sources", searchable=False))
