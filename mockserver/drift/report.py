"""The drift report as JSON (for tools) and Markdown (for people), from one :class:`~mockserver.drift.runner.Run`.

Both carry the same facts: the two sides, the verdict counts, and per entry the request template and each side's
status, error ``code``, rule header, schema conformance and import state, or why it did not run.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mockserver.drift.model import Outcome
from mockserver.drift.runner import Result, Run

JSON_NAME, MARKDOWN_NAME = "drift-report.json", "drift-report.md"


def as_json(run: Run) -> dict[str, Any]:
    return {
        "sideA": run.side_a,
        "sideB": run.side_b,
        "runId": run.run_id,
        "startedAt": datetime.fromtimestamp(run.started, timezone.utc).isoformat(timespec="seconds"),
        "wallSeconds": run.wall_seconds,
        "entries": len(run.results),
        "verdicts": run.counts(),
        "leftovers": run.leftovers,
        "results": [_result(r) for r in run.results],
    }


def _result(result: Result) -> dict[str, Any]:
    entry = result.entry
    return {
        "id": entry.id,
        "source": entry.source,
        "rule": entry.rule,
        "seed": entry.tutorial,
        "note": entry.note or None,
        "request": {"method": entry.request.method, "path": entry.request.path},
        "a": result.a.as_dict(),
        "b": result.b.as_dict(),
        "verdict": result.verdict,
    }


def _cell(text: Any, limit: int = 90) -> str:
    value = "" if text is None else str(text)
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    return value.replace("|", "\\|").replace("\n", " ")


def _side(outcome: Outcome) -> str:
    if outcome.skipped is not None:
        return f"not run: {_cell(outcome.skipped)}"
    if outcome.error is not None:
        return f"error: {_cell(outcome.error)}"
    parts = [str(outcome.status), f"`{outcome.code}`" if outcome.code else ""]
    if outcome.import_state:
        parts.append(f"import {outcome.import_state}")
    if outcome.schema not in ("ok", "n/a"):
        parts.append(f"schema: {_cell(outcome.schema, 60)}")
    if outcome.cleanup:
        parts.append(f"cleanup: {_cell(outcome.cleanup, 60)}")
    return " ".join(p for p in parts if p)


def as_markdown(run: Run) -> str:
    data = as_json(run)
    lines = [
        f"# Drift report: {run.side_a} (A) vs {run.side_b} (B)",
        "",
        f"Run `{run.run_id}` started {data['startedAt']}; {len(run.results)} entries in {run.wall_seconds} s.",
        "Verdicts are from the mock's side (A): *mock stricter* means A refused what B accepted.",
        "",
        "| verdict | entries |",
        "|---|---|",
        *[f"| {verdict} | {count} |" for verdict, count in data["verdicts"].items()],
        "",
    ]
    if run.leftovers:
        lines += ["**Left behind by the cleanup:** " + "; ".join(_cell(x) for x in run.leftovers), ""]
    lines += [
        "| entry | rule / tutorial | request | A | B | schema A / B | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in run.results:
        entry = result.entry
        origin = entry.rule or (Path(entry.tutorial).name if entry.tutorial else entry.note)
        request = f"`{entry.request.method} {_cell(entry.request.path, 70)}`"
        schema = f"{_cell(result.a.schema, 40)} / {_cell(result.b.schema, 40)}"
        lines.append(
            f"| {entry.id} | {_cell(origin)} | {request} | {_side(result.a)} | {_side(result.b)} | "
            f"{schema} | {result.verdict} |"
        )
    return "\n".join(lines) + "\n"


def write(run: Run, out_dir: Path) -> tuple[Path, Path]:
    """Write both files into ``out_dir`` (created if missing); returns their paths (Markdown, JSON)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown, json_path = out_dir / MARKDOWN_NAME, out_dir / JSON_NAME
    markdown.write_text(as_markdown(run), encoding="utf-8")
    json_path.write_text(json.dumps(as_json(run), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return markdown, json_path
