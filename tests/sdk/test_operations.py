"""Every operation of the table, called through the official SDK against a running mock.

``SCENARIOS`` maps each operationId of contracts/operations.py to a function that calls it the way an SDK user
would, checks that the SDK read the answer into its own model without losing anything (``SdkSession.accept``) and
that the key fields came back as sent. The test is parametrised over the table, not over ``SCENARIOS``: a new row
without a scenario fails, and each scenario must really have sent its operation (recorded by the SDK hook).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

import PureCloudPlatformClientV2 as sdk
import pytest

from contracts.operations import BY_ID
from tests.sdk.conftest import SdkSession
from tests.sdk.scenarios import (
    CALLED_NUMBER,
    COLUMNS,
    add_contacts,
    assert_gone,
    claim,
    contact_data,
    model,
    new_external_contact,
    new_list,
    place_call,
    unique,
    upload_csv,
    wait_for_import,
)
from tests.server.conftest import http_client


class Ctx:
    """What a scenario gets: an SDK client with client credentials, one with a user's token, a scratch dir."""

    def __init__(self, api: SdkSession, user_api: SdkSession, tmp_path: Path) -> None:
        self.api, self.user_api, self.tmp_path = api, user_api, tmp_path


Scenario = Callable[[Ctx], None]
SCENARIOS: dict[str, Scenario] = {}


def scenario(operation_id: str) -> Callable[[Scenario], Scenario]:
    def register(function: Scenario) -> Scenario:
        assert operation_id not in SCENARIOS, operation_id
        SCENARIOS[operation_id] = function
        return function

    return register


# --- outbound: contact lists -----------------------------------------------------------------------------------


@scenario("postOutboundContactlists")
def _create_list(c: Ctx) -> None:
    created = new_list(c.api, retention_type="RetentionDays", retention_days=7,
                       column_data_type_specifications=[model(sdk.ColumnDataTypeSpecification, column_name="phone",
                                                              column_data_type="TEXT", max_length=20)])
    assert created.version == 1 and isinstance(created.date_created, datetime)
    assert [(p.column_name, p.type) for p in created.phone_columns] == [("phone", "cell")]
    assert [(e.column_name, e.type) for e in created.email_columns] == [("email", "work")]
    assert (created.retention_type, created.retention_days) == ("RetentionDays", 7)
    assert created.column_data_type_specifications[0].max_length == 20


@scenario("getOutboundContactlists")
def _query_lists(c: Ctx) -> None:
    created = new_list(c.api)
    page = c.api.accept(c.api.outbound.get_outbound_contactlists(
        name=created.name, filter_type="Equals", include_size=True, include_import_status=True, page_size=10,
    ), "ContactListEntityListing")
    assert (page.total, page.page_size, page.page_number, page.page_count) == (1, 10, 1, 1)
    [found] = page.entities
    assert (found.id, found.name, found.version, found.size) == (created.id, created.name, 1, 0)


@scenario("deleteOutboundContactlists")
def _delete_lists(c: Ctx) -> None:
    first, second = new_list(c.api), new_list(c.api)
    assert c.api.outbound.delete_outbound_contactlists([first.id, second.id]) is None
    for gone in (first, second):
        assert_gone(c.api.outbound.get_outbound_contactlist, gone.id)


@scenario("getOutboundContactlist")
def _get_list(c: Ctx) -> None:
    created = new_list(c.api)
    add_contacts(c.api, created.id, 2)
    found = c.api.accept(c.api.outbound.get_outbound_contactlist(created.id, include_size=True,
                                                                 include_import_status=True), "ContactList")
    assert (found.id, found.name, found.version, found.size) == (created.id, created.name, created.version, 2)
    assert found.column_names == COLUMNS and found.date_created == created.date_created


@scenario("putOutboundContactlist")
def _put_list(c: Ctx) -> None:
    created = new_list(c.api)
    created.name = unique("renamed")
    created.column_names = [*COLUMNS, "zip"]
    updated = c.api.accept(c.api.outbound.put_outbound_contactlist(created.id, created), "ContactList")
    assert (updated.id, updated.name, updated.version) == (created.id, created.name, created.version + 1)
    assert updated.column_names == [*COLUMNS, "zip"]


