"""The table printed at the end of a run (Markdown, so it can be pasted into docs/performance.md as is)."""

from __future__ import annotations

from typing import Any

from benchmarks.stats import text


def render(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"Machine: {machine['cores']} cores, Python {machine['python']}, {machine['platform']}, {machine['date']}",
        "",
        "| scenario | figure | median (min–max) |",
        "|---|---|---|",
    ]
    targets: list[str] = []
    for name, result in results["scenarios"].items():
        if "error" in result:
            lines.append(f"| {name} | error | {result['error']} |")
            continue
        for figure, value in result.get("figures", {}).items():
            lines.append(f"| {name} | {figure} | {text(value)} |")
        for label, value in result.get("ratios", {}).items():
            lines.append(f"| {name} | ratio {label} | {'n/a' if value is None else f'{value:g}'} |")
        for target in result.get("targets", []):
            value = target["value"]
            shown = "n/a" if value is None else (f"{value:g}" if isinstance(value, (int, float)) else str(value))
            verdict = "met" if target["met"] else ("not measured" if value is None else "NOT met")
            targets.append(f"| {name} | {target['name']} | {shown} | {target['target']} | {verdict} |")
        for note in result.get("notes", []):
            lines.append(f"| {name} | note | {note} |")
    if targets:
        lines += ["", "| scenario | target | measured | target | verdict |", "|---|---|---|---|---|", *targets]
    return "\n".join(lines)
