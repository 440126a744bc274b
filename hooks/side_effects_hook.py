"""Side effects: render each therapy page's declarations and the generated index pages."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

import side_effects
from diagnostics import plugin_logger, report
from source_pages import load_pages, markdown_pages

log = plugin_logger("side_effects")
MARKERS = {
    "<!-- mstp:side-effects-a-z -->": side_effects.a_to_z,
    "<!-- mstp:when-to-get-help -->": side_effects.by_severity,
    "<!-- mstp:side-effects-by-treatment -->": side_effects.matrix,
}
_state: dict = {}


# Collect every page's declarations before any page renders: the index pages need them all.
@event_priority(95)
def on_files(files, config):
    path = Path(config.extra["data"]["side_effects"])
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    vocab, problems = side_effects.load_vocabulary(text, str(path))
    pages = list(load_pages(config.docs_dir, markdown_pages(files)).values())
    declarations, more = side_effects.collect(pages, vocab)
    report(problems + more, log)
    _state.update(vocab=vocab, declarations=declarations,
                  blocks=side_effects.by_block(declarations))
    return files


# Before the citation hook, which numbers the citations these lists carry.
@event_priority(0)
def on_page_markdown(markdown, page, config, files):
    vocab, declarations = _state["vocab"], _state["declarations"]
    if f"```{side_effects.FENCE}" in markdown:
        markdown = side_effects.replace_blocks(markdown, page.file.src_uri, _state["blocks"],
                                               vocab)
    for marker, render in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(declarations, vocab))
    return markdown
