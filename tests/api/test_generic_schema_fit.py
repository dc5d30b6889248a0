"""Generic rows keep request validation and answers equal to the OpenAPI document (the last schemathesis findings):
percent-encoded URIs, no explicit null, date-time/date formats, nested echoes with their required fields, array
query items from the enum, write-only properties never read back, and the one operation the SDK calls without a
token (Apple's OAuth callback)."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from contracts.generic import operation_by_id
from mockserver.generic.samples import sample_body
from tests.api.generic_support import UNLIMITED
from tests.conftest import assert_error, assert_rejected, get_token

Api = tuple[FlaskClient, dict[str, str]]
SCHEDULES = "/api/v2/outbound/schedules/campaigns"
RULES = "/api/v2/outbound/campaignrules"
APPLE_CALLBACK = "/api/v2/conversations/messaging/oauth/apple/callback"


@pytest.fixture
def api(make_app: Callable[..., Flask]) -> Api:
    client = make_app(rate_limit=UNLIMITED).test_client()
    return client, {"Authorization": f"Bearer {get_token(client)}"}


def _sample(operation_id: str) -> Any:
    operation = operation_by_id(operation_id)
    assert operation is not None
    return sample_body(operation)


def test_self_and_page_uris_percent_encode_each_path_value(api: Api) -> None:
    client, headers = api
    body = _sample("putOutboundSchedulesCampaign")
    answer = client.put(f"{SCHEDULES}/a%20b%25%C3%A9", json=body, headers=headers)  # the id is "a b%é"
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["selfUri"] == f"{SCHEDULES}/a%20b%25%C3%A9"
    listing = client.get("/api/v2/conversations/emails/Mock%20Agent/messages", headers=headers)
    assert listing.status_code == 200, listing.get_json()
    page = listing.get_json()
    assert page["selfUri"].startswith("/api/v2/conversations/emails/Mock%20Agent/messages?"), page


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v2/externalcontacts/bulk/organizations", {"entities": None}, "entities"),
        ("/api/v2/outbound/dnclists", {"name": "n", "dncSourceType": "rds", "division": None}, "division"),
        ("/api/v2/outbound/dnclists", {"name": None, "dncSourceType": "rds"}, "name"),
    ],
)
def test_explicit_null_is_invalid_value_naming_the_field(api: Api, path: str, body: dict[str, Any], field: str) -> None:
    client, headers = api
    error = assert_error(client.post(path, json=body, headers=headers), 400, "invalid.value")
    assert error["details"][0]["fieldName"] == field
    assert error["messageParams"]["fieldType"] == field


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-01T12:99:00Z",
        "7",
        "2024-01-01T12:00:00",
        "2024-02-30T00:00:00Z",
        "2024-01-01T12:00:00+25:00",
        "٢٠٢٤-01-01T12:00:00Z",
    ],
)
def test_a_bad_date_time_is_invalid_date(api: Api, value: str) -> None:
    client, headers = api
    path = "/api/v2/conversations/callbacks/c1/participants/p1/communications/m1"
    error = assert_rejected(
        client.patch(path, json={"resumeTime": value}, headers=headers),
        400,
        "invalid.date",
        "CORE-INVALID-DATE",
        "resumeTime",
    )
    assert error["message"].startswith("Dates must be specified as ISO-8601 strings")
    wrapup = {"code": "c", "endTime": value}
    nested = client.patch(
        "/api/v2/conversations/callbacks/c1/participants/p1", json={"wrapup": wrapup}, headers=headers
    )
    assert_rejected(nested, 400, "invalid.date", "CORE-INVALID-DATE", "wrapup.endTime")


def test_a_bad_date_is_kept_as_sent_with_the_rule_switched_off(make_app: Callable[..., Flask]) -> None:
    client = make_app(rate_limit=UNLIMITED, rules={"CORE-INVALID-DATE": False}).test_client()
    headers = {"Authorization": f"Bearer {get_token(client)}"}
    path = "/api/v2/externalcontacts/notes/exports"
    body = {**_sample("postExternalcontactsNotesExports"), "dateCreated": "2024-01-01T12:99:00Z"}
    assert client.post(path, json=body, headers=headers).status_code == 200


def test_valid_date_times_and_dates_are_kept_as_sent(api: Api) -> None:
    client, headers = api
    path = "/api/v2/outbound/callanalysisresponsesets"
    body = {**_sample("postOutboundCallanalysisresponsesets"), "name": "r", "dateCreated": "2024-01-01T23:59:60+01:00"}
    assert client.post(path, json=body, headers=headers).status_code == 200
    export = client.post(
        "/api/v2/externalcontacts/notes/exports",
        headers=headers,
        json={**_sample("postExternalcontactsNotesExports"), "dateCreated": "2024-01-01T12:99:00Z"},
    )
    assert_rejected(export, 400, "invalid.date", "CORE-INVALID-DATE", "dateCreated")


def test_echoed_nested_objects_keep_their_required_fields_at_any_depth(api: Api) -> None:
    client, headers = api
    day = {"dayOfWeek": 2, "occurrence": 1}
    condition = {
        "conditionType": "weekDayOfMonth",
        "parameters": {},
        "dateTimeParameters": {"weekDayOfMonth": {"interval": {"min": day, "max": day}}},
    }
    body = {**_sample("postOutboundCampaignrules"), "name": "deep", "campaignRuleConditions": [condition]}
    answer = client.post(RULES, json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    echoed = answer.get_json()["campaignRuleConditions"][0]["dateTimeParameters"]["weekDayOfMonth"]["interval"]
    assert echoed == {"min": day, "max": day}
    missing = {
        **body,
        "campaignRuleConditions": [
            {
                **condition,
                "dateTimeParameters": {"weekDayOfMonth": {"interval": {"min": day, "max": {"occurrence": 1}}}},
            }
        ],
    }
    error = assert_error(client.post(RULES, json=missing, headers=headers), 400, "constraint.validation")
    assert error["details"][0]["fieldName"].endswith("interval.max.dayOfWeek")


def test_write_only_properties_are_not_read_back(api: Api) -> None:
    client, headers = api
    body = {**_sample("patchConversationsCobrowsesession"), "state": "connected"}
    answer = client.patch("/api/v2/conversations/cobrowsesessions/c1", json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    assert "state" not in answer.get_json() and answer.get_json()["startTime"] == body["startTime"]


def test_array_query_items_come_from_the_enum(api: Api) -> None:
    client, headers = api
    path = "/api/v2/conversations/messaging/integrations"
    error = assert_error(
        client.get(f"{path}?expand=supportedContent,everything", headers=headers), 400, "invalid.query.param.value"
    )
    assert error["messageParams"]["parameter"] == "expand" and error["messageParams"]["value"] == "everything"
    assert client.get(f"{path}?expand=supportedContent,messagingSetting&expand=", headers=headers).status_code == 200


def test_apple_callback_answers_without_a_token_and_is_journaled(make_app: Callable[..., Flask]) -> None:
    client = make_app(rate_limit=UNLIMITED).test_client()
    answer = client.get(APPLE_CALLBACK, query_string={"code": "c", "state": "s"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.headers["ININ-Correlation-Id"]
    assert_error(client.get(APPLE_CALLBACK, query_string={"state": "s"}), 400, "invalid.query.param.value")
    journal = client.get("/__mock/requests", query_string={"path": APPLE_CALLBACK}).get_json()["entities"]
    assert sorted(entry["response"]["status"] for entry in journal) == [200, 400]
    fault = client.post("/__mock/faults", json={"method": "GET", "path": APPLE_CALLBACK, "status": 503, "times": 1})
    assert fault.status_code == 201, fault.get_json()
    assert_error(
        client.get(APPLE_CALLBACK, query_string={"code": "c", "state": "s"}),
        503,
        fault.get_json().get("code", "service.unavailable"),
    )
    assert_error(client.get("/api/v2/conversations/messaging/integrations"), 401, "authentication.required")
