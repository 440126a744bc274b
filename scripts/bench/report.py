"""The Markdown report: one table of every figure with its budget, then the details."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.budgets import ERROR, FAIL, INFO, PASS, Budget, status


@dataclass(frozen=True)
class Row:
    area: str
    measure: str
    value: str
    budget: str
    status: str


@dataclass
class Report:
    """Rows in the order measured, and free-form detail sections under headings."""

    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)

    def info(self, area: str, measure: str, value: str) -> None:
        self.rows.append(Row(area, measure, value, "", INFO))

    def check(self, area: str, measure: str, value: float | None, shown: str, *,
              budget: Budget | None, unit: str = "") -> str:
        """Add a figure compared with its budget; returns pass/FAIL/ERROR."""
        result = status(budget, value)
        self.rows.append(Row(area, measure, shown if value is not None else "not measured",
                             budget.describe(unit) if budget else "", result))
        return result

    def error(self, area: str, measure: str, message: str) -> None:
        self.rows.append(Row(area, measure, f"not measured: {message}", "", ERROR))

    def detail(self, title: str, text: str) -> None:
        self.details.append((title, text))

    @property
    def broken(self) -> list[Row]:
        return [r for r in self.rows if r.status in (FAIL, ERROR)]

    def markdown(self) -> str:
        lines = ["# Benchmarks and budgets", "", *self.header, "",
                 "| Area | Measure | Value | Budget | Status |", "|---|---|---:|---|---|"]
        for row in self.rows:
            mark = {PASS: "✅ pass", FAIL: "❌ FAIL", ERROR: "⚠ ERROR", INFO: ""}[row.status]
            lines.append(f"| {row.area} | {row.measure} | {_cell(row.value)} | {row.budget} "
                         f"| {mark} |")
        verdict = (f"**{len(self.broken)} budget(s) broken or not measured.**" if self.broken
                   else "**Every budget holds.**")
        lines += ["", verdict, ""]
        for title, text in self.details:
            lines += [f"## {title}", "", text.rstrip(), ""]
        return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")
