"""One module per ``genesys-mock`` subcommand, each exposing ``register(sub)`` (see ``mockserver.cli``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def write_or_check(args: argparse.Namespace, document: Path, text: str, command: str) -> int:
    """The one ``--write`` / ``--check`` / stdout behaviour of the generated documents (openapi, coverage).

    ``--check`` exits 1 when the committed file differs from ``text`` (what the staleness tests compare too).
    """
    if args.check:
        current = document.read_text(encoding="utf-8") if document.exists() else ""
        if current != text:
            print(f"{document} is stale: run `{command}`", file=sys.stderr)
            return 1
        return 0
    if args.write:
        document.write_text(text, encoding="utf-8")
        print(f"wrote {document}")
        return 0
    sys.stdout.write(text)
    return 0
