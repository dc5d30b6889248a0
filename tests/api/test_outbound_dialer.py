"""DNC lists, contact-list filters and campaigns end to end through HTTP (issue 16, items 4-6)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import assert_error, assert_rejected, get_token

LISTS = "/api/v2/outbound/contactlists"
DNC = "/api/v2/outbound/dnclists"
FILTERS = "/api/v2/outbound/contactlistfilters"
CAMPAIGNS = "/api/v2/outbound/campaigns"
CARS = "/api/v2/outbound/callanalysisresponsesets"
UPLOAD = "/uploads/v2/contactlist"
DNC_BODY = {"name": "Internal DNC", "dncSourceType": "rds", "contactMethod": "Phone"}


def number(i: int) -> str:
    return f"+1202555{i:04d}"


@pytest.fixture
def api(client: FlaskClient, auth: dict[str, str]) -> Any:
    """A tiny client: ``api("POST", path, json=...)`` asserting nothing."""

    def call(method: str, path: str, **kw: Any) -> Any:
        return client.open(path, method=method, headers=auth, **kw)

    return call


def ok(response: Any) -> Any:
    assert response.status_code == 200, (response.status_code, response.get_json())
    return response.get_json()


def make_list(api: Any, contacts: int, tiers: bool = True) -> str:
    body = {
        "name": f"list-{contacts}",
        "columnNames": ["name", "phone", "email", "tier"],
        "phoneColumns": [{"columnName": "phone", "type": "cell"}],
        "emailColumns": [{"columnName": "email", "type": "work"}],
    }
    list_id = ok(api("POST", LISTS, json=body))["id"]
    rows = [
        {
            "id": f"c{i}",
            "data": {
                "name": f"n{i}",
                "phone": number(i),
                "email": f"p{i}@example.com",
                "tier": "gold" if tiers and i % 4 == 0 else "basic",
            },
        }
        for i in range(contacts)
    ]
    ok(api("POST", f"{LISTS}/{list_id}/contacts", json=rows))
    return list_id


def make_dnc(api: Any, **changes: Any) -> str:
    """A DNC list of ``DNC_BODY`` with ``changes``; a change to None leaves the field out (null is a 400)."""
    body = {name: value for name, value in {**DNC_BODY, **changes}.items() if value is not None}
    return ok(api("POST", DNC, json=body))["id"]


def make_cars(api: Any) -> str:
    return ok(api("POST", CARS, json={"name": "cars", "responses": {}}))["id"]


def campaign_body(list_id: str, cars: str, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Spring",
        "contactList": {"id": list_id},
        "queue": {"id": "queue-1"},
        "callAnalysisResponseSet": {"id": cars},
        "dialingMode": "preview",
        "callerName": "Acme",
        "callerAddress": "+12025550000",
        "phoneColumns": [{"columnName": "phone", "type": "cell"}],
        **changes,
    }


def export_rows(client: FlaskClient, api: Any, list_id: str, body: dict[str, Any] | None = None) -> list[dict]:
    ok(api("POST", f"{LISTS}/{list_id}/export", json=body) if body else api("POST", f"{LISTS}/{list_id}/export"))
    uri = ok(api("GET", f"{LISTS}/{list_id}/export"))["uri"]
    text = client.get(uri.split("localhost", 1)[-1]).get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text)))


# --- DNC lists -----------------------------------------------------------------------------------------------------


def test_dnc_crud_entries_and_size(api: Any) -> None:
    dnc_id = make_dnc(api)
    shown = ok(api("GET", f"{DNC}/{dnc_id}"))
    assert (shown["name"], shown["version"], shown["selfUri"]) == ("Internal DNC", 1, f"{DNC}/{dnc_id}")
    assert ok(api("POST", f"{DNC}/{dnc_id}/phonenumbers", json=[number(1), "+1 (202) 555-0002"])) is None
    ok(api("PATCH", f"{DNC}/{dnc_id}/phonenumbers", json={"action": "Add", "phoneNumbers": [number(3)]}))
    ok(api("PATCH", f"{DNC}/{dnc_id}/phonenumbers", json={"action": "Remove", "phoneNumbers": [number(1)]}))
    ok(api("POST", f"{DNC}/{dnc_id}/emailaddresses", json=["a@example.com", "B@example.com"]))
    assert ok(api("GET", f"{DNC}/{dnc_id}?includeSize=true"))["size"] == 4  # 2 numbers + 2 addresses
    ok(api("DELETE", f"{DNC}/{dnc_id}/emailaddresses"))
    assert ok(api("GET", f"{DNC}/{dnc_id}?includeSize=true"))["size"] == 2
    renamed = ok(api("PUT", f"{DNC}/{dnc_id}", json={**DNC_BODY, "name": "Renamed", "version": 1}))
    assert renamed["version"] == 2 and renamed["dateCreated"] == shown["dateCreated"]
    assert_rejected(
        api("PUT", f"{DNC}/{dnc_id}", json={**DNC_BODY, "version": 1}),
        409,
        "invalid.update.wrong.version",
        "OUT-DNC-VERSION",
        "version",
    )
    listing = ok(api("GET", f"{DNC}?name=ren&includeSize=true"))
    assert [(e["id"], e["size"]) for e in listing["entities"]] == [(dnc_id, 2)] and listing["total"] == 1
    ok(api("DELETE", f"{DNC}/{dnc_id}"))
    assert_error(api("GET", f"{DNC}/{dnc_id}"), 404, "not.found")
    assert_error(api("POST", f"{DNC}/{dnc_id}/phonenumbers", json=[number(1)]), 404, "not.found")


def test_dnc_rules(api: Any) -> None:
    assert_rejected(
        api("POST", DNC, json={"name": "x", "dncSourceType": "rds"}),
        400,
        "invalid.value",
        "OUT-DNC-SOURCE-FIELDS",
        "contactMethod",
    )
    gryphon = make_dnc(api, dncSourceType="gryphon", licenseId="L1", contactMethod=None)
    assert_rejected(
        api("POST", f"{DNC}/{gryphon}/phonenumbers", json=[number(1)]),
        400,
        "bad.request",
        "OUT-DNC-NOT-INTERNAL",
        "dncSourceType",
    )
    dnc_id = make_dnc(api)
    assert_rejected(
        api("POST", f"{DNC}/{dnc_id}/phonenumbers", json=["call me"]),
        400,
        "invalid.value",
        "OUT-DNC-ENTRY-INVALID",
        "[0]",
    )
    assert_rejected(
        api("POST", f"{DNC}/{dnc_id}/phonenumbers?expirationDateTime=soon", json=[number(1)]),
        400,
        "invalid.value",
        "OUT-DNC-EXPIRATION",
        "expirationDateTime",
    )
    assert_rejected(
        api("PATCH", f"{DNC}/{dnc_id}/phonenumbers", json={"phoneNumbers": [number(1)]}),
        400,
        "invalid.value",
        "OUT-DNC-PATCH-ACTION",
        "action",
    )
    assert ok(api("GET", f"{DNC}/{dnc_id}?includeSize=true"))["size"] == 0  # nothing refused was stored


def advance(client: FlaskClient, auth: dict[str, str], seconds: float) -> None:
    """Move the simulated clock on, and take a fresh token (the old one expires with the clock)."""
    assert client.post("/__mock/clock/advance", json={"seconds": seconds}).status_code == 200
    auth["Authorization"] = f"Bearer {get_token(client)}"


def test_dnc_expiry_on_the_simulated_clock(client: FlaskClient, auth: dict[str, str], api: Any) -> None:
    dnc_id = make_dnc(api)
    now = client.get("/__mock/clock").get_json()["now"]
    year = int(now[:4])
    ok(api("POST", f"{DNC}/{dnc_id}/phonenumbers?expirationDateTime={year + 1}-01-01T00:00Z", json=[number(1)]))
    ok(api("POST", f"{DNC}/{dnc_id}/phonenumbers", json=[number(2)]))
    ok(api("DELETE", f"{DNC}/{dnc_id}/phonenumbers?expiredOnly=true"))
    assert ok(api("GET", f"{DNC}/{dnc_id}?includeSize=true"))["size"] == 2  # nothing has expired yet
    advance(client, auth, 366 * 86400)
    ok(api("DELETE", f"{DNC}/{dnc_id}/phonenumbers?expiredOnly=true"))
    assert ok(api("GET", f"{DNC}/{dnc_id}?includeSize=true"))["size"] == 1  # the expired one went


def test_dnc_csv_upload(client: FlaskClient, api: Any) -> None:
    dnc_id = make_dnc(api)
    content = "phone,mail\n" + "".join(f"{number(i)},d{i}@example.com\n" for i in range(5))
    form = {
        "file": (io.BytesIO(content.encode()), "dnc.csv"),
        "id": dnc_id,
        "fileType": "dnclist",
        "phoneColumns": "phone",
        "emailColumns": "mail",
    }
    assert ok(api("POST", UPLOAD, data=form, content_type="multipart/form-data"))["id"] == dnc_id
    status = ok(api("GET", f"{DNC}/{dnc_id}/importstatus"))
    assert (status["state"], status["completedRecords"], status["percentComplete"]) == ("IN_PROGRESS", 5, 100)
    assert ok(api("GET", f"{DNC}/{dnc_id}?includeSize=true&includeImportStatus=true"))["size"] == 10
    bad = {
        "file": (io.BytesIO(b"phone\nnot a number\n"), "dnc.csv"),
        "id": dnc_id,
        "fileType": "dnclist",
        "phoneColumns": "phone",
    }
    ok(api("POST", UPLOAD, data=bad, content_type="multipart/form-data"))
    failed = ok(api("GET", f"{DNC}/{dnc_id}/importstatus"))
    assert failed["state"] == "FAILED" and "row 2" in failed["failureReason"]
    assert ok(api("GET", f"{DNC}/{dnc_id}?includeSize=true"))["size"] == 10  # the failed file added nothing
    unknown = {"file": (io.BytesIO(b"phone\n+12025550101\n"), "dnc.csv"), "id": "nope", "fileType": "dnclist"}
    assert_error(api("POST", UPLOAD, data=unknown, content_type="multipart/form-data"), 404, "not.found")


# --- filters -------------------------------------------------------------------------------------------------------

GOLD = {
    "filterType": "AND",
    "clauses": [
        {
            "filterType": "AND",
            "predicates": [{"column": "tier", "columnType": "alphabetic", "operator": "EQUALS", "value": "gold"}],
        }
    ],
}


def test_filter_crud_preview_search_and_export(client: FlaskClient, api: Any) -> None:
    list_id = make_list(api, 40)  # every 4th contact is gold: 10
    saved = ok(api("POST", FILTERS, json={"name": "gold", "contactList": {"id": list_id}, **GOLD}))
    assert (saved["version"], saved["sourceType"]) == (1, "ContactList")
    preview = ok(api("POST", f"{FILTERS}/preview", json={"name": "p", "contactList": {"id": list_id}, **GOLD}))
    assert (preview["filteredContacts"], preview["totalContacts"], len(preview["preview"])) == (10, 40, 10)
    assert all(contact["data"]["tier"] == "gold" for contact in preview["preview"])
    search = ok(
        api(
            "POST",
            f"{LISTS}/{list_id}/contacts/search",
            json={"pageNumber": 1, "pageSize": 100, "contactListFilterId": saved["id"]},
        )
    )
    assert search["total"] == 10
    rows = export_rows(client, api, list_id, {"contactListFilterId": saved["id"]})
    assert sorted(row["inin-outbound-id"] for row in rows) == sorted(f"c{i}" for i in range(0, 40, 4))
    listing = ok(api("GET", f"{FILTERS}?contactListId={list_id}"))
    assert [f["id"] for f in listing["entities"]] == [saved["id"]]
    basic = {**GOLD, "clauses": [{"predicates": [{**GOLD["clauses"][0]["predicates"][0], "value": "basic"}]}]}
    updated = ok(
        api(
            "PUT",
            f"{FILTERS}/{saved['id']}",
            json={"name": "basic", "contactList": {"id": list_id}, "version": 1, **basic},
        )
    )
    assert updated["version"] == 2
    assert len(export_rows(client, api, list_id, {"contactListFilterId": saved["id"]})) == 30
    assert_rejected(
        api("PUT", f"{FILTERS}/{saved['id']}", json={"name": "x", "contactList": {"id": list_id}, "version": 1}),
        409,
        "invalid.update.wrong.version",
        "OUT-FILTER-VERSION",
        "version",
    )
    ok(api("DELETE", f"{FILTERS}/{saved['id']}"))
    assert_rejected(
        api("POST", f"{LISTS}/{list_id}/export", json={"contactListFilterId": saved["id"]}),
        400,
        "invalid.value",
        "OUT-FILTER-UNKNOWN",
        "contactListFilterId",
    )


def test_filter_rules(api: Any) -> None:
    assert_rejected(
        api("POST", FILTERS, json={"name": "f", "contactList": {"id": "nope"}, **GOLD}),
        400,
        "invalid.value",
        "OUT-FILTER-LIST-UNKNOWN",
        "contactList",
    )
    list_id, other = make_list(api, 2), make_list(api, 1)
    bad_column = {"clauses": [{"predicates": [{"column": "nope", "operator": "EQUALS", "value": "x"}]}]}
    assert_error(
        api("POST", FILTERS, json={"name": "f", "contactList": {"id": list_id}, **bad_column}), 400, "invalid.value"
    )
    saved = ok(api("POST", FILTERS, json={"name": "f", "contactList": {"id": list_id}, **GOLD}))
    # a filter of another list is unknown to this list's search
    assert_rejected(
        api(
            "POST",
            f"{LISTS}/{other}/contacts/search",
            json={"pageNumber": 1, "pageSize": 10, "contactListFilterId": saved["id"]},
        ),
        400,
        "invalid.value",
        "OUT-FILTER-UNKNOWN",
        "contactListFilterId",
    )


# --- campaigns, and what DNC lists do to contacts ------------------------------------------------------------------


def test_hundred_contacts_ten_on_dnc(client: FlaskClient, api: Any) -> None:
    """The issue's example: 100 contacts, 10 numbers on a DNC list the campaign uses → 90 callable."""
    list_id, cars, dnc_id = make_list(api, 100), make_cars(api), make_dnc(api)
    ok(api("POST", f"{DNC}/{dnc_id}/phonenumbers", json=[number(i) for i in range(0, 100, 10)]))
    rows = export_rows(client, api, list_id)
    assert "ContactCallable" not in rows[0]  # no campaign dials the list yet: no dialer columns
    campaign = ok(api("POST", CAMPAIGNS, json=campaign_body(list_id, cars, dncLists=[{"id": dnc_id}])))
    assert campaign["campaignStatus"] == "off" and campaign["version"] == 1
    progress = ok(api("GET", f"{CAMPAIGNS}/{campaign['id']}/progress"))
    assert (progress["totalNumberOfContacts"], progress["numberOfContactsSkipped"]) == (100, {"DNC": 10})
    rows = export_rows(client, api, list_id)
    assert len(rows) == 100 and sum(row["ContactCallable"] == "1" for row in rows) == 90
    assert {row["inin-outbound-id"] for row in rows if row["Callable-phone"] == "0"} == {
        f"c{i}" for i in range(0, 100, 10)
    }
    blocked, free = (ok(api("GET", f"{LISTS}/{list_id}/contacts/{cid}")) for cid in ("c10", "c11"))
    assert blocked["phoneNumberStatus"] == {"phone": {"callable": False}}
    assert blocked["contactableStatus"]["Voice"]["contactable"] is False
    assert free["phoneNumberStatus"] == {"phone": {"callable": True}} and free["callable"] is True
    search = ok(api("POST", f"{LISTS}/{list_id}/contacts/search", json={"pageNumber": 1, "pageSize": 100}))
    assert sum(c["phoneNumberStatus"]["phone"]["callable"] for c in search["entities"]) == 90
    ok(api("PATCH", f"{DNC}/{dnc_id}/phonenumbers", json={"action": "Remove", "phoneNumbers": [number(10)]}))
    assert ok(api("GET", f"{CAMPAIGNS}/{campaign['id']}/progress"))["numberOfContactsSkipped"] == {"DNC": 9}
    stats = ok(api("GET", f"{CAMPAIGNS}/{campaign['id']}/stats"))
    assert stats["filteredOutContactsCount"] == 0


