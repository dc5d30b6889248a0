"""Figures as median and min–max over runs, the only shape the report prints."""

from __future__ import annotations

import statistics
from typing import Any, Sequence


def summary(values: Sequence[float], unit: str) -> dict[str, Any]:
    """Median, min and max of the runs (rounded for reading), with the raw values kept for the JSON file."""
    if not values:
        return {"unit": unit, "runs": 0, "median": None, "min": None, "max": None, "values": []}
    return {
        "unit": unit,
        "runs": len(values),
        "median": _round(statistics.median(values)),
        "min": _round(min(values)),
        "max": _round(max(values)),
        "values": [_round(v) for v in values],
    }


def ratio(numerator: dict[str, Any] | None, denominator: dict[str, Any] | None) -> float | None:
    """The ratio of two medians, or None when either side is missing (e.g. Prism not installed)."""
    if not numerator or not denominator or not numerator.get("median") or not denominator.get("median"):
        return None
    return _round(numerator["median"] / denominator["median"])


def _round(value: float) -> float:
    return float(f"{value:.4g}")


def text(figure: dict[str, Any] | None) -> str:
    """``12.3 ms (11.9–13.0)`` for the table."""
    if not figure or figure.get("median") is None:
        return "n/a"
    return f"{figure['median']:g} {figure['unit']} ({figure['min']:g}–{figure['max']:g})"
