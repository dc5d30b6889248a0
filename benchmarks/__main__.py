"""``python -m benchmarks [--quick] [--only NAME ...] [--json PATH] [--runs N] [--duration S]``.

Runs the scenarios in order, prints one table (median and min–max per figure, the ratios, each target met or
not) and writes every figure to a JSON file. Scenarios that need a missing tool (wrk, npm for Prism) say how to
install it and report ``n/a`` instead of failing the whole run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Sequence

from benchmarks.config import Config
from benchmarks.report import render

SCENARIOS: dict[str, str] = {
    "inprocess": "benchmarks.inprocess",
    "http": "benchmarks.http_load",
    "servers": "benchmarks.server_choice",
    "bulk": "benchmarks.bulk",
    "csv": "benchmarks.csv_upload",
    "startup": "benchmarks.startup",
    "contract": "benchmarks.contract",
    "scale": "benchmarks.scale",
    "redis_memory": "benchmarks.redis_memory",
}


def _machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(SCENARIOS),
        metavar="NAME",
        help=f"run only this scenario (repeatable): {', '.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--json",
        help="where to write the figures (default benchmarks/results.json, or "
        "benchmarks/results.quick.json with --quick, which git ignores)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (at least 3 for a report)")
    parser.add_argument("--duration", type=float, help="seconds per wrk run (default 8, 2 with --quick)")
    args = parser.parse_args(argv)
    config = Config(quick=args.quick, runs=max(1, args.runs), duration=args.duration or (2.0 if args.quick else 8.0))
    results: dict[str, Any] = {"machine": _machine(), "config": vars(args), "scenarios": {}}
    for name in args.only or list(SCENARIOS):
        print(f"== {name} ...", file=sys.stderr, flush=True)
        started = time.monotonic()
        try:
            result = importlib.import_module(SCENARIOS[name]).run(config)
        except Exception as exc:  # one broken scenario must not hide the others' figures
            traceback.print_exc()
            result = {"error": f"{type(exc).__name__}: {exc}"}
        result["seconds"] = round(time.monotonic() - started, 1)
        results["scenarios"][name] = result
    path = Path(args.json or ("benchmarks/results.quick.json" if args.quick else "benchmarks/results.json"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render(results))
    print(f"\nfigures written to {path}")
    return 1 if any("error" in r for r in results["scenarios"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
