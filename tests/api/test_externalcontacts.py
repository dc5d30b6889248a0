"""External contacts (facts §9, seed 003): CRUD, PATCH, phones, field rules, conflicts, rate, identifiers, search."""

from __future__ import annotations

import math
import re
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from faker import Faker
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver import create_app
from mockserver.core import rules
from mockserver.settings import Settings
from tests.conftest import assert_error, get_token

CONTACTS = "/api/v2/externalcontacts/contacts"
LOOKUP = "/api/v2/externalcontacts/identifierlookup/contacts"
OLD_LOOKUP = "/api/v2/externalcontacts/identifierlookup"
UNLIMITED = {"requests": 10**9, "window_seconds": 60}


class Api:
    """A test client with a bearer token, for brevity."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client: FlaskClient = app.test_client()
        self.headers = {"Authorization": f"Bearer {get_token(self.client)}"}

    def post(self, path: str, body: Any, **kw: Any) -> Any:
        return self.client.post(path, json=body, headers=self.headers, **kw)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(path, json=body, headers=self.headers)

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(path, json=body, headers=self.headers)

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kw)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers)

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self.post(CONTACTS, body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def total(self) -> int:
        return self.get(CONTACTS).get_json()["total"]


@pytest.fixture
def api(make_app: Callable[..., Flask]) -> Api:
    return Api(make_app())


@pytest.fixture(params=["strict", "faithful"])
def any_api(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Api:
    """The same assertions under both profiles."""
    return Api(make_app(profile=request.param))


def rejected(response: Any, status: int, code: str, rule: str | None, field: str | None) -> dict[str, Any]:
    body = assert_error(response, status, code)
    if rule is not None:
        assert response.headers.get("X-Mock-Rule") == rule, (response.headers, body)
    if field is not None:
        assert body["details"][0]["fieldName"] == field, body
    return body


# --- create, read, replace, delete ---------------------------------------------------------------------------


def test_create_is_200_curated_with_server_fields(api: Api) -> None:
    sent = {
        "id": "mine",
        "type": "Ephemeral",
        "selfUri": "/x",
        "createDate": "2001-01-01T00:00:00.000Z",
        "firstName": "  Jane ",
        "lastName": "Citizen",
        "workEmail": " jane@example.com ",
    }
    response = api.post(CONTACTS, sent)
    assert response.status_code == 200
    contact = response.get_json()
    assert uuid.UUID(contact["id"]) and contact["id"] != "mine"
    assert contact["type"] == "Curated"
    assert contact["selfUri"] == f"{CONTACTS}/{contact['id']}"
    assert contact["createDate"] == contact["modifyDate"] and not contact["createDate"].startswith("2001")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", contact["createDate"])
    assert contact["division"]["name"] == "Home"
    assert (contact["firstName"], contact["workEmail"]) == ("Jane", "jane@example.com")  # trimmed (facts §9.3)
    assert api.get(f"{CONTACTS}/{contact['id']}").get_json() == contact


def test_blank_names_are_omitted_after_trimming(api: Api) -> None:
    contact = api.create({"firstName": "   ", "lastName": "Solo"})
    assert "firstName" not in contact and contact["lastName"] == "Solo"


def test_put_replaces_the_whole_contact(api: Api) -> None:
    created = api.create({"firstName": "Ann", "title": "Buyer", "workEmail": "ann@example.com"})
    response = api.put(f"{CONTACTS}/{created['id']}", {"firstName": "Anne", "id": "ignored", "type": "Ephemeral"})
    assert response.status_code == 200
    replaced = response.get_json()
    assert replaced["firstName"] == "Anne" and "title" not in replaced and "workEmail" not in replaced
    assert (replaced["id"], replaced["createDate"], replaced["type"]) == (
        created["id"],
        created["createDate"],
        "Curated",
    )
    assert replaced["modifyDate"] >= created["modifyDate"]
    assert api.get(f"{CONTACTS}/{created['id']}").get_json()["firstName"] == "Anne"


def test_delete_answers_empty_object_and_the_contact_is_gone(api: Api) -> None:
    contact_id = api.create({"firstName": "Gone"})["id"]
    response = api.delete(f"{CONTACTS}/{contact_id}")
    assert response.status_code == 200 and response.get_json() == {}
    assert_error(api.get(f"{CONTACTS}/{contact_id}"), 404, "not.found")
    assert_error(api.delete(f"{CONTACTS}/{contact_id}"), 404, "not.found")


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PUT", "", {"firstName": "x"}),
        ("PATCH", "", {"changes": []}),
        ("DELETE", "", None),
        ("GET", "/identifiers", None),
        ("PATCH", "/identifiers", {"operation": "Claim", "identifier": {"type": "Email", "value": "a@b.c"}}),
    ],
)
def test_unknown_contact_is_404_not_found(api: Api, method: str, suffix: str, body: Any) -> None:
    path = f"{CONTACTS}/{uuid.uuid4()}{suffix}"
    response = api.client.open(path, method=method, json=body, headers=api.headers)
    assert assert_error(response, 404, "not.found")["entityId"] == path.split("/")[5]
    assert "X-Mock-Hint" not in response.headers


def test_seed_lookup_by_own_id_gets_404_with_hint(api: Api) -> None:
    response = api.get(f"{CONTACTS}/EXT-9928374")
    assert_error(response, 404, "not.found")
    assert "identifierlookup" in response.headers["X-Mock-Hint"]


def test_expand_shows_identifiers_and_full_references(api: Api) -> None:
    org = api.post("/api/v2/externalcontacts/organizations", {"name": "Acme"}).get_json()["id"]
    contact = api.create(
        {
            "firstName": "Exp",
            "identifiers": [{"type": "Cookie", "value": "c-1"}],
            "externalOrganization": {"id": org, "name": "Ignored: the organization's own name is shown"},
            "externalIds": [{"externalSource": {"id": "src-1", "name": "CRM"}, "value": "42"}],
        }
    )
    path = f"{CONTACTS}/{contact['id']}"
    plain = api.get(path).get_json()
    assert "identifiers" not in plain
    assert plain["externalOrganization"] == {  # a reference, with the name the vendor's type requires
        "id": org,
        "name": "Acme",
        "selfUri": f"/api/v2/externalcontacts/organizations/{org}",
    }
    assert plain["externalIds"][0]["externalSource"] == {
        "id": "src-1",
        "selfUri": "/api/v2/externalcontacts/externalsources/src-1",
    }
    full = api.get(path, query_string={"expand": "identifiers,externalOrganization,externalSources"}).get_json()
    assert [i["value"] for i in full["identifiers"]] == ["c-1"]
    assert full["externalOrganization"]["name"] == "Acme"
    assert full["externalIds"][0]["externalSource"]["name"] == "CRM"


def test_unknown_expand_value_is_strict_only(make_app: Callable[..., Flask]) -> None:
    strict, faithful = Api(make_app()), Api(make_app(profile="faithful"))
    for api_ in (strict, faithful):
        api_.create({"firstName": "E"})
    rejected(
        strict.get(CONTACTS, query_string={"expand": "everything"}),
        400,
        "invalid.query.param.value",
        "EXT-EXPAND-VALUE",
        "expand",
    )
    assert faithful.get(CONTACTS, query_string={"expand": "everything"}).status_code == 200


# --- seed 003: the tutorial's body shape ---------------------------------------------------------------------

SEED_BODY = {
    "externalContactId": "EXT-9928374",
    "name": "Acme Corp Support",
    "channels": {"voice": "+15551234567", "sms": "+15551234567", "email": "support@acme.com"},
    "initialMessage": "Testing",
    "interactionDurationSeconds": 600,
    "metadata": {"campaign": "q3"},
}


@pytest.mark.parametrize("name", ["externalContactId", "channels", "interactionDurationSeconds"])
def test_seed_properties_get_invalid_property_with_hint(any_api: Api, name: str) -> None:
    response = any_api.post(CONTACTS, {"firstName": "Acme", name: SEED_BODY[name]})
    body = rejected(response, 400, "invalid.property", "CORE-UNKNOWN-PROPERTY", name)
    assert body["messageParams"] == {"value": name, "object": "ExternalContact"}
    assert response.headers["X-Mock-Hint"]
    assert any_api.total() == 0


def test_seed_body_as_sent_names_its_first_unknown_property(any_api: Api) -> None:
    response = any_api.post(CONTACTS, SEED_BODY)
    body = rejected(response, 400, "invalid.property", "CORE-UNKNOWN-PROPERTY", "externalContactId")
    assert {d["fieldName"] for d in body["details"]} == set(SEED_BODY)
    assert "`id`" in response.headers["X-Mock-Hint"]


# --- PhoneNumber (facts §9.4) -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "display", "e164", "country"),
    [
        ({"display": "555-010-0123"}, "+1 555-010-0123", "+15550100123", "US"),  # no +: +1 assumed
        ({"display": "(415) 555-2671", "normalizationCountryCode": ""}, "+1 415-555-2671", "+14155552671", "US"),
        ({"display": "020 7946 0018", "normalizationCountryCode": "GB"}, "+44 20 7946 0018", "+442079460018", "GB"),
        ({"display": "0416 275 769", "normalizationCountryCode": "au"}, "+61 416 275 769", "+61416275769", "AU"),
        ({"display": "0416 275 769", "normalizationCountryCode": "+61"}, "+61 416 275 769", "+61416275769", "AU"),
        ({"display": "+44 7700 900123"}, "+44 7700 900123", "+447700900123", "GB"),  # own country code wins
        ({"display": "+61416275769", "normalizationCountryCode": "US"}, "+61 416 275 769", "+61416275769", "AU"),
    ],
)
def test_phone_is_normalised(any_api: Api, sent: dict, display: str, e164: str, country: str) -> None:
    phone = any_api.create({"cellPhone": {**sent, "acceptsSMS": True, "extension": 12}})["cellPhone"]
    assert phone == {
        **sent,
        "acceptsSMS": True,
        "extension": 12,
        "display": display,
        "userInput": sent["display"],
        "e164": e164,
        "countryCode": country,
    }


def test_server_phone_fields_sent_by_the_client_are_overwritten(any_api: Api) -> None:
    phone = any_api.create(
        {"workPhone": {"display": "555-010-0199", "e164": "+999", "countryCode": "ZZ", "userInput": "typed"}}
    )["workPhone"]
    assert (phone["e164"], phone["countryCode"], phone["userInput"]) == ("+15550100199", "US", "555-010-0199")


@pytest.mark.parametrize("display", ["call me maybe", "555-0100", "12", "+1 555 0100 123 4567 8"])
def test_unparseable_phone_strict_is_400_naming_the_field(make_app: Callable[..., Flask], display: str) -> None:
    api = Api(make_app())
    body = rejected(
        api.post(CONTACTS, {"workPhone": {"display": display}}),
        400,
        "invalid.value",
        "EXT-PHONE-POSSIBLE",
        "workPhone.display",
    )
    assert body["messageParams"]["value"] == display
    assert api.total() == 0


@pytest.mark.parametrize("display", ["call me maybe", "555-0100", "12"])
def test_unparseable_phone_faithful_is_stored_without_e164(make_app: Callable[..., Flask], display: str) -> None:
    phone = Api(make_app(profile="faithful")).create({"homePhone": {"display": display}})["homePhone"]
    assert phone == {"display": display, "userInput": display}


def test_whatsapp_number_is_normalised_and_checked(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app())
    contact = api.create({"whatsAppId": {"phoneNumber": {"display": "555 010 0123"}, "displayName": "J"}})
    assert contact["whatsAppId"]["phoneNumber"]["e164"] == "+15550100123"
    rejected(
        api.post(CONTACTS, {"whatsAppId": {"phoneNumber": {"display": "nope"}}}),
        400,
        "invalid.value",
        "EXT-PHONE-POSSIBLE",
        "whatsAppId.phoneNumber.display",
    )


def test_unknown_normalisation_country(make_app: Callable[..., Flask]) -> None:
    sent = {"display": "020 7946 0018", "normalizationCountryCode": "XX"}
    rejected(
        Api(make_app()).post(CONTACTS, {"otherPhone": sent}),
        400,
        "invalid.value",
        "EXT-PHONE-COUNTRY",
        "otherPhone.normalizationCountryCode",
    )
    faithful = Api(make_app(profile="faithful"))
    assert "e164" not in faithful.create({"otherPhone": sent})["otherPhone"]
    international = faithful.create({"otherPhone": {**sent, "display": "+44 20 7946 0018"}})["otherPhone"]
    assert international["e164"] == "+442079460018"  # a + number needs no normalisation country


# --- field limits (facts §9.3, §9.5, §9.6): the same in both profiles ---------------------------------------------


def _email(length: int) -> str:
    """A well-formed address of exactly ``length`` characters (labels of at most 63)."""
    labels, left = [], length - len("a" * 60 + "@" + ".com")
    while left > 61:
        labels.append("b" * 60)
        left -= 61
    address = "a" * 60 + "@" + ".".join([*labels, "c" * left]) + ".com"
    assert len(address) == length
    return address


FIELD_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("EXT-NAME-LENGTH", {"firstName": "x" * 1001}, "constraint.validation", "firstName"),
    ("EXT-NAME-LENGTH", {"title": "  " + "t" * 1001}, "constraint.validation", "title"),
    ("EXT-NAME-LENGTH", {"salutation": "s" * 1001}, "constraint.validation", "salutation"),
    ("EXT-EMAIL-LENGTH", {"workEmail": _email(257)}, "constraint.validation", "workEmail"),
    ("EXT-EMAIL-VALID", {"personalEmail": "not-an-email"}, "invalid.value", "personalEmail"),
    ("EXT-EMAIL-VALID", {"otherEmail": "two@@example.com"}, "invalid.value", "otherEmail"),
    ("EXT-PHONE-DISPLAY-LENGTH", {"cellPhone": {"display": "1" * 513}}, "constraint.validation", "cellPhone.display"),
    ("EXT-ADDRESS-LENGTH", {"address": {"address1": "a" * 201}}, "constraint.validation", "address.address1"),
    ("EXT-ADDRESS-LENGTH", {"address": {"address2": "a" * 201}}, "constraint.validation", "address.address2"),
    ("EXT-ADDRESS-LENGTH", {"address": {"city": "c" * 101}}, "constraint.validation", "address.city"),
    ("EXT-ADDRESS-LENGTH", {"address": {"state": "s" * 51}}, "constraint.validation", "address.state"),
    ("EXT-ADDRESS-LENGTH", {"address": {"postalCode": "9" * 26}}, "constraint.validation", "address.postalCode"),
    ("EXT-ADDRESS-LENGTH", {"address": {"countryCode": "U" * 26}}, "constraint.validation", "address.countryCode"),
    ("EXT-URL-VALID", {"externalSystemUrl": "crm record 42"}, "invalid.value", "externalSystemUrl"),
    ("EXT-URL-VALID", {"externalSystemUrl": "/relative/path"}, "invalid.value", "externalSystemUrl"),
    (
        "EXT-URL-LENGTH",
        {"externalSystemUrl": "https://crm.example.com/" + "p" * 977},
        "constraint.validation",
        "externalSystemUrl",
    ),
    (
        "EXT-EXTERNAL-IDS-COUNT",
        {"externalIds": [{"externalSource": {"id": "s"}, "value": str(i)} for i in range(11)]},
        "constraint.validation",
        "externalIds",
    ),
    (
        "EXT-EXTERNAL-ID-VALUE-LENGTH",
        {
            "externalIds": [
                {"externalSource": {"id": "s"}, "value": "v"},
                {"externalSource": {"id": "s"}, "value": "v" * 256},
            ]
        },
        "constraint.validation",
        "externalIds[1].value",
    ),
    (
        "EXT-APPLE-IDS-COUNT",
        {"appleOpaqueIds": [{"value": str(i)} for i in range(11)]},
        "constraint.validation",
        "appleOpaqueIds",
    ),
    (
        "EXT-IDENTIFIER-VALUE-LENGTH",
        {"identifiers": [{"type": "Cookie", "value": "c" * 256}]},
        "constraint.validation",
        "identifiers[0].value",
    ),
]


@pytest.mark.parametrize(("rule", "body", "code", "field"), FIELD_CASES, ids=[f"{c[0]}-{c[3]}" for c in FIELD_CASES])
def test_field_rule_on_create_and_put(any_api: Api, rule: str, body: dict, code: str, field: str) -> None:
    rejected(any_api.post(CONTACTS, body), 400, code, rule, field)
    assert any_api.total() == 0
    contact_id = any_api.create({"firstName": "Keep"})["id"]
    rejected(any_api.put(f"{CONTACTS}/{contact_id}", body), 400, code, rule, field)
    assert any_api.get(f"{CONTACTS}/{contact_id}").get_json()["firstName"] == "Keep"


def test_the_limits_themselves_are_allowed(any_api: Api) -> None:
    contact = any_api.create(
        {
            "firstName": " " + "f" * 1000 + " ",
            "lastName": "l" * 1000,
            "workEmail": _email(254),  # RFC 5321's limit; 255 and 256 fit the field but are not valid addresses
            "cellPhone": {"display": "+1 555-010-0123" + " " * 497},
            "address": {
                "address1": "a" * 200,
                "city": "c" * 100,
                "state": "s" * 50,
                "postalCode": "9" * 25,
                "countryCode": "U" * 25,
            },
            "externalSystemUrl": " https://crm.example.com/" + "p" * 976,
            "externalIds": [{"externalSource": {"id": "s"}, "value": f"{i:0>255}"} for i in range(10)],
            "appleOpaqueIds": [{"value": str(i)} for i in range(10)],
            "identifiers": [{"type": "Cookie", "value": " " + "c" * 255 + " "}],
        }
    )
    assert len(contact["workEmail"]) == 254 and len(contact["externalSystemUrl"]) == 1000
    assert contact["firstName"] == "f" * 1000 and contact["identifiers"][0]["value"] == "c" * 255


def test_email_length_limit_is_256_when_validity_is_not_checked(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app(rules={"EXT-EMAIL-VALID": False}))
    assert api.create({"otherEmail": _email(256)})["otherEmail"] == _email(256)
    rejected(
        api.post(CONTACTS, {"otherEmail": _email(257)}), 400, "constraint.validation", "EXT-EMAIL-LENGTH", "otherEmail"
    )
    rejected(
        Api(make_app()).post(CONTACTS, {"otherEmail": _email(255)}),
        400,
        "invalid.value",
        "EXT-EMAIL-VALID",
        "otherEmail",
    )


def test_field_rules_apply_to_patch_results(any_api: Api) -> None:
    contact_id = any_api.create({"firstName": "Pat"})["id"]
    response = any_api.patch(
        f"{CONTACTS}/{contact_id}",
        {
            "changes": [
                {"field": "$.title", "action": "Update", "value": "ok"},
                {"field": "$.workEmail", "action": "Update", "value": "broken"},
            ]
        },
    )
    rejected(response, 400, "invalid.value", "EXT-EMAIL-VALID", "workEmail")
    assert "title" not in any_api.get(f"{CONTACTS}/{contact_id}").get_json()  # all or nothing


# --- conflicts and the creation rate (seed 003, strict) -------------------------------------------------------------

EXTERNAL_ID = {"externalSource": {"id": "crm"}, "value": "EXT-9928374"}


def test_external_id_held_by_another_contact_strict_is_409(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app())
    first = api.create({"firstName": "One", "externalIds": [EXTERNAL_ID]})
    body = rejected(
        api.post(CONTACTS, {"firstName": "Two", "externalIds": [{**EXTERNAL_ID}]}),
        409,
        "general.conflict",
        "EXT-EXTERNAL-ID-CONFLICT",
        "externalIds[0]",
    )
    assert first["id"] in body["message"]
    other_source = {"externalSource": {"id": "erp"}, "value": EXTERNAL_ID["value"]}
    second = api.create({"firstName": "Two", "externalIds": [other_source]})
    rejected(
        api.put(f"{CONTACTS}/{second['id']}", {"externalIds": [EXTERNAL_ID]}),
        409,
        "general.conflict",
        "EXT-EXTERNAL-ID-CONFLICT",
        "externalIds[0]",
    )
    assert api.put(f"{CONTACTS}/{first['id']}", {"externalIds": [EXTERNAL_ID]}).status_code == 200  # its own
    api.delete(f"{CONTACTS}/{first['id']}")
    assert api.put(f"{CONTACTS}/{second['id']}", {"externalIds": [EXTERNAL_ID]}).status_code == 200  # free again


def test_external_id_duplicates_are_stored_in_faithful(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app(profile="faithful"))
    api.create({"firstName": "One", "externalIds": [EXTERNAL_ID]})
    api.create({"firstName": "Two", "externalIds": [EXTERNAL_ID]})
    assert api.total() == 2


def _create_n(api: Api, n: int) -> list[Any]:
    return [api.post(CONTACTS, {"firstName": f"R{i}"}) for i in range(n)]


def test_creation_rate_strict_is_429_after_100_per_minute(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app())
    assert all(r.status_code == 200 for r in _create_n(api, 100))
    response = api.post(CONTACTS, {"firstName": "one too many"})
    body = rejected(response, 429, "too.many.requests.retry.after", "EXT-CREATE-RATE", None)
    retry_after = response.headers["Retry-After"]
    assert retry_after.isdigit() and 1 <= int(retry_after) <= 60
    assert response.headers["inin-ratelimit-allowed"] == "100"
    assert response.headers["inin-ratelimit-count"] == "100"
    assert response.headers["inin-ratelimit-reset"] == retry_after
    assert body["messageParams"] == {"retryAfter": retry_after}
    assert api.total() == 100
    # A body that does not deserialise never reaches the service: its 400 comes first and costs no budget.
    rejected(
        api.post(CONTACTS, {"externalContactId": "x"}),
        400,
        "invalid.property",
        "CORE-UNKNOWN-PROPERTY",
        "externalContactId",
    )
    reading = api.get(CONTACTS)  # only creations are limited; other routes report the token's window
    assert reading.status_code == 200 and reading.headers["inin-ratelimit-allowed"] == "300"
    assert api.client.post("/__mock/reset").status_code == 200
    assert api.post(CONTACTS, {"firstName": "after reset"}).status_code == 200


def test_creation_rate_counts_per_token(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    first, second = Api(app), Api(app)
    _create_n(first, 100)
    assert_error(first.post(CONTACTS, {}), 429, "too.many.requests.retry.after")
    assert second.post(CONTACTS, {}).status_code == 200


def test_creation_rate_faithful_only_has_the_token_window(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app(profile="faithful"))
    assert all(r.status_code == 200 for r in _create_n(api, 101))


# --- PATCH (facts §9.1: ExternalContactsPatchRequest) -------------------------------------------------------------


def _patch(api: Api, contact_id: str, *changes: dict[str, Any]) -> Any:
    return api.patch(f"{CONTACTS}/{contact_id}", {"changes": list(changes)})


def test_patch_actions(api: Api) -> None:
    contact = api.create({"firstName": "Pat", "title": "Old", "externalIds": [EXTERNAL_ID]})
    response = _patch(
        api,
        contact["id"],
        {"field": "$.lastName", "action": "Update", "value": "  Jones "},
        {"field": "$.title", "action": "UpdateIfEmpty", "value": "ignored: not empty"},
        {"field": "$.middleName", "action": "UpdateIfEmpty", "value": "Q"},
        {"field": "$.salutation", "action": "UpdateIfExists", "value": "ignored: absent"},
        {"field": "$.firstName", "action": "UpdateIfExists", "value": "Patricia"},
        {"field": "$.address.city", "action": "Update", "value": "Sydney"},
        {
            "field": "$.externalIds",
            "action": "AppendToCollection",
            "value": [{"externalSource": {"id": "erp"}, "value": "7"}],
        },
        {"field": "$.externalIds", "action": "RemoveFromCollection", "value": {"value": EXTERNAL_ID["value"]}},
        {"field": "$.surveyOptOut", "action": "Update", "value": True},
    )
    assert response.status_code == 200, response.get_json()
    patched = response.get_json()
    assert (patched["firstName"], patched["lastName"], patched["middleName"], patched["title"]) == (
        "Patricia",
        "Jones",
        "Q",
        "Old",
    )
    assert "salutation" not in patched and patched["address"] == {"city": "Sydney"}
    assert [e["value"] for e in patched["externalIds"]] == ["7"] and patched["surveyOptOut"] is True
    assert patched["createDate"] == contact["createDate"] and patched["id"] == contact["id"]
    removed = _patch(api, contact["id"], {"field": "$.title", "action": "Remove"}).get_json()
    assert "title" not in removed and api.get(f"{CONTACTS}/{contact['id']}").get_json() == removed


def test_patch_normalises_only_the_phones_it_touches(api: Api) -> None:
    contact = api.create({"workPhone": {"display": "555-010-0123"}, "cellPhone": {"display": "555-010-0124"}})
    patched = _patch(
        api,
        contact["id"],
        {"field": "$.cellPhone.display", "action": "Update", "value": "020 7946 0018"},
        {"field": "$.cellPhone.normalizationCountryCode", "action": "Update", "value": "GB"},
    ).get_json()
    assert patched["workPhone"] == contact["workPhone"]  # userInput still what was typed on create
    assert (patched["cellPhone"]["e164"], patched["cellPhone"]["userInput"]) == ("+442079460018", "020 7946 0018")


def test_patch_claims_and_releases_identifiers(api: Api) -> None:
    contact_id = api.create({"firstName": "Id"})["id"]
    added = _patch(
        api,
        contact_id,
        {"field": "$.identifiers", "action": "AppendToCollection", "value": {"type": "Cookie", "value": "ck"}},
    ).get_json()
    assert [i["value"] for i in added["identifiers"]] == ["ck"]
    assert api.post(LOOKUP, {"type": "Cookie", "value": "ck"}).get_json()["id"] == contact_id
    _patch(api, contact_id, {"field": "$.identifiers", "action": "Remove"})
    assert api.get(f"{CONTACTS}/{contact_id}/identifiers").get_json() == {"entities": []}
    assert_error(api.post(LOOKUP, {"type": "Cookie", "value": "ck"}), 404, "not.found")


@pytest.mark.parametrize(
    "field",
    [
        "firstName",
        "$.nickname",
        "$.id",
        "$.type",
        "$.selfUri",
        "$.createDate",
        "$.firstName.first",
        "$.externalIds.value",
        "$.",
    ],
)
def test_patch_field_must_be_a_writable_path(any_api: Api, field: str) -> None:
    contact_id = any_api.create({"firstName": "F"})["id"]
    rejected(
        _patch(any_api, contact_id, {"field": field, "action": "Update", "value": "x"}),
        400,
        "invalid.value",
        "EXT-PATCH-FIELD",
        "changes[0].field",
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"field": "$.firstName", "action": "AppendToCollection", "value": "x"}, "not a collection"),
        ({"field": "$.title", "action": "RemoveFromCollection", "value": "x"}, "not a collection"),
        ({"field": "$.title", "action": "Update"}, "needs a value"),
        ({"field": "$.externalIds", "action": "AppendToCollection", "value": None}, "needs a value"),
    ],
)
def test_patch_action_must_fit(any_api: Api, change: dict, problem: str) -> None:
    contact_id = any_api.create({"firstName": "F"})["id"]
    body = rejected(
        _patch(any_api, contact_id, {"field": "$.firstName", "action": "Update", "value": "G"}, change),
        400,
        "invalid.value",
        "EXT-PATCH-ACTION",
        "changes[1].action",
    )
    assert problem in body["message"]
    assert any_api.get(f"{CONTACTS}/{contact_id}").get_json()["firstName"] == "F"


def test_patch_switched_off_rules_skip_the_change(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app(rules={"EXT-PATCH-FIELD": False, "EXT-PATCH-ACTION": False}))
    contact_id = api.create({"firstName": "F"})["id"]
    response = _patch(
        api,
        contact_id,
        {"field": "$.nickname", "action": "Update", "value": "x"},
        {"field": "$.title", "action": "AppendToCollection", "value": "x"},
        {"field": "$.lastName", "action": "Update", "value": "L"},
    )
    assert response.status_code == 200 and "title" not in response.get_json()
    assert response.get_json()["lastName"] == "L"


@pytest.mark.parametrize(
    ("change", "code", "field", "rule"),
    [
        (
            {"field": "$.surveyOptOut", "action": "Update", "value": "not a boolean"},
            "invalid.value",
            "changes[0].value",
            "CORE-STRICT-TYPES",
        ),
        (
            {"field": "$.workPhone", "action": "Update", "value": {"display": "1", "extension": "x"}},
            "invalid.value",
            "changes[0].value.extension",
            "CORE-STRICT-TYPES",
        ),
        (
            {"field": "$.workPhone", "action": "Update", "value": {"display": [1]}},
            "invalid.value",
            "changes[0].value.display",
            "CORE-STRICT-TYPES",
        ),
        (
            {"field": "$.firstName", "action": "Update", "value": 5},
            "invalid.value",
            "changes[0].value",
            "CORE-STRICT-TYPES",
        ),
        (
            {"field": "$.address", "action": "Update", "value": {"street": "1 Main St"}},
            "invalid.property",
            "changes[0].value.street",
            "CORE-UNKNOWN-PROPERTY",
        ),
        (
            {"field": "$.externalIds", "action": "AppendToCollection", "value": {"value": "no source"}},
            "constraint.validation",
            "changes[0].value.1.externalSource",
            None,
        ),
    ],
)
def test_patch_value_of_the_wrong_shape_is_400(api: Api, change: dict, code: str, field: str, rule: str | None) -> None:
    contact = api.create({"firstName": "F", "externalIds": [EXTERNAL_ID]})
    response = _patch(api, contact["id"], change)
    rejected(response, 400, code, rule, field)
    assert response.headers.get("X-Mock-Rule") == rule
    assert api.get(f"{CONTACTS}/{contact['id']}").get_json() == {k: v for k, v in contact.items() if k != "identifiers"}


# --- identifiers (facts §9.1, §9.6) ----------------------------------------------------------------------------


def _claim(api: Api, contact_id: str, type_: str, value: str, operation: str = "Claim") -> Any:
    return api.patch(
        f"{CONTACTS}/{contact_id}/identifiers", {"operation": operation, "identifier": {"type": type_, "value": value}}
    )


def test_claim_list_and_release_identifiers(api: Api) -> None:
    contact_id = api.create({"firstName": "Claimer"})["id"]
    response = _claim(api, contact_id, "Email", " Claimer@Example.com ")
    assert response.status_code == 200
    claimed = response.get_json()
    assert claimed["value"] == "Claimer@Example.com" and claimed["dateCreated"] and claimed["division"]["id"]
    assert _claim(api, contact_id, "Email", "claimer@example.com").get_json() == claimed  # already held
    assert api.get(f"{CONTACTS}/{contact_id}/identifiers").get_json() == {"entities": [claimed]}
    for route in (LOOKUP, OLD_LOOKUP):
        assert api.post(route, {"type": "Email", "value": "CLAIMER@example.COM"}).get_json()["id"] == contact_id
    assert _claim(api, contact_id, "Email", "claimer@example.com", "Release").get_json() == claimed
    assert api.get(f"{CONTACTS}/{contact_id}/identifiers").get_json() == {"entities": []}
    assert _claim(api, contact_id, "Email", "x@example.com", "Release").status_code == 200  # idempotent


def test_identifier_held_by_another_contact_is_409(any_api: Api) -> None:
    first = any_api.create({"firstName": "First", "identifiers": [{"type": "Phone", "value": "+1 555 010 0123"}]})
    second = any_api.create({"firstName": "Second"})
    rejected(
        _claim(any_api, second["id"], "Phone", "(555) 010-0123"),
        409,
        "general.conflict",
        "EXT-IDENTIFIER-CONFLICT",
        "identifier.value",
    )
    rejected(
        any_api.post(CONTACTS, {"identifiers": [{"type": "Phone", "value": "5550100123"}]}),
        409,
        "general.conflict",
        "EXT-IDENTIFIER-CONFLICT",
        "identifiers[0].value",
    )
    assert any_api.post(LOOKUP, {"type": "Phone", "value": "+15550100123"}).get_json()["id"] == first["id"]


def test_identifier_conflict_switched_off_moves_the_claim(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app(rules={"EXT-IDENTIFIER-CONFLICT": False}))
    first = api.create({"identifiers": [{"type": "Cookie", "value": "c"}]})
    second = api.create({"firstName": "Second"})
    assert _claim(api, second["id"], "Cookie", "c").status_code == 200
    assert api.post(LOOKUP, {"type": "Cookie", "value": "c"}).get_json()["id"] == second["id"]
    assert api.get(f"{CONTACTS}/{first['id']}/identifiers").get_json() == {"entities": []}


def test_lookup_finds_phone_and_email_fields(api: Api) -> None:
    older = api.create(
        {
            "firstName": "Older",
            "cellPhone": {"display": "020 7946 0018", "normalizationCountryCode": "GB"},
            "personalEmail": "Pat@Example.com",
        }
    )
    api.create({"firstName": "Newer", "workPhone": {"display": "+44 20 7946 0018"}})
    for route in (LOOKUP, OLD_LOOKUP):
        found = api.post(route, {"type": "Phone", "value": "+442079460018"})
        assert found.status_code == 200 and found.get_json()["id"] == older["id"]  # the oldest holder
        assert api.post(route, {"type": "Email", "value": " pat@example.COM"}).get_json()["id"] == older["id"]
    assert_error(api.post(LOOKUP, {"type": "Phone", "value": "+442079460019"}), 404, "not.found")
    assert_error(api.post(LOOKUP, {"type": "Email", "value": "nobody@example.com"}), 404, "not.found")
    assert_error(api.post(LOOKUP, {"type": "Phone", "value": "not a number"}), 404, "not.found")


def test_lookup_expand_and_identifier_value_limits(any_api: Api) -> None:
    any_api.create({"identifiers": [{"type": "ExternalId", "value": "X-1"}]})
    found = any_api.post(LOOKUP, {"type": "ExternalId", "value": "X-1"}, query_string={"expand": "identifiers"})
    assert found.get_json()["identifiers"][0]["value"] == "X-1"
    rejected(
        any_api.post(LOOKUP, {"type": "Cookie", "value": "c" * 256}),
        400,
        "constraint.validation",
        "EXT-IDENTIFIER-VALUE-LENGTH",
        "value",
    )
    contact_id = any_api.create({})["id"]
    rejected(
        _claim(any_api, contact_id, "Cookie", "c" * 256),
        400,
        "constraint.validation",
        "EXT-IDENTIFIER-VALUE-LENGTH",
        "identifier.value",
    )
    assert_error(any_api.post(LOOKUP, {"type": "Phonenumber", "value": "1"}), 400, "invalid.value")


# --- search over 500 Faker contacts (facts §9.2) ----------------------------------------------------------------

CROWD = 500
HOME_DIVISION_ID = "00000000-0000-4000-8000-000000000001"


def _crowd_body(fake: Faker, index: int) -> dict[str, Any]:
    """A contact; every 25th has no first name (sorted last), every 7th a lower-case one (collation matters)."""
    body: dict[str, Any] = {
        "lastName": fake.last_name(),
        "workEmail": fake.unique.email(),
        "workPhone": {"display": fake.numerify("(555) ###-####")},
    }
    if index % 25:
        first = fake.first_name()
        body["firstName"] = first.lower() if index % 7 == 0 else first
    if index % 10 == 0:
        body["title"] = fake.job()[:1000]
    return body


@pytest.fixture(scope="module")
def crowd() -> tuple[Api, list[dict[str, Any]]]:
    """500 contacts created through the API (seeded Faker en_US 1234), in creation order."""
    settings = Settings(log_requests=False, rate_limit=UNLIMITED, rules={"EXT-CREATE-RATE": False})
    api = Api(create_app(settings, validate_responses=True))
    fake = Faker("en_US")
    fake.seed_instance(1234)
    return api, [api.create(_crowd_body(fake, i)) for i in range(CROWD)]


def _ids(contacts: list[dict[str, Any]]) -> list[str]:
    return [c["id"] for c in contacts]


def _walk(api: Api, uri: str) -> Iterator[dict[str, Any]]:
    """Every page, following nextUri."""
    while uri:
        page = api.get(uri).get_json()
        yield page
        uri = page.get("nextUri")


def test_default_paging_walks_every_contact_in_creation_order(crowd: tuple[Api, list[dict]]) -> None:
    api, created = crowd
    pages = list(_walk(api, CONTACTS))
    first, second, last = pages[0], pages[1], pages[-1]
    assert (first["pageSize"], first["pageNumber"], first["total"], first["pageCount"]) == (20, 1, CROWD, 25)
    assert len(pages) == 25 and first["partialResults"] is False
    assert "previousUri" not in first and "nextUri" not in last
    assert second["previousUri"] == first["selfUri"] == f"{CONTACTS}?pageSize=20&pageNumber=1"
    assert last["selfUri"] == first["lastUri"] == f"{CONTACTS}?pageSize=20&pageNumber=25"
    assert [c["id"] for page in pages for c in page["entities"]] == _ids(created)
    assert all("identifiers" not in c for c in first["entities"])


def _expected_order(created: list[dict], field: str, descending: bool) -> list[str]:
    """The collation: str.casefold, stable (ties in creation order), contacts without the field last."""
    present = sorted((c for c in created if c.get(field)), key=lambda c: c[field].casefold(), reverse=descending)
    return _ids(present) + _ids([c for c in created if not c.get(field)])


@pytest.mark.parametrize("field", ["firstName", "lastName", "title"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sort_order(crowd: tuple[Api, list[dict]], field: str, direction: str) -> None:
    api, created = crowd
    query = {"sortOrder": f"{field}:{direction}", "pageSize": CROWD}
    everything = api.get(CONTACTS, query_string=query).get_json()["entities"]
    assert _ids(everything) == _expected_order(created, field, direction == "desc")
    paged = [
        c for page in _walk(api, f"{CONTACTS}?sortOrder={field}:{direction}&pageSize=50") for c in page["entities"]
    ]
    assert _ids(paged) == _ids(everything)


def test_sort_is_case_insensitive(crowd: tuple[Api, list[dict]]) -> None:
    api, created = crowd
    names = [
        c.get("firstName")
        for c in api.get(CONTACTS, query_string={"sortOrder": "firstName:asc", "pageSize": CROWD}).get_json()[
            "entities"
        ]
    ]
    present = [n for n in names if n]
    assert present == sorted(present, key=str.casefold) != sorted(present)  # lower-case names are interleaved
    assert names[len(present) :] == [None] * (CROWD - len(present)) and len(present) == CROWD - CROWD // 25


@pytest.mark.parametrize("value", ["firstName", "firstName:up", "email:asc", "FirstName:asc", ":asc", "title:"])
def test_sort_order_must_name_a_sortable_field(any_api: Api, value: str) -> None:
    rejected(
        any_api.get(CONTACTS, query_string={"sortOrder": value}),
        400,
        "invalid.query.param.value",
        "EXT-SEARCH-SORT",
        "sortOrder",
    )


def _texts(contact: dict[str, Any]) -> list[str]:
    phone = contact.get("workPhone", {})
    return [contact.get(k) or "" for k in ("firstName", "middleName", "lastName", "workEmail")] + [
        phone.get(k) or "" for k in ("display", "userInput", "e164")
    ]


def _expected_matches(created: list[dict], term: str) -> list[str]:
    return [c["id"] for c in created if any(term.casefold() in text.casefold() for text in _texts(c))]


def _search(api: Api, q: str) -> list[str]:
    page = api.get(CONTACTS, query_string={"q": q, "pageSize": CROWD}).get_json()
    assert page["total"] == len(page["entities"])
    return _ids(page["entities"])


def test_q_matches_names_and_emails_ignoring_case(crowd: tuple[Api, list[dict]]) -> None:
    api, created = crowd
    fragment = created[3]["lastName"][1:4].upper()
    expected = _expected_matches(created, fragment)
    assert created[3]["id"] in expected and len(expected) < CROWD
    assert _search(api, fragment) == expected
    domain = created[8]["workEmail"].split("@")[1]
    assert _search(api, domain) == _expected_matches(created, domain)
    assert _search(api, "no-such-person-zzz") == []


def test_q_terms_must_all_match(crowd: tuple[Api, list[dict]]) -> None:
    api, created = crowd
    target = next(c for c in created if c.get("firstName"))
    q = f"{target['firstName'].swapcase()} {target['lastName']}"
    expected = [
        c["id"] for c in created if all(any(t.casefold() in x.casefold() for x in _texts(c)) for t in q.split())
    ]
    assert target["id"] in _search(api, q) == expected


def test_q_matches_phones_by_digits(crowd: tuple[Api, list[dict]]) -> None:
    api, created = crowd
    e164 = created[42]["workPhone"]["e164"]  # +1555XXXXXXX
    assert created[42]["workPhone"]["userInput"].startswith("(555)")
    digits = e164[2:9]  # 7 digits typed without any punctuation
    expected = [c["id"] for c in created if digits in c["workPhone"]["e164"]]
    assert created[42]["id"] in expected
    assert _search(api, digits) == expected
    assert _search(api, f"+1 ({e164[2:5]}) {e164[5:8]}-{e164[8:]}") == [created[42]["id"]]


def test_the_1000_record_window(crowd: tuple[Api, list[dict]]) -> None:
    api, created = crowd
    window_edge = api.get(CONTACTS, query_string={"pageSize": 100, "pageNumber": 10})
    assert window_edge.status_code == 200
    assert window_edge.get_json()["entities"] == [] and window_edge.get_json()["total"] == CROWD
    assert len(api.get(CONTACTS, query_string={"pageSize": 1000}).get_json()["entities"]) == CROWD
    assert api.get(CONTACTS, query_string={"pageSize": 500, "pageNumber": 2}).status_code == 200
    for query, field in [
        ({"pageSize": 100, "pageNumber": 11}, "pageNumber"),
        ({"pageNumber": 51}, "pageNumber"),
        ({"pageSize": 334, "pageNumber": 3}, "pageNumber"),
        ({"pageSize": 1001}, "pageSize"),
    ]:
        body = rejected(
            api.get(CONTACTS, query_string=query), 400, "invalid.query.param.value", "EXT-SEARCH-WINDOW", field
        )
        assert body["messageParams"]["parameter"] == field


def test_total_counts_every_match_beyond_the_window(make_app: Callable[..., Flask]) -> None:
    api = Api(make_app(rate_limit=UNLIMITED, rules={"EXT-CREATE-RATE": False}))
    count = 1005
    for i in range(count):
        api.create({"firstName": f"N{i:04d}"})
    page = api.get(CONTACTS, query_string={"pageSize": 100, "pageNumber": 10}).get_json()
    assert (page["total"], page["pageCount"]) == (count, math.ceil(count / 100))
    assert [c["firstName"] for c in page["entities"]] == [f"N{i:04d}" for i in range(900, 1000)]
    assert page["nextUri"] == page["lastUri"] == f"{CONTACTS}?pageSize=100&pageNumber=11"
    rejected(api.get(page["nextUri"]), 400, "invalid.query.param.value", "EXT-SEARCH-WINDOW", "pageNumber")


def test_division_filter(crowd: tuple[Api, list[dict]]) -> None:
    api, _ = crowd
    assert api.get(CONTACTS, query_string={"divisionIds": HOME_DIVISION_ID}).get_json()["total"] == CROWD
    assert api.get(CONTACTS, query_string={"divisionIds": str(uuid.uuid4())}).get_json()["total"] == 0
    many = ",".join(str(uuid.uuid4()) for _ in range(51))
    rejected(
        api.get(CONTACTS, query_string={"divisionIds": many}),
        400,
        "invalid.query.param.value",
        "EXT-SEARCH-DIVISIONS",
        "divisionIds",
    )


def test_bad_paging_values_are_400(any_api: Api) -> None:
    for query in ({"pageSize": "ten"}, {"pageSize": 0}, {"pageNumber": -1}):
        assert_error(any_api.get(CONTACTS, query_string=query), 400, "invalid.query.param.value")


# --- no input gives a 500 --------------------------------------------------------------------------------------

_text = st.text(max_size=40) | st.text(alphabet="+0123456789 ()-.x", max_size=30)
_contacts = st.fixed_dictionaries(
    {},
    optional={
        "firstName": _text,
        "workEmail": _text,
        "externalSystemUrl": _text,
        "workPhone": st.fixed_dictionaries({"display": _text}, optional={"normalizationCountryCode": _text}),
        "address": st.fixed_dictionaries({}, optional={"city": _text, "countryCode": _text}),
        "identifiers": st.lists(
            st.fixed_dictionaries({"type": st.sampled_from(["Phone", "Email", "Cookie"]), "value": _text}), max_size=2
        ),
        "externalIds": st.lists(
            st.fixed_dictionaries({"externalSource": st.fixed_dictionaries({"id": _text}), "value": _text}), max_size=2
        ),
    },
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=6,
)
_changes = st.lists(
    st.fixed_dictionaries(
        {
            "field": st.sampled_from(
                [
                    "$.firstName",
                    "$.workPhone",
                    "$.workPhone.display",
                    "$.externalIds",
                    "$.identifiers",
                    "$.address.city",
                    "$.address",
                    "$.customFields",
                    "$.x",
                ]
            )
            | _text,
            "action": st.sampled_from(
                ["UpdateIfEmpty", "UpdateIfExists", "Update", "AppendToCollection", "Remove", "RemoveFromCollection"]
            ),
        },
        optional={"value": _json},
    ),
    max_size=3,
)
_property = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def fuzz_api() -> Api:
    return Api(
        create_app(
            Settings(log_requests=False, rate_limit=UNLIMITED, rules={"EXT-CREATE-RATE": False}),
            validate_responses=True,
        )
    )


def _no_server_error(response: Any) -> None:
    assert response.status_code in (200, 400, 404, 409), response.get_data(as_text=True)
    if response.status_code != 200:
        assert_error(response, response.status_code, response.get_json()["code"])


@_property
@given(body=_contacts, q=_text, sort=_text)
def test_any_contact_body_or_search_is_answered_without_500(fuzz_api: Api, body: dict, q: str, sort: str) -> None:
    _no_server_error(fuzz_api.post(CONTACTS, body))
    _no_server_error(fuzz_api.post(LOOKUP, {"type": "Phone", "value": q}))
    _no_server_error(fuzz_api.get(CONTACTS, query_string={"q": q, "sortOrder": sort, "expand": sort}))


@_property
@given(changes=_changes)
def test_any_patch_is_answered_without_500_and_all_or_nothing(fuzz_api: Api, changes: list) -> None:
    external_id = {"externalSource": {"id": "s"}, "value": str(uuid.uuid4())}  # unique: examples share the app
    contact = fuzz_api.create({"firstName": "Fuzz", "externalIds": [external_id]})
    path = f"{CONTACTS}/{contact['id']}"
    response = fuzz_api.patch(path, {"changes": changes})
    _no_server_error(response)
    if response.status_code != 200:
        assert fuzz_api.get(path, query_string={"expand": "identifiers,externalSources"}).get_json() == contact


# --- the catalogue ---------------------------------------------------------------------------------------------


def test_every_area_rule_is_exercised_here() -> None:
    here = Path(__file__)
    source = "".join(
        (here.parent / name).read_text(encoding="utf-8")
        for name in (here.name, "test_external_orgs_bulk.py", "test_external_notes.py")
    )
    area = [rule for rule in rules.CATALOGUE.values() if rule.area == "externalcontacts"]
    assert len(area) >= 20
    for rule in area:
        assert rule.id.startswith("EXT-") and f'"{rule.id}"' in source, rule.id


@pytest.mark.parametrize("route", [LOOKUP, OLD_LOOKUP])
def test_lookups_expand_the_vendors_list_only(make_app: Callable[..., Flask], route: str) -> None:
    """ExternalContactsApi.md: the lookups' expand values are externalOrganization, identifiers, externalSources and
    division (no externalDataSources, which the contact reads have)."""
    strict, faithful = Api(make_app()), Api(make_app(profile="faithful"))
    for api in (strict, faithful):
        api.create({"identifiers": [{"type": "ExternalId", "value": "X-1"}]})
    found = strict.post(route, {"type": "ExternalId", "value": "X-1"}, query_string={"expand": "identifiers,division"})
    assert found.status_code == 200 and found.get_json()["identifiers"][0]["value"] == "X-1"
    body = rejected(
        strict.post(route, {"type": "ExternalId", "value": "X-1"}, query_string={"expand": "externalDataSources"}),
        400,
        "invalid.query.param.value",
        "EXT-EXPAND-VALUE",
        "expand",
    )
    assert "externalDataSources" not in body["messageParams"]["allowed"]
    ignored = faithful.post(
        route, {"type": "ExternalId", "value": "X-1"}, query_string={"expand": "externalDataSources"}
    )
    assert ignored.status_code == 200


def test_the_older_lookup_is_flagged_deprecated() -> None:
    from contracts.openapi import build_document

    paths = build_document()["paths"]
    assert paths[OLD_LOOKUP]["post"]["deprecated"] is True
    assert "deprecated" not in paths[LOOKUP]["post"]


def test_search_keeps_creation_order_after_a_replace_or_patch(api: Api) -> None:
    """The default order is creation order (search.py; the facts sheet names none): editing a contact does not
    move it (contacts were re-inserted at the end on every save before they moved to the state backend)."""
    first, second = api.create({"firstName": "First"}), api.create({"firstName": "Second"})
    assert api.put(f"{CONTACTS}/{first['id']}", {"firstName": "First again"}).status_code == 200
    assert (
        api.patch(
            f"{CONTACTS}/{second['id']}", {"changes": [{"field": "$.title", "action": "Update", "value": "Ms"}]}
        ).status_code
        == 200
    )
    assert api.put(f"{CONTACTS}/{first['id']}", {"firstName": "First once more"}).status_code == 200
    found = api.get(CONTACTS).get_json()["entities"]
    assert [c["id"] for c in found] == [first["id"], second["id"]]
