"""The print-site plugin's page (every page joined into one), finished for browsers and PDFs.

mkdocs-print-site-plugin prefixes every `href="#x"` with the page's key, but it renames
ids only on some tags and, because its pattern scans line by line from the first tag,
misses an id that follows another tag on the same line (e.g. a citation's <sup> inside a
paragraph). `unique_anchors` gives every id inside a page's section the same page-key
prefix, so each link lands where it should. The plugin's own CSS and JS belong on this
page only: `without_print_assets` takes them off every other page.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

COVER_MARKER = "<!-- mstp:cover -->"  # overrides/print-cover.html: filled in by the build
_NOT_PAGES = ("print-site-cover-page", "section-")
# The tags Material writes for the plugin's files (css/print-site*.css, js/print-site.js).
# Each alternative starts with a literal "<": matching leading blanks too made the scan of
# every page 70 times slower.
_ASSET_TAGS = re.compile(
    r'<link rel="stylesheet" href="[^"]*css/print-site[\w-]*\.css">\n?'
    r'|<script src="[^"]*js/print-site\.js"></script>\n?')


def find(config: Any) -> Any | None:
    """The print page (a MkDocs Page) when the print-site plugin is on, else None."""
    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled"):
        return None
    return getattr(plugin, "print_page", None)


def without_print_assets(html: str) -> str:
    """`html` without the print-site plugin's stylesheet and script tags."""
    return _ASSET_TAGS.sub("", html)


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
