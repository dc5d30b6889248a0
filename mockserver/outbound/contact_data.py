"""Contact data rules and the upsert, shared by ``POST …/contacts``, ``PUT …/contacts/{id}`` and CSV import.

:func:`check_contact_data` applies every rule on one contact's ``data`` map and raises the first violated rule's
error; the CSV import turns that error into a ``failureReason``. Contacts that passed are stored by the state
module's ``upsert_contacts`` in one transaction: either all of a request's contacts are stored or none.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime

from contracts.outbound import ColumnDataTypeSpecification, ContactList
from mockserver.core import rules
from mockserver.core.emails import is_valid_email
from mockserver.core.phones import e164_problem, is_valid_number
from mockserver.outbound.state import random_uuid

MAX_VALUE_LENGTH = 512
_CONTACT_ID = re.compile(r"[A-Za-z0-9_-]+")  # used with fullmatch: "$" would accept a trailing "\n"
_ZIP = re.compile(r"[0-9]{5}([0-9]{4})?")  # ASCII only: \d also matches other scripts' digits
# A plain decimal number: float() alone would also take "nan", "inf", "1_000" and surrounding blanks.
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def decimal(text: str | None) -> float | None:
    """A plain decimal number (``42``, ``-1.5``, ``1e3``), or None; contact values are strings whatever their type.

    Shared with contact search, so that "numeric" means the same when a contact is written and when it is found.
    """
    return float(text) if text is not None and _DECIMAL.fullmatch(text) else None


def _type_problem(spec: ColumnDataTypeSpecification, value: str) -> str | None:
    """Why ``value`` does not fit its column type (seed 000), or None; an empty value has no type."""
    kind = spec.column_data_type
    if kind == "NUMERIC":
        number = decimal(value)
        if number is None:
            return ""
        if spec.min is not None and number < spec.min:
            return f" (minimum {spec.min})"
        if spec.max is not None and number > spec.max:
            return f" (maximum {spec.max})"
    elif kind == "TEXT":
        if spec.max_length is not None and len(value) > spec.max_length:
            return f" (maximum length {spec.max_length})"
    elif kind in ("TIMESTAMP", "DATETIME"):
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return " (an ISO-8601 date or date-time, e.g. 2026-11-22T09:30:00Z)"
    return None


def check_contact_id(contact_id: str, *, field: str = "id") -> None:
    """A client-chosen id may only use letters, digits, ``-`` and ``_`` (facts §6.2: ``invalid.contact.id``).

    ``field`` names the id in ``details`` (``[3].id`` for the fourth contact of a POST).
    """
    rules.check(not _CONTACT_ID.fullmatch(contact_id), "OUT-CONTACT-ID-CHARS", {"id": contact_id}, field_name=field)


def check_contact_data(contact_list: ContactList, data: dict[str, str], *, field: str = "data") -> None:
    """Apply every contact-data rule in force; raise the first violated rule's error."""
    ContactDataCheck(contact_list)(data, field=field)


class ContactDataCheck:
    """:func:`check_contact_data` for the many contacts of one request or one CSV file.

    The list's columns and the switches of the costly rules are read once, not once per contact: a batch of
    1000 contacts asked the app context for the same three switches 2000 times.
    """

    def __init__(self, contact_list: ContactList) -> None:
        self.columns = frozenset(contact_list.column_names)
        self.zip_column = contact_list.zip_code_column_name
        self.specs = list(contact_list.column_data_type_specifications or [])
        self.phones = [phone.column_name for phone in contact_list.phone_columns or []]
        self.emails = [email.column_name for email in contact_list.email_columns or []]
        self.e164 = rules.active("OUT-CONTACT-E164")
        self.phone_valid = rules.active("OUT-CONTACT-PHONE-VALID")
        self.email = rules.active("OUT-CONTACT-EMAIL")

    def __call__(self, data: dict[str, str], *, field: str = "data") -> None:
        columns = self.columns
        for column, text in data.items():
            if column not in columns:
                rules.check(True, "OUT-CONTACT-UNKNOWN-COLUMNS", {"column": column}, field_name=f"{field}.{column}")
            if len(text) > MAX_VALUE_LENGTH:
                rules.check(True, "OUT-CONTACT-VALUE-LENGTH", {"column": column}, field_name=f"{field}.{column}")
        if self.zip_column and data.get(self.zip_column):
            zip_value = data[self.zip_column]
            rules.check(
                not _ZIP.fullmatch(zip_value),
                "OUT-CONTACT-ZIP-VALUE",
                {"value": zip_value},
                field_name=f"{field}.{self.zip_column}",
            )
        for spec in self.specs:
            value = data.get(spec.column_name or "")
            if value:
                problem = _type_problem(spec, value)
                rules.check(
                    problem is not None,
                    "OUT-CONTACT-TYPE-MATCH",
                    {
                        "value": value,
                        "column": spec.column_name,
                        "type": spec.column_data_type,
                        "constraint": problem or "",
                    },
                    field_name=f"{field}.{spec.column_name}",
                )
        for column in self.phones:
            value = data.get(column)
            if value:
                # Parsing numbers dominates an import's cost: only when the rule is in force.
                if self.e164 and _e164_problem(value) is not None:
                    rules.reject("OUT-CONTACT-E164", {"value": value, "column": column}, field_name=f"{field}.{column}")
                if self.phone_valid and not _is_valid_number(value):
                    rules.reject(
                        "OUT-CONTACT-PHONE-VALID", {"value": value, "column": column}, field_name=f"{field}.{column}"
                    )
        if self.email:
            for column in self.emails:
                value = data.get(column)
                if value and not is_valid_email(value):
                    rules.reject(
                        "OUT-CONTACT-EMAIL", {"value": value, "column": column}, field_name=f"{field}.{column}"
                    )


# +1, then a 10-digit NANP number whose area code and exchange start with 2-9. phonenumbers reads such a number
# as country 1 with that national number, keeps it whole (the US national prefix "1" cannot start it), formats
# it back unchanged and finds 10 digits a possible length: well-formed E.164, without the parse (its cost per
# number: docs/performance.md).
_NANP_E164 = re.compile(r"\+1[2-9][0-9]{2}[2-9][0-9]{6}")


def _e164_problem(value: str) -> str | None:
    """``e164_problem`` with a shortcut for the commonest well-formed numbers, and a memo for repeated ones."""
    if _NANP_E164.fullmatch(value):
        return None
    return _e164_problem_parsed(value)


@functools.lru_cache(maxsize=4096)
def _e164_problem_parsed(value: str) -> str | None:
    return e164_problem(value)


@functools.lru_cache(maxsize=4096)
def _is_valid_number(value: str) -> bool:
    return is_valid_number(value)


new_contact_id = random_uuid
"""A contact's server-chosen id (see :func:`~mockserver.outbound.state.random_uuid`)."""
