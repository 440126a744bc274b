"""The project's own settings (`extra:` in mkdocs.yml), typed with MkDocs' config classes.

A wrong type or an unknown key is reported as `mkdocs.yml:line: … Fix: …` before anything
is built, instead of surfacing later as a crash. Scripts outside MkDocs (the build, the
bench, the tests) read the same file through `read()` and `load()`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from hooks.model.yaml_data import DataFileError, LocatedData, parse_yaml
from hooks.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"


class DataFiles(Config):
    """The data files the model reads, relative to mkdocs.yml."""

    bibliography = c.Type(str)
    side_effects = c.Type(str)
    glossary = c.Type(str)
    # A folder of treatment files, one `<id>.yaml` per treatment.
    treatments = c.Type(str)


class Citations(Config):
    # Pages that make medical statements must cite at least one source.
    required_on = c.ListOfItems(c.Type(str), default=[])


class ReadingLevel(Config):
    # US school grade (Flesch-Kincaid) a page may not exceed.
    max_grade = c.Type((int, float))
    exempt = c.ListOfItems(c.Type(str), default=[])


class Review(Config):
    max_interval_years = c.Type(int)
    # Pages longer than this must open with a "Key points" box.
    key_points_after_words = c.Type(int)


class Settings(Config):
    """Everything under `extra:`; MkDocs validates it with the same classes as its own."""

    # The edition date, YYYY-MM-DD: every footer, the PDF covers, the file names.
    edition = c.Type(str)
    # Files copied from node_modules into the site (site path: source path).
    vendor = c.DictOfItems(c.Type(str), default={})
    # Only the offline edition loads these (Material needs them to search from file://).
    offline_polyfill = c.DictOfItems(c.Type(str), default={})
    # Material's own: its offline plugin lists a CDN script here, which we replace.
    polyfills = c.ListOfItems(c.Type(str), default=[])
    data_files = c.SubConfig(DataFiles)
    citations = c.SubConfig(Citations)
    reading_level = c.SubConfig(ReadingLevel)
    review = c.SubConfig(Review)


_FIX = {
    "edition": "write the date in quotes, e.g. `edition: \"2026-11-25\"`.",
    "max_grade": "write a number, e.g. `max_grade: 8`.",
    "max_interval_years": "write a whole number of years, e.g. `max_interval_years: 3`.",
    "key_points_after_words": "write a whole number of words, e.g. `key_points_after_words: 500`.",
}
_SUB_OPTION = re.compile(r"^Sub-option '([^']+)': (.*)$", re.DOTALL)


class SettingsError(Exception):
    """The settings are wrong; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs tags (`!ENV`) read as empty, set per build."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read(path: Path = CONFIG_FILE) -> dict[str, Any]:
    """The settings of mkdocs.yml at `path`, as plain data."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def load(extra: dict[str, Any], config_file: Path = CONFIG_FILE) -> Settings:
    """`extra:` validated; raises SettingsError naming each wrong line of mkdocs.yml."""
    settings = Settings(config_file_path=str(config_file))
    settings.load_dict(dict(extra))
    failed, warnings = settings.validate()
    if not failed and not warnings:
        return settings
    located = _located(config_file)
    display = config_file.name
    problems = [_problem(key, str(message), located, display)
                for key, message in [*failed, *warnings]]
    raise SettingsError(problems)


def from_file(config_file: Path = CONFIG_FILE) -> Settings:
    """The validated settings of a mkdocs.yml, for scripts that run outside MkDocs."""
    return load(read(config_file).get("extra") or {}, config_file)


def _problem(key: str, message: str, located: LocatedData, display: str) -> Problem:
    path = ["extra", key]
    while match := _SUB_OPTION.match(message):  # a nested option: MkDocs names it this way
        path.append(match.group(1))
        message = match.group(2)
    name = ".".join(path)
    line = located.line(*path)
    if message.startswith("Unrecognised configuration name"):
        return Problem(display, line, f"unknown setting `{name}`.",
                       "remove it, or correct its name (see hooks/settings.py for each "
                       "setting and its type).")
    return Problem(display, line, f"setting `{name}` is not valid ({message}).",
                   _FIX.get(path[-1], "give it a value of the type hooks/settings.py names."))


def _located(config_file: Path) -> LocatedData:
    try:
        return parse_yaml(config_file.read_text(encoding="utf-8"), config_file.name,
                          loader=_Loader)
    except (OSError, DataFileError):
        return LocatedData({})
