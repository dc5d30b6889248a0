"""Generic operations through the same core as the deep ones: routing next to deep routes, unserved methods,
validation from the vendor's models, the vendor's permissions, paging, the record cap, reset and analytics jobs.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from contracts.generic import generic_operations, operation_by_id
from contracts.operations import BY_ID
from contracts.vendor import vendor_operations
from mockserver.generic.samples import sample_body
from tests.api.generic_support import UNLIMITED
from tests.conftest import assert_error, assert_rejected, basic, get_token

CARS = "/api/v2/outbound/callanalysisresponsesets"  # a generic collection (CARS lists are deep now)
ORGS = "/api/v2/externalcontacts/organizations"
JOBS = "/api/v2/analytics/conversations/details/jobs"
CARS_BODY = {"name": "Do not call", "responses": {}}


def _headers(client: FlaskClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {get_token(client)}"}


@pytest.fixture
def api(make_app: Callable[..., Flask]) -> tuple[FlaskClient, dict[str, str]]:
    client = make_app(rate_limit=UNLIMITED).test_client()
    return client, _headers(client)


def _create(api: tuple[FlaskClient, dict[str, str]], body: dict[str, Any] | None = None) -> dict[str, Any]:
    client, headers = api
    response = client.post(CARS, json=body or CARS_BODY, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_table_holds_every_vendor_operation_once() -> None:
    generic = {op.operation_id for op in generic_operations()}
    vendor = set(vendor_operations())
    assert len(vendor) == 636 and generic == vendor - set(BY_ID)  # every vendor operation without a deep row
    assert operation_by_id("getOutboundContactlist") is BY_ID["getOutboundContactlist"]  # deep wins
    assert operation_by_id("getOutboundCallanalysisresponsesets").generic  # type: ignore[union-attr]


def test_create_answers_the_stored_entity_with_server_fields(api: tuple[FlaskClient, dict[str, str]]) -> None:
    created = _create(api, {**CARS_BODY, "selfUri": "/not/this"})  # read-only in the request: ignored
    assert created["name"] == "Do not call" and created["version"] == 1
    assert created["selfUri"] == f"{CARS}/{created['id']}"
    assert created["dateCreated"] == created["dateModified"]
    client, headers = api
    assert client.get(f"{CARS}/{created['id']}", headers=headers).get_json() == created


def test_stale_version_is_409(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    created = _create(api)
    url = f"{CARS}/{created['id']}"
    updated = client.put(url, json={**CARS_BODY, "name": "Renamed", "version": 1}, headers=headers).get_json()
    assert (updated["name"], updated["version"], updated["dateCreated"]) == ("Renamed", 2, created["dateCreated"])
    assert_rejected(
        client.put(url, json={**CARS_BODY, "version": 1}, headers=headers),
        409,
        "invalid.update.wrong.version",
        "GENERIC-VERSION",
        "version",
    )
    assert client.get(url, headers=headers).get_json()["name"] == "Renamed"  # the refused PUT changed nothing


def test_unknown_ids_and_missing_parents_are_404(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    for method in ("GET", "PUT", "DELETE"):
        body = {**CARS_BODY, "version": 1} if method == "PUT" else None
        assert_error(client.open(f"{CARS}/nope", method=method, json=body, headers=headers), 404, "not.found")
    note = {**sample_body(operation_by_id("postExternalcontactsOrganizationNotes")), "noteText": "hello"}  # type: ignore[arg-type]
    assert_error(client.post(f"{ORGS}/nope/notes", json=note, headers=headers), 404, "not.found")
    assert_error(client.get(f"{ORGS}/nope/notes", headers=headers), 404, "not.found")
    assert_error(client.get("/api/v2/externalcontacts/contacts/nope/notes", headers=headers), 404, "not.found")
    org = client.post(ORGS, json={"name": "Acme"}, headers=headers).get_json()
    assert client.post(f"{ORGS}/{org['id']}/notes", json=note, headers=headers).status_code == 200
    listing = client.get(f"{ORGS}/{org['id']}/notes", headers=headers).get_json()
    assert listing["total"] == 1 and listing["entities"][0]["noteText"] == "hello"
    assert client.delete(f"{ORGS}/{org['id']}", headers=headers).status_code in (200, 204)
    assert_error(client.get(f"{ORGS}/{org['id']}/notes", headers=headers), 404, "not.found")


def test_a_method_the_vendor_lacks_is_404_with_allow(api: tuple[FlaskClient, dict[str, str]]) -> None:
    """As on the deep routes (core/errors.py): the real API answers 404, ``Allow`` lists what the path serves."""
    client, headers = api
    response = client.patch(CARS, json={}, headers=headers)
    assert_error(response, 404, "not.found")
    assert response.headers["Allow"] == "GET, HEAD, POST"
    assert_error(client.get("/api/v2/outbound/no-such-thing", headers=headers), 404, "not.found")


def test_generic_static_paths_next_to_deep_parameters(api: tuple[FlaskClient, dict[str, str]]) -> None:
    """``…/contactlists/divisionviews`` is generic, ``…/contactlists/{id}`` deep: each answers its own."""
    client, headers = api
    views = client.get("/api/v2/outbound/contactlists/divisionviews", headers=headers)
    assert views.status_code == 200 and views.get_json()["entities"] == []
    assert_error(client.get("/api/v2/outbound/contactlists/no-such-list", headers=headers), 404, "not.found")
    exports = client.get("/api/v2/externalcontacts/contacts/exports", headers=headers)
    assert exports.status_code == 200 and "entities" in exports.get_json()


def test_validation_errors_come_from_the_vendor_models(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    unknown = assert_rejected(
        client.post(CARS, json={**CARS_BODY, "colour": "red"}, headers=headers),
        400,
        "invalid.property",
        "CORE-UNKNOWN-PROPERTY",
        "colour",
    )
    assert unknown["messageParams"] == {"value": "colour", "object": "ResponseSet"}
    nested = assert_error(
        client.post(CARS, json={**CARS_BODY, "responses": {"x": {"shade": 1}}}, headers=headers),
        400,
        "invalid.property",
    )
    assert nested["messageParams"]["value"] == "shade"
    enum = assert_error(
        client.post(CARS, json={**CARS_BODY, "liveSpeakerDetectionMode": "paper"}, headers=headers),
        400,
        "invalid.value",
    )
    assert enum["messageParams"]["fieldType"] == "liveSpeakerDetectionMode"
    missing = assert_error(client.post(CARS, json={"responses": {}}, headers=headers), 400, "constraint.validation")
    assert missing["message"] == "name may not be null"
    assert_rejected(
        client.post(CARS, json={**CARS_BODY, "beepDetectionEnabled": "true"}, headers=headers),
        400,
        "invalid.value",
        "CORE-STRICT-TYPES",
        "beepDetectionEnabled",
    )
    assert_error(
        client.post(CARS, data="{", headers={**headers, "Content-Type": "application/json"}), 400, "bad.request"
    )
    assert_error(
        client.post(CARS, data="x", headers={**headers, "Content-Type": "text/plain"}), 415, "unsupported.media.type"
    )
    bad_query = assert_error(client.get(f"{CARS}?pageSize=many", headers=headers), 400, "invalid.query.param.value")
    assert bad_query["messageParams"]["parameter"] == "pageSize"
    assert_error(client.get(f"{CARS}?sortOrder=sideways", headers=headers), 400, "invalid.query.param.value")
    assert client.get(CARS, headers=headers).get_json()["total"] == 0  # nothing refused was stored


def test_faithful_coerces_scalars_as_for_deep_routes(make_app: Callable[..., Flask]) -> None:
    client = make_app(profile="faithful").test_client()
    response = client.post(CARS, json={**CARS_BODY, "beepDetectionEnabled": "true"}, headers=_headers(client))
    assert response.status_code == 200 and response.get_json()["beepDetectionEnabled"] is True


def test_array_and_primitive_bodies(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    progress = "/api/v2/outbound/messagingcampaigns/progress"  # an array of strings
    assert client.post(progress, json=["c1"], headers=headers).status_code == 200
    wrong = assert_error(client.post(progress, json={"not": "a list"}, headers=headers), 400, "invalid.value")
    assert wrong["details"] == [{"errorCode": "invalid.value", "fieldName": "body"}]
    assert_error(client.post(progress, json=[5], headers=headers), 400, "invalid.value")
    bulk = "/api/v2/outbound/contactlisttemplates/bulk/add"  # an array of models
    item = sample_body(operation_by_id("postOutboundContactlisttemplatesBulkAdd"))[0]  # type: ignore[arg-type,index]
    assert client.post(bulk, json=[item, item], headers=headers).status_code == 200
    named = assert_error(client.post(bulk, json=[item, {**item, "bogus": 1}], headers=headers), 400, "invalid.property")
    assert named["details"][0]["fieldName"] == "[1].bogus"
    assert_error(client.post(bulk, json=item, headers=headers), 400, "bad.request")


def test_the_vendor_permissions_apply(make_app: Callable[..., Flask]) -> None:
    client = make_app(
        clients=[{"client_id": "viewer", "client_secret": "s", "permissions": ["outbound:responseSet:view"]}]
    ).test_client()
    token = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=basic("viewer", "s")
    ).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(CARS, headers=headers).status_code == 200
    denied = assert_error(client.post(CARS, json=CARS_BODY, headers=headers), 403, "missing.any.permissions")
    assert denied["messageParams"] == {"permissions": "outbound:responseSet:add"}
    assert_error(client.get(CARS), 401, "authentication.required")


def test_listing_pages_filters_and_sorts(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    for name in ("beta", "alpha", "gamma", "Alpine"):
        _create(api, {**CARS_BODY, "name": name})
    first = client.get(f"{CARS}?pageSize=3", headers=headers).get_json()
    assert (first["total"], first["pageCount"], first["pageNumber"], len(first["entities"])) == (4, 2, 1, 3)
    assert first["nextUri"] == f"{CARS}?pageSize=3&pageNumber=2" and "previousUri" not in first
    second = client.get(first["nextUri"], headers=headers).get_json()
    assert [e["name"] for e in second["entities"]] == ["Alpine"] and "nextUri" not in second
    assert second["previousUri"] == f"{CARS}?pageSize=3&pageNumber=1"
    named = client.get(f"{CARS}?name=alp&sortBy=name&sortOrder=descending", headers=headers).get_json()
    assert [e["name"] for e in named["entities"]] == ["Alpine", "alpha"] and named["total"] == 2


def test_records_are_capped(make_app: Callable[..., Flask]) -> None:
    client = make_app(generic={"max_records": 2}).test_client()
    headers = _headers(client)
    for _ in range(2):
        assert client.post(CARS, json=CARS_BODY, headers=headers).status_code == 200
    assert_rejected(
        client.post(CARS, json=CARS_BODY, headers=headers), 400, "max.entity.count.reached", "GENERIC-MAX-RECORDS", None
    )
    assert client.get(CARS, headers=headers).get_json()["total"] == 2


def test_reset_clears_generic_state(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    created = _create(api)
    client.put("/api/v2/outbound/settings", json={"maxCallsPerAgent": 3}, headers=headers)
    assert client.post("/__mock/reset").status_code == 200
    assert_error(client.get(f"{CARS}/{created['id']}", headers=headers), 404, "not.found")
    assert client.get(CARS, headers=headers).get_json()["total"] == 0


def test_singleton_documents_are_kept(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    settings = "/api/v2/outbound/settings"
    assert client.get(settings, headers=headers).get_json() == {}
    assert client.patch(settings, json={"maxCallsPerAgent": 3}, headers=headers).status_code in (200, 204)
    assert client.get(settings, headers=headers).get_json()["maxCallsPerAgent"] == 3


def test_an_analytics_job_is_created_read_and_deleted(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    query = {"interval": "2024-01-01T00:00:00Z/2024-01-02T00:00:00Z"}
    job_id = client.post(JOBS, json=query, headers=headers).get_json()["jobId"]
    assert client.get(f"{JOBS}/{job_id}", headers=headers).status_code == 200
    assert_error(client.get(f"{JOBS}/another", headers=headers), 404, "not.found")
    assert client.delete(f"{JOBS}/{job_id}", headers=headers).status_code in (200, 204)
    assert_error(client.get(f"{JOBS}/{job_id}", headers=headers), 404, "not.found")


def test_generic_state_round_trips_through_a_snapshot(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    created = _create(api)
    org = client.post(ORGS, json={"name": "Acme"}, headers=headers).get_json()
    note = {**sample_body(operation_by_id("postExternalcontactsOrganizationNotes")), "noteText": "kept"}  # type: ignore[arg-type]
    assert client.post(f"{ORGS}/{org['id']}/notes", json=note, headers=headers).status_code == 200
    client.patch("/api/v2/outbound/settings", json={"maxCallsPerAgent": 3}, headers=headers)
    document = client.get("/__mock/state").get_json()
    generic = document["areas"]["generic"]
    assert [(c["collection"], len(c["entities"])) for c in generic["collections"]] == [(CARS, 1)]
    external = document["areas"]["externalcontacts"]  # organizations and their notes are the deep area's
    assert [o["name"] for o in external["organizations"]] == ["Acme"]
    assert [n["noteText"] for n in external["notes"]] == ["kept"]
    assert generic["singletons"] == [{"path": "/api/v2/outbound/settings", "document": {"maxCallsPerAgent": 3}}]
    assert client.post("/__mock/reset").status_code == 200
    assert client.get(CARS, headers=headers).get_json()["total"] == 0
    assert client.put("/__mock/state", json=document).status_code == 200
    assert client.get(f"{CARS}/{created['id']}", headers=headers).get_json() == created
    notes = client.get(f"{ORGS}/{org['id']}/notes", headers=headers).get_json()
    assert [n["noteText"] for n in notes["entities"]] == ["kept"]
    bad = {**document, "areas": {"generic": {"collections": [{"collection": "/api/v2/nope", "entities": []}]}}}
    assert_error(client.put("/__mock/state", json=bad), 400, "invalid.value")
    assert client.get(CARS, headers=headers).get_json()["total"] == 1  # a refused document changed nothing


def test_bulk_routes_of_a_collection_use_its_state(api: tuple[FlaskClient, dict[str, str]]) -> None:
    client, headers = api
    templates = "/api/v2/outbound/contactlisttemplates"
    item = sample_body(operation_by_id("postOutboundContactlisttemplatesBulkAdd"))[0]  # type: ignore[arg-type,index]
    added = client.post(
        templates + "/bulk/add", json=[{**item, "name": "a"}, {**item, "name": "b"}], headers=headers
    ).get_json()
    ids = [entity["id"] for entity in added["entities"]]
    assert added["total"] == 2 and len(set(ids)) == 2
    assert client.get(templates, headers=headers).get_json()["total"] == 2
    found = client.post(templates + "/bulk/retrieve", json={"ids": [ids[1], "missing"]}, headers=headers).get_json()
    assert [(e["id"], e["name"]) for e in found["entities"]] == [(ids[1], "b")]
    assert client.delete(f"{templates}?id={ids[0]}", headers=headers).status_code in (200, 204)
    assert [e["id"] for e in client.get(templates, headers=headers).get_json()["entities"]] == [ids[1]]


def test_an_optional_body_may_be_absent_or_json_null(api: tuple[FlaskClient, dict[str, str]]) -> None:
    """As the SDK sends an absent optional body (JSON null), through the one body parser."""
    client, headers = api
    participant = "/api/v2/conversations/cobrowsesessions/c1/participants/p1"
    assert operation_by_id("patchConversationsCobrowsesessionParticipant").request_optional  # type: ignore[union-attr]
    assert client.patch(
        participant, data="null", headers={**headers, "Content-Type": "application/json"}
    ).status_code in (200, 202, 204)
    assert client.patch(participant, headers=headers).status_code in (200, 202, 204)
    assert_error(client.patch(participant, json={"wrapup": 5}, headers=headers), 400, "invalid.value")
    assert client.head(CARS, headers=headers).status_code == 200
