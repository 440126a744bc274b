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


def page_key(node) -> str | None:
    """The key of the page section that contains `node`, if any."""
    parent = node.parent
    while parent is not None:
        if parent.tag == "section" and "print-page" in (parent.attributes.get("class") or ""):
            key = parent.attributes.get("id")
            if key and not key.startswith(_NOT_PAGES):
                return key
        parent = parent.parent
    return None


def unique_anchors(html: str) -> str:
    """The print page with every id inside a page section prefixed by that page's key."""
    tree = LexborHTMLParser(html)
    changed = False
    for node in tree.css("#print-site-page section.print-page [id]"):
        key = page_key(node)
        ident = node.attributes["id"]
        if key and ident != key and not ident.startswith(f"{key}-"):
            node.attrs["id"] = f"{key}-{ident}"
            changed = True
    return tree.html if changed else html
