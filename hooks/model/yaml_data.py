"""YAML data files with line numbers, so every error can point at the line to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hooks.problems import Problem

Key = tuple[Any, ...]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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

    def line(self, *path: Any) -> int:
        """Line of the deepest part of `path` that we know, else the first line."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def _walk(node: yaml.Node, path: Key, lines: dict[Key, int], offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, key_node.value)
            lines[key] = key_node.start_mark.line + 1 + offset
            _walk(value_node, key, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*path, index)
            lines[key] = item.start_mark.line + 1 + offset
            _walk(item, key, lines, offset)


def parse_yaml(text: str, file: str, first_line: int = 1,
               loader: type[yaml.SafeLoader] | None = None) -> LocatedData:
    """Parse YAML text that starts at `first_line` of `file`; raise DataFileError if malformed."""
    offset = first_line - 1
    # One parse gives both the data and the line of every node; libyaml's C loader when
    # present (it is on Debian), as pages, blocks and the bibliography are parsed per build.
    loader = (loader or _Loader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line + 1 + offset) if mark else first_line
        what = getattr(error, "problem", None) or str(error)
        raise DataFileError(
            Problem(file, line, f"this YAML does not parse ({what}).",
                    "check indentation, colons and quotes on this line and the one above; "
                    "quote text that contains ': ' or starts with a special character.")
        ) from error
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    if node is not None:
        _walk(node, (), lines, offset)
    return LocatedData(data, lines, first_line)


def load_yaml(path: Path, display: str) -> LocatedData:
    """Read and parse a YAML data file; `display` is the path shown in messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise DataFileError(
            Problem(display, 1, "this data file does not exist.",
                    "create it, or correct its path under `extra.data` in mkdocs.yml.")
        ) from error
    return parse_yaml(text, display)
