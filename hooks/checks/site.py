"""Every rule over the whole source, in one call, before any page renders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hooks.cache import DiskCache, digest, source_of
from hooks.checks import citations, front_matter, glossary, treatments
from hooks.model.source import Source
from hooks.model.yaml_data import is_date
from hooks.problems import Problem
from hooks.settings import Settings


def problems(source: Source, settings: Settings, today: dt.date, allow_overdue: bool,
             cache_dir: Path | None) -> list[Problem]:
    """What is wrong anywhere, in one list. A treatment whose words are not in the
    vocabulary is taken out of `source`, so the pages still render (for `mkdocs serve`)."""
    found = list(source.problems)
    found += _page_problems(source, settings, today, allow_overdue, cache_dir)
    if not source.bibliography_unreadable:
        found += citations.site_problems(source, set(settings.citations.required_on))
    wrong, unrenderable = treatments.problems(source)
    found += wrong
    source.treatments = {key: treatment for key, treatment in source.treatments.items()
                         if key not in unrenderable}
    found += glossary.unused_terms(source.glossary, source.pages.values())
    return found


def _page_problems(source: Source, settings: Settings, today: dt.date, allow_overdue: bool,
                   cache_dir: Path | None) -> list[Problem]:
    """Front matter, review dates and key points of every page.

    A page that passed with the same text, rules, settings and date passes again: those
    results are kept on disk for the next build.
    """
    review = settings.review
    passed = DiskCache(cache_dir, "trust")
    rules = digest(source_of(front_matter.__file__), str(today), str(dict(review)),
                   str(allow_overdue))
    found = []
    for page in source.pages.values():
        key = digest(rules, page.digest)
        if passed.get(key):
            continue
        wrong = (front_matter.schema_problems(page)
                 + front_matter.review_problems(page, today, review.max_interval_years,
                                                allow_overdue)
                 + front_matter.key_points_problems(page, review.key_points_after_words)
                 + front_matter.body_problems(page))
        if not wrong:
            passed.put(key, True)
        found += wrong
    passed.save()
    return found


def next_review(source: Source) -> dt.date | None:
    """The whole edition is due for review when its first page is (shown on the PDF cover)."""
    dues = [page.fields["next_review"] for page in source.pages.values()
            if is_date(page.fields.get("next_review"))]
    return min(dues) if dues else None