@scenario("deleteOutboundContactlist")
def _delete_list(c: Ctx) -> None:
    created = new_list(c.api)
    assert c.api.outbound.delete_outbound_contactlist(created.id) is None
    assert_gone(c.api.outbound.get_outbound_contactlist, created.id)


@scenario("postOutboundContactlistClear")
def _clear_list(c: Ctx) -> None:
    created = new_list(c.api)
    add_contacts(c.api, created.id, 3)
    assert c.api.outbound.post_outbound_contactlist_clear(created.id) is None
    found = c.api.accept(c.api.outbound.get_outbound_contactlist(created.id, include_size=True), "ContactList")
    assert found.size == 0


# --- outbound: upload, import status, export -------------------------------------------------------------------


@scenario("postUploadsV2Contactlist")
def _upload(c: Ctx) -> None:
    created = new_list(c.api)
    rows = [contact_data(n) for n in range(5)]
    csv_text = "firstName,phone,email\n" + "".join(f"{r['firstName']},{r['phone']},{r['email']}\n" for r in rows)
    answer = upload_csv(c.api, created.id, csv_text, c.tmp_path)
    assert answer["id"] == created.id
    assert wait_for_import(c.api, created.id).completed_records == 5
    # The list and its contacts as the SDK reads them after an import.
    found = c.api.accept(c.api.outbound.get_outbound_contactlist(created.id, include_size=True,
                                                                 include_import_status=True), "ContactList")
    assert found.size == 5 and found.import_status.percent_complete == 100
    search = model(sdk.ContactListingRequest, page_number=1, page_size=10)
    page = c.api.accept(c.api.outbound.post_outbound_contactlist_contacts_search(created.id, search),
                        "ContactListingResponse")
    assert sorted(contact.data["firstName"] for contact in page.entities) == [r["firstName"] for r in rows]
    assert all(contact.data == rows[int(contact.data["firstName"][3:])] for contact in page.entities)


@scenario("getOutboundContactlistImportstatus")
def _import_status(c: Ctx) -> None:
    created = new_list(c.api)
    never = c.api.accept(c.api.outbound.get_outbound_contactlist_importstatus(created.id), "ImportStatus")
    assert never.state is None and never.total_records is None  # no import yet: an empty status
    upload_csv(c.api, created.id, "firstName,phone\nBea,+13175550111\nCy,+13175550112\n", c.tmp_path)
    status = wait_for_import(c.api, created.id)
    assert (status.total_records, status.completed_records, status.percent_complete) == (2, 2, 100)
    assert status.failure_reason is None


@scenario("postOutboundContactlistExport")
def _start_export(c: Ctx) -> None:
    created = new_list(c.api)
    add_contacts(c.api, created.id, 1)
    export = c.api.accept(c.api.outbound.post_outbound_contactlist_export(created.id), "DomainEntityRef")
    assert export.id and export.self_uri == f"/api/v2/outbound/contactlists/{created.id}/export"


@scenario("getOutboundContactlistExport")
def _get_export(c: Ctx) -> None:
    created = new_list(c.api)
    [contact] = add_contacts(c.api, created.id, 1)
    c.api.accept(c.api.outbound.post_outbound_contactlist_export(created.id), "DomainEntityRef")
    found = c.api.accept(c.api.outbound.get_outbound_contactlist_export(created.id), "ExportUri")
    assert found.uri.startswith(c.api.base_url + "/") and isinstance(found.export_timestamp, datetime)
    with http_client(c.api.base_url) as client:  # the presigned-URL stand-in: plain GET, no token
        lines = client.get(found.uri).text.splitlines()
    assert lines == ["inin-outbound-id," + ",".join(COLUMNS), ",".join([contact.id, *contact_data(0).values()])]


# --- outbound: contacts --------------------------------------------------------------------------------------


