"""``genesys-client``: the reference client from the command line, against the mock or a real org.

    genesys-client [--base-url URL | --region REGION] [--output table|json] COMMAND ...

Credentials come from ``--client-id``/``--client-secret`` or ``GENESYS_CLIENT_ID``/``GENESYS_CLIENT_SECRET``; the
target from ``--base-url`` (the mock: all hosts on one URL), ``--region`` or ``GENESYS_BASE_URL``/
``GENESYS_REGION``. Common options are accepted before or after the command. Exit status: 0 on success, 1 when the
API refused something or an import failed (the one-line error summary is printed), 2 for a usage or configuration
problem.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Sequence

import httpx
from pydantic import ValidationError

from clients.genesys_client import cli_commands as commands
from clients.genesys_client.cli_output import Output
from clients.genesys_client.client import GenesysClient
from clients.genesys_client.config import ClientConfig, ConfigError
from clients.genesys_client.errors import GenesysApiError
from clients.genesys_client.phones import DEFAULT_REGION, PhoneNumberError
from clients.genesys_client.transport import RetryPolicy
from clients.genesys_client.uploads import ImportTimeout

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _common(suppress: bool) -> argparse.ArgumentParser:
    """Options valid before and after the command; after it they must not overwrite what came before."""
    default = argparse.SUPPRESS if suppress else None
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("connection")
    group.add_argument("--base-url", default=default, help="one URL for all hosts, e.g. http://127.0.0.1:8080 (mock)")
    group.add_argument("--region", default=default, help="org region, e.g. mypurecloud.ie or eu_west_1")
    group.add_argument("--client-id", default=default, help="default: $GENESYS_CLIENT_ID")
    group.add_argument("--client-secret", default=default, help="default: $GENESYS_CLIENT_SECRET")
    group.add_argument("--output", "-o", choices=("table", "json"), default=argparse.SUPPRESS if suppress else "table")
    group.add_argument("--no-progress", action="store_true", default=argparse.SUPPRESS if suppress else False)
    group.add_argument(
        "--throttle",
        type=float,
        default=argparse.SUPPRESS if suppress else 0.0,
        metavar="SECONDS",
        help="minimum time between requests (be kind to a shared org)",
    )
    group.add_argument(
        "--attempts",
        type=int,
        default=argparse.SUPPRESS if suppress else 5,
        metavar="N",
        help="tries per request for 429/502/503/504 and connection errors (default 5)",
    )
    group.add_argument("--verbose", "-v", action="count", default=argparse.SUPPRESS if suppress else 0)
    return parser


def build_parser() -> argparse.ArgumentParser:
    common = _common(suppress=True)
    parser = argparse.ArgumentParser(
        prog="genesys-client",
        parents=[_common(suppress=False)],
        description="The reference client of genesys-cloud-mock, against the mock (--base-url) or a real org "
        "(--region). Credentials: --client-id/--client-secret or GENESYS_CLIENT_ID/GENESYS_CLIENT_SECRET.",
        epilog="Exit status: 0 success, 1 the API refused something or an import failed, 2 usage or configuration.",
    )
    areas = parser.add_subparsers(dest="area", required=True, metavar="COMMAND")

    def command(
        sub: argparse._SubParsersAction,
        name: str,
        handler: commands.Handler,
        help: str,
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(handler=handler)
        return p

    lists = areas.add_parser("contactlists", help="create, list, get, delete contact lists").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(lists, "create", commands.contactlists_create, "create a contact list")
    p.add_argument("--name", required=True)
    p.add_argument("--column", action="append", dest="columns", metavar="NAME", help="a column (repeat)")
    p.add_argument("--from-csv", metavar="FILE", help="take the columns from this CSV's header")
    _contact_columns(p)
    p = command(lists, "list", commands.contactlists_list, "list contact lists")
    p.add_argument("--name", help="name filter (prefix unless --filter-type)")
    p.add_argument("--filter-type", help="Equals, Contains, Prefix, RegEx, ...")
    p.add_argument("--page-size", type=int, default=25)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--all", action="store_true", help="walk every page")
    p.add_argument("--include-size", action="store_true")
    p = command(lists, "get", commands.contactlists_get, "show one contact list")
    p.add_argument("id")
    p.add_argument("--include-size", action="store_true")
    p.add_argument("--include-import-status", action="store_true")
    p = command(lists, "delete", commands.contactlists_delete, "delete a contact list")
    p.add_argument("id")

    contacts = areas.add_parser("contacts", help="add contacts to a list").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(contacts, "add", commands.contacts_add, "add (upsert) contacts, in batches of at most 1000")
    p.add_argument("--list", required=True, dest="list_id", metavar="ID")
    p.add_argument("--data", action="append", metavar="COLUMN=VALUE", help="one contact's value (repeat)")
    p.add_argument("--file", metavar="FILE", help="contacts from a .csv (one per row) or .json (array)")
    p.add_argument("--priority", action="store_true", help="put them at the front of the dialling queue")
    _phone_options(p)

    p = command(areas, "upload", commands.upload, "upload a CSV into a contact list and wait for the import")
    p.add_argument("file")
    p.add_argument("--list", required=True, dest="list_id", metavar="ID")
    p.add_argument("--contact-id-name", metavar="COLUMN", help="CSV column holding each contact's id")
    p.add_argument("--no-wait", action="store_true", help="return once the file is accepted")
    _phone_options(p)
    _wait_options(p)

    p = command(areas, "import", commands.import_file, "create a list from a CSV, normalise phones, upload, wait")
    p.add_argument("file")
    p.add_argument("--name", required=True)
    p.add_argument("--contact-id-name", metavar="COLUMN", help="CSV column holding each contact's id")
    _contact_columns(p)
    _phone_options(p)
    _wait_options(p)

    calls = areas.add_parser("calls", help="place calls (needs a user token)").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(calls, "create", commands.calls_create, "place a call from the user's station")
    p.add_argument("--phone-number", required=True)
    p.add_argument("--caller-id")
    p.add_argument("--caller-id-name")
    p.add_argument(
        "--user-token",
        default=os.environ.get("GENESYS_USER_TOKEN"),
        help="a user's bearer token (default: $GENESYS_USER_TOKEN)",
    )
    p.add_argument("--username", help="password grant (the mock; orgs only for clients allowed it)")
    p.add_argument("--password")

    external = areas.add_parser(
        "externalcontacts", help="create, search, get, delete external contacts"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")
    p = command(external, "create", commands.external_create, "create an external contact")
    for flag in (
        "--first-name",
        "--last-name",
        "--title",
        "--work-email",
        "--personal-email",
        "--cell-phone",
        "--work-phone",
        "--home-phone",
    ):
        p.add_argument(flag)
    p.add_argument("--json", metavar="FILE", help="an ExternalContact body (fields given as options override it)")
    p = command(external, "search", commands.external_search, "search external contacts")
    p.add_argument("--q", help="keywords over names, e-mails, phone numbers")
    p.add_argument("--page-size", type=int, default=20)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--all", action="store_true", help="walk every reachable page (the first 1000 records)")
    p = command(external, "get", commands.external_get, "show an external contact")
    p.add_argument("id")
    p = command(external, "delete", commands.external_delete, "delete an external contact")
    p.add_argument("id")
    return parser


def _contact_columns(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--phone-column",
        action="append",
        dest="phone_columns",
        metavar="COL[:TYPE]",
        help="a phone column (repeat); default: guessed from the column names",
    )
    p.add_argument(
        "--email-column",
        action="append",
        dest="email_columns",
        metavar="COL[:TYPE]",
        help="an e-mail column (repeat); default: guessed from the column names",
    )


def _phone_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--default-region",
        default=DEFAULT_REGION,
        metavar="CC",
        help=f"country for numbers without a country code (default {DEFAULT_REGION})",
    )
    p.add_argument("--no-normalize", action="store_true", help="send phone values as they are")
    p.add_argument("--require-valid", action="store_true", help="reject numbers outside assigned ranges too")


def _wait_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=900.0, metavar="SECONDS", help="how long to wait for the import")


def make_client(args: argparse.Namespace) -> GenesysClient:
    config = ClientConfig.build(
        client_id=args.client_id,
        client_secret=args.client_secret,
        region=args.region,
        base_url=args.base_url,
        user_token=getattr(args, "user_token", None),
        username=getattr(args, "username", None),
        password=getattr(args, "password", None),
    )
    if args.attempts < 1:
        raise ValueError("--attempts must be at least 1")
    return GenesysClient(config, throttle_seconds=args.throttle, retry=RetryPolicy(max_attempts=args.attempts))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.verbose == 0 else logging.INFO if args.verbose == 1 else logging.DEBUG,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.verbose < 2:
        logging.getLogger("httpx").setLevel(logging.WARNING)
    output = Output(args.output, progress=not args.no_progress)
    try:
        with make_client(args) as client:
            return args.handler(client, args, output)
    except GenesysApiError as err:
        output.error(str(err))
        for note in getattr(err, "__notes__", []):
            output.note(note)
        return EXIT_FAILED
    except httpx.TransportError as exc:
        where = f" {exc.request.url.scheme}://{exc.request.url.netloc.decode()}" if _has_request(exc) else ""
        output.error(f"cannot reach{where}: {type(exc).__name__}: {exc}")
        return EXIT_FAILED
    except ImportTimeout as exc:
        output.error(str(exc))
        return EXIT_FAILED
    except (ConfigError, PhoneNumberError, ValueError, OSError) as exc:
        output.error(_usage_message(exc))
        return EXIT_USAGE


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        return exc.request is not None
    except RuntimeError:
        return False


def _usage_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        return f"invalid {exc.title}: {problems}"
    return str(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
