"""Reading level of a page's prose: Flesch-Kincaid grade and SMOG, via textstat.

Only running text counts: tables, code, reference lists, citation numbers and glossary
terms (long medical words the page explains) are left out, as the trust issue requires.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from disk_cache import digest, source_of

_LEFT_OUT = ("table", "pre", "code", "abbr", "sup.cite", "ol.references",
             ".references-heading", ".headerlink", ".se-source", ".mstp-trust", "h1", "script",
             "style")


@dataclass(frozen=True)
class Level:
    grade: float
    smog: float
    words: int

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def prose(html: str) -> str:
    """The page's running text, one sentence-ending full stop per paragraph or list item."""
    tree = HTMLParser(html)
    for selector in _LEFT_OUT:
        for node in tree.css(selector):
            node.decompose()
    blocks = []
    for node in tree.css("p, li, dd, h2, h3"):
        if len(node.css("p, li")) > 1:  # the match includes the node itself
            continue
        text = " ".join(node.text(deep=True).split())
        if text:
            blocks.append(text if text[-1] in ".?!:" else text + ".")
    return "\n".join(blocks)


def measure(html: str) -> Level:
    import textstat  # slow to import (NLTK); only needed when a page is not in the cache

    text = prose(html)
    return Level(round(textstat.flesch_kincaid_grade(text), 1),
                 round(textstat.smog_index(text), 1), textstat.lexicon_count(text))


# Read once, when this module loads, so the key names the code that actually runs; reading
# the file again for every page cost more than hashing the page.
_CODE = source_of(__file__)


def cache_key(html: str) -> str:
    """What a page's level depends on: its HTML and this code."""
    return digest(html, _CODE)


def report_table(levels: dict[str, Level], max_grade: float) -> str:
    """A plain-text report of every page's figures, worst first."""
    rows = [f"Reading level (Flesch-Kincaid grade; limit {max_grade}) and SMOG, prose only", ""]
    rows.append(f"{'page':40} {'grade':>6} {'SMOG':>6} {'words':>6}")
    for name, level in sorted(levels.items(), key=lambda kv: -kv[1].grade):
        rows.append(f"{name:40} {level.grade:6.1f} {level.smog:6.1f} {level.words:6d}")
    return "\n".join(rows) + "\n"
