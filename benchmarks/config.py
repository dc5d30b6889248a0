"""Options shared by every scenario."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    quick: bool = False
    """Small sizes for a smoke run (seconds, not minutes); the figures then say nothing about the targets."""
    runs: int = 3
    duration: float = 8.0
    """Seconds per load-generator run."""
