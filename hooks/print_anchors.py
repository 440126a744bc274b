"""Unique anchors on the print page, where all pages are joined into one document.

mkdocs-print-site-plugin prefixes every `href="#x"` with the page's key, but it renames
ids only on some tags and, because its pattern scans line by line from the first tag,
misses an id that follows another tag on the same line (e.g. a citation's <sup> inside a
paragraph). Links would then point at ids that do not exist. This gives every id inside a
page's section the same page-key prefix, so each link lands where it should.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

_NOT_PAGES = ("print-site-cover-page", "section-")


def unique_anchors(html: str | bytes) -> str:
    """The print page with every id inside a page section prefixed by that page's key."""
    tree = LexborHTMLParser(html)
    changed = False
    # Page sections sit side by side (inside chapter sections, never inside each other):
    # each id belongs to the one page section it is found in.
    for section in tree.css("#print-site-page section.print-page[id]"):
        key = section.attributes["id"] or ""
        if key.startswith(_NOT_PAGES):
            continue
        for node in section.css("[id]"):
            ident = node.attributes["id"] or ""
            if ident != key and not ident.startswith(f"{key}-"):
                node.attrs["id"] = f"{key}-{ident}"
                changed = True
    return tree.html if changed else (html if isinstance(html, str) else html.decode())
