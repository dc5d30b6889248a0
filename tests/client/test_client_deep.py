"""The typed methods of issue 16's deep operations, end to end against the in-process mock: dialer campaigns
and DNC lists, a contact bulk job, external organizations with a linked contact, notes, callbacks."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask

from clients.genesys_client import GenesysApiError, GenesysClient
from contracts.externalcontacts import ExternalContact, ExternalOrganization
from contracts.outbound import ContactBulkSearchParameters, ContactList, WritableDialerContact
from mockserver.settings import DEFAULT_USER
from tests.client.conftest import mock_client

AUTHOR = {"id": "8d7c2d0e-4d4c-4a7c-9b8e-000000000001", "version": 1}
GOLD = {
    "filterType": "AND",
    "clauses": [
        {
            "filterType": "AND",
            "predicates": [{"column": "tier", "columnType": "alphabetic", "operator": "EQUALS", "value": "gold"}],
        }
    ],
}


def number(i: int) -> str:
    return f"+1202555{i:04d}"


@pytest.fixture
def frozen(make_app: Callable[..., Flask]) -> Flask:
    return make_app(clock={"mode": "frozen"}, outbound={"bulk_records_per_second": 10})


def advance(app: Flask, seconds: float) -> None:
    assert app.test_client().post("/__mock/clock/advance", json={"seconds": seconds}).status_code == 200


def contact_list(client: GenesysClient, count: int) -> str:
    """A list of ``count`` contacts c0…; every fourth is tier ``gold``."""
    created = client.outbound.create_contact_list(
        ContactList(
            name="deep", column_names=["phone", "tier"], phone_columns=[{"columnName": "phone", "type": "cell"}]
        )
    )
    client.outbound.add_contacts(
        created.id,
        [
            WritableDialerContact(id=f"c{i}", data={"phone": number(i), "tier": "gold" if i % 4 == 0 else "basic"})
            for i in range(count)
        ],
    )
    return created.id


def test_campaign_with_a_dnc_list_and_filter(app: Flask) -> None:
    client = mock_client(app)
    outbound = client.outbound
    list_id = contact_list(client, 20)
    dnc = outbound.create_dnc_list({"name": "Internal", "dncSourceType": "rds", "contactMethod": "Phone"})
    assert outbound.add_dnc_phone_numbers(dnc["id"], [number(0), number(1)]) is None
    outbound.patch_dnc_phone_numbers(dnc["id"], {"action": "Add", "phoneNumbers": [number(2)]})
    assert outbound.get_dnc_list(dnc["id"], include_size=True)["size"] == 3
    assert [d["id"] for d in outbound.list_dnc_lists(name="Intern")["entities"]] == [dnc["id"]]

    # call-analysis response sets have no typed method (not a row of the table): the raw request
    cars_id = client.request(
        "POST", "/api/v2/outbound/callanalysisresponsesets", json={"name": "cars", "responses": {}}
    ).json()["id"]
    campaign = outbound.create_campaign(
        {
            "name": "Spring",
            "contactList": {"id": list_id},
            "queue": {"id": "queue-1"},
            "callAnalysisResponseSet": {"id": cars_id},
            "dialingMode": "preview",
            "callerName": "Acme",
            "callerAddress": "+12025550000",
            "phoneColumns": [{"columnName": "phone", "type": "cell"}],
            "dncLists": [{"id": dnc["id"]}],
        }
    )
    assert (campaign["campaignStatus"], campaign["version"]) == ("off", 1)
    progress = outbound.get_campaign_progress(campaign["id"])
    assert (progress["totalNumberOfContacts"], progress["numberOfContactsSkipped"]) == (20, {"DNC": 3})
    assert outbound.get_campaign_stats(campaign["id"])["filteredOutContactsCount"] == 0
    outbound.start_campaign(campaign["id"])
    assert outbound.get_campaign(campaign["id"])["campaignStatus"] == "on"
    [many] = outbound.get_campaigns_progress([campaign["id"]])
    assert many["campaign"]["id"] == campaign["id"]
    outbound.stop_campaign(campaign["id"])
    assert outbound.get_campaign(campaign["id"])["campaignStatus"] == "stopping"
    outbound.delete_campaign(campaign["id"])
    with pytest.raises(GenesysApiError) as gone:
        outbound.get_campaign(campaign["id"])
    assert gone.value.status == 404
    assert outbound.list_campaigns()["entities"] == []

    gold = outbound.create_contact_list_filter({"name": "gold", "contactList": {"id": list_id}, **GOLD})
    assert outbound.get_contact_list_filter(gold["id"])["name"] == "gold"


def test_contact_bulk_remove_job(frozen: Flask) -> None:
    client = mock_client(frozen)
    list_id = contact_list(client, 20)
    job = client.outbound.bulk_remove_contacts(list_id, ContactBulkSearchParameters.model_validate({"criteria": GOLD}))
    assert (job.state, job.type, job.total_records) == ("InProgress", "BulkDelete", 5)
    advance(frozen, 10)
    done = client.outbound.get_contact_bulk_job(list_id, job.id)
    assert (done.state, done.completed_records, done.percent_complete) == ("Complete", 5, 100)
    assert [j.id for j in client.outbound.list_contact_bulk_jobs(list_id).entities] == [job.id]
    remaining = client.outbound.search_contacts(list_id, {"pageNumber": 1, "pageSize": 100})
    assert remaining.total == 15 and all(c.data["tier"] == "basic" for c in remaining.entities)


def test_organization_link_search_and_notes(app: Flask) -> None:
    api = mock_client(app).external_contacts
    acme = api.create_organization(ExternalOrganization(name="Acme Tools", industry="Tools"))
    api.create_organization({"name": "Zeta", "industry": "Banking"})
    found = api.search_organizations(q="tools")
    assert [o["name"] for o in found["entities"]] == ["Acme Tools"] and found["total"] == 1
    linked = api.create_contact(
        ExternalContact(last_name="Linked", external_organization=ExternalOrganization(id=acme.id))
    )
    api.create_contact(ExternalContact(last_name="Alone"))
    members = api.list_organization_contacts(acme.id)
    assert [c.id for c in members.entities] == [linked.id]
    search = api.search_contacts_by_request({"operation": {"simpleSearch": {"query": "linked"}}})
    assert [c["id"] for c in search["entities"]] == [linked.id]
    note = api.create_organization_note(acme.id, {"noteText": "call back on Monday", "createdBy": AUTHOR})
    assert [n["id"] for n in api.list_organization_notes(acme.id)["entities"]] == [note["id"]]
    assert api.update_organization(acme.id, {"name": "Acme Ltd"}).name == "Acme Ltd"
    api.delete_organization(acme.id)
    assert api.search_organizations()["total"] == 1


def test_external_bulk_add_reports_each_entity(app: Flask) -> None:
    api = mock_client(app).external_contacts
    added = api.bulk_add_contacts({"entities": [{"firstName": "One"}, {"firstName": "Bad", "workEmail": "no"}]})
    assert added["errorCount"] == 1 and [r["success"] for r in added["results"]] == [True, False]
    new_id = added["results"][0]["entity"]["id"]
    fetched = api.bulk_get_contacts({"entities": [{"id": new_id}, {"id": "missing"}]})
    assert fetched["results"][0]["entity"]["firstName"] == "One" and fetched["errorIndexes"] == [1]
    assert api.bulk_remove_contacts({"entities": [{"id": new_id}]})["errorCount"] == 0
    assert api.bulk_get_contacts({"entities": [{"id": new_id}]})["errorIndexes"] == [0]


def test_callback_created_assigned_and_listed(app: Flask) -> None:
    api, agent = mock_client(app).conversations, mock_client(app, user=True).conversations
    created: Any = api.create_callback(
        {
            "queueId": "queue-1",
            "callbackNumbers": ["+13175550100"],
            "callbackUserName": "Ada Lovelace",
            "data": {"crmId": "42"},
        }
    )
    conversation_id = created["conversation"]["id"]
    callback = api.get_callback(conversation_id)
    assert callback["id"] == conversation_id
    customer = [p for p in callback["participants"] if p.get("callbackNumbers")]
    assert customer and customer[0]["callbackNumbers"] == ["+13175550100"]
    assert agent.list_callbacks()["entities"] == []  # waiting in the queue: nobody's yet
    rescheduled = api.reschedule_callbacks({"conversationId": conversation_id, "agentId": DEFAULT_USER.id})
    assert [i["type"] for i in rescheduled["callbackIdentifiers"]] == ["EXTERNAL", "ACD"]
    assert [c["id"] for c in agent.list_callbacks()["entities"]] == [conversation_id]
