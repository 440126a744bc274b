"""Small, pure statistics: medians of repeated timings and the ratios between them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """Median, because one run disturbed by another process must not move the figure."""
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def ratio(value: float, baseline: float) -> float:
    """value / baseline; a zero baseline gives inf, so a budget on it fails loudly."""
    return value / baseline if baseline else float("inf")


def slope(x0: float, y0: float, x1: float, y1: float) -> float:
    """Marginal cost between two points, e.g. seconds per extra page."""
    if x1 == x0:
        raise ValueError("slope needs two different x values")
    return (y1 - y0) / (x1 - x0)


def kib(size: float) -> str:
    """Bytes as KiB with one decimal, the unit the page-weight budget is written in."""
    return f"{size / 1024:.1f} KiB"


def mb(size: float) -> str:
    """Bytes as MB (10^6), the unit the offline-zip budget is written in."""
    return f"{size / 1e6:.2f} MB"
