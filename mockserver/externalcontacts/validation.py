"""Field rules of an ExternalContact body (facts §9.3, §9.5, §9.6): trimming, lengths, e-mails, URL, list sizes.

:func:`clean_contact` returns a copy with the documented fields trimmed (a value that trims to nothing is
omitted, as if it had not been sent) and raises the first violated rule's error. It runs on POST, PUT and on the
result of a PATCH, so every write path applies the same rules. Phones are phones.py's business.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from contracts.externalcontacts import ContactAddress, ContactIdentifier, ExternalContact, ExternalOrganization
from mockserver.core import rules
from mockserver.core.emails import is_valid_email

NAME_FIELDS = ("first_name", "middle_name", "last_name", "salutation", "title")
EMAIL_FIELDS = ("work_email", "personal_email", "other_email")
MAX_NAME, MAX_EMAIL, MAX_URL, MAX_ID_VALUE, MAX_LIST = 1000, 256, 1000, 255, 10
ADDRESS_LIMITS = {"address1": 200, "address2": 200, "city": 100, "state": 50, "postal_code": 25,
                  "country_code": 25}  # fmt: skip


def json_name(model: type[ExternalContact] | type[ContactAddress], attribute: str) -> str:
    info = model.model_fields[attribute]
    return info.alias or attribute


def trimmed(value: str | None) -> str | None:
    """Leading/trailing whitespace stripped; blank becomes absent."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_length(rule_id: str, value: str | None, limit: int, field: str) -> None:
    rules.check(value is not None and len(value) > limit, rule_id, {"field": field, "max": limit}, field_name=field)


def _clean_names(update: dict[str, Any], contact: ExternalContact) -> None:
    for attribute in NAME_FIELDS:
        value = trimmed(getattr(contact, attribute))
        check_length("EXT-NAME-LENGTH", value, MAX_NAME, json_name(ExternalContact, attribute))
        update[attribute] = value


def _clean_emails(update: dict[str, Any], contact: ExternalContact) -> None:
    for attribute in EMAIL_FIELDS:
        field = json_name(ExternalContact, attribute)
        value = trimmed(getattr(contact, attribute))
        check_length("EXT-EMAIL-LENGTH", value, MAX_EMAIL, field)
        if value is not None and rules.active("EXT-EMAIL-VALID") and not is_valid_email(value):
            rules.reject("EXT-EMAIL-VALID", {"value": value, "field": field}, field_name=field)
        update[attribute] = value


def _clean_address(address: ContactAddress | None) -> ContactAddress | None:
    if address is None:
        return None
    values: dict[str, Any] = {}
    for attribute, limit in ADDRESS_LIMITS.items():
        value = trimmed(getattr(address, attribute))
        check_length("EXT-ADDRESS-LENGTH", value, limit, f"address.{json_name(ContactAddress, attribute)}")
        values[attribute] = value
    return address.model_copy(update=values)


def is_url(value: str) -> bool:
    """An absolute URL: a scheme, a host, no blanks (what a link to a CRM record needs)."""
    if any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced [ in the host
        return False
    return bool(parts.scheme) and parts.scheme.isascii() and bool(parts.netloc)


def _clean_url(value: str | None) -> str | None:
    value = trimmed(value)
    check_length("EXT-URL-LENGTH", value, MAX_URL, "externalSystemUrl")
    rules.check(
        value is not None and not is_url(value),
        "EXT-URL-VALID",
        {"value": value, "field": "externalSystemUrl"},
        field_name="externalSystemUrl",
    )
    return value


def _check_lists(contact: ExternalContact) -> None:
    external_ids = contact.external_ids or []
    rules.check(
        len(external_ids) > MAX_LIST,
        "EXT-EXTERNAL-IDS-COUNT",
        {"field": "externalIds", "max": MAX_LIST},
        field_name="externalIds",
    )
    for i, external_id in enumerate(external_ids):
        check_length("EXT-EXTERNAL-ID-VALUE-LENGTH", external_id.value, MAX_ID_VALUE, f"externalIds[{i}].value")
    rules.check(
        len(contact.apple_opaque_ids or []) > MAX_LIST,
        "EXT-APPLE-IDS-COUNT",
        {"field": "appleOpaqueIds", "max": MAX_LIST},
        field_name="appleOpaqueIds",
    )


def clean_identifier(identifier: ContactIdentifier, field: str) -> ContactIdentifier:
    """An identifier with its value trimmed (facts §9.6), within 255 characters; ``field`` locates it in the
    body (empty when the identifier is the body itself, as in a lookup)."""
    value = identifier.value.strip()
    check_length("EXT-IDENTIFIER-VALUE-LENGTH", value, MAX_ID_VALUE, f"{field}.value" if field else "value")
    return identifier.model_copy(update={"value": value})


def clean_contact(contact: ExternalContact) -> ExternalContact:
    """The contact with documented fields trimmed; raises the first rule it breaks."""
    update: dict[str, Any] = {}
    _clean_names(update, contact)
    _clean_emails(update, contact)
    update["address"] = _clean_address(contact.address)
    update["external_system_url"] = _clean_url(contact.external_system_url)
    _check_lists(contact)
    if contact.identifiers is not None:
        update["identifiers"] = [
            clean_identifier(identifier, f"identifiers[{i}]") for i, identifier in enumerate(contact.identifiers)
        ]
    return contact.model_copy(update=update)


def clean_organization(org: ExternalOrganization) -> ExternalOrganization:
    """The organization with its documented fields trimmed (ExternalOrganization.md: name required, at most 1000
    characters, trimmed; the address, URL and external-id limits are the contact's); raises the first rule it
    breaks."""
    name = trimmed(org.name)
    rules.check(name is None, "EXT-ORG-NAME", {"field": "name", "max": MAX_NAME}, field_name="name")
    check_length("EXT-ORG-NAME", name, MAX_NAME, "name")
    external_ids = org.external_ids or []
    rules.check(
        len(external_ids) > MAX_LIST,
        "EXT-EXTERNAL-IDS-COUNT",
        {"field": "externalIds", "max": MAX_LIST},
        field_name="externalIds",
    )
    for i, external_id in enumerate(external_ids):
        check_length("EXT-EXTERNAL-ID-VALUE-LENGTH", external_id.value, MAX_ID_VALUE, f"externalIds[{i}].value")
    identifiers = None
    if org.identifiers is not None:
        identifiers = []
        for i, identifier in enumerate(org.identifiers):
            value = identifier.value.strip()
            check_length("EXT-IDENTIFIER-VALUE-LENGTH", value, MAX_ID_VALUE, f"identifiers[{i}].value")
            identifiers.append(identifier.model_copy(update={"value": value}))
    return org.model_copy(
        update={
            "name": name,
            "address": _clean_address(org.address),
            "external_system_url": _clean_url(org.external_system_url),
            "identifiers": identifiers,
        }
    )
