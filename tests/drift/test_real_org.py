"""Drift against a real org: skipped unless GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_REGION are set.

Safe mode: no call (no --allow-calls), only entries that write to resources they create, a throttle below the
org's limit, 429s honoured, and everything created deleted (the run's final sweep checks the prefix).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mockserver.cli import main

REQUIRED = ("GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET", "GENESYS_REGION")


@pytest.mark.skipif(not all(os.environ.get(n) for n in REQUIRED), reason="set " + ", ".join(REQUIRED))
def test_drift_against_a_real_org(tmp_path: Path) -> None:
    assert main(["drift", "--against", "real", "--out", str(tmp_path), "--sample", "5"]) == 0
    data = json.loads((tmp_path / "drift-report.json").read_text(encoding="utf-8"))
    assert data["leftovers"] == []
    assert all(r["b"]["cleanup"] is None for r in data["results"])
    assert data["verdicts"].get("not run on real", 0) >= 5  # mock-only entries and every call
