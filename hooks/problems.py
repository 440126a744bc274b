"""Problems found in editors' files, reported as `file:line: what is wrong. Fix: how`.

Every check reports through here, so messages look the same everywhere and a strict
build fails on any of them while `mkdocs serve` keeps running and shows them.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

# Under `mkdocs.plugins`, so MkDocs counts these errors for `--strict`.
log = logging.getLogger("mkdocs.plugins.mstp")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix, located as precisely as we can."""

    file: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message} Fix: {self.fix}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like `word`, if any is close enough to be a likely typo."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean …?' suffix naming the closest choice, or '' when none is close."""
    match = closest(word, choices)
    return f" Did you mean '{match}'?" if match else ""


def report(problems: Iterable[Problem]) -> int:
    """Log each problem once as an error (fatal under `--strict`); return how many."""
    count = 0
    for problem in sorted(set(problems)):
        log.error(str(problem))
        count += 1
    return count
