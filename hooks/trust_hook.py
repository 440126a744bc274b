"""Trust: every page's review data is valid, shown, and published as schema.org JSON-LD."""

from __future__ import annotations

import datetime as dt
import os

from mkdocs.plugins import event_priority

import front_matter
from diagnostics import plugin_logger, report
from source_pages import load_pages, markdown_pages

log = plugin_logger("trust")
OVERRIDE = "MSTP_ALLOW_OVERDUE_REVIEW"


# Validate before any page renders, so every problem is listed in one build.
@event_priority(100)
def on_files(files, config):
    pages = load_pages(config.docs_dir, markdown_pages(files))
    allow_overdue = os.environ.get(OVERRIDE) == "1"
    if allow_overdue:
        log.info("%s=1: overdue reviews are allowed for this build only.", OVERRIDE)
    years = config.extra["review"]["max_interval_years"]
    problems = []
    for page in pages.values():
        problems += front_matter.schema_problems(page)
        problems += front_matter.review_problems(page, dt.date.today(), years, allow_overdue)
        problems += front_matter.key_points_problems(
            page, config.extra["review"]["key_points_after_words"])
    report(problems, log)
    dues = [p.meta.data["next_review"] for p in pages.values()
            if isinstance(p.meta.data, dict) and "next_review" in p.meta.data]
    # The whole edition is due for review when its first page is (shown on the PDF cover).
    config.extra["next_review"] = front_matter.long_date(min(dues)) if dues else "unknown"
    return files


# Before print-site (priority 0) copies each page into the printable edition.
@event_priority(50)
def on_page_content(html, page, config, files):
    return html + front_matter.review_notice(page.meta)


# Late, so the citation hook has already listed the page's references.
@event_priority(-50)
def on_page_context(context, page, config, nav):
    if {"title", "description", "reviewed", "reviewer"} <= set(page.meta):
        page.json_ld = front_matter.json_ld(
            page.meta, page.canonical_url or "", config.site_name,
            getattr(page, "reference_texts", []))
    return context
