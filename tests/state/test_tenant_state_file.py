"""``--state-file`` keeps every tenant, not only the default one (issue 13): a version 2 state file.

Version 1 files (the default tenant only) still load; ``GET``/``PUT /__mock/state`` stay one tenant's version 1
document. Deeply nested but accepted data must survive the file's extra ``tenants.<name>`` level.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any, Callable

import pytest
from flask import Flask

from mockserver.core.jsontext import MAX_DEPTH
from mockserver.snapshot import SnapshotError, load_state_file, parse_tenants, write_state_file
from mockserver.snapshot.document import PUT_MAX_DEPTH
from tests.conftest import assert_error
from tests.server.conftest import get_token, over_both_servers
from tests.state.helpers import populate

LISTS = "/api/v2/outbound/contactlists"
EXTERNAL = "/api/v2/externalcontacts/contacts"


def _tenant_with_contacts(client: Any, headers: dict[str, str], count: int) -> str:
    created = client.post(LISTS, json={"name": "Tenant list", "columnNames": ["phone"]}, headers=headers)
    assert created.status_code == 200, created.text
    contacts = [{"id": f"c{i}", "data": {"phone": f"+1317555{i:04d}"}} for i in range(count)]
    added = client.post(f"{LISTS}/{created.json()['id']}/contacts", json=contacts, headers=headers)
    assert added.status_code == 200, added.text
    return created.json()["id"]


@pytest.mark.server
@over_both_servers
def test_every_tenants_state_survives_sigterm_and_restart(start_server, tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    first = start_server("--state-file", str(state_file))
    with first.client() as client:
        token = {"Authorization": f"Bearer {get_token(client)}"}
        tenant_a = {**token, "X-Mock-Tenant": "worker-a"}
        list_id = _tenant_with_contacts(client, tenant_a, 50)
        default_list = _tenant_with_contacts(client, token, 1)
        before_a = client.get("/__mock/state", headers={"X-Mock-Tenant": "worker-a"}).json()
        before_default = client.get("/__mock/state").json()
    assert first.stop(signal.SIGTERM) == 0

    second = start_server("--state-file", str(state_file))
    with second.client() as client:
        token = {"Authorization": f"Bearer {get_token(client)}"}
        tenant_a = {**token, "X-Mock-Tenant": "worker-a"}
        kept = client.get(f"{LISTS}/{list_id}?includeSize=true", headers=tenant_a)
        assert kept.status_code == 200 and kept.json()["size"] == 50
        assert client.get(f"{LISTS}/{list_id}", headers=token).status_code == 404  # still the tenant's alone
        assert client.get(f"{LISTS}/{default_list}", headers=token).status_code == 200
        assert client.get("/__mock/state", headers={"X-Mock-Tenant": "worker-a"}).json() == before_a
        assert client.get("/__mock/state").json() == before_default
        assert "worker-a" in [t["name"] for t in client.get("/__mock/tenants").json()["entities"]]


def test_a_version_1_state_file_still_loads_as_the_default_tenant(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    source = make_app().test_client()
    populate(source)
    document = source.get("/__mock/state").get_json()
    assert document["version"] == 1  # what GET /__mock/state gives, and what older mocks wrote as the file
    path = tmp_path / "state.json"
    path.write_text(json.dumps(document))

    target = make_app()
    assert load_state_file(target.config["MOCK_TENANTS"], path)
    assert target.test_client().get("/__mock/state").get_json() == document


def test_a_state_file_is_validated_whole_before_anything_changes(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    good = {"format": "genesys-mock-state", "version": 2, "areas": {}, "tenants": {"a": {}}}
    assert set(parse_tenants(good)) == {"default", "a"}
    bad_cases = [
        ({**good, "tenants": {"bad name!": {}}}, "tenants.bad name!"),
        ({**good, "tenants": {"default": {}}}, "tenants.default"),
        ({**good, "tenants": {"a": {"outbound": []}}}, "tenants.a.outbound"),
        ({**good, "version": 3}, "version"),
        ({"format": "genesys-mock-state", "version": 1, "areas": {}, "tenants": {}}, "tenants"),
    ]
    for document, path in bad_cases:
        with pytest.raises(SnapshotError) as caught:
            parse_tenants(document)
        assert caught.value.path == path, (document, caught.value)
    assert [t.name for t in app.config["MOCK_TENANTS"].all()] == ["default"]


def test_put_state_stays_one_tenants_version_1_document(client: Any) -> None:
    document = {"format": "genesys-mock-state", "version": 2, "areas": {}, "tenants": {}}
    response = client.put("/__mock/state", json=document)
    body = assert_error(response, 400, "invalid.value")
    assert body["messageParams"]["path"] == "version"


def test_the_deepest_put_document_of_a_tenant_loads_again_from_the_state_file(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    """PUT accepts one level less than a state file may hold, because the file nests a tenant one level deeper."""
    app = make_app()
    client = app.test_client()
    deep: Any = "leaf"
    for _ in range(PUT_MAX_DEPTH - 6):  # root, areas, externalcontacts, contacts, contact, customFields
        deep = [deep]
    contact = {
        "id": "d1",
        "firstName": "Deep",
        "customFields": {"deep": deep},
        "createDate": "2026-01-01T00:00:00.000Z",
        "modifyDate": "2026-01-01T00:00:00.000Z",
    }
    document = {"format": "genesys-mock-state", "version": 1, "areas": {"externalcontacts": {"contacts": [contact]}}}
    tenant = {"X-Mock-Tenant": "deep"}
    put = client.put("/__mock/state", data=json.dumps(document), content_type="application/json", headers=tenant)
    assert put.status_code == 200, put.get_data(as_text=True)[:300]
    too_deep = {**document, "areas": {"externalcontacts": {"contacts": [{**contact, "customFields": {"d": [deep]}}]}}}
    refused = client.put("/__mock/state", data=json.dumps(too_deep), content_type="application/json", headers=tenant)
    assert_error(refused, 400, "bad.request")

    path = tmp_path / "state.json"
    exported = client.get("/__mock/state", headers=tenant).get_data()
    write_state_file(app.config["MOCK_TENANTS"], path)
    target = make_app()
    assert load_state_file(target.config["MOCK_TENANTS"], path)  # the file is MAX_DEPTH deep and still loads
    assert MAX_DEPTH == PUT_MAX_DEPTH + 1
    assert target.test_client().get("/__mock/state", headers=tenant).get_data() == exported
