"""Keep the print-site plugin's CSS and JS off every page but the print page."""

from __future__ import annotations

import print_assets
import print_page


def on_post_page(output, page, config):
    printing = print_page.find(config)
    if printing and page.file.src_uri == printing.file.src_uri:
        return output
    return print_assets.without_print_assets(output)
