"""Verdicts from pairs of outcomes, and the Markdown and JSON reports of a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockserver.drift import report
from mockserver.drift.model import Outcome
from mockserver.drift.runner import DIFFERENT, LAXER, SAME, SETUP_FAILED, STRICTER, Run, verdict


def ok(status: int = 200, import_state: str | None = None) -> Outcome:
    return Outcome(status=status, schema="ok", import_state=import_state)


def err(status: int, code: str) -> Outcome:
    return Outcome(status=status, code=code, schema="ok")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (ok(), ok(), SAME),
        (err(400, "invalid.value"), err(400, "invalid.value"), SAME),
        (err(400, "invalid.value"), ok(), STRICTER),
        (err(429, "too.many.requests.retry.after"), ok(), STRICTER),
        (ok(), err(400, "invalid.value"), LAXER),
        (err(400, "invalid.value"), err(400, "invalid.property"), DIFFERENT),
        (err(409, "general.conflict"), err(400, "general.conflict"), DIFFERENT),
        (ok(import_state="FAILED"), ok(import_state="DONE"), STRICTER),
        (ok(import_state="DONE"), ok(import_state="FAILED"), LAXER),
        (ok(import_state="FAILED"), ok(import_state="FAILED"), SAME),
        (err(400, "x"), Outcome(skipped="needs a second user"), "not run on real"),
        (err(400, "x"), Outcome(error="setup POST /x: 500"), SETUP_FAILED),
    ],
)
def test_verdict(a: Outcome, b: Outcome, expected: str) -> None:
    assert verdict(a, b, "real") == expected


def test_json_report(strict_vs_faithful: Run, tmp_path: Path) -> None:
    markdown_path, json_path = report.write(strict_vs_faithful, tmp_path / "out")
    assert (markdown_path.name, json_path.name) == ("drift-report.md", "drift-report.json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert (data["sideA"], data["sideB"]) == ("mock strict", "mock faithful")
    assert data["entries"] == len(data["results"]) == sum(data["verdicts"].values())
    by_id = {r["id"]: r for r in data["results"]}
    phone = by_id["ext-phone-possible"]
    assert phone["rule"] == "EXT-PHONE-POSSIBLE" and phone["verdict"] == "mock stricter"
    assert phone["request"] == {"method": "POST", "path": "/api/v2/externalcontacts/contacts"}
    assert (phone["a"]["status"], phone["a"]["code"], phone["a"]["schema"]) == (400, "invalid.value", "ok")
    assert (phone["b"]["status"], phone["b"]["code"], phone["b"]["schema"]) == (200, None, "ok")
    assert by_id["out-import-header"]["a"]["importState"] == "FAILED"
    assert {r["source"] for r in data["results"]} == {"rule", "seed", "generic", "sample"}


def test_markdown_report(strict_vs_faithful: Run) -> None:
    text = report.as_markdown(strict_vs_faithful)
    assert text.startswith("# Drift report: mock strict (A) vs mock faithful (B)\n")
    counts = strict_vs_faithful.counts()
    assert f"| mock stricter | {counts['mock stricter']} |" in text
    row = next(line for line in text.splitlines() if line.startswith("| ext-expand-value |"))
    assert row == (
        "| ext-expand-value | EXT-EXPAND-VALUE | `GET /api/v2/externalcontacts/contacts` | "
        "400 `invalid.query.param.value` | 200 | ok / ok | mock stricter |"
    )
    imported = next(line for line in text.splitlines() if line.startswith("| out-import-row |"))
    assert "200 import FAILED" in imported and imported.endswith("| same |")
    # one row per entry, and table cells never break the table
    rows = [line for line in text.splitlines() if line.startswith("| ") and line.count(" | ") >= 6]
    assert len(rows) == len(strict_vs_faithful.results) + 1  # + the header row
