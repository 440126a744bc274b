"""Glossary: tooltips for medical terms on every page, and the Glossary page itself."""

from __future__ import annotations

from pathlib import Path

import glossary
from diagnostics import plugin_logger, report

log = plugin_logger("glossary")
MARKER = "<!-- mstp:glossary -->"
_state: dict = {}


def on_files(files, config):
    path = Path(config.extra["data"]["glossary"])
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    terms, problems = glossary.load(text, str(path))
    report(problems, log)
    _state["terms"] = terms
    return files


def on_page_markdown(markdown, page, config, files):
    terms = _state["terms"]
    if MARKER in markdown:
        # The Glossary page explains the terms in full; tooltips there would only repeat it.
        return markdown.replace(MARKER, glossary.page(terms))
    return markdown + glossary.abbreviations(terms)
