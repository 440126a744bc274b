"""Keep the print-site plugin's CSS and JS off every page but the print page."""

from __future__ import annotations

import print_assets


def on_post_page(output, page, config):
    print_page = getattr(config.plugins.get("print-site"), "print_page", None)
    if print_page and page.file.src_uri == print_page.file.src_uri:
        return output
    return print_assets.without_print_assets(output)