def test_campaign_with_filter_counts_only_its_contacts(api: Any) -> None:
    list_id, cars = make_list(api, 40), make_cars(api)
    gold = ok(api("POST", FILTERS, json={"name": "gold", "contactList": {"id": list_id}, **GOLD}))["id"]
    campaign = ok(api("POST", CAMPAIGNS, json=campaign_body(list_id, cars, contactListFilters=[{"id": gold}])))
    assert ok(api("GET", f"{CAMPAIGNS}/{campaign['id']}/progress"))["totalNumberOfContacts"] == 10
    assert ok(api("GET", f"{CAMPAIGNS}/{campaign['id']}/stats"))["filteredOutContactsCount"] == 30
    assert_rejected(api("DELETE", f"{FILTERS}/{gold}"), 400, "referential.integrity.error", "OUT-FILTER-IN-USE", None)


def test_campaign_references_must_exist(api: Any) -> None:
    list_id, cars, dnc_id = make_list(api, 1), make_cars(api), make_dnc(api)
    cases = [
        ({"contactList": {"id": "nope"}}, "OUT-CAMPAIGN-REF-UNKNOWN", "contactList"),
        ({"dncLists": [{"id": dnc_id}, {"id": "nope"}]}, "OUT-CAMPAIGN-REF-UNKNOWN", "dncLists[1]"),
        ({"contactListFilters": [{"id": "nope"}]}, "OUT-CAMPAIGN-REF-UNKNOWN", "contactListFilters[0]"),
        ({"callAnalysisResponseSet": {"id": "nope"}}, "OUT-CAMPAIGN-REF-UNKNOWN", "callAnalysisResponseSet"),
        ({"queue": None, "dialingMode": "power"}, "OUT-CAMPAIGN-QUEUE-REQUIRED", "queue"),
        (
            {"callAnalysisResponseSet": None, "dialingMode": "power"},
            "OUT-CAMPAIGN-CARS-REQUIRED",
            "callAnalysisResponseSet",
        ),
        ({"campaignStatus": "complete"}, "OUT-CAMPAIGN-STATUS", "campaignStatus"),
        (
            {"phoneColumns": [{"columnName": "email", "type": "work"}]},
            "OUT-CAMPAIGN-PHONE-COLUMN",
            "phoneColumns[0].columnName",
        ),
    ]
    for changes, rule, field in cases:
        body = {key: value for key, value in campaign_body(list_id, cars, **changes).items() if value is not None}
        assert_rejected(api("POST", CAMPAIGNS, json=body), 400, "invalid.value", rule, field)
    assert ok(api("GET", CAMPAIGNS))["total"] == 0  # nothing refused was stored
    agentless = campaign_body(list_id, cars, dialingMode="agentless")
    del agentless["queue"]
    assert ok(api("POST", CAMPAIGNS, json=agentless))["dialingMode"] == "agentless"


