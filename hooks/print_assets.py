"""The print-site plugin's own CSS and JS belong on the print page only.

The plugin adds them to `extra_css` / `extra_javascript`, so Material puts them on every
page: three more requests before a page can show, for styles that only address the print
page (and an `@page` rule that would force A4 when a reader prints any other page).
"""

from __future__ import annotations

import re

# The tags Material writes for the plugin's files (css/print-site*.css, js/print-site.js).
# Each alternative starts with a literal "<": matching leading blanks too made the scan of
# every page 70 times slower (4 ms a page).
_TAGS = re.compile(
    r'<link rel="stylesheet" href="[^"]*css/print-site[\w-]*\.css">\n?'
    r'|<script src="[^"]*js/print-site\.js"></script>\n?')


def without_print_assets(html: str) -> str:
    """`html` without the print-site plugin's stylesheet and script tags."""
    return _TAGS.sub("", html)
