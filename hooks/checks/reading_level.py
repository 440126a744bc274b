"""Reading level of a page's prose: Flesch-Kincaid grade and SMOG, via textstat.

Only running text counts: tables, code, reference lists, citation numbers and glossary
terms (long medical words the page explains) are left out, as the trust issue requires.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from hooks.cache import DiskCache, digest, source_of
from hooks.problems import Problem

_LEFT_OUT = ("table", "pre", "code", "abbr", "sup.cite", "ol.references",
             ".references-heading", ".headerlink", ".se-source", ".mstp-trust", "h1", "script",
             "style")


@dataclass(frozen=True)
class Level:
    """A page's Flesch-Kincaid grade, SMOG index and word count."""

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


class ReadingLevels:
    """Measures each page as it renders, kept across builds; fails pages above the limit."""

    def __init__(self, cache_dir: Path | None, max_grade: float) -> None:
        self.max_grade = max_grade
        self.levels: dict[str, Level] = {}
        self.cache = DiskCache(cache_dir, "reading-level")
        self.used: set[str] = set()

    def check(self, src_uri: str, display: str, html: str) -> list[Problem]:
        key = cache_key(html)
        self.used.add(key)
        known = self.cache.get(key)
        level = Level(**known) if known else measure(html)
        if not known:
            self.cache.put(key, level.as_dict())
        self.levels[src_uri] = level
        if level.grade <= self.max_grade:
            return []
        return [Problem(display, 1, f"reading level is grade {level.grade}, above the limit of "
                        f"{self.max_grade}.",
                        "use shorter sentences and everyday words; explain medical terms.")]

    def finish(self) -> str:
        """Save what was measured (only this build's pages) and return the report."""
        kept = {key: self.cache.entries[key] for key in self.used if key in self.cache.entries}
        if kept.keys() != self.cache.entries.keys():  # pages that changed: no endless growth
            self.cache.entries, self.cache.dirty = kept, True
        self.cache.save()
        return report_table(self.levels, self.max_grade)
