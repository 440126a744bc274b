"""Reading level: fail pages above the grade set in mkdocs.yml; report every page."""

from __future__ import annotations

import os
from pathlib import Path

import reading_level
from diagnostics import Problem, plugin_logger, report
from source_pages import display_path

log = plugin_logger("reading_level")
REPORT_DIR = "MSTP_REPORTS_DIR"  # where `make build` collects reports for dist/
_levels: dict[str, reading_level.Level] = {}


def on_pre_build(config):
    _levels.clear()


def on_page_content(html, page, config, files):
    settings = config.extra["reading_level"]
    if page.file.src_uri in settings["exempt"]:
        return html
    level = reading_level.measure(html)
    _levels[page.file.src_uri] = level
    if level.grade > settings["max_grade"]:
        report([Problem(display_path(Path(config.docs_dir), page.file.src_uri), 1,
                        f"reading level is grade {level.grade}, above the limit of "
                        f"{settings['max_grade']}.",
                        "use shorter sentences and everyday words; explain medical terms.")],
               log)
    return html


def on_post_build(config):
    text = reading_level.report_table(_levels, config.extra["reading_level"]["max_grade"])
    if os.environ.get(REPORT_DIR):
        Path(os.environ[REPORT_DIR], "readability.txt").write_text(text, encoding="utf-8")
