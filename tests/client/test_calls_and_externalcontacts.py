"""Calls and external contacts through the typed client (facts §8, §9).

The mock's conversations and external-contacts areas were being built while this was written: against the mock,
each test is skipped until the area serves its operations (their Flask endpoints exist), and runs from then on.
Against an org, calls are placed only when GENESYS_TEST_PHONE_NUMBER and a user token GENESYS_USER_TOKEN are given.
"""

from __future__ import annotations

import os
import uuid
from typing import Callable

import pytest
from flask import Flask

from clients.genesys_client import GenesysApiError
from contracts.externalcontacts import ExternalContact, PhoneNumber
from tests.client.conftest import Target, mock_client

MOCK_PHONE = "+13175550100"


def require_served(target: Target, *operation_ids: str) -> None:
    """Skip on the mock while its area does not serve these operations yet."""
    if target.app is None:
        return
    served = {rule.endpoint.rpartition(".")[2] for rule in target.app.url_map.iter_rules()}
    missing = [op for op in operation_ids if op not in served]
    if missing:
        pytest.skip(f"the mock does not serve {', '.join(missing)} yet")


def call_destination(target: Target) -> str:
    if target.is_mock:
        return MOCK_PHONE
    number, token = os.environ.get("GENESYS_TEST_PHONE_NUMBER"), os.environ.get("GENESYS_USER_TOKEN")
    if not (number and token):
        pytest.skip("placing a real call needs GENESYS_TEST_PHONE_NUMBER and GENESYS_USER_TOKEN")
    return number


def _new_contact(target: Target, **fields: object) -> ExternalContact:
    created = target.client.external_contacts.create_contact(ExternalContact(**fields))
    assert created.id
    target.cleanup.external_contact(created.id)
    return created


# --- external contacts ---------------------------------------------------------------------------------------


def test_external_contact_lifecycle(target: Target) -> None:
    require_served(
        target,
        "postExternalcontactsContacts",
        "getExternalcontactsContact",
        "putExternalcontactsContact",
        "deleteExternalcontactsContact",
    )
    api = target.client.external_contacts
    marker = uuid.uuid4().hex[:10]
    created = _new_contact(
        target,
        first_name="Ada",
        last_name=f"Lovelace-{marker}",
        work_email=f"{marker}@example.com",
        cell_phone=PhoneNumber(display="(317) 555-0100", normalization_country_code="US"),
    )
    assert created.type in (None, "Curated")
    assert created.cell_phone is not None and created.cell_phone.e164 == "+13175550100"
    fetched = api.get_contact(created.id)
    assert fetched.last_name == f"Lovelace-{marker}" and fetched.work_email == f"{marker}@example.com"
    replaced = api.update_contact(created.id, fetched.model_copy(update={"title": "Analyst"}))
    assert replaced.title == "Analyst"
    api.delete_contact(created.id)
    with pytest.raises(GenesysApiError) as gone:
        api.get_contact(created.id)
    assert gone.value.status == 404


def test_external_contact_search_walks_every_match_once(target: Target) -> None:
    require_served(target, "postExternalcontactsContacts", "getExternalcontactsContacts")
    marker = f"gcm{uuid.uuid4().hex[:10]}"
    ids = {_new_contact(target, first_name=f"P{i}", last_name=marker).id for i in range(23)}
    pages = target.client.external_contacts.iter_search(q=marker, page_size=10)
    seen = [contact.id for contact in pages]
    assert len(seen) == len(set(seen)) == 23 and set(seen) == ids
    assert not pages.truncated


def test_search_stops_at_the_1000_record_window(make_app: Callable[..., Flask]) -> None:
    # faithful: no strict creation-rate rule (EXT-CREATE-RATE, 100 per minute), which would make this wait minutes
    app = make_app(profile="faithful", rate_limit={"requests": 5000, "window_seconds": 60})
    with mock_client(app) as client:
        served = {rule.endpoint.rpartition(".")[2] for rule in app.url_map.iter_rules()}
        if "getExternalcontactsContacts" not in served:
            pytest.skip("the mock does not serve getExternalcontactsContacts yet")
        marker = f"gcm{uuid.uuid4().hex[:10]}"
        for i in range(1010):
            client.external_contacts.create_contact({"first_name": f"W{i}", "last_name": marker})
        pages = client.external_contacts.iter_search(q=marker, page_size=250)
        seen = [contact.id for contact in pages]
    assert len(seen) == len(set(seen)) == 1000
    assert pages.total == 1010 and pages.truncated and pages.pages_fetched == 4


def test_identifier_claim_and_lookup(target: Target) -> None:
    require_served(
        target,
        "patchExternalcontactsContactIdentifiers",
        "getExternalcontactsContactIdentifiers",
        "postExternalcontactsIdentifierlookupContacts",
    )
    marker = uuid.uuid4().hex[:10]
    created = _new_contact(target, first_name="Id", last_name=marker)
    identifier = {"type": "ExternalId", "value": f"gcm-{marker}"}
    claimed = target.client.external_contacts.claim_identifier(created.id, identifier)
    assert (claimed.type, claimed.value) == ("ExternalId", f"gcm-{marker}")
    listed = target.client.external_contacts.list_identifiers(created.id)
    assert any(i.value == f"gcm-{marker}" for i in listed.entities or [])
    assert target.client.external_contacts.lookup(identifier).id == created.id


# --- calls and conversations ---------------------------------------------------------------------------------


def test_place_inspect_and_disconnect_a_call(target: Target) -> None:
    require_served(
        target, "postConversationsCalls", "getConversationsCall", "getConversation", "patchConversationsCall"
    )
    destination = call_destination(target)
    conversations = target.client.conversations
    created = conversations.create_call(phone_number=destination)
    assert created.id
    target.cleanup.call(created.id)
    call = conversations.get_call(created.id)
    assert call.id == created.id and call.participants
    conversation = conversations.get_conversation(created.id)
    assert conversation.id == created.id
    disconnected = conversations.disconnect_call(created.id)
    assert disconnected.id in (None, created.id)


def test_call_routes_refuse_client_credentials(target: Target) -> None:
    require_served(target, "postConversationsCalls")
    if not target.is_mock:
        pytest.skip("checked on the mock only: no call may be attempted on an org without explicit consent")
    assert target.app is not None
    with mock_client(target.app) as client_only, pytest.raises(GenesysApiError) as caught:
        client_only.conversations.create_call(phone_number=MOCK_PHONE)
    assert (caught.value.status, caught.value.code) == (400, "not.a.user")
