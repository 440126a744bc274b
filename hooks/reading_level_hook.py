"""Reading level: fail pages above the grade set in mkdocs.yml; report every page."""

from __future__ import annotations

import os
from pathlib import Path

import reading_level
from diagnostics import Problem, plugin_logger, report
from disk_cache import DiskCache, folder_for
from source_pages import display_path

log = plugin_logger("reading_level")
REPORT_DIR = "MSTP_REPORTS_DIR"  # where `make build` collects reports for dist/
_levels: dict[str, reading_level.Level] = {}
_cache: dict[str, DiskCache] = {}
_used: set[str] = set()


def on_pre_build(config):
    _levels.clear()
    _used.clear()
    _cache["levels"] = DiskCache(folder_for(config.config_file_path), "reading-level")


def on_page_content(html, page, config, files):
    settings = config.extra["reading_level"]
    if page.file.src_uri in settings["exempt"]:
        return html
    cache, key = _cache["levels"], reading_level.cache_key(html)
    _used.add(key)
    known = cache.get(key)
    level = reading_level.Level(**known) if known else reading_level.measure(html)
    if not known:
        cache.put(key, level.as_dict())
    _levels[page.file.src_uri] = level
    if level.grade > settings["max_grade"]:
        report([Problem(display_path(Path(config.docs_dir), page.file.src_uri), 1,
                        f"reading level is grade {level.grade}, above the limit of "
                        f"{settings['max_grade']}.",
                        "use shorter sentences and everyday words; explain medical terms.")],
               log)
    return html


def on_post_build(config):
    cache = _cache["levels"]
    kept = {key: cache.entries[key] for key in _used if key in cache.entries}
    if kept.keys() != cache.entries.keys():  # drop pages that changed: no endless growth
        cache.entries, cache.dirty = kept, True
    cache.save()
    text = reading_level.report_table(_levels, config.extra["reading_level"]["max_grade"])
    if os.environ.get(REPORT_DIR):
        Path(os.environ[REPORT_DIR], "readability.txt").write_text(text, encoding="utf-8")
