"""Glossary: tooltips for medical terms on every page, and the Glossary page itself."""

from __future__ import annotations

from pathlib import Path

import glossary
from diagnostics import plugin_logger, report

log = plugin_logger("glossary")
MARKER = "<!-- mstp:glossary -->"
_state: dict = {}


# The terms go to the `abbr` extension's own glossary option once per build; appending
# them to every page instead made Python-Markdown re-scan the page once per term.
def on_config(config):
    path = Path(config.extra["data"]["glossary"])
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    terms, problems = glossary.load(text, str(path))
    report(problems, log)
    _state["terms"] = terms
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.tooltips(terms)
    return config


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    # The Glossary page explains the terms in full; tooltips there would only repeat it.
    terms = _state["terms"]
    return markdown.replace(MARKER, glossary.page(terms)) + glossary.no_tooltips(terms)