@scenario("postOutboundContactlistContacts")
def _add_contacts(c: Ctx) -> None:
    created = new_list(c.api)
    body = [model(sdk.WritableDialerContact, id="chosen-id-1", contact_list_id=created.id, data=contact_data(1))]
    [added] = c.api.accept(c.api.outbound.post_outbound_contactlist_contacts(created.id, body, priority=True),
                           "list[DialerContact]")
    assert (added.id, added.contact_list_id, added.data) == ("chosen-id-1", created.id, contact_data(1))
    assert added.callable is True


@scenario("deleteOutboundContactlistContacts")
def _delete_contacts(c: Ctx) -> None:
    created = new_list(c.api)
    gone, kept = add_contacts(c.api, created.id, 2)
    assert c.api.outbound.delete_outbound_contactlist_contacts(created.id, [gone.id]) is None
    assert_gone(c.api.outbound.get_outbound_contactlist_contact, created.id, gone.id)
    still = c.api.accept(c.api.outbound.get_outbound_contactlist_contact(created.id, kept.id), "DialerContact")
    assert still.id == kept.id


@scenario("getOutboundContactlistContact")
def _get_contact(c: Ctx) -> None:
    created = new_list(c.api)
    [added] = add_contacts(c.api, created.id, 1)
    found = c.api.accept(c.api.outbound.get_outbound_contactlist_contact(created.id, added.id), "DialerContact")
    assert (found.id, found.contact_list_id, found.data) == (added.id, created.id, contact_data(0))


@scenario("putOutboundContactlistContact")
def _put_contact(c: Ctx) -> None:
    created = new_list(c.api)
    [added] = add_contacts(c.api, created.id, 1)
    added.data = {**added.data, "firstName": "Renamed"}
    updated = c.api.accept(c.api.outbound.put_outbound_contactlist_contact(created.id, added.id, added),
                           "DialerContact")
    assert (updated.id, updated.data) == (added.id, {**contact_data(0), "firstName": "Renamed"})


@scenario("deleteOutboundContactlistContact")
def _delete_contact(c: Ctx) -> None:
    created = new_list(c.api)
    [added] = add_contacts(c.api, created.id, 1)
    assert c.api.outbound.delete_outbound_contactlist_contact(created.id, added.id) is None
    assert_gone(c.api.outbound.get_outbound_contactlist_contact, created.id, added.id)


@scenario("postOutboundContactlistContactsBulk")
def _bulk_get(c: Ctx) -> None:
    created = new_list(c.api)
    added = add_contacts(c.api, created.id, 3)
    wanted = [added[0].id, added[2].id]
    found = c.api.accept(c.api.outbound.post_outbound_contactlist_contacts_bulk(created.id, wanted),
                         "list[DialerContact]")
    assert sorted((f.id, f.data["firstName"]) for f in found) == sorted([(added[0].id, "Ann0"), (added[2].id, "Ann2")])


@scenario("postOutboundContactlistContactsSearch")
def _search(c: Ctx) -> None:
    created = new_list(c.api)
    add_contacts(c.api, created.id, 3)
    body = model(sdk.ContactListingRequest, page_number=1, page_size=2, contact_sorts=[
        model(sdk.ContactSort, field_name="firstName", direction="DESC")])
    page = c.api.accept(c.api.outbound.post_outbound_contactlist_contacts_search(created.id, body),
                        "ContactListingResponse")
    assert (page.total, page.page_count, page.page_size, page.page_number) == (3, 2, 2, 1)
    assert [contact.data["firstName"] for contact in page.entities] == ["Ann2", "Ann1"]


# --- conversations ---------------------------------------------------------------------------------------------


