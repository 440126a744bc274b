"""Citations: validate every [@key] against the bibliography, number and link them.

Runs after the side-effects hook, whose generated lists carry citations too.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority

import bibliography
import citations
import disk_cache
import side_effects
from diagnostics import Problem, did_you_mean, plugin_logger, report
from source_pages import load_pages, markdown_pages

log = plugin_logger("citations")
MARKER = "<!-- mstp:references -->"

_state: dict = {}


# Validate the bibliography and every page's citations before anything renders: the
# References page lists uses on *other* pages, so all uses must be known first.
@event_priority(90)
def on_files(files, config):
    bib_path = Path(config.extra["data"]["bibliography"])
    bib = bibliography.load(bib_path.resolve(), str(bib_path),
                            cache_dir=disk_cache.folder_for(config.config_file_path))
    pages = load_pages(config.docs_dir, markdown_pages(files))
    known = set(bib.entries)
    required = set(config.extra["citations"]["required_on"])
    problems = list(bib.problems)
    uses: dict[str, list[str]] = {}
    for page in pages.values():
        problems += citations.problems(page.body, known, page.display, page.line_at)
        keys = citations.keys_used(page.body)
        for use in side_effects.citation_uses(page):
            keys.append(use.key)
            if use.key not in known:
                problems.append(Problem(page.display, use.line,
                                        f"unknown citation key '{use.key}' in a side-effects block."
                                        + did_you_mean(use.key, known),
                                        "use a key from docs/data/bibliography.yaml."))
        for key in dict.fromkeys(keys):
            uses.setdefault(key, []).append(page.src_uri)
        if page.src_uri in required and not keys:
            problems.append(Problem(page.display, page.body_line,
                                    "this medical page cites no source.",
                                    "add citations like [@key] to the statements it makes."))
    for key in bib.entries:
        if key not in uses:
            problems.append(Problem(bib.display, bib.lines[key],
                                    f"entry '{key}' is never cited.",
                                    "cite it where the site relies on it, or remove the entry."))
    report(problems, log)
    titles = {uri: page.meta.data.get("title", uri) if isinstance(page.meta.data, dict) else uri
              for uri, page in pages.items()}
    _state.update(bib=bib, uses=uses, titles=titles)
    return files


# After the other Markdown hooks, so citations they generate are numbered too.
@event_priority(-10)
def on_page_markdown(markdown, page, config, files):
    bib = _state["bib"]
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, _references_page(bib, _state["uses"], _state["titles"]))
    markdown, numbering = citations.render(markdown, set(bib.entries))
    page.reference_texts = [_plain(bib.formatted[k]) for k in numbering.numbers]
    return markdown + citations.reference_list(numbering, bib.formatted)


def _references_page(bib, uses, titles) -> str:
    rows = []
    for key in sorted(bib.entries, key=lambda k: _plain(bib.formatted[k]).casefold()):
        cited_on = ", ".join(f"[{titles.get(uri, uri)}]({uri}#references)"
                             for uri in uses.get(key, []))
        rows.append(f"- {bib.formatted[key]}<br>\n  **Cited on:** {cited_on}\n"
                    f"  {{: #source-{key} }}")
    return "\n".join(rows) + "\n"


def _plain(formatted: str) -> str:
    return re.sub(r"<[^>]+>", "", formatted)
