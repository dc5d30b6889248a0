"""``genesys-mock drift``: replay the drift corpus against two targets and write the report (issue 6).

``--against faithful`` compares the mock in two profiles, both in-process. ``--against real`` compares the mock with
the org named by ``GENESYS_CLIENT_ID``/``GENESYS_CLIENT_SECRET``/``GENESYS_REGION``, in safe mode (see docs/contract-tests.md,
"Drift report"); ``--against URL`` with any server, e.g. a ``genesys-mock serve`` in another configuration.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockserver.drift.targets import HttpTarget

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
DEFAULT_THROTTLE = 0.35  # seconds between requests to a real org: under 3 per second, far below 300 per minute


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "drift",
        help="replay the drift corpus against two targets and write a report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--against",
        required=True,
        metavar="real|faithful|URL",
        help="side B: a real org (GENESYS_* variables), the mock in the faithful profile, or a URL",
    )
    parser.add_argument(
        "--profile",
        choices=("strict", "faithful"),
        default="strict",
        help="profile of the mock on side A (default strict)",
    )
    parser.add_argument("--out", default=".", help="directory for drift-report.md and drift-report.json")
    parser.add_argument("--sample", type=int, default=20, help="schemathesis-generated requests (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated sample (default 0)")
    parser.add_argument(
        "--allow-calls",
        action="store_true",
        help="let requests that may place a call reach side B, only to --test-number",
    )
    parser.add_argument("--test-number", help="the E.164 number a real call may go to (with --allow-calls)")
    parser.add_argument(
        "--throttle",
        type=float,
        default=None,
        help=f"seconds between requests to an HTTP side (default {DEFAULT_THROTTLE} for a real org, 0 for a URL)",
    )
    parser.set_defaults(func=_drift)


def _side_b(args: argparse.Namespace) -> tuple[object, str]:
    from clients.genesys_client.config import ConfigError, Hosts
    from mockserver.drift.targets import MOCK_TEST_NUMBER, HttpTarget, MockTarget
    from mockserver.settings import DEFAULT_CLIENT

    if args.against == "faithful":
        return MockTarget("faithful"), "mock faithful"
    user_token = os.environ.get("GENESYS_USER_TOKEN", "").strip()
    users = {"agent": user_token} if user_token else {}
    test_number = args.test_number or MOCK_TEST_NUMBER
    if args.against == "real":
        names = ("GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET", "GENESYS_REGION")
        values = [os.environ.get(name, "").strip() for name in names]
        if not all(values):
            raise SystemExit(f"genesys-mock drift: --against real needs {', '.join(names)}")
        client_id, secret, region = values
        try:
            hosts = Hosts.for_region(region)
        except ConfigError as exc:
            raise SystemExit(f"genesys-mock drift: GENESYS_REGION: {exc}") from exc
        throttle = DEFAULT_THROTTLE if args.throttle is None else args.throttle
        return HttpTarget(
            hosts,
            client_id,
            secret,
            name=f"real org ({region})",
            real=True,
            throttle=max(throttle, 0.1),
            user_tokens=users,
            allow_calls=args.allow_calls,
            test_number=test_number,
        ), "real"
    if not re.match(r"^https?://", args.against):
        raise SystemExit(f"genesys-mock drift: --against takes real, faithful or a URL, not {args.against!r}")
    client_id = os.environ.get("GENESYS_CLIENT_ID") or DEFAULT_CLIENT.client_id
    secret = os.environ.get("GENESYS_CLIENT_SECRET") or DEFAULT_CLIENT.client_secret
    target = HttpTarget(
        Hosts.single(args.against),
        client_id,
        secret,
        name=args.against.rstrip("/"),
        throttle=args.throttle or 0.0,
        user_tokens=users,
        allow_calls=args.allow_calls,
        test_number=test_number,
    )
    if not users:
        target.user_tokens.update(_mock_user_token(target))
    return target, args.against.rstrip("/")


def _mock_user_token(target: HttpTarget) -> dict[str, str]:
    """A served mock offers its built-in user through the password grant; other servers may not."""
    import httpx

    from mockserver.settings import DEFAULT_USER

    try:
        answer = httpx.post(
            f"{target.hosts.login}/oauth/token",
            timeout=30.0,
            trust_env=False,
            data={"grant_type": "password", "username": DEFAULT_USER.username, "password": DEFAULT_USER.password},
            auth=(target.client_id, target.client_secret),
        )
    except httpx.HTTPError:
        return {}
    return {"agent": answer.json()["access_token"]} if answer.status_code == 200 else {}


def _drift(args: argparse.Namespace) -> int:
    from mockserver.drift import report
    from mockserver.drift.corpus import corpus
    from mockserver.drift.runner import run
    from mockserver.drift.targets import MockTarget

    if args.test_number and not E164.match(args.test_number):
        raise SystemExit(f"genesys-mock drift: --test-number must be E.164 (+15550100123), not {args.test_number!r}")
    if args.allow_calls and args.against == "real" and not args.test_number:
        raise SystemExit("genesys-mock drift: --allow-calls needs --test-number")
    if args.sample < 0:
        raise SystemExit("genesys-mock drift: --sample must be 0 or more")
    side_a = MockTarget(args.profile)
    side_b, label = _side_b(args)
    sampled_calls = args.allow_calls and bool(args.test_number)
    try:
        entries = corpus(args.sample, args.seed, allow_calls=sampled_calls, test_number=args.test_number)
    except ImportError as exc:  # schemathesis is an extra: genesys-cloud-mock[drift]
        raise SystemExit(
            f"genesys-mock drift: the generated sample needs {exc.name} (pip install "
            "'genesys-cloud-mock[drift]'), or pass --sample 0"
        ) from exc
    try:
        result = run(entries, side_a, side_b, side_b_label=label)  # type: ignore[arg-type]
    finally:
        side_a.close()
        side_b.close()  # type: ignore[attr-defined]
    markdown, json_path = report.write(result, Path(args.out))
    counts = ", ".join(f"{verdict}: {count}" for verdict, count in result.counts().items())
    print(f"{len(result.results)} entries in {result.wall_seconds} s ({counts})")
    print(f"wrote {markdown} and {json_path}")
    if result.leftovers:
        print("cleanup left behind: " + "; ".join(result.leftovers), file=sys.stderr)
    return 0
