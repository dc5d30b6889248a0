"""``genesys-mock seed``: add Faker data to a running mock (``POST /__mock/seed``) or write it as a state file.

``genesys-mock seed --seed 42 --contact-lists 2`` seeds the mock on http://127.0.0.1:8080 (``--url`` for another);
``--out state.json`` writes the same data as a state document instead, for ``serve --state-file``/``--seed-file``
or ``PUT /__mock/state``, without any server.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

DEFAULT_URL = "http://127.0.0.1:8080"
# option -> SeedSpec JSON name; every count option maps to one spec field.
COUNT_OPTIONS = {
    "contact_lists": "contactLists",
    "contacts_per_list": "contactsPerList",
    "external_contacts": "externalContacts",
    "users": "users",
    "queues": "queues",
    "calls": "calls",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("seed", help="add realistic Faker data to a running mock, or write it as a state file")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--url", help=f"the mock to seed through POST /__mock/seed (default {DEFAULT_URL})")
    target.add_argument("--out", help="write a state document to this file instead (no server needed)")
    parser.add_argument("--tenant", help="X-Mock-Tenant of the state to seed (with --url)")
    parser.add_argument("--locale", help="Faker locale (default en_US)")
    parser.add_argument("--seed", type=int, help="random seed: the same seed, locale and clock give the same data")
    for option in COUNT_OPTIONS:
        parser.add_argument(f"--{option.replace('_', '-')}", dest=option, type=int)
    parser.add_argument("--now", help="ISO instant the data is dated back from (default: the mock's clock)")
    parser.add_argument("--config", help="config file whose users place seeded calls (with --out)")
    parser.set_defaults(func=_seed)


def _spec(args: argparse.Namespace) -> dict[str, Any]:
    spec: dict[str, Any] = {name: getattr(args, option) for option, name in COUNT_OPTIONS.items()}
    spec.update(locale=args.locale, seed=args.seed, now=args.now)
    return {key: value for key, value in spec.items() if value is not None}


def _seed_server(args: argparse.Namespace, spec: dict[str, Any]) -> int:
    import httpx

    headers = {"X-Mock-Tenant": args.tenant} if args.tenant else {}
    url = (args.url or DEFAULT_URL).rstrip("/") + "/__mock/seed"
    # A mock on this machine must not be reached through a proxy from the environment.
    local = (httpx.URL(url).host or "") in ("127.0.0.1", "localhost", "::1")
    try:
        response = httpx.post(url, json=spec, headers=headers, timeout=600.0, trust_env=not local)
    except httpx.HTTPError as exc:
        print(f"genesys-mock seed: cannot reach {url}: {exc}", file=sys.stderr)
        return 1
    if response.status_code != 201:
        print(f"genesys-mock seed: {response.status_code} {response.text}", file=sys.stderr)
        return 1
    print(json.dumps(response.json(), indent=2))
    return 0


def _write_file(args: argparse.Namespace, spec: dict[str, Any]) -> int:
    from mockserver.seeding import login_users, parse_spec
    from mockserver.seeding.generator import generate
    from mockserver.settings import load_settings
    from mockserver.snapshot import SnapshotError
    from mockserver.snapshot.document import iter_json, write_atomically

    try:
        seeded = generate(
            parse_spec(spec, "options"), now=datetime.now(timezone.utc), agents=login_users(load_settings(args.config))
        )
    except SnapshotError as error:
        print(f"genesys-mock seed: {error}", file=sys.stderr)
        return 2
    write_atomically(Path(args.out), iter_json(seeded.document))
    print(json.dumps(seeded.summary, indent=2))
    return 0


def _seed(args: argparse.Namespace) -> int:
    spec = _spec(args)
    return _write_file(args, spec) if args.out else _seed_server(args, spec)
