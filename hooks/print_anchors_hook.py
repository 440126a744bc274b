"""Print page: make anchors unique after mkdocs-print-site-plugin has written the page."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

import print_anchors
import print_page


# After print-site's own post-build step (priority 0), which writes the print page.
@event_priority(-50)
def on_post_build(config):
    printing = print_page.find(config)
    if printing is None:
        return
    path = Path(printing.file.abs_dest_path)
    # Bytes in: the parser takes UTF-8 as it is, rather than a 7 MB string to encode again.
    path.write_text(print_anchors.unique_anchors(path.read_bytes()), encoding="utf-8")
