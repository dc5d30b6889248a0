"""``genesys-mock bundle``: download a bug-report bundle from a running mock into a zip or a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bundle", help="export a recorded exchange (or the last N) as a bug-report bundle")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--correlation-id", help="the ININ-Correlation-Id of the exchange")
    which.add_argument("--last", type=int, help="the last N exchanges of the journal")
    parser.add_argument("--url", default="http://127.0.0.1:8080", help="the running mock (default %(default)s)")
    parser.add_argument("--tenant", help="the X-Mock-Tenant whose journal to read (default: the default tenant)")
    parser.add_argument("--out", help="a .zip file, or a folder to unpack into (default genesys-mock-bundle-ID.zip)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import httpx  # here, not at the top: build_parser imports every command, `serve` included

    from mockserver.bundles.builder import save

    if args.correlation_id:
        path, params, name = f"/__mock/bundle/{args.correlation_id}", {}, args.correlation_id
    else:
        path, params, name = "/__mock/bundle", {"last": str(args.last)}, f"last-{args.last}"
    headers = {"X-Mock-Tenant": args.tenant} if args.tenant else {}
    try:
        with httpx.Client(base_url=args.url.rstrip("/"), trust_env=False, timeout=60.0) as http:
            response = http.get(path, params=params, headers=headers)
    except httpx.HTTPError as exc:
        print(f"genesys-mock bundle: cannot reach {args.url}: {exc}", file=sys.stderr)
        return 1
    if response.status_code != 200:
        print(f"genesys-mock bundle: {response.status_code} {_message(response)}", file=sys.stderr)
        return 1
    out = save(response.content, Path(args.out or f"genesys-mock-bundle-{name}.zip"))
    print(f"wrote {out}")
    return 0


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
        return f"{body.get('code')}: {body.get('message')}"
    except (ValueError, AttributeError):
        return response.text[:200]
