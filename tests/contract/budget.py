"""How much the contract suite generates: a default that keeps ``pytest`` quick, ten times more in deep mode.

Deep mode is ``GENESYS_CONTRACT_DEEP=1`` or ``pytest --deep`` (tests/conftest.py turns the option into the
variable before collection, because schemathesis builds its tests while collecting).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

DEEP_ENV = "GENESYS_CONTRACT_DEEP"
DEEP_FACTOR = 10

Target = Literal["wsgi", "http", "org"]


def deep() -> bool:
    return os.environ.get(DEEP_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Budget:
    """Examples per operation (fuzzing phase; the examples phase adds the document's own), stateful scenarios with
    their maximum length, and whether the coverage phase runs (a fixed set of boundary and negative cases per
    operation: the larger part of a default run, built while pytest collects)."""

    examples: int
    scenarios: int
    steps: int
    coverage: bool = True
    generic_examples: int = 0
    """Examples per generic operation (x-mock-emulation: generic, ~600 of them): their behaviour is one shared
    engine (mockserver/generic), so a few examples each reach every answer kind; deep mode runs ten times more and
    adds their coverage phase."""
    generic_coverage: bool = False


GENERIC_EXAMPLES = 3

# Measured on a 2-core machine: the default run of tests/contract stays well under two minutes.
_DEFAULTS: dict[Target, Budget] = {
    # In-process: no socket, the cheapest requests; every phase.
    "wsgi": Budget(examples=25, scenarios=40, steps=8, generic_examples=GENERIC_EXAMPLES),
    # The same requests through waitress and a socket. The coverage phase's cases are the in-process run's; by
    # default this run fuzzes and follows links (what transport, threads and headers could change), --deep adds them.
    # Generic operations run in-process only by default (one engine, whose transport the deep ones already cover);
    # --deep sends them over HTTP too.
    "http": Budget(examples=10, scenarios=15, steps=8, coverage=False),
    # A real org: throttled and shared, every request counts (tests/contract/config.py).
    "org": Budget(examples=5, scenarios=5, steps=6, coverage=False),
}


def budget(target: Target) -> Budget:
    base = _DEFAULTS[target]
    if not deep():
        return base
    # Deep mode also runs the coverage phase over HTTP; never on a real org (hundreds of cases per operation,
    # undocumented methods among them).
    return Budget(
        base.examples * DEEP_FACTOR,
        base.scenarios * DEEP_FACTOR,
        base.steps,
        coverage=target != "org",
        generic_examples=0 if target == "org" else GENERIC_EXAMPLES * DEEP_FACTOR,
        generic_coverage=target != "org",
    )
