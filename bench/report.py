"""The budgets of budgets.yml (their one home), and the Markdown table of every figure with
its budget and whether it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Budget:
    """A limit on one figure: `max` (figure ≤ limit) or `min` (figure ≥ limit)."""

    name: str
    kind: str
    limit: float

    def holds(self, value: float) -> bool:
        return value <= self.limit if self.kind == "max" else value >= self.limit

    def describe(self) -> str:
        return f"`{self.name}` {'≤' if self.kind == 'max' else '≥'} {self.limit:g}"


def load(path: Path) -> dict[str, Budget]:
    """Every `name: {max: N}` or `name: {min: N}` of the file; anything else is refused."""
    budgets = {}
    for name, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
        if not (isinstance(spec, dict) and len(spec) == 1 and next(iter(spec)) in ("max", "min")):
            raise ValueError(f"{path}: budget `{name}` must be `{{max: N}}` or `{{min: N}}`")
        kind, limit = next(iter(spec.items()))
        budgets[name] = Budget(name, kind, float(limit))
    return budgets


@dataclass(frozen=True)
class Row:
    measure: str
    value: str
    budget: Budget | None = None
    figure: float | None = None  # the number the budget is checked on
    error: bool = False  # not measured: fails the run as a broken budget does

    @property
    def broken(self) -> bool:
        return self.error or bool(self.budget and self.figure is not None
                                  and not self.budget.holds(self.figure))


@dataclass
class Table:
    budgets: dict[str, Budget]
    rows: list[Row] = field(default_factory=list)

    def add(self, measure: str, value: str, budget: str | None = None,
            figure: float | None = None) -> None:
        """A figure; with `budget` (a name in budgets.yml) it is checked on `figure`."""
        if budget is not None and budget not in self.budgets:
            raise KeyError(f"budgets.yml has no budget `{budget}`")
        self.rows.append(Row(measure, value, self.budgets.get(budget or ""), figure))

    def error(self, measure: str, message: str) -> None:
        self.rows.append(Row(measure, f"not measured: {message}", error=True))

    def broken(self) -> list[str]:
        """One line for each broken budget (naming it) or figure not measured."""
        return [f"{row.budget.describe()} broken: {row.figure:g} ({row.measure})"
                if row.budget else f"{row.measure}: {row.value}" for row in self.rows if row.broken]

    def markdown(self, header: str = "") -> str:
        lines = ["# Benchmark", "", *([header, ""] if header else []),
                 "| Measure | Value | Budget | Status |", "|---|---|---|---|"]
        for row in self.rows:
            status = ("⚠ ERROR" if row.error else "❌ FAIL" if row.broken
                      else "✅ pass" if row.budget else "")
            value = row.value.replace("|", "\\|").replace("\n", "<br>")
            budget = row.budget.describe() if row.budget else ""
            lines.append(f"| {row.measure} | {value} | {budget} | {status} |")
        broken = self.broken()
        lines += ["", f"**{len(broken)} broken.**" if broken else "**Every budget holds.**", ""]
        return "\n".join(lines)
