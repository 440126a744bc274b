"""The budgets, read from budgets.yml (their one home), and the check of a figure against one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PASS, FAIL, INFO, ERROR = "pass", "FAIL", "info", "ERROR"


@dataclass(frozen=True)
class Budget:
    """A limit on one figure: `max` (figure ≤ limit) or `min` (figure ≥ limit)."""

    name: str
    limit: float
    kind: str  # "max" or "min"

    def holds(self, value: float) -> bool:
        return value <= self.limit if self.kind == "max" else value >= self.limit

    def describe(self, unit: str = "") -> str:
        sign = "≤" if self.kind == "max" else "≥"
        return f"{sign} {_number(self.limit)}{unit}"


def _number(value: float) -> str:
    return f"{value:g}"


def load(path: Path) -> dict[str, Budget]:
    """Every budget in the file: each `name: {max: x}` or `name: {min: x}`."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    budgets = {}
    for name, spec in data.items():
        if not isinstance(spec, dict) or len(spec) != 1 or next(iter(spec)) not in ("max", "min"):
            raise ValueError(f"{path}: budget '{name}' must be `{{max: N}}` or `{{min: N}}`.")
        kind, limit = next(iter(spec.items()))
        budgets[name] = Budget(name, float(limit), kind)
    return budgets


def status(budget: Budget | None, value: float | None) -> str:
    """pass/FAIL for a figure with a budget; info without one; ERROR when not measured."""
    if value is None:
        return ERROR if budget else INFO
    if budget is None:
        return INFO
    return PASS if budget.holds(value) else FAIL