@scenario("postConversationsCalls")
def _create_call(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    assert c.user_api.raw()["selfUri"] == f"/api/v2/conversations/calls/{conversation_id}"


@scenario("getConversationsCalls")
def _list_calls(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    listing = c.user_api.accept(c.user_api.conversations.get_conversations_calls(), "CallConversationEntityListing")
    assert conversation_id in [call.id for call in listing.entities]


@scenario("getConversationsCall")
def _get_call(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    c.user_api.advance_clock(5)  # the far end answers after 2 s
    call = c.user_api.accept(c.user_api.conversations.get_conversations_call(conversation_id), "CallConversation")
    assert call.id == conversation_id and len(call.participants) >= 2
    assert {p.state for p in call.participants} == {"connected"}
    assert "tel:" + CALLED_NUMBER in [p.address for p in call.participants]
    assert all(isinstance(p.connected_time, datetime) for p in call.participants)


@scenario("patchConversationsCall")
def _hang_up(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    body = model(sdk.Conversation, state="disconnected")
    answer = c.user_api.accept(c.user_api.conversations.patch_conversations_call(conversation_id, body),
                               "Conversation")
    assert answer.id == conversation_id
    call = c.user_api.accept(c.user_api.conversations.get_conversations_call(conversation_id), "CallConversation")
    assert {p.state for p in call.participants} <= {"disconnected", "terminated"}


@scenario("getConversations")
def _list_conversations(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    listing = c.user_api.accept(c.user_api.conversations.get_conversations(communication_type="Call"),
                                "ConversationEntityListing")
    assert conversation_id in [conversation.id for conversation in listing.entities]


@scenario("getConversation")
def _get_conversation(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    c.user_api.advance_clock(5)
    # Any token with conversation:communication:view may read it: client credentials here.
    found = c.api.accept(c.api.conversations.get_conversation(conversation_id), "Conversation")
    assert found.id == conversation_id and isinstance(found.start_time, datetime)
    calls = [leg for participant in found.participants for leg in participant.calls or []]
    assert calls and {leg.state for leg in calls} == {"connected"}


@scenario("deleteConversation")
def _delete_conversation(c: Ctx) -> None:
    conversation_id = place_call(c.user_api)
    assert c.api.conversations.delete_conversation(conversation_id) is None
    found = c.api.accept(c.api.conversations.get_conversation(conversation_id), "Conversation")
    assert isinstance(found.end_time, datetime)


# --- external contacts -----------------------------------------------------------------------------------------


@scenario("postExternalcontactsContacts")
def _create_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    assert isinstance(created.create_date, datetime) and created.type in ("Ephemeral", "Identified", "Curated")


@scenario("getExternalcontactsContacts")
def _search_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    page = c.api.accept(c.api.external.get_externalcontacts_contacts(q=created.last_name, page_size=5),
                        "ContactListing")
    assert page.total == 1 and [(e.id, e.last_name) for e in page.entities] == [(created.id, created.last_name)]


@scenario("getExternalcontactsContact")
def _get_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    found = c.api.accept(c.api.external.get_externalcontacts_contact(created.id, expand=["identifiers"]),
                         "ExternalContact")
    assert (found.id, found.first_name, found.work_email) == (created.id, "Grace", created.work_email)
    assert claimed.value in [identifier.value for identifier in found.identifiers or []]


@scenario("putExternalcontactsContact")
def _put_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    created.title = "Commodore"
    updated = c.api.accept(c.api.external.put_externalcontacts_contact(created.id, created), "ExternalContact")
    assert (updated.id, updated.title, updated.last_name) == (created.id, "Commodore", created.last_name)


@scenario("patchExternalcontactsContact")
def _patch_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    body = model(sdk.ExternalContactsPatchRequest, changes=[
        model(sdk.ContactsPatchChange, field="$.title", value="Admiral", action="Update")])
    patched = c.api.accept(c.api.external.patch_externalcontacts_contact(created.id, body), "ExternalContact")
    assert (patched.id, patched.title, patched.first_name) == (created.id, "Admiral", "Grace")


@scenario("deleteExternalcontactsContact")
def _delete_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    assert c.api.accept(c.api.external.delete_externalcontacts_contact(created.id), "object") == {}
    assert_gone(c.api.external.get_externalcontacts_contact, created.id)


@scenario("getExternalcontactsContactIdentifiers")
def _list_identifiers(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    listing = c.api.accept(c.api.external.get_externalcontacts_contact_identifiers(created.id),
                           "ContactIdentifierListing")
    assert ("Cookie", claimed.value) in [(i.type, i.value) for i in listing.entities]


@scenario("patchExternalcontactsContactIdentifiers")
def _claim_identifier(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    assert isinstance(claimed.date_created, datetime)


@scenario("postExternalcontactsIdentifierlookupContacts")
def _lookup(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    body = model(sdk.ContactIdentifier, type="Cookie", value=claimed.value)
    found = c.api.accept(c.api.external.post_externalcontacts_identifierlookup_contacts(body), "ExternalContact")
    assert (found.id, found.last_name) == (created.id, created.last_name)


@scenario("postExternalcontactsIdentifierlookup")
def _old_lookup(c: Ctx) -> None:
    created = new_external_contact(c.api)
    body = model(sdk.ContactIdentifier, type="Email", value=created.work_email.upper())
    with pytest.warns(DeprecationWarning):  # the SDK marks the older route deprecated; the mock still serves it
        found = c.api.accept(c.api.external.post_externalcontacts_identifierlookup(body), "ExternalContact")
    assert (found.id, found.work_email) == (created.id, created.work_email)


# --- the table drives the test ---------------------------------------------------------------------------------


def test_every_operation_has_an_sdk_scenario() -> None:
    assert sorted(SCENARIOS) == sorted(BY_ID), {
        "operations without a scenario": sorted(set(BY_ID) - set(SCENARIOS)),
        "scenarios of unknown operations": sorted(set(SCENARIOS) - set(BY_ID)),
    }


@pytest.mark.server
@pytest.mark.parametrize("operation_id", list(BY_ID))
def test_operation_through_the_sdk(operation_id: str, api: SdkSession, user_api: SdkSession,
                                   tmp_path: Path) -> None:
    run = SCENARIOS.get(operation_id)
    assert run is not None, f"no SDK scenario for {operation_id}: add one to SCENARIOS"
    run(Ctx(api, user_api, tmp_path))
    called = set(api.operations_called) | set(user_api.operations_called)
    assert operation_id in called, f"the scenario never sent {operation_id} through the SDK (sent: {sorted(called)})"


# --- more of what the mock answers, read by the SDK ------------------------------------------------------------


@pytest.mark.server
@pytest.mark.parametrize(("number", "seconds", "party_type", "leg_type"), [
    ("+13175550110", 40, "system", "timeout"),  # no answer
    ("+13175550130", 5, "error", "error"),  # invalid number
    ("+13175550140", 5, "endpoint", "endpoint"),  # busy
    ("+13175550112", 10, "endpoint", "endpoint"),  # the far end hangs up
])
def test_ended_calls_read_in_the_sdk(user_api: SdkSession, number: str, seconds: float, party_type: str,
                                     leg_type: str) -> None:
    """Each way a call ends brings its own enum values and fields (disconnect types, Q.850 reasons, errorInfo)."""
    conversation_id = place_call(user_api, number)
    user_api.advance_clock(seconds)
    call = user_api.accept(user_api.conversations.get_conversations_call(conversation_id), "CallConversation")
    far = next(p for p in call.participants if p.purpose == "external")
    assert (far.state, far.disconnect_type, far.address) == ("disconnected", party_type, "tel:" + number)
    conversation = user_api.accept(user_api.conversations.get_conversation(conversation_id), "Conversation")
    far_legs = [leg for p in conversation.participants if p.purpose == "external" for leg in p.calls]
    assert [(leg.state, leg.disconnect_type) for leg in far_legs] == [("disconnected", leg_type)]
    assert all(reason.type == "q850" and reason.code > 0 for reason in far_legs[0].disconnect_reasons)
    assert isinstance(conversation.end_time, datetime)


@pytest.mark.server
def test_a_failed_import_reads_in_the_sdk(api: SdkSession, tmp_path: Path) -> None:
    created = new_list(api)
    upload_csv(api, created.id, "firstName,notAColumn\nAnn,x\n", tmp_path)
    status = wait_for_import(api, created.id)
    assert status.state == "FAILED" and "notAColumn" in status.failure_reason
    found = api.accept(api.outbound.get_outbound_contactlist(created.id, include_import_status=True,
                                                             include_size=True), "ContactList")
    assert found.import_status.state == "FAILED" and found.size == 0
