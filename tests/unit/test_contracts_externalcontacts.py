"""Contract models of external contacts (facts §9): names, read-only set, identifiers and round-trips."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.base import json_names, read_only_fields
from contracts.externalcontacts import (
    ContactAddress,
    ContactIdentifier,
    ContactListing,
    ExternalContact,
    ExternalContactsPatchRequest,
    IdentifierClaimRequest,
    PhoneNumber,
)

CONTACT_ID = "f0e1d2c3-b4a5-4968-8776-655443322110"
DIVISION = {
    "id": "d1a1b10c-0000-4000-8000-000000000001",
    "name": "Home",
    "selfUri": "/api/v2/authorization/divisions/d1a1b10c-0000-4000-8000-000000000001",
}


def contact_response() -> dict[str, Any]:
    """An ExternalContact as the service returns it after create (facts §9.3, §9.4)."""
    return {
        "id": CONTACT_ID,
        "division": DIVISION,
        "firstName": "Jane",
        "lastName": "Citizen",
        "title": "Buyer",
        "workPhone": {
            "display": "+61 416 275 769",
            "acceptsSMS": True,
            "userInput": "0416 275 769",
            "e164": "+61416275769",
            "countryCode": "AU",
            "normalizationCountryCode": "AU",
        },
        "cellPhone": {"display": "555-0100 x12", "extension": 12, "userInput": "555-0100 x12"},
        "workEmail": "jane.citizen@example.com",
        "address": {
            "address1": "1 George St",
            "city": "Sydney",
            "state": "NSW",
            "postalCode": "2000",
            "countryCode": "AU",
        },
        "whatsAppId": {"phoneNumber": {"display": "+61 416 275 769", "e164": "+61416275769"}, "displayName": "Jane"},
        "facebookId": {"ids": [{"scopedId": "1234567890"}], "displayName": "Jane C"},
        "externalIds": [{"externalSource": {"id": "src-1"}, "value": "CRM-42"}],
        "identifiers": [{"type": "Phone", "value": "+61416275769", "dateCreated": "2022-04-22T08:29:54.319Z"}],
        "modifyDate": "2022-04-22T08:29:54.319Z",
        "createDate": "2022-04-22T08:29:54.319Z",
        "surveyOptOut": False,
        "schema": {"id": "sch-1", "version": 2},
        "customFields": {"loyaltyTier": "gold", "visits": 3},
        "type": "Curated",
        "mergeSet": [{"id": CONTACT_ID, "selfUri": f"/api/v2/externalcontacts/contacts/{CONTACT_ID}"}],
        "selfUri": f"/api/v2/externalcontacts/contacts/{CONTACT_ID}",
    }


def error_types(exc: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    return [(tuple(err["loc"]), err["type"]) for err in exc.errors()]


# --- ExternalContact -----------------------------------------------------------------------------------


def test_contact_response_round_trips_exactly() -> None:
    payload = contact_response()
    model = ExternalContact.model_validate(payload)
    assert model.work_phone is not None and model.work_phone.accepts_sms is True
    assert model.data_schema is not None and model.data_schema.version == 2
    assert model.whats_app_id is not None
    assert model.dump() == payload


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("externalContactId", "EXT-1"),
        ("channels", {"voice": True, "sms": True, "email": False}),
        ("interactionDurationSeconds", 120),
        ("phoneNumbers", [{"number": "+61416275769"}]),
        ("emails", ["jane@example.com"]),
    ],
)
def test_tutorial_fields_are_rejected(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        ExternalContact.model_validate({"firstName": "Jane", field: value})
    assert error_types(exc.value) == [((field,), "extra_forbidden")]


def test_read_only_set_matches_facts() -> None:
    assert read_only_fields(ExternalContact) == {
        "externalDataSources",
        "type",
        "canonicalContact",
        "mergedTo",
        "mergeSet",
        "mergedFrom",
        "mergeOperation",
        "selfUri",
    }
    props = ExternalContact.model_json_schema(by_alias=True)["properties"]
    assert props["type"]["readOnly"] is True
    # server-set but writable in the current schema (facts §9.3, §12)
    for name in ("id", "createDate", "modifyDate"):
        assert "readOnly" not in props[name]


def test_no_name_is_required_and_type_is_case_sensitive() -> None:
    assert ExternalContact.model_validate({}).dump() == {}
    assert ExternalContact.model_validate({"type": "Ephemeral"}).type == "Ephemeral"
    with pytest.raises(ValidationError) as exc:
        ExternalContact.model_validate({"type": "curated"})
    assert error_types(exc.value) == [(("type",), "literal_error")]


def test_contact_dates_serialise_as_utc_milliseconds_z() -> None:
    contact = ExternalContact(create_date=datetime(2022, 4, 22, 8, 29, 54, 319999, tzinfo=timezone.utc))
    assert contact.dump() == {"createDate": "2022-04-22T08:29:54.319Z"}


# --- PhoneNumber / ContactAddress ---------------------------------------------------------------------------


def test_phone_number_irregular_json_names() -> None:
    phone = PhoneNumber(display="+61 416 275 769", accepts_sms=True, e164="+61416275769", country_code="AU")
    assert phone.dump() == {
        "display": "+61 416 275 769",
        "acceptsSMS": True,
        "e164": "+61416275769",
        "countryCode": "AU",
    }
    assert json_names(PhoneNumber) == {
        "display",
        "extension",
        "acceptsSMS",
        "normalizationCountryCode",
        "userInput",
        "e164",
        "countryCode",
    }
    with pytest.raises(ValidationError) as exc:
        PhoneNumber.model_validate({"acceptsSms": True})
    assert error_types(exc.value) == [(("acceptsSms",), "extra_forbidden")]


def test_phone_number_server_fields_are_not_schema_read_only() -> None:
    assert read_only_fields(PhoneNumber) == frozenset()
    body = {"display": "0416 275 769", "userInput": "x", "e164": "+61416275769", "countryCode": "AU"}
    assert PhoneNumber.model_validate(body).dump() == body


def test_contact_address_has_no_length_constraints() -> None:
    # Limits (address1 ≤ 200 …) are catalogue rules, so the model itself accepts a longer value.
    assert ContactAddress.model_validate({"address1": "x" * 300}).address1 == "x" * 300


# --- identifiers -------------------------------------------------------------------------------------------


def test_contact_identifier_requires_type_and_value() -> None:
    with pytest.raises(ValidationError) as exc:
        ContactIdentifier.model_validate({})
    assert sorted(error_types(exc.value)) == [(("type",), "missing"), (("value",), "missing")]
    with pytest.raises(ValidationError):
        ContactIdentifier.model_validate({"type": "SMS", "value": "+61416275769"})
    ident = {"type": "SocialWhatsapp", "value": "+61416275769"}
    assert ContactIdentifier.model_validate(ident).dump() == ident


def test_identifier_claim_request() -> None:
    body = {"operation": "Claim", "identifier": {"type": "Email", "value": "jane@example.com"}}
    assert IdentifierClaimRequest.model_validate(body).dump() == body
    with pytest.raises(ValidationError):
        IdentifierClaimRequest.model_validate({**body, "operation": "claim"})


# --- listing and patch ---------------------------------------------------------------------------------------


def test_contact_listing_round_trips_with_partial_results() -> None:
    page = {
        "entities": [contact_response()],
        "pageSize": 20,
        "pageNumber": 1,
        "total": 1,
        "partialResults": False,
        "firstUri": "/api/v2/externalcontacts/contacts?pageSize=20&pageNumber=1",
        "selfUri": "/api/v2/externalcontacts/contacts?pageSize=20&pageNumber=1",
        "lastUri": "/api/v2/externalcontacts/contacts?pageSize=20&pageNumber=1",
        "pageCount": 1,
    }
    assert ContactListing.model_validate(page).dump() == page


def test_patch_request_changes() -> None:
    body = {
        "changes": [
            {"field": "$.firstName", "value": "Janet", "action": "Update"},
            {"field": "$.address.city", "action": "Remove"},
        ]
    }
    assert ExternalContactsPatchRequest.model_validate(body).dump() == body
    with pytest.raises(ValidationError) as exc:
        ExternalContactsPatchRequest.model_validate({"changes": [{"field": "$.title", "action": "Replace"}]})
    assert error_types(exc.value) == [(("changes", 0, "action"), "literal_error")]


def test_int64_fields_reject_values_a_long_cannot_hold() -> None:
    from contracts.externalcontacts import PhoneNumber

    assert PhoneNumber(display="+15550100", extension=2**63 - 1).extension == 2**63 - 1
    with pytest.raises(ValidationError):
        PhoneNumber(display="+15550100", extension=2**63)
