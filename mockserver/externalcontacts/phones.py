"""PhoneNumber as the real API computes it (facts §9.4).

From what the client sent in ``display`` (and ``normalizationCountryCode``, default US/+1) the server sets
``userInput`` (the display exactly as sent), ``e164`` and ``countryCode`` (only when the number parses) and
rewrites ``display`` to the international format when it parses. Values the client sent for the three server
fields are always discarded. A number that does not parse is kept as typed (faithful) or rejected (strict,
seed 003: rule EXT-PHONE-POSSIBLE).
"""

from __future__ import annotations

from typing import Iterable

from contracts.externalcontacts import ExternalContact, PhoneNumber
from mockserver.core import rules
from mockserver.core.phones import normalise, region_for
from mockserver.externalcontacts.validation import check_length

PHONE_FIELDS = {"work_phone": "workPhone", "cell_phone": "cellPhone", "home_phone": "homePhone",
                "other_phone": "otherPhone"}  # fmt: skip
MAX_DISPLAY = 512


def normalise_phone(phone: PhoneNumber, field: str) -> PhoneNumber:
    """The stored form of one PhoneNumber; ``field`` (``workPhone``) names it in errors."""
    display = phone.display
    server_fields = {"user_input": display, "e164": None, "country_code": None}
    if display is None or not display.strip():
        return phone.model_copy(update=server_fields)
    check_length("EXT-PHONE-DISPLAY-LENGTH", display, MAX_DISPLAY, f"{field}.display")
    region = _region(phone, field)
    number = normalise(display, region)
    rules.check(
        number is None,
        "EXT-PHONE-POSSIBLE",
        {"value": display, "field": f"{field}.display", "country": region or phone.normalization_country_code},
        field_name=f"{field}.display",
    )
    if number is not None:
        server_fields.update(display=number.international, e164=number.e164, country_code=number.region)
    return phone.model_copy(update=server_fields)


def _region(phone: PhoneNumber, field: str) -> str | None:
    """The region a number without ``+`` is read in; unknown countries are rule EXT-PHONE-COUNTRY."""
    region = region_for(phone.normalization_country_code)
    rules.check(
        region is None,
        "EXT-PHONE-COUNTRY",
        {"value": phone.normalization_country_code, "field": f"{field}.normalizationCountryCode"},
        field_name=f"{field}.normalizationCountryCode",
    )
    return region


def normalise_contact_phones(contact: ExternalContact, only: Iterable[str] | None = None) -> ExternalContact:
    """The contact's PhoneNumbers (the four phones and the WhatsApp number) normalised.

    ``only`` names the attributes to touch (``work_phone``, ``whats_app_id`` ...); None means all of them.
    """
    wanted = (set(PHONE_FIELDS) | {"whats_app_id"}) if only is None else set(only)
    update: dict[str, object] = {}
    for attribute, field in PHONE_FIELDS.items():
        phone = getattr(contact, attribute)
        if phone is not None and attribute in wanted:
            update[attribute] = normalise_phone(phone, field)
    whatsapp = contact.whats_app_id
    if whatsapp is not None and whatsapp.phone_number is not None and "whats_app_id" in wanted:
        number = normalise_phone(whatsapp.phone_number, "whatsAppId.phoneNumber")
        update["whats_app_id"] = whatsapp.model_copy(update={"phone_number": number})
    return contact.model_copy(update=update)