def test_campaign_status_transitions_and_in_use(client: FlaskClient, auth: dict[str, str], api: Any) -> None:
    list_id, cars, dnc_id = make_list(api, 3), make_cars(api), make_dnc(api)
    campaign = ok(api("POST", CAMPAIGNS, json=campaign_body(list_id, cars, dncLists=[{"id": dnc_id}])))
    url = f"{CAMPAIGNS}/{campaign['id']}"
    assert_rejected(api("DELETE", f"{LISTS}/{list_id}"), 400, "contact.list.in.use", "OUT-LIST-IN-USE", None)
    assert_rejected(api("DELETE", f"{DNC}/{dnc_id}"), 400, "referential.integrity.error", "OUT-DNC-IN-USE", None)
    on = ok(
        api("PUT", url, json=campaign_body(list_id, cars, dncLists=[{"id": dnc_id}], campaignStatus="on", version=1))
    )
    assert (on["campaignStatus"], on["version"]) == ("on", 2)
    assert_rejected(api("DELETE", url), 400, "invalid.value", "OUT-CAMPAIGN-DELETE-RUNNING", "campaignStatus")
    ok(api("POST", f"{url}/stop"))
    assert ok(api("GET", url))["campaignStatus"] == "stopping"
    ok(api("POST", f"{url}/start"))
    assert ok(api("GET", url))["campaignStatus"] == "on"
    ok(api("POST", f"{url}/stop"))
    advance(client, auth, 10)
    assert ok(api("GET", url))["campaignStatus"] == "off"
    ok(api("POST", f"{url}/start"))
    assert ok(api("GET", url))["campaignStatus"] == "on"
    ok(api("POST", f"{DNC}/{dnc_id}/phonenumbers", json=[number(i) for i in range(3)]))
    assert ok(api("GET", url))["campaignStatus"] == "complete"  # every contact is on the DNC list
    assert [p["percentage"] for p in ok(api("POST", f"{CAMPAIGNS}/progress", json=[campaign["id"], "nope"]))] == [100]
    assert_rejected(
        api("PUT", url, json=campaign_body(list_id, cars, version=1)),
        409,
        "invalid.update.wrong.version",
        "OUT-CAMPAIGN-VERSION",
        "version",
    )
    ok(api("POST", f"{url}/stop"))
    assert ok(api("GET", url))["campaignStatus"] == "stopping"
    ok(api("DELETE", url))  # a stopping campaign may go
    ok(api("DELETE", f"{LISTS}/{list_id}"))  # no campaign names it any more
    assert [c["id"] for c in ok(api("GET", CAMPAIGNS))["entities"]] == []


