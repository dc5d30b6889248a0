"""``genesys-mock replay BUNDLE``: re-run a bug-report bundle and say, per exchange, whether the outcome matches."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("replay", help="replay a bug-report bundle (zip or folder); exit 1 on any mismatch")
    parser.add_argument("bundle", help="the bundle's zip or folder")
    parser.add_argument("--url", help="a running mock to replay against (default: a fresh in-process mock)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import httpx  # here, not at the top: build_parser imports every command, `serve` included
    from pydantic import ValidationError

    from mockserver.bundles import portable
    from mockserver.bundles.builder import opened

    path = Path(args.bundle)
    if not path.exists():
        print(f"genesys-mock replay: no such bundle: {path}", file=sys.stderr)
        return 2
    try:
        with opened(path) as folder:
            bundle = portable.load_bundle(folder)
            if args.url:
                target, note = portable.at_url(args.url, bundle)
            else:
                from mockserver.app import create_app  # only for an in-process mock

                target, note = portable.in_process(bundle, create_app)
            with closing(target.http):
                results = portable.replay(target, bundle)
                if args.url and "X-Mock-Tenant" in target.http.headers:  # its own tenant: leave nothing behind
                    target.http.post(f"{target.api}/__mock/reset")
    except (ValueError, RecursionError, OSError, KeyError, ValidationError, httpx.HTTPError) as exc:  # not a bundle
        # (RecursionError: its JSON nested ~1000 deep; portable.py has only the standard library); unreachable URL
        print(f"genesys-mock replay: cannot replay {path}: {exc}", file=sys.stderr)
        return 2
    print(portable.report(results, note))
    matched = sum(r.matched for r in results)
    print(f"{matched} of {len(results)} exchange(s) match")
    return 0 if results and matched == len(results) else 1
