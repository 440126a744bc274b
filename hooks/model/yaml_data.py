"""YAML data files with line numbers, so every error can point at the line to fix.

Editors' YAML (front matter, blocks, data files) is read safely: no aliases (`*name`),
whose expansion can make a few lines take hours to read; a date that is not a real date
(`2026-13-45`) stays text for the checks to report; a key written twice is a problem,
not a silent overwrite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hooks.problems import Problem

Key = tuple[Any, ...]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's C parser where present (it is on Debian): pages and blocks parse per build."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # e.g. month 13: text, which the schema then names as not a date
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class DataFileError(Exception):
    """The file cannot be read as YAML at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class LocatedData:
    """Parsed YAML plus the 1-based line of every mapping key and list item."""

    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    first_line: int = 1
    repeated: list[tuple[str, int]] = field(default_factory=list)  # (key, line) written twice

    def line(self, *path: Any) -> int:
        """Line of the deepest part of `path` that we know, else the first line."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def _walk(node: yaml.Node, path: Key, found: LocatedData, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, key_node.value)
            line = key_node.start_mark.line + 1 + offset
            if key in found.lines:
                found.repeated.append((".".join(map(str, key)), line))
            found.lines[key] = line
            _walk(value_node, key, found, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*path, index)
            found.lines[key] = item.start_mark.line + 1 + offset
            _walk(item, key, found, offset)


def _alias_line(text: str, loader: type[yaml.SafeLoader]) -> int | None:
    """The 0-based line of the first alias (`*name`) in `text`, if it has one."""
    if "*" not in text:  # the common case costs one search
        return None
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line
    return None


def parse_yaml(text: str, file: str, first_line: int = 1,
               loader: type[yaml.SafeLoader] | None = None) -> LocatedData:
    """Parse YAML text that starts at `first_line` of `file`; raise DataFileError if malformed."""
    offset = first_line - 1
    kind = loader or _Loader
    # One parse gives both the data and the line of every node.
    try:
        alias = _alias_line(text, kind)
        if alias is not None:
            raise DataFileError(Problem(
                file, alias + 1 + offset, "this YAML uses an alias (`*name`), which is not "
                "allowed here.", "write the value out in full instead of `&name` and `*name`."))
        parser = kind(text)
        try:
            node = parser.get_single_node()
            data = parser.construct_document(node) if node is not None else None
        finally:
            parser.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line + 1 + offset) if mark else first_line
        what = getattr(error, "problem", None) or str(error)
        raise DataFileError(
            Problem(file, line, f"this YAML does not parse ({what}).",
                    "check indentation, colons and quotes on this line and the one above; "
                    "quote text that contains ': ' or starts with a special character.")
        ) from error
    found = LocatedData(data, first_line=first_line)
    if node is not None:
        _walk(node, (), found, offset)
    return found


def repeated_keys(located: LocatedData, file: str) -> list[Problem]:
    """A key written twice in one mapping: YAML keeps the last, and the first is lost."""
    return [Problem(file, line, f"`{key}` is written twice; the earlier one would be ignored.",
                    "keep one of them.") for key, line in located.repeated]


def read_text(path: Path, display: str) -> str:
    """A source file's text; raise DataFileError naming the line if it is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataFileError(Problem(
            display, line, f"this file is not UTF-8 text (byte 0x{data[error.start]:02x} on "
            "this line).", "save the file as UTF-8 (in most editors: Save with encoding, "
            "UTF-8).")) from None


def load_yaml(path: Path, display: str) -> LocatedData:
    """Read and parse a YAML data file; `display` is the path shown in messages."""
    if not path.is_file():
        raise DataFileError(
            Problem(display, 1, "this data file does not exist.",
                    "create it, or correct its path under `extra.data_files` in mkdocs.yml."))
    return parse_yaml(read_text(path, display), display)


def is_date(value: Any) -> bool:
    """A calendar date (YAML's YYYY-MM-DD), not a date and time."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
