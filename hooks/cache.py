"""A small on-disk cache for slow, pure results: formatted references, reading levels.

Each build is a new process (and `make build` runs two), so an in-memory cache does not
carry over. Entries are keyed by a hash of everything the result depends on, including
the source of the module that computes it, so a change to the data or the code is never
served a stale answer.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def digest(*parts: str | bytes) -> str:
    """A stable key for the given inputs."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def source_of(module_file: str) -> bytes:
    """The code of a module, so its results are recomputed when it changes."""
    return Path(module_file).read_bytes()


class DiskCache:
    """One JSON file of key → value, written only when something new was added."""

    def __init__(self, folder: Path | None, name: str) -> None:
        self.path = folder / f"{name}.json" if folder else None
        self.entries: dict[str, Any] = {}
        self.dirty = False
        if self.path and self.path.exists():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}  # a damaged cache is only a slower build

    def get(self, key: str) -> Any:
        return self.entries.get(key)

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.dirty = True

    def save(self) -> None:
        if not (self.path and self.dirty):
            return
        try:
            text = json.dumps(self.entries)
        except (TypeError, ValueError):
            return  # e.g. a date in the data: not kept, so only the next build is slower
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(self.path)  # atomic: parallel builds never read half a file
        self.dirty = False


def folder_for(config_file_path: str | None) -> Path | None:
    """`.cache/mstp` beside mkdocs.yml (ignored by git)."""
    return Path(config_file_path).parent / ".cache" / "mstp" if config_file_path else None
