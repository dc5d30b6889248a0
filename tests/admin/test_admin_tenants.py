"""Tenants (``X-Mock-Tenant``): state, rate windows and journal are isolated per tenant; reset targets one or all."""

from __future__ import annotations

import threading
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import assert_error, get_token

LISTS = "/api/v2/outbound/contactlists"
LISTS_PER_TENANT = 12


def in_tenant(auth: dict[str, str], name: str) -> dict[str, str]:
    return {**auth, "X-Mock-Tenant": name}


def list_names(client: FlaskClient, headers: dict[str, str]) -> list[str]:
    response = client.get(LISTS, query_string={"pageSize": 100}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return sorted(entity["name"] for entity in response.get_json()["entities"])


def create(client: FlaskClient, headers: dict[str, str], body: dict[str, Any], name: str) -> str:
    response = client.post(LISTS, json={**body, "name": name}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["id"]


def test_concurrent_tenants_never_see_each_other(
    app: Flask, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def work(tenant: str, worker: int) -> None:
        client = app.test_client()
        try:
            barrier.wait(timeout=10)  # all four threads write at the same time
            for i in range(LISTS_PER_TENANT // 2):
                create(client, in_tenant(auth, tenant), contact_list_body, f"{tenant}-{worker}-{i}")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(tenant, worker)) for tenant in "AB" for worker in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    client = app.test_client()
    for tenant in "AB":
        expected = sorted(f"{tenant}-{w}-{i}" for w in (1, 2) for i in range(LISTS_PER_TENANT // 2))
        assert list_names(client, in_tenant(auth, tenant)) == expected
    assert list_names(client, auth) == []  # no header: the default tenant, untouched


def test_an_entity_of_one_tenant_is_404_in_another(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    list_id = create(client, in_tenant(auth, "A"), contact_list_body, "only in A")
    assert client.get(f"{LISTS}/{list_id}", headers=in_tenant(auth, "A")).status_code == 200
    assert_error(client.get(f"{LISTS}/{list_id}", headers=in_tenant(auth, "B")), 404, "not.found")


def test_rotating_tenant_names_does_not_buy_a_fresh_rate_window(make_app: Callable[..., Flask]) -> None:
    """Windows are per token (facts §3), whatever the tenant: a client cannot sidestep 429 by renaming tenants."""
    app = make_app(rate_limit={"requests": 2, "window_seconds": 60})
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    for name in ("A", "B"):
        assert client.get(LISTS, headers=in_tenant(auth, name)).status_code == 200
    for name in ("A", "C", "D"):
        assert_error(client.get(LISTS, headers=in_tenant(auth, name)), 429, "too.many.requests.retry.after")
    assert client.get(LISTS, headers={"Authorization": f"Bearer {get_token(client)}"}).status_code == 200


def test_a_request_that_fails_authentication_creates_no_tenant(client: FlaskClient, auth: dict[str, str]) -> None:
    client.delete("/__mock/requests")  # the fixture's login
    for i in range(50):
        assert_error(client.get(LISTS, headers={"X-Mock-Tenant": f"n{i}"}), 401, "authentication.required")
        assert_error(
            client.get(LISTS, headers={"X-Mock-Tenant": f"b{i}", "Authorization": "Bearer nope"}),
            401,
            "bad.credentials",
        )
        client.get("/nowhere", headers={"X-Mock-Tenant": f"u{i}"})
        client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers={"X-Mock-Tenant": f"o{i}"})
    names = [t["name"] for t in client.get("/__mock/tenants").get_json()["entities"]]
    assert names == ["default"]
    assert client.get("/__mock/requests").get_json()["total"] == 0  # recorded nowhere, not in the default tenant
    assert client.get(LISTS, headers=in_tenant(auth, "real")).status_code == 200  # an authenticated one does
    assert [t["name"] for t in client.get("/__mock/tenants").get_json()["entities"]] == ["default", "real"]


def test_past_max_tenants_a_new_tenant_is_409(make_app: Callable[..., Flask]) -> None:
    app = make_app(max_tenants=3)  # the default tenant counts
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    for name in ("A", "B"):
        assert client.get(LISTS, headers=in_tenant(auth, name)).status_code == 200
    body = assert_error(client.get(LISTS, headers=in_tenant(auth, "C")), 409, "max.entity.count.reached")
    assert body["messageParams"] == {"max": "3"} and "max_tenants" in body["message"]
    assert_error(client.get("/__mock/requests", headers={"X-Mock-Tenant": "C"}), 409, "max.entity.count.reached")
    assert client.get(LISTS, headers=in_tenant(auth, "A")).status_code == 200  # existing tenants go on working
    assert client.delete("/__mock/tenants/B").status_code == 204
    assert client.get(LISTS, headers=in_tenant(auth, "C")).status_code == 200
    assert len(app.config["MOCK_TENANTS"]) == 3


def _tenant_token(client: FlaskClient, name: str, **form: str) -> str:
    response = client.post(f"/__mock/tenants/{name}/credentials")
    assert response.status_code == 200, response.get_json()
    creds = response.get_json()
    assert creds["tenant"] == name
    token = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **form},
        auth=(creds["clientId"], creds["clientSecret"]),
    )
    assert token.status_code == 200, token.get_json()
    return token.get_json()["access_token"]


def test_a_tenants_credentials_put_requests_without_a_header_in_that_tenant(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    bound = {"Authorization": f"Bearer {_tenant_token(client, 'T1')}"}
    create(client, bound, contact_list_body, "in T1")  # no X-Mock-Tenant
    assert list_names(client, in_tenant(auth, "T1")) == ["in T1"]
    assert list_names(client, auth) == []  # the default tenant saw nothing
    verify = client.post(
        "/__mock/requests/verify", json={"method": "POST", "path": LISTS}, headers={"X-Mock-Tenant": "T1"}
    )
    assert verify.get_json()["count"] == 1
    first = client.post("/__mock/tenants/T1/credentials").get_json()
    form = {"grant_type": "client_credentials", "client_id": first["clientId"], "client_secret": first["clientSecret"]}
    assert client.post("/oauth/token", data=form).status_code == 200  # form fields instead of HTTP Basic
    login = client.post("/__mock/requests/verify", json={"path": "/oauth/token"}, headers={"X-Mock-Tenant": "T1"})
    assert login.get_json()["count"] == 2  # logins with the tenant's client are in its journal too
    assert list_names(client, {**bound, "X-Mock-Tenant": "T2"}) == []  # an explicit header still wins
    # The same credentials on every call; deleting the tenant revokes them and their tokens.
    assert client.post("/__mock/tenants/T1/credentials").get_json() == first
    assert client.delete("/__mock/tenants/T1").status_code == 204
    assert_error(client.get(LISTS, headers=bound), 401, "bad.credentials")
    refused = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(first["clientId"], first["clientSecret"])
    )
    assert refused.status_code == 401
    assert "T1" not in [t["name"] for t in client.get("/__mock/tenants").get_json()["entities"]]


def test_a_tenants_password_token_is_bound_too(client: FlaskClient, auth: dict[str, str]) -> None:
    token = _tenant_token(client, "T3", grant_type="password", username="agent@example.com", password="mock-password")
    assert client.get(LISTS, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/__mock/requests", headers={"X-Mock-Tenant": "T3"}).get_json()["total"] == 2


def test_journal_is_per_tenant(client: FlaskClient, auth: dict[str, str]) -> None:
    client.get(LISTS, headers=in_tenant(auth, "A"))
    client.get(LISTS + "?pageSize=3", headers=in_tenant(auth, "B"))
    a = client.get("/__mock/requests", headers={"X-Mock-Tenant": "A"}).get_json()
    b = client.get("/__mock/requests", headers={"X-Mock-Tenant": "B"}).get_json()
    assert [(e["tenant"], e["query"]) for e in a["entities"]] == [("A", "")]
    assert [(e["tenant"], e["query"]) for e in b["entities"]] == [("B", "pageSize=3")]


@pytest.mark.parametrize("how", ["header", "query"])
def test_reset_of_one_tenant_leaves_the_other_intact(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any], how: str
) -> None:
    create(client, in_tenant(auth, "A"), contact_list_body, "a")
    create(client, in_tenant(auth, "B"), contact_list_body, "b")
    client.post("/__mock/faults", json={"path": "/nowhere", "status": 500}, headers={"X-Mock-Tenant": "B"})
    if how == "header":
        response = client.post("/__mock/reset", headers={"X-Mock-Tenant": "A"})
    else:
        response = client.post("/__mock/reset?tenant=A")
    assert response.get_json() == {"reset": True, "tokens": False, "tenant": "A"}
    assert client.get("/__mock/requests", headers={"X-Mock-Tenant": "A"}).get_json()["total"] == 0
    assert client.get("/__mock/requests", headers={"X-Mock-Tenant": "B"}).get_json()["total"] == 1
    assert client.get("/__mock/faults", headers={"X-Mock-Tenant": "B"}).get_json()["total"] == 1
    assert list_names(client, in_tenant(auth, "A")) == []
    assert list_names(client, in_tenant(auth, "B")) == ["b"]


def test_reset_without_a_tenant_resets_every_tenant(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    for tenant in ("A", "B", "default"):
        create(client, in_tenant(auth, tenant), contact_list_body, tenant)
    assert client.post("/__mock/reset").get_json() == {"reset": True, "tokens": False, "tenant": None}
    for tenant in ("A", "B", "default"):
        assert list_names(client, in_tenant(auth, tenant)) == []


def test_tokens_are_shared_and_reset_with_tokens_clears_them_all(client: FlaskClient, auth: dict[str, str]) -> None:
    assert client.get(LISTS, headers=in_tenant(auth, "A")).status_code == 200
    assert client.get(LISTS, headers=in_tenant(auth, "B")).status_code == 200
    client.post("/__mock/reset?tokens=true", headers={"X-Mock-Tenant": "A"})
    assert_error(client.get(LISTS, headers=in_tenant(auth, "B")), 401, "bad.credentials")


def test_tenants_are_listed(client: FlaskClient, auth: dict[str, str]) -> None:
    client.get(LISTS, headers=in_tenant(auth, "ci-worker.gw1"))
    body = client.get("/__mock/tenants").get_json()
    assert [entity["name"] for entity in body["entities"]] == ["ci-worker.gw1", "default"]
    assert body["total"] == 2


@pytest.mark.parametrize("name", ["", "has space", "x" * 65, "slash/no", "é"])
def test_a_malformed_tenant_name_is_400(client: FlaskClient, auth: dict[str, str], name: str) -> None:
    body = assert_error(client.get(LISTS, headers=in_tenant(auth, name)), 400, "invalid.value")
    assert body["messageParams"]["fieldType"] == "X-Mock-Tenant"
    assert_error(client.post("/__mock/reset", query_string={"tenant": name}), 400, "invalid.value")


def test_health_ignores_the_tenant_header(client: FlaskClient) -> None:
    assert client.get("/__mock/health", headers={"X-Mock-Tenant": "not valid!"}).status_code == 200


def test_csv_import_writes_into_the_uploaders_tenant(
    app: Flask, client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    """The import runs in a background thread without a request; its contacts land in tenant A only."""
    from tests.api.test_outbound_upload import GOOD, finished, upload, wait_for_import

    headers = in_tenant(auth, "A")
    list_id = create(client, headers, contact_list_body, "imported")
    assert upload(client, headers, list_id, GOOD).status_code == 200
    assert wait_for_import(client, headers, list_id) == finished(2)
    lists_of = {
        name: client.get("/__mock/state", headers={"X-Mock-Tenant": name}).get_json()["areas"]["outbound"][
            "contactLists"
        ]
        for name in ("A", "default")
    }
    (imported,) = [entry for entry in lists_of["A"] if entry["contactList"]["id"] == list_id]
    assert len(imported["contacts"]) == 2
    assert all(entry["contactList"]["id"] != list_id for entry in lists_of["default"])


def test_state_snapshot_and_seed_follow_the_tenant(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    """``/__mock/state`` and ``/__mock/seed`` act on the request's tenant only, so xdist workers can snapshot."""
    create(client, in_tenant(auth, "A"), contact_list_body, "only-in-A")
    seeded = client.post(
        "/__mock/seed",
        json={"seed": 7, "contactLists": 1, "contactsPerList": 2, "externalContacts": 0},
        headers={"X-Mock-Tenant": "B"},
    )
    assert seeded.status_code == 201, seeded.get_json()

    def names(tenant: str) -> list[str]:
        state = client.get("/__mock/state", headers={"X-Mock-Tenant": tenant}).get_json()
        return [item["contactList"]["name"] for item in state["areas"]["outbound"]["contactLists"]]

    assert names("A") == ["only-in-A"]
    assert len(names("B")) == 1 and names("B") != ["only-in-A"]
    assert names("default") == []
    snapshot_a = client.get("/__mock/state", headers={"X-Mock-Tenant": "A"}).get_json()
    assert client.put("/__mock/state", json=snapshot_a, headers={"X-Mock-Tenant": "C"}).status_code in (200, 204)
    assert list_names(client, in_tenant(auth, "C")) == ["only-in-A"]
    assert list_names(client, in_tenant(auth, "B")) != ["only-in-A"]


def test_a_deleted_tenant_is_gone_and_comes_back_empty(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    create(client, in_tenant(auth, "gone"), contact_list_body, "in-gone")
    create(client, in_tenant(auth, "kept"), contact_list_body, "in-kept")
    assert client.delete("/__mock/tenants/gone").status_code == 204
    names = [t["name"] for t in client.get("/__mock/tenants").get_json()["entities"]]
    assert "gone" not in names and "kept" in names
    assert list_names(client, in_tenant(auth, "kept")) == ["in-kept"]
    assert list_names(client, in_tenant(auth, "gone")) == []  # the name is free again: a fresh, empty tenant
    assert_error(client.delete("/__mock/tenants/never-seen"), 404, "not.found")
    assert_error(client.delete("/__mock/tenants/default"), 400, "invalid.value")
    assert_error(client.delete("/__mock/tenants/bad name!"), 400, "invalid.value")


def test_an_export_link_works_as_a_presigned_url_in_its_tenant_only(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict
) -> None:
    """The link is fetched with a plain GET (no token, no X-Mock-Tenant), so it names its tenant (issue 13)."""
    list_id = create(client, in_tenant(auth, "A"), contact_list_body, "exported in A")
    export_id = client.post(f"{LISTS}/{list_id}/export", headers=in_tenant(auth, "A")).get_json()["id"]
    uri = client.get(f"{LISTS}/{list_id}/export", headers=in_tenant(auth, "A")).get_json()["uri"]
    assert uri == f"http://localhost/downloads/{export_id}?tenant=A"

    download = client.get(uri)
    assert download.status_code == 200 and download.get_data(as_text=True).startswith("inin-outbound-id,")
    redirect = client.get(f"{LISTS}/{list_id}/export?download=true", headers=in_tenant(auth, "A"))
    assert redirect.headers["Location"] == uri
    # Invisible elsewhere: without the link's tenant, under another tenant, or a tenant that does not exist.
    assert_error(client.get(f"/downloads/{export_id}"), 404, "not.found")
    assert_error(client.get(f"/downloads/{export_id}", headers={"X-Mock-Tenant": "B"}), 404, "not.found")
    assert_error(client.get(f"/downloads/{export_id}?tenant=B"), 404, "not.found")
    assert_error(client.get(f"/downloads/{export_id}?tenant=nobody"), 404, "not.found")
    assert_error(client.get(f"/downloads/{export_id}?tenant=bad%20name"), 404, "not.found")
    names = [t["name"] for t in client.get("/__mock/tenants").get_json()["entities"]]
    assert "nobody" not in names  # a download never creates a tenant

    default_list = create(client, auth, contact_list_body, "exported in default")
    default_export = client.post(f"{LISTS}/{default_list}/export", headers=auth).get_json()["id"]
    assert (
        client.get(f"{LISTS}/{default_list}/export", headers=auth).get_json()["uri"]
        == f"http://localhost/downloads/{default_export}"
    )  # the default tenant's links are as before
