"""SDK scenarios of the outbound rows: contact lists, contacts, CSV upload, import status and export."""

from __future__ import annotations

from datetime import datetime

import PureCloudPlatformClientV2 as sdk

from tests.sdk.helpers import (
    COLUMNS,
    Ctx,
    add_contacts,
    assert_gone,
    contact_data,
    model,
    new_list,
    scenario,
    unique,
    upload_csv,
    wait_for_import,
)
from tests.server.conftest import http_client

# --- outbound: contact lists -----------------------------------------------------------------------------------


@scenario("postOutboundContactlists")
def _create_list(c: Ctx) -> None:
    created = new_list(
        c.api,
        retention_type="RetentionDays",
        retention_days=7,
        column_data_type_specifications=[
            model(sdk.ColumnDataTypeSpecification, column_name="phone", column_data_type="TEXT", max_length=20)
        ],
    )
    assert created.version == 1 and isinstance(created.date_created, datetime)
    assert [(p.column_name, p.type) for p in created.phone_columns] == [("phone", "cell")]
    assert [(e.column_name, e.type) for e in created.email_columns] == [("email", "work")]
    assert (created.retention_type, created.retention_days) == ("RetentionDays", 7)
    assert created.column_data_type_specifications[0].max_length == 20


@scenario("getOutboundContactlists")
def _query_lists(c: Ctx) -> None:
    created = new_list(c.api)
    page = c.api.accept(
        c.api.outbound.get_outbound_contactlists(
            name=created.name,
            filter_type="Equals",
            include_size=True,
            include_import_status=True,
            page_size=10,
        ),
        "ContactListEntityListing",
    )
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
    found = c.api.accept(
        c.api.outbound.get_outbound_contactlist(created.id, include_size=True, include_import_status=True),
        "ContactList",
    )
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
    found = c.api.accept(
        c.api.outbound.get_outbound_contactlist(created.id, include_size=True, include_import_status=True),
        "ContactList",
    )
    assert found.size == 5 and found.import_status.percent_complete == 100
    search = model(sdk.ContactListingRequest, page_number=1, page_size=10)
    page = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts_search(created.id, search), "ContactListingResponse"
    )
    assert sorted(contact.data["firstName"] for contact in page.entities) == [r["firstName"] for r in rows]
    assert all(contact.data == rows[int(contact.data["firstName"][3:])] for contact in page.entities)


@scenario("getOutboundContactlistImportstatus")
def _import_status(c: Ctx) -> None:
    created = new_list(c.api)
    never = c.api.accept(c.api.outbound.get_outbound_contactlist_importstatus(created.id), "ImportStatus")
    # No import yet: the four required fields, nothing left to do (csv_import.NO_IMPORT).
    assert (never.state, never.total_records, never.completed_records, never.percent_complete) == (
        "IN_PROGRESS",
        0,
        0,
        100,
    )
    upload_csv(c.api, created.id, "firstName,phone\nBea,+13175550111\nCy,+13175550112\n", c.tmp_path)
    status = wait_for_import(c.api, created.id)
    assert (status.state, status.total_records, status.completed_records, status.percent_complete) == (
        "IN_PROGRESS",
        2,
        2,
        100,
    )
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
    # SDK >= 196: a ContactsExportRequest narrows the export to the given contacts.
    second = add_contacts(c.api, created.id, 2)[1]
    only = model(sdk.ContactsExportRequest, contact_ids=[second.id])
    c.api.accept(c.api.outbound.post_outbound_contactlist_export(created.id, body=only), "DomainEntityRef")
    found = c.api.accept(c.api.outbound.get_outbound_contactlist_export(created.id), "ExportUri")
    with http_client(c.api.base_url) as client:
        lines = client.get(found.uri).text.splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [second.id]


# --- outbound: contacts --------------------------------------------------------------------------------------


@scenario("postOutboundContactlistContacts")
def _add_contacts(c: Ctx) -> None:
    created = new_list(c.api)
    body = [model(sdk.WritableDialerContact, id="chosen-id-1", contact_list_id=created.id, data=contact_data(1))]
    [added] = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts(created.id, body, priority=True), "list[DialerContact]"
    )
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
    updated = c.api.accept(
        c.api.outbound.put_outbound_contactlist_contact(created.id, added.id, added), "DialerContact"
    )
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
    found = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts_bulk(created.id, wanted), "list[DialerContact]"
    )
    assert sorted((f.id, f.data["firstName"]) for f in found) == sorted([(added[0].id, "Ann0"), (added[2].id, "Ann2")])


@scenario("postOutboundContactlistContactsSearch")
def _search(c: Ctx) -> None:
    created = new_list(c.api)
    add_contacts(c.api, created.id, 3)
    body = model(
        sdk.ContactListingRequest,
        page_number=1,
        page_size=2,
        contact_sorts=[model(sdk.ContactSort, field_name="firstName", direction="DESC")],
    )
    page = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts_search(created.id, body), "ContactListingResponse"
    )
    assert (page.total, page.page_count, page.page_size, page.page_number) == (3, 2, 2, 1)
    assert [contact.data["firstName"] for contact in page.entities] == ["Ann2", "Ann1"]
