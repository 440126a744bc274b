"""Bench-only MkDocs hook: record the site as the project's hooks leave it.

Added after the project's hooks by `bench.same_output`, it writes what a build without
hooks needs to produce the same pages: each page's Markdown after the hooks changed it
(citations numbered, reference lists, side-effect lists, generated pages), with the HTML
the hooks append to the page (the review box) as raw HTML at its end, and the Markdown
extension settings the hooks made (the glossary's tooltips).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

FOLDER = "MSTP_BENCH_SNAPSHOT"
MARKDOWN_SETTINGS = "markdown_extensions.yml"


def _target(page) -> Path:
    return Path(os.environ[FOLDER]) / "docs" / page.file.src_uri


def front_matter(meta: dict) -> str:
    """The page's metadata as YAML front matter again ("" when it has none)."""
    if not meta:
        return ""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def appended(before: str, after: str) -> str:
    """What was added at the end of `before` ("" if it was changed anywhere else)."""
    return after[len(before):] if after.startswith(before) else ""


@event_priority(-1000)
def on_config(config):
    settings = [{name: config.mdx_configs[name]} if name in config.mdx_configs else name
                for name in config.markdown_extensions]
    path = Path(os.environ[FOLDER]) / MARKDOWN_SETTINGS
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


# Last of all page_markdown handlers, so every hook has changed the text already.
@event_priority(-1000)
def on_page_markdown(markdown, page, config, files):
    target = _target(page)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(front_matter(page.meta) + markdown, encoding="utf-8")


# Last too: `page.content` still holds Markdown's HTML, `html` has every hook's additions.
@event_priority(-1000)
def on_page_content(html, page, config, files):
    added = appended(page.content, html)
    if added:
        with _target(page).open("a", encoding="utf-8") as out:
            out.write(f"\n\n{added.strip()}\n")
