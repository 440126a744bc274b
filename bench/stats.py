"""Repeated timings as a median with its range: one disturbed run must not move a figure."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def show(values: Sequence[float], digits: int = 1, unit: str = "") -> str:
    """Median and range of the runs, e.g. 17.3 s (16.9-18.0); the median alone for one run."""
    text = f"{median(values):.{digits}f}{unit}"
    spread = f" ({min(values):.{digits}f}–{max(values):.{digits}f})"
    return text + (spread if len(values) > 1 else "")


def ratio(value: float, baseline: float) -> float:
    """value / baseline; a zero baseline gives inf, so a budget on it fails loudly."""
    return value / baseline if baseline else float("inf")
