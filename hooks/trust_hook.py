"""Trust: every page's review data is valid, shown, and published as schema.org JSON-LD."""

from __future__ import annotations

import datetime as dt
import os

from mkdocs.plugins import event_priority

import front_matter
from diagnostics import plugin_logger, report
from disk_cache import DiskCache, digest, folder_for, source_of
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
    review = config.extra["review"]
    today = dt.date.today()
    # A page that passed with the same text, rules, settings and date passes again.
    passed = DiskCache(folder_for(config.config_file_path), "trust")
    rules = digest(source_of(front_matter.__file__), str(today), str(review), str(allow_overdue))
    problems = []
    for page in pages.values():
        key = digest(rules, page.digest)
        if passed.get(key):
            continue
        found = (front_matter.schema_problems(page)
                 + front_matter.review_problems(page, today, review["max_interval_years"],
                                                allow_overdue)
                 + front_matter.key_points_problems(page, review["key_points_after_words"]))
        if not found:
            passed.put(key, True)
        problems += found
    passed.save()
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
