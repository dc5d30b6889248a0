"""Repairs of generated create bodies for stateful scenarios, so that the chains of links actually run.

A stateful scenario tests what follows a successful create: get, update with the version read, delete. Random
bodies that satisfy the document still break the semantic rules no schema can state (tests/contract/semantic.py)
most of the time — a phone column missing from ``columnNames``, two call destinations, an e-mail that is no
address — and a refused create ends the chain. Before such a request is sent, the state machine repairs its
generated body: it keeps every generated value that already satisfies the rules and replaces or drops only the
ones that do not. The per-operation property tests still send the raw bodies.
"""

from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email

from mockserver.outbound.state import is_system_column

TEST_NUMBER = "+13175550100"  # fictional 555-01xx range; on the mock it answers after two seconds
MAX_LIST_NAME, MAX_COLUMNS, MAX_COLUMN_NAME, MAX_VALUE = 64, 50, 128, 512
MAX_NAME, MAX_EMAIL, MAX_ID_VALUE, MAX_IDS = 1000, 256, 255, 10
_CONTACT_ID = re.compile(r"[A-Za-z0-9_-]+")
# Server-set properties a client must not send on create (seed 001; strict rejects them).
_LIST_READ_ONLY = ("id", "contactListId", "selfUri", "dateCreated", "dateModified", "size", "importStatus")
# ATZM and typed columns bring cross-field rules of their own; a chain does not need them.
_LIST_DROPPED = ("automaticTimeZoneMapping", "zipCodeColumnName", "columnDataTypeSpecifications")
_CALL_DESTINATIONS = ("callUserId", "callQueueId", "participants", "conversationIds")
_CONTACT_EMAILS = ("workEmail", "personalEmail", "otherEmail")
_CONTACT_PHONES = ("workPhone", "cellPhone", "homePhone", "otherPhone")
_CONTACT_NAMES = ("firstName", "middleName", "lastName", "salutation", "title")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def contact_list(body: dict[str, Any], unique: str) -> None:
    """A list body: a non-blank name made unique with ``unique``, valid columns and column references."""
    for name in _LIST_READ_ONLY + _LIST_DROPPED:
        body.pop(name, None)
    suffix = f"-{unique}"
    body["name"] = (_text(body.get("name")) or "list")[: MAX_LIST_NAME - len(suffix)] + suffix
    columns = list(
        dict.fromkeys(c for c in body.get("columnNames") or [] if isinstance(c, str) and len(c) <= MAX_COLUMN_NAME)
    )[:MAX_COLUMNS] or ["phone"]
    body["columnNames"] = columns
    for key, allowed in (("phoneColumns", lambda c: not is_system_column(c)), ("emailColumns", None)):
        kept, seen = [], set()
        for column in body.get(key) or []:
            name = column.get("columnName") if isinstance(column, dict) else None
            if name in columns and name not in seen and (allowed is None or allowed(name)):
                kept.append(column)
                seen.add(name)
        body[key] = kept or None


def contacts(items: list[Any], columns: list[str], phone_columns: set[str], email_columns: set[str]) -> None:
    """A batch of contacts: data keyed by the list's columns, phones E.164, e-mails addresses, safe ids; never
    empty, so that the links from its answer (``$response.body#/0/id``) resolve."""
    if not items:
        items.append({"data": {}})
    for item in items:
        if not isinstance(item, dict):
            continue
        item.pop("contactListId", None)  # taken from the path
        if "id" in item and not (isinstance(item["id"], str) and _CONTACT_ID.fullmatch(item["id"])):
            item.pop("id")
        data = {k: v[:MAX_VALUE] for k, v in (item.get("data") or {}).items() if k in columns}
        for column in data.keys() & phone_columns:
            data[column] = TEST_NUMBER
        for column in data.keys() & email_columns:
            data[column] = "contact@example.com"
        item["data"] = data


def _email(value: Any) -> str | None:
    text = _text(value)
    if not text or len(text) > MAX_EMAIL:
        return None
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return None
    return text


def external_contact(body: dict[str, Any], unique: str) -> None:
    """An external contact: names within limits, real addresses, a possible phone, external ids within limits
    and unique to this scenario (``unique``)."""
    for name in _CONTACT_NAMES:
        if name in body:
            body[name] = _text(body[name])[:MAX_NAME] or None
    for name in _CONTACT_EMAILS:
        if name in body:
            body[name] = _email(body[name])
    for name in _CONTACT_PHONES:
        if isinstance(body.get(name), dict):
            body[name] = {**body[name], "display": TEST_NUMBER, "normalizationCountryCode": "US"}
    for name in ("whatsAppId", "address", "identifiers", "appleOpaqueIds"):
        body.pop(name, None)  # nested shapes with limits of their own
    if body.get("externalSystemUrl") is not None:
        body["externalSystemUrl"] = f"https://crm.example.com/contacts/{unique}"
    external_ids = [e for e in body.get("externalIds") or [] if isinstance(e, dict)][:MAX_IDS]
    for index, external_id in enumerate(external_ids):
        external_id["value"] = f"{unique}-{index}"
    body["externalIds"] = external_ids or None


def call(body: dict[str, Any], number: str = TEST_NUMBER) -> None:
    """A call: exactly one destination, the phone number ``number``."""
    for name in _CALL_DESTINATIONS:
        body.pop(name, None)
    body["phoneNumber"] = number
