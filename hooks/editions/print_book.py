"""The print book: every page of the site in navigation order, as the PDFs print it.

Made inside the MkDocs build, from MkDocs' own navigation (titles, order, sections) and
each page's section of the print-site page (its HTML, links already made unique), then
saved as JSON for the PDF step, which runs in other processes. Nothing is read from
the theme's HTML, so a theme change cannot change what is printed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_print_site_plugin.urls import get_page_key
from selectolax.lexbor import LexborHTMLParser, LexborNode

HOME_LABEL = "Introduction"  # a booklet has no home page: the nav's "Home" is its opening


@dataclass
class Chapter:
    """One page of the site (or a nav section holding pages) as it goes into the PDF."""

    key: str
    title: str  # the label the site's navigation uses
    html: str = ""
    children: list[Chapter] = field(default_factory=list)
    source: str = ""  # the page's file, e.g. docs/induction.md, for messages


@dataclass
class Book:
    """The printed edition's content and metadata."""

    title: str
    description: str
    author: str
    lang: str
    url: str  # the print page's public address: its relative links resolve against it
    cover: str
    chapters: list[Chapter]

    def all_chapters(self) -> Iterable[Chapter]:
        """Every chapter in book order, parts before the pages they hold."""
        def walk(chapters: list[Chapter]) -> Iterable[Chapter]:
            for chapter in chapters:
                yield chapter
                yield from walk(chapter.children)

        return walk(self.chapters)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Book:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{**data, "chapters": [_chapter(item) for item in data["chapters"]]})


def _chapter(data: dict[str, Any]) -> Chapter:
    return Chapter(data["key"], data["title"], data["html"],
                   [_chapter(child) for child in data["children"]], data["source"])


def from_print_page(print_html: str, nav_items: Iterable[Any], config: Any,
                    url: str) -> Book:
    """The book for a finished print page (bytes or text) and MkDocs' navigation."""
    tree = LexborHTMLParser(print_html)
    page = tree.css_first("#print-site-page")
    if page is None:
        raise ValueError("no #print-site-page: is the print-site plugin enabled?")
    # Nothing of a page may fetch or attach a file: only the PDF stylesheet styles it.
    for node in page.css("style, script, link"):
        node.decompose()
    for node in page.css("a[rel]"):
        if "attachment" in (node.attributes.get("rel") or "").lower().split():
            node.unwrap()
    # Glossary tooltips cannot be printed (the Glossary chapter is); dropping the <abbr>
    # elements also halves the document WeasyPrint has to parse and style.
    for node in page.css("abbr"):
        node.unwrap()
    # A link to download a card helps no one on paper.
    for node in page.css(".mstp-card-link"):
        node.decompose()
    sections = {node.attrs.get("id"): node for node in page.css("section.print-page[id]")}
    cover = page.css_first("#print-site-cover-page")
    return Book(title=config.site_name, description=config.site_description or "",
                author=config.site_author or "", lang=config.theme.get("language") or "en",
                url=url, cover=cover.inner_html if cover else "",
                chapters=list(_chapters(nav_items, sections, Path(config.docs_dir).name)))


def _chapters(items: Iterable[Any], sections: dict[str | None, LexborNode], docs: str
              ) -> Iterable[Chapter]:
    for item in items:
        if item.is_section:
            children = list(_chapters(item.children, sections, docs))
            if children:  # the part's key: the print-site section around its first page
                parent = sections[children[0].key].parent
                key = parent.attrs.get("id") if parent is not None else None
                yield Chapter(key or f"part-{children[0].key}", item.title, children=children)
        elif item.is_page:
            key = get_page_key(item.url)
            node = sections.get(key)
            if node is None:  # excluded from the print page
                continue
            title = HOME_LABEL if item.is_homepage and item.title == "Home" else item.title
            for link in node.css("a.headerlink"):
                link.decompose()
            heading = node.css_first("h1")
            if heading is not None:  # the outline (PDF bookmarks) shows the nav's label
                heading.attrs["data-title"] = title
            yield Chapter(key, title, node.inner_html or "",
                          source=f"{docs}/{item.file.src_uri}")