def test_campaign_delete_answers_the_deleted_campaign(api: Any) -> None:
    """The vendor's DELETE returns a Campaign (OutboundApi.md; the JS SDK's Promise<Models.Campaign>), not a void."""
    list_id, cars = make_list(api, 1), make_cars(api)
    campaign = ok(api("POST", CAMPAIGNS, json=campaign_body(list_id, cars)))
    gone = ok(api("DELETE", f"{CAMPAIGNS}/{campaign['id']}"))
    assert gone == campaign
    assert_error(api("GET", f"{CAMPAIGNS}/{campaign['id']}"), 404, "not.found")


def test_generic_sub_routes_find_the_deep_parents(api: Any) -> None:
    """The sub-routes left generic (WhatsApp numbers, a campaign's diagnostics) know the deep DNC lists and
    campaigns: 404 only for an unknown one."""
    dnc_id = make_dnc(api)
    patch = {"action": "Add", "whatsAppNumbers": [number(1)]}
    assert api("PATCH", f"{DNC}/{dnc_id}/whatsappnumbers", json=patch).status_code in (200, 204)
    assert_error(api("PATCH", f"{DNC}/nope/whatsappnumbers", json=patch), 404, "not.found")


def test_dialer_state_round_trips_through_a_snapshot(client: FlaskClient, api: Any) -> None:
    list_id, cars, dnc_id = make_list(api, 20), make_cars(api), make_dnc(api)
    ok(api("POST", f"{DNC}/{dnc_id}/phonenumbers", json=[number(1), number(2)]))
    gold = ok(api("POST", FILTERS, json={"name": "gold", "contactList": {"id": list_id}, **GOLD}))
    campaign = ok(api("POST", CAMPAIGNS, json=campaign_body(list_id, cars, dncLists=[{"id": dnc_id}])))
    document = client.get("/__mock/state").get_json()
    assert client.post("/__mock/reset").status_code == 200
    assert client.put("/__mock/state", json=document).status_code == 200
    assert ok(api("GET", f"{CAMPAIGNS}/{campaign['id']}")) == campaign
    assert ok(api("GET", f"{FILTERS}/{gold['id']}")) == gold
    assert ok(api("GET", f"{CAMPAIGNS}/{campaign['id']}/progress"))["numberOfContactsSkipped"] == {"DNC": 2}
    bad = {**document, "areas": {**document["areas"], "dialer": {"campaigns": [{"name": "no id"}]}}}
    assert_error(client.put("/__mock/state", json=bad), 400, "invalid.value")


def test_campaign_listing_filters(api: Any) -> None:
    list_id, other, cars, dnc_id = make_list(api, 1), make_list(api, 2), make_cars(api), make_dnc(api)
    first = ok(api("POST", CAMPAIGNS, json=campaign_body(list_id, cars, dncLists=[{"id": dnc_id}])))["id"]
    second = ok(api("POST", CAMPAIGNS, json=campaign_body(other, cars, queue={"id": "queue-2"})))["id"]

    def found(query: str) -> list[str]:
        return [c["id"] for c in ok(api("GET", f"{CAMPAIGNS}?{query}"))["entities"]]

    assert found(f"contactListId={list_id}") == [first] and found(f"dncListIds={dnc_id}") == [first]
    assert found("distributionQueueId=queue-2") == [second] and found(f"id={second}") == [second]
    assert found(f"callAnalysisResponseSetId={cars}") == [first, second]
