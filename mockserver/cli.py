"""The ``genesys-mock`` command: ``serve``, ``openapi`` and ``rules``."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from typing import Any, Sequence

from mockserver.settings import SettingsError, load_settings

# waitress spools bodies to disk past 512 KiB and rejects past this with its own plain-text page; keep it far
# above the mock's own limit so the mock's ErrorBody 413 is what clients see.
_WAITRESS_BODY_CEILING = 4 * 1024**3


def _serve(args: argparse.Namespace) -> int:
    from waitress import create_server

    from mockserver.app import create_app

    settings = load_settings(args.config, host=args.host, port=args.port, profile=args.profile)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    app = create_app(settings)
    server = create_server(
        app,
        host=settings.host,
        port=settings.port,
        threads=settings.threads,
        ident="genesys-mock",
        max_request_body_size=max(_WAITRESS_BODY_CEILING, settings.max_body_bytes * 4),
        clear_untrusted_proxy_headers=True,
    )

    def _stop(signum: int, _frame: Any) -> None:
        raise SystemExit(0)  # waitress's loop catches it and shuts its worker threads down

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    host, port = server.effective_host, server.effective_port  # type: ignore[union-attr]
    print(f"genesys-mock listening on http://{host}:{port} (profile {settings.profile})", flush=True)
    try:
        server.run()
    finally:
        server.close()
        print("genesys-mock stopped", flush=True)
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from contracts.openapi import DOCUMENT_PATH, build_document, render

    text = render(build_document())
    if args.check:
        current = DOCUMENT_PATH.read_text(encoding="utf-8") if DOCUMENT_PATH.exists() else ""
        if current != text:
            print(f"{DOCUMENT_PATH} is stale: run `genesys-mock openapi --write`", file=sys.stderr)
            return 1
        return 0
    if args.write:
        DOCUMENT_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {DOCUMENT_PATH}")
        return 0
    sys.stdout.write(text)
    return 0


def _rules(args: argparse.Namespace) -> int:
    import mockserver.app  # noqa: F401  (importing the areas registers their rules)
    from mockserver.core import rules

    settings = load_settings(args.config, profile=args.profile)
    rows = [
        {**rule.as_dict(), "active": rules.is_active(rule.id, settings.profile, settings.rules)}
        for rule in rules.catalogue()
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    if args.format == "markdown":
        print("| id | area | error | strict | faithful | summary | real org | source |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| `{r['id']}` | {r['area']} | {r['status']} `{r['code']}` | "
                  f"{'on' if 'strict' in r['profiles'] else 'off'} | {'on' if 'faithful' in r['profiles'] else 'off'} | "
                  f"{r['summary']} | {r['real_org']} | {r['source']} |")
        return 0
    print(f"profile: {settings.profile}")
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        state = "on " if r["active"] else "off"
        print(f"{r['id']:<{width}}  {state}  {r['status']} {r['code']:<40}  {r['summary']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="genesys-mock", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the mock server (waitress, threaded)")
    serve.add_argument("--host", help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8080; 0 picks a free one)")
    serve.add_argument("--profile", choices=("strict", "faithful"), help="rule profile (default strict)")
    serve.add_argument("--config", help="YAML or TOML config file (or GENESYS_MOCK_CONFIG)")
    serve.set_defaults(func=_serve)

    openapi = sub.add_parser("openapi", help="print the OpenAPI document built from the contract")
    group = openapi.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="rewrite contracts/openapi.json")
    group.add_argument("--check", action="store_true", help="exit 1 when contracts/openapi.json is stale")
    openapi.set_defaults(func=_openapi)

    rules = sub.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    rules.add_argument("--profile", choices=("strict", "faithful"))
    rules.add_argument("--config")
    rules.set_defaults(func=_rules)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        print(f"genesys-mock: {exc}", file=sys.stderr)
        return 2
