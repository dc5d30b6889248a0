"""One strict-vs-faithful drift run shared by the tests that read it (it takes a few seconds)."""

from __future__ import annotations

import pytest

from mockserver.app import load_areas
from mockserver.drift.corpus import corpus
from mockserver.drift.runner import Run, run
from mockserver.drift.targets import MockTarget

SAMPLE = 5


@pytest.fixture(scope="session")
def strict_vs_faithful() -> Run:
    load_areas()
    strict, faithful = MockTarget("strict"), MockTarget("faithful")
    try:
        return run(corpus(SAMPLE, seed=1), strict, faithful)
    finally:
        strict.close()
        faithful.close()
