"""What each ``genesys-client`` command does; the parser lives in :mod:`clients.genesys_client.cli`.

Handlers take ``(client, args, output)`` and return the exit status. They only translate options into library
calls, so the command line does exactly what the library does.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Callable

from clients.genesys_client.cli_output import Output
from clients.genesys_client.client import GenesysClient
from clients.genesys_client.csvimport import ImportReport, import_csv, upload_file
from clients.genesys_client.csvtools import contact_list_from_header, contacts_from_csv, read_header
from clients.genesys_client.phones import PhoneNumberError, PhoneProblem, check_region, to_e164
from contracts.externalcontacts import ExternalContact, PhoneNumber
from contracts.outbound import ContactList, WritableDialerContact

Handler = Callable[[GenesysClient, argparse.Namespace, Output], int]


# --- contact lists -----------------------------------------------------------------------------------------


def contactlists_create(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    if args.from_csv:
        body = contact_list_from_header(
            args.name, read_header(args.from_csv), phone_columns=args.phone_columns, email_columns=args.email_columns
        )
    elif args.columns:
        body = contact_list_from_header(
            args.name, args.columns, phone_columns=args.phone_columns, email_columns=args.email_columns
        )
    else:
        raise ValueError("give the columns with --column (repeat) or --from-csv FILE")
    output.result(client.outbound.create_contact_list(body), "ContactList")
    return 0


def contactlists_list(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    filters: dict[str, Any] = {
        "name": args.name,
        "filter_type": args.filter_type,
        "include_size": args.include_size or None,
    }
    if args.all:
        pages = client.outbound.iter_contact_lists(page_size=min(args.page_size, 100), **filters)
        lists = list(pages)
        output.result(lists, "ContactList", footer=f"{len(lists)} contact list(s)")
        return 0
    page = client.outbound.list_contact_lists(page_number=args.page, page_size=args.page_size, **filters)
    if output.fmt == "json":
        output.result(page)
    else:
        output.result(page.entities, "ContactList", footer=_footer(page, "contact list(s)"))
    return 0


def _footer(page: Any, noun: str) -> str:
    if not page.total:
        return f"0 {noun}"
    return f"page {page.page_number} of {page.page_count}, {page.total} {noun}"


def contactlists_get(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    contact_list = client.outbound.get_contact_list(
        args.id, include_size=args.include_size or None, include_import_status=args.include_import_status or None
    )
    output.result(contact_list, "ContactList")
    return 0


def contactlists_delete(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    client.outbound.delete_contact_list(args.id)
    output.result({"deleted": args.id})
    return 0


# --- contacts, upload, import ------------------------------------------------------------------------------


def contacts_add(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    contacts = _contacts_from_args(args)
    contact_list = client.outbound.get_contact_list(args.list_id)
    region = check_region(args.default_region)
    kept: list[WritableDialerContact] = []
    rejected: list[PhoneProblem] = []
    for row, contact in enumerate(contacts, start=1):
        problem = None if args.no_normalize else _normalize(contact, contact_list, region, args.require_valid, row)
        if problem:
            rejected.append(problem)
        else:
            kept.append(contact)
    stored = client.outbound.add_contacts(args.list_id, kept, priority=args.priority or None) if kept else []
    for problem in rejected:
        output.note(f"rejected: {problem}")
    output.result(stored, "DialerContact", footer=f"{len(stored)} added, {len(rejected)} rejected")
    return 0


def _contacts_from_args(args: argparse.Namespace) -> list[WritableDialerContact]:
    if bool(args.data) == bool(args.file):
        raise ValueError("give either --data COLUMN=VALUE (repeat) or --file FILE")
    if args.data:
        pairs = [item.partition("=") for item in args.data]
        bad = [item for item, (_, sep, _) in zip(args.data, pairs) if not sep]
        if bad:
            raise ValueError(f"--data needs COLUMN=VALUE, got {', '.join(bad)}")
        return [WritableDialerContact(data={k.strip(): v for k, _, v in pairs})]
    path = Path(args.file)
    if path.suffix.lower() == ".json":
        items = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(items, list):
            raise ValueError(f"{path} must hold a JSON array of contacts")
        return [WritableDialerContact.model_validate(i if "data" in i else {"data": i}) for i in items]
    return contacts_from_csv(path)


def _normalize(
    contact: WritableDialerContact, contact_list: ContactList, region: str, require_valid: bool, row: int
) -> PhoneProblem | None:
    for column in contact_list.phone_columns or []:
        value = contact.data.get(column.column_name)
        if value and value.strip():
            try:
                contact.data[column.column_name] = to_e164(value, region, require_valid=require_valid)
            except PhoneNumberError as exc:
                return PhoneProblem(row, column.column_name, value, str(exc))
    return None


def upload(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    with output.transfer(Path(args.file).name) as (on_upload, on_import):
        report = upload_file(
            client,
            args.list_id,
            args.file,
            normalize=not args.no_normalize,
            default_region=check_region(args.default_region),
            require_valid=args.require_valid,
            contact_id_name=args.contact_id_name,
            wait=not args.no_wait,
            on_upload=on_upload,
            on_import=on_import,
            timeout=args.timeout,
        )
    return _report(report, output)


def import_file(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    region = check_region(args.default_region)
    with output.transfer(Path(args.file).name) as (on_upload, on_import):
        report = import_csv(
            client,
            args.file,
            args.name,
            phone_columns=args.phone_columns,
            email_columns=args.email_columns,
            normalize=not args.no_normalize,
            default_region=region,
            require_valid=args.require_valid,
            contact_id_name=args.contact_id_name,
            on_upload=on_upload,
            on_import=on_import,
            timeout=args.timeout,
        )
    return _report(report, output)


def _report(report: ImportReport, output: Output) -> int:
    output.result(report.summary())
    if report.failed:
        output.error(
            f"import into contact list {report.contact_list.id} failed: {report.status.failure_reason}"
            if report.status
            else "import failed"
        )
        return 1
    return 0


# --- calls and external contacts ---------------------------------------------------------------------------


def calls_create(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    if client.user_auth is None:
        output.note(
            "note: no user token (--user-token, $GENESYS_USER_TOKEN or --username/--password); "
            "the API answers 400 not.a.user to client credentials"
        )
    answer = client.conversations.create_call(
        phone_number=args.phone_number, caller_id=args.caller_id, caller_id_name=args.caller_id_name
    )
    output.result(answer, "CreateCallResponse")
    return 0


def external_create(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    body: dict[str, Any] = json.loads(Path(args.json).read_text(encoding="utf-8")) if args.json else {}
    for name in ("first_name", "last_name", "title", "work_email", "personal_email"):
        if getattr(args, name):
            body[name] = getattr(args, name)
    for name in ("cell_phone", "work_phone", "home_phone"):
        if getattr(args, name):
            body[name] = PhoneNumber(display=getattr(args, name))
    contact = ExternalContact.model_validate(body)
    output.result(client.external_contacts.create_contact(contact), "ExternalContact")
    return 0


def external_search(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    api = client.external_contacts
    if args.all:
        pages = api.iter_search(q=args.q)
        found = list(pages)
        footer = f"{len(found)} of {pages.total} contact(s)"
        if pages.truncated:
            footer += " (only the first 1000 are reachable: narrow --q)"
            output.note(footer)
        output.result(found, "ExternalContact", footer=footer)
        return 0
    page = api.search_contacts(q=args.q, page_number=args.page, page_size=args.page_size)
    if output.fmt == "json":
        output.result(page)
    else:
        output.result(page.entities, "ExternalContact", footer=_footer(page, "contact(s)"))
    return 0


def external_get(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    output.result(client.external_contacts.get_contact(args.id), "ExternalContact")
    return 0


def external_delete(client: GenesysClient, args: argparse.Namespace, output: Output) -> int:
    client.external_contacts.delete_contact(args.id)
    output.result({"deleted": args.id})
    return 0
