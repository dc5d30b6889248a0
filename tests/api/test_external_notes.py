"""Notes on contacts and organizations, relationships, and their bulk routes (issue 16 items 10 and 11), through HTTP."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask

from tests.api.test_external_orgs_bulk import BULK, ORGS
from tests.api.test_externalcontacts import CONTACTS, UNLIMITED, Api, rejected

RELATIONSHIPS = "/api/v2/externalcontacts/relationships"
AUTHOR = {"id": "8d7c2d0e-4d4c-4a7c-9b8e-000000000001", "version": 1}


@pytest.fixture
def api(make_app: Callable[..., Flask]) -> Api:
    return Api(make_app(rate_limit=UNLIMITED, rules={"EXT-CREATE-RATE": False}))


def _note(api: Api, parent: str, text: str = "called back") -> dict[str, Any]:
    response = api.post(f"{parent}/notes", {"noteText": text, "createdBy": AUTHOR})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize("kind", ["contact", "organization"])
def test_notes_crud_on_contacts_and_organizations(api: Api, kind: str) -> None:
    if kind == "contact":
        parent_id, base = api.create({"lastName": "noted"})["id"], CONTACTS
    else:
        parent_id, base = api.post(ORGS, {"name": "Noted"}).get_json()["id"], ORGS
    parent = f"{base}/{parent_id}"
    notes = [_note(api, parent, f"note {i}") for i in range(3)]
    first = notes[0]
    assert (first["entityType"], first["entityId"]) == (kind, parent_id)
    assert first["selfUri"] == f"{parent}/notes/{first['id']}" and first["createdBy"]["id"] == AUTHOR["id"]
    listing = api.get(f"{parent}/notes", query_string={"pageSize": 2, "sortOrder": "createDate:desc"}).get_json()
    assert listing["total"] == 3 and listing["pageCount"] == 2
    assert [n["noteText"] for n in listing["entities"]] == ["note 2", "note 1"]
    one = f"{parent}/notes/{first['id']}"
    assert api.get(one).get_json() == first
    replaced = api.put(one, {"noteText": "rewritten", "createdBy": AUTHOR}).get_json()
    assert replaced["noteText"] == "rewritten" and replaced["createDate"] == first["createDate"]
    patched = api.patch(one, {"changes": [{"field": "$.noteText", "action": "Update", "value": "patched"}]})
    assert patched.status_code == 200 and patched.get_json()["noteText"] == "patched"
    assert api.delete(one).get_json() == {}
    rejected(api.get(one), 404, "not.found", None, None)
    assert api.get(f"{parent}/notes").get_json()["total"] == 2
    rejected(api.get(f"{base}/00000000-0000-4000-8000-00000000beef/notes"), 404, "not.found", None, None)


def test_note_rules(api: Api) -> None:
    parent = f"{CONTACTS}/{api.create({'lastName': 'rules'})['id']}"
    rejected(
        api.post(f"{parent}/notes", {"noteText": "", "createdBy": AUTHOR}),
        400,
        "constraint.validation",
        "EXT-NOTE-TEXT",
        "noteText",
    )
    rejected(
        api.post(f"{parent}/notes", {"noteText": "n" * 32001, "createdBy": AUTHOR}),
        400,
        "constraint.validation",
        "EXT-NOTE-TEXT",
        "noteText",
    )
    assert api.post(f"{parent}/notes", {"noteText": "n" * 32000, "createdBy": AUTHOR}).status_code == 200
    rejected(
        api.get(f"{parent}/notes", query_string={"sortOrder": "noteText:asc"}),
        400,
        "invalid.query.param.value",
        "EXT-LIST-SORT",
        "sortOrder",
    )
    note = _note(api, parent)
    rejected(
        api.patch(
            f"{parent}/notes/{note['id']}", {"changes": [{"field": "$.entityId", "action": "Update", "value": "x"}]}
        ),
        400,
        "invalid.value",
        "EXT-PATCH-FIELD",
        "changes[0].field",
    )
    rejected(
        api.patch(f"{parent}/notes/{note['id']}", {"changes": [{"field": "$.noteText", "action": "Remove"}]}),
        400,
        "constraint.validation",
        "EXT-NOTE-TEXT",
        "noteText",
    )
    other = f"{CONTACTS}/{api.create({'lastName': 'other'})['id']}"
    rejected(api.get(f"{other}/notes/{note['id']}"), 404, "not.found", None, None)  # a note belongs to its parent
    assert api.get(f"{parent}/notes").get_json()["total"] == 2


def test_deleting_the_parent_deletes_its_notes(api: Api) -> None:
    contact = api.create({"lastName": "gone"})["id"]
    note = _note(api, f"{CONTACTS}/{contact}")
    api.delete(f"{CONTACTS}/{contact}")
    fetched = api.post(f"{BULK}/notes", {"entities": [{"id": note["id"]}]}).get_json()
    assert fetched["results"][0]["status"] == 404


def test_relationships(api: Api) -> None:
    acme = api.post(ORGS, {"name": "Acme"}).get_json()["id"]
    other = api.post(ORGS, {"name": "Other"}).get_json()["id"]
    made = []
    for kind in ("supplier", "advisor", "customer"):
        response = api.post(
            RELATIONSHIPS,
            {"relationship": kind, "user": AUTHOR, "externalOrganization": {"id": acme, "name": "ignored"}},
        )
        assert response.status_code == 200, response.get_json()
        made.append(response.get_json())
    assert made[0]["externalOrganization"]["name"] == "Acme" and made[0]["selfUri"].endswith(made[0]["id"])
    listing = api.get(f"{ORGS}/{acme}/relationships", query_string={"sortOrder": "relationship:asc"}).get_json()
    assert [r["relationship"] for r in listing["entities"]] == ["advisor", "customer", "supplier"]
    one = f"{RELATIONSHIPS}/{made[0]['id']}"
    moved = api.put(
        one, {"relationship": "partner", "user": AUTHOR, "externalOrganization": {"id": other, "name": "Other"}}
    ).get_json()
    assert moved["externalOrganization"]["id"] == other
    assert api.get(f"{ORGS}/{acme}/relationships").get_json()["total"] == 2
    assert api.get(f"{ORGS}/{other}/relationships").get_json()["total"] == 1
    patched = api.patch(one, {"changes": [{"field": "$.relationship", "action": "Update", "value": "ally"}]})
    assert patched.get_json()["relationship"] == "ally"
    rejected(
        api.post(
            RELATIONSHIPS,
            {"relationship": "x", "user": AUTHOR, "externalOrganization": {"id": "no-such-org", "name": "x"}},
        ),
        400,
        "invalid.value",
        "EXT-ORG-UNKNOWN",
        "externalOrganization.id",
    )
    rejected(
        api.get(f"{ORGS}/{acme}/relationships", query_string={"sortOrder": "user:asc"}),
        400,
        "invalid.query.param.value",
        "EXT-LIST-SORT",
        "sortOrder",
    )
    assert api.delete(one).get_json() == {}
    rejected(api.get(one), 404, "not.found", None, None)
    api.delete(f"{ORGS}/{acme}")  # an organization's relationships go with it
    rejected(api.get(f"{RELATIONSHIPS}/{made[1]['id']}"), 404, "not.found", None, None)


def test_bulk_notes_and_relationships(api: Api) -> None:
    contact = api.create({"lastName": "bulk"})["id"]
    org = api.post(ORGS, {"name": "Bulk"}).get_json()["id"]
    added = api.post(
        f"{BULK}/notes/add",
        {
            "entities": [
                {"noteText": "a", "createdBy": AUTHOR, "entityType": "contact", "entityId": contact},
                {"noteText": "b", "createdBy": AUTHOR, "entityType": "organization", "entityId": org},
                {"noteText": "c", "createdBy": AUTHOR},
                {"noteText": "", "createdBy": AUTHOR, "entityType": "contact", "entityId": contact},
                {"noteText": "e", "createdBy": AUTHOR, "entityType": "contact", "entityId": "missing"},
            ]
        },
    ).get_json()
    assert added["errorIndexes"] == [2, 3, 4] and [r["status"] for r in added["results"]] == [200, 200, 400, 400, 404]
    assert api.get(f"{CONTACTS}/{contact}/notes").get_json()["total"] == 1
    assert api.get(f"{ORGS}/{org}/notes").get_json()["total"] == 1
    note = added["results"][0]["entity"]
    updated = api.post(
        f"{BULK}/notes/update", {"entities": [{"id": note["id"], "noteText": "A", "createdBy": AUTHOR}]}
    ).get_json()
    assert updated["results"][0]["entity"]["noteText"] == "A"
    removed = api.post(f"{BULK}/notes/remove", {"entities": [{"id": note["id"]}, {"id": note["id"]}]}).get_json()
    assert [r["status"] for r in removed["results"]] == [200, 404]
    relationship = {"relationship": "owner", "user": AUTHOR, "externalOrganization": {"id": org, "name": "Bulk"}}
    rels = api.post(
        f"{BULK}/relationships/add",
        {"entities": [relationship, {**relationship, "externalOrganization": {"id": "none", "name": "x"}}]},
    ).get_json()
    assert rels["errorIndexes"] == [1] and rels["results"][1]["error"]["code"] == "invalid.value"
    rel_id = rels["results"][0]["id"]
    upd = api.post(
        f"{BULK}/relationships/update", {"entities": [{**relationship, "id": rel_id, "relationship": "buyer"}]}
    ).get_json()
    assert upd["results"][0]["entity"]["relationship"] == "buyer"
    got = api.post(f"{BULK}/relationships", {"entities": [{"id": rel_id}]}).get_json()
    assert got["results"][0]["entity"]["relationship"] == "buyer"
    assert api.post(f"{BULK}/relationships/remove", {"entities": [{"id": rel_id}]}).get_json()["errorCount"] == 0
    assert api.get(f"{ORGS}/{org}/relationships").get_json()["total"] == 0
    rejected(
        api.post(f"{BULK}/notes", {"entities": [{"id": str(i)} for i in range(101)]}),
        400,
        "constraint.validation",
        "EXT-BULK-SIZE",
        "entities",
    )
