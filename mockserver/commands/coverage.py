"""``genesys-mock coverage``: the implementation coverage page (docs/coverage.md), built by mockserver/coverage.py.

``--write`` rewrites the committed page, ``--check`` exits 1 when it is stale (tests/unit/test_coverage.py runs the
same comparison); without either the page goes to standard output.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("coverage", help="which vendor operations the mock serves deep, generic or not at all")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="rewrite docs/coverage.md")
    group.add_argument("--check", action="store_true", help="exit 1 when docs/coverage.md is stale")
    parser.set_defaults(func=_coverage)


def _coverage(args: argparse.Namespace) -> int:
    from mockserver.commands import write_or_check
    from mockserver.coverage import COMMAND, DOCUMENT, build_rows, render

    return write_or_check(args, DOCUMENT, render(*build_rows()), COMMAND)
