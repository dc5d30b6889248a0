"""External organizations, the POST contact search and the bulk routes (issue 16 items 9 and 11), through HTTP."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask

from tests.api.test_externalcontacts import CONTACTS, UNLIMITED, Api, rejected

ORGS = "/api/v2/externalcontacts/organizations"
ORG_LOOKUP = "/api/v2/externalcontacts/identifierlookup/organizations"
SEARCH = CONTACTS + "/search"
BULK = "/api/v2/externalcontacts/bulk"


@pytest.fixture
def api(make_app: Callable[..., Flask]) -> Api:
    return Api(make_app(rate_limit=UNLIMITED, rules={"EXT-CREATE-RATE": False}))


def _org(api: Api, **fields: Any) -> dict[str, Any]:
    response = api.post(ORGS, {"name": "Acme", **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- item 9: organizations ------------------------------------------------------------------------------------


def test_organization_crud_and_search(api: Api) -> None:
    acme = _org(api, name="  Acme Tools ", industry="Tools", identifiers=[{"type": "ExternalId", "value": "crm-1"}])
    assert acme["name"] == "Acme Tools" and acme["selfUri"] == f"{ORGS}/{acme['id']}"
    assert acme["createDate"] == acme["modifyDate"] and acme["division"]["name"] == "Home"
    _org(api, name="Zeta", industry="Banking")
    _org(api, name="Beta", industry="tools and dies")
    page = api.get(ORGS, query_string={"q": "tools", "sortOrder": "name:desc"}).get_json()
    assert [o["name"] for o in page["entities"]] == ["Beta", "Acme Tools"] and page["total"] == 2
    assert "identifiers" not in page["entities"][1]
    assert api.get(ORGS, query_string={"pageSize": 2, "pageNumber": 2}).get_json()["entities"][0]["name"] == "Beta"
    one = api.get(f"{ORGS}/{acme['id']}", query_string={"expand": "identifiers"}).get_json()
    assert [i["value"] for i in one["identifiers"]] == ["crm-1"]
    replaced = api.put(f"{ORGS}/{acme['id']}", {"name": "Acme Ltd"}).get_json()
    assert (
        replaced["name"] == "Acme Ltd" and "industry" not in replaced and replaced["identifiers"][0]["value"] == "crm-1"
    )
    assert api.delete(f"{ORGS}/{acme['id']}").get_json() == {}
    rejected(api.get(f"{ORGS}/{acme['id']}"), 404, "not.found", None, None)
    rejected(api.put(f"{ORGS}/{acme['id']}", {"name": "x"}), 404, "not.found", None, None)
    assert api.get(ORGS).get_json()["total"] == 2


def test_organization_field_rules(api: Api) -> None:
    rejected(api.post(ORGS, {"industry": "no name"}), 400, "constraint.validation", "EXT-ORG-NAME", "name")
    rejected(api.post(ORGS, {"name": "   "}), 400, "constraint.validation", "EXT-ORG-NAME", "name")
    rejected(api.post(ORGS, {"name": "n" * 1001}), 400, "constraint.validation", "EXT-ORG-NAME", "name")
    rejected(
        api.post(ORGS, {"name": "A", "externalSystemUrl": "not a url"}),
        400,
        "invalid.value",
        "EXT-URL-VALID",
        "externalSystemUrl",
    )
    rejected(
        api.get(ORGS, query_string={"sortOrder": "revenue:asc"}),
        400,
        "invalid.query.param.value",
        "EXT-ORG-SEARCH-SORT",
        "sortOrder",
    )
    rejected(
        api.get(ORGS, query_string={"pageSize": 100, "pageNumber": 11}),
        400,
        "invalid.query.param.value",
        "EXT-SEARCH-WINDOW",
        "pageNumber",
    )
    assert api.get(ORGS).get_json()["total"] == 0


def test_identifier_lookup_and_conflict(api: Api) -> None:
    acme = _org(api, identifiers=[{"type": "ExternalId", "value": " crm-7 "}])
    found = api.post(ORG_LOOKUP, {"type": "ExternalId", "value": "crm-7"})
    assert found.status_code == 200 and found.get_json()["id"] == acme["id"]
    rejected(api.post(ORG_LOOKUP, {"type": "ExternalId", "value": "crm-8"}), 404, "not.found", None, None)
    rejected(
        api.post(ORGS, {"name": "Other", "identifiers": [{"type": "ExternalId", "value": "crm-7"}]}),
        409,
        "general.conflict",
        "EXT-ORG-IDENTIFIER-CONFLICT",
        "identifiers[0].value",
    )
    api.delete(f"{ORGS}/{acme['id']}")
    rejected(api.post(ORG_LOOKUP, {"type": "ExternalId", "value": "crm-7"}), 404, "not.found", None, None)
    assert (
        api.post(ORGS, {"name": "Other", "identifiers": [{"type": "ExternalId", "value": "crm-7"}]}).status_code == 200
    )


def test_contacts_link_to_an_organization(api: Api) -> None:
    acme, other = _org(api), _org(api, name="Other")
    linked = [api.create({"lastName": f"L{i}", "externalOrganization": {"id": acme["id"]}}) for i in range(5)]
    api.create({"lastName": "elsewhere", "externalOrganization": {"id": other["id"]}})
    api.create({"lastName": "alone"})
    members = api.get(f"{ORGS}/{acme['id']}/contacts", query_string={"pageSize": 2, "sortOrder": "lastName:desc"})
    body = members.get_json()
    assert body["total"] == 5 and [c["lastName"] for c in body["entities"]] == ["L4", "L3"]
    # unexpanded, a reference with the name the vendor's ExternalOrganization requires (the JS SDK's index.d.ts)
    assert [set(c["externalOrganization"]) for c in body["entities"]] == [{"id", "name", "selfUri"}] * 2
    assert {c["externalOrganization"]["name"] for c in body["entities"]} == {"Acme"}
    assert body["nextUri"].startswith(f"{ORGS}/{acme['id']}/contacts?")
    shown = api.get(f"{CONTACTS}/{linked[0]['id']}", query_string={"expand": "externalOrganization"}).get_json()
    assert shown["externalOrganization"]["name"] == "Acme"
    api.put(f"{ORGS}/{acme['id']}", {"name": "Acme renamed"})  # the contact shows the organization as it is now
    shown = api.get(f"{CONTACTS}/{linked[0]['id']}", query_string={"expand": "externalOrganization"}).get_json()
    assert shown["externalOrganization"]["name"] == "Acme renamed"
    assert api.get(f"{CONTACTS}/{linked[0]['id']}").get_json()["externalOrganization"]["name"] == "Acme renamed"
    api.put(f"{CONTACTS}/{linked[1]['id']}", {"lastName": "moved", "externalOrganization": {"id": other["id"]}})
    assert api.get(f"{ORGS}/{acme['id']}/contacts").get_json()["total"] == 4
    assert api.get(f"{ORGS}/{other['id']}/contacts").get_json()["total"] == 2
    api.delete(f"{CONTACTS}/{linked[2]['id']}")
    assert api.get(f"{ORGS}/{acme['id']}/contacts").get_json()["total"] == 3
    rejected(
        api.post(CONTACTS, {"lastName": "x", "externalOrganization": {"id": "no-such-org"}}),
        400,
        "invalid.value",
        "EXT-ORG-UNKNOWN",
        "externalOrganization.id",
    )
    assert api.total() == 6
    assert api.delete(f"{ORGS}/{acme['id']}").status_code == 200  # the contacts stay, unlinked
    assert api.total() == 6
    assert "externalOrganization" not in api.get(f"{CONTACTS}/{linked[0]['id']}").get_json()
    rejected(api.get(f"{ORGS}/{acme['id']}/contacts"), 404, "not.found", None, None)


def test_unknown_organization_is_stored_as_sent_when_the_rule_is_off(make_app: Callable[..., Flask]) -> None:
    faithful = Api(make_app(profile="faithful"))
    contact = faithful.create({"lastName": "x", "externalOrganization": {"id": "no-such-org"}})
    assert contact["externalOrganization"]["id"] == "no-such-org"


def test_organizations_survive_a_snapshot(api: Api) -> None:
    acme = _org(api, identifiers=[{"type": "ExternalId", "value": "snap"}])
    api.create({"lastName": "member", "externalOrganization": {"id": acme["id"]}})
    document = api.client.get("/__mock/state").get_json()
    assert api.client.post("/__mock/reset").status_code == 200
    assert api.get(ORGS).get_json()["total"] == 0
    assert api.client.put("/__mock/state", json=document).status_code == 200
    assert api.get(f"{ORGS}/{acme['id']}/contacts").get_json()["total"] == 1
    assert api.post(ORG_LOOKUP, {"type": "ExternalId", "value": "snap"}).get_json()["id"] == acme["id"]


# --- item 11: POST search -------------------------------------------------------------------------------------


def test_post_search_matches_the_get_search(api: Api) -> None:
    made = [api.create({"firstName": name, "lastName": "Searchable"}) for name in ("Cy", "Ada", "Bo")]
    api.create({"firstName": "Other"})
    body = {
        "pageSize": 2,
        "pageNumber": 1,
        "operation": {"simpleSearch": {"query": "searchable", "sortOrder": ["firstName:asc"]}},
    }
    page = api.post(SEARCH, body).get_json()
    assert page["total"] == 3 and [c["firstName"] for c in page["entities"]] == ["Ada", "Bo"]
    by_ids = api.post(SEARCH, {"operation": {"simpleSearch": {"ids": [made[2]["id"], made[0]["id"], "none"]}}})
    assert [c["id"] for c in by_ids.get_json()["entities"]] == [made[2]["id"], made[0]["id"]]
    rejected(
        api.post(SEARCH, {"operation": {"simpleSearch": {"ids": [str(i) for i in range(101)]}}}),
        400,
        "constraint.validation",
        "EXT-SEARCH-IDS",
        "operation.simpleSearch.ids",
    )
    rejected(
        api.post(SEARCH, {"pageSize": 500, "pageNumber": 3}),
        400,
        "invalid.query.param.value",
        "EXT-SEARCH-WINDOW",
        "pageNumber",
    )
    rejected(
        api.post(SEARCH, {"operation": {"simpleSearch": {"sortOrder": ["nickname:asc"]}}}),
        400,
        "invalid.query.param.value",
        "EXT-SEARCH-SORT",
        "sortOrder",
    )
    rejected(api.post(SEARCH, {"pageSize": 0}), 400, "invalid.value", None, "pageSize")
    rejected(
        api.post(SEARCH, {"operation": {"fancySearch": {}}}), 400, "invalid.property", "CORE-UNKNOWN-PROPERTY", None
    )


# --- item 11: bulk --------------------------------------------------------------------------------------------


def test_bulk_contacts_add_update_fetch_remove(api: Api) -> None:
    added = api.post(
        f"{BULK}/contacts/add",
        {"entities": [{"firstName": "One"}, {"firstName": "Bad", "workEmail": "no"}, {"firstName": "Two"}]},
    ).get_json()
    assert added["errorCount"] == 1 and added["errorIndexes"] == [1]
    assert [r["success"] for r in added["results"]] == [True, False, True]
    failure = added["results"][1]["error"]
    assert (failure["status"], failure["code"], failure["entity"]["workEmail"]) == (400, "invalid.value", "no")
    assert api.total() == 2
    one, two = added["results"][0]["entity"], added["results"][2]["entity"]
    updated = api.post(
        f"{BULK}/contacts/update",
        {
            "entities": [
                {"id": one["id"], "firstName": "Uno"},
                {"id": "missing", "firstName": "x"},
                {"firstName": "no id"},
            ]
        },
    ).get_json()
    assert updated["errorIndexes"] == [1, 2]
    assert [r.get("status") for r in updated["results"]] == [200, 404, 400]
    assert updated["results"][2]["error"]["code"] == "constraint.validation"
    assert updated["results"][2]["error"]["message"] == "id may not be null"
    assert api.get(f"{CONTACTS}/{one['id']}").get_json()["firstName"] == "Uno"
    fetched = api.post(f"{BULK}/contacts", {"entities": [{"id": two["id"]}, {"id": "missing"}]}).get_json()
    assert fetched["results"][0]["entity"]["firstName"] == "Two" and fetched["errorIndexes"] == [1]
    removed = api.post(f"{BULK}/contacts/remove", {"entities": [{"id": one["id"]}, {"id": one["id"]}]}).get_json()
    assert [r["status"] for r in removed["results"]] == [200, 404] and removed["errorCount"] == 1
    assert api.total() == 1


def test_bulk_item_limit(api: Api) -> None:
    hundred = api.post(f"{BULK}/contacts/add", {"entities": [{"lastName": f"c{i}"} for i in range(100)]})
    assert hundred.status_code == 200 and hundred.get_json()["errorCount"] == 0
    assert api.total() == 100
    for suffix in ("/contacts/add", "/contacts", "/contacts/remove", "/organizations/add"):
        entities = [{"id": str(i), "name": "n", "lastName": "l"} for i in range(101)]
        entities = (
            [{"id": e["id"]} for e in entities]
            if suffix in ("/contacts", "/contacts/remove")
            else [{"name": "n"} if "organizations" in suffix else {"lastName": "l"} for _ in entities]
        )
        rejected(
            api.post(BULK + suffix, {"entities": entities}), 400, "constraint.validation", "EXT-BULK-SIZE", "entities"
        )
    assert api.total() == 100 and api.get(ORGS).get_json()["total"] == 0


def test_bulk_identifier_conflict_fails_only_that_item(api: Api) -> None:
    cookie = {"type": "Cookie", "value": "shared"}
    result = api.post(
        f"{BULK}/contacts/add",
        {"entities": [{"lastName": "a", "identifiers": [cookie]}, {"lastName": "b", "identifiers": [cookie]}]},
    ).get_json()
    assert [r["status"] for r in result["results"]] == [200, 409]
    assert result["results"][1]["error"]["code"] == "general.conflict" and api.total() == 1


def test_bulk_organizations(api: Api) -> None:
    # the vendor's ExternalOrganization requires a name: a body without one is refused whole, as it cannot be read
    rejected(
        api.post(f"{BULK}/organizations/add", {"entities": [{"name": "A"}, {"industry": "nameless"}]}),
        400,
        "constraint.validation",
        None,
        None,
    )
    added = api.post(f"{BULK}/organizations/add", {"entities": [{"name": "A"}, {"name": "  "}]}).get_json()
    assert added["errorIndexes"] == [1] and added["results"][1]["error"]["code"] == "constraint.validation"
    org = added["results"][0]["entity"]
    updated = api.post(f"{BULK}/organizations/update", {"entities": [{"id": org["id"], "name": "B"}]}).get_json()
    assert updated["results"][0]["entity"]["name"] == "B"
    fetched = api.post(f"{BULK}/organizations", {"entities": [{"id": org["id"]}, {"id": "x"}]}).get_json()
    assert fetched["results"][0]["entity"]["name"] == "B" and fetched["errorIndexes"] == [1]
    removed = api.post(f"{BULK}/organizations/remove", {"entities": [{"id": org["id"]}]}).get_json()
    assert removed["errorCount"] == 0 and api.get(ORGS).get_json()["total"] == 0
