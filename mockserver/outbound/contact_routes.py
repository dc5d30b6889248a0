"""Routes of the contacts inside a contact list (facts §6): thin views over :mod:`mockserver.outbound.contacts`."""

from __future__ import annotations

from typing import Any

from contracts.outbound import ContactIdList, ContactListingRequest, DialerContact, WritableDialerContact
from mockserver.core.binding import Query, bind
from mockserver.outbound import contacts
from mockserver.outbound.blueprint import outbound


@bind(outbound, "postOutboundContactlistContacts", precheck=contacts.precheck_batch)
def post_contacts(contactListId: str, body: list[WritableDialerContact], query: Query) -> list[dict[str, Any]]:
    return contacts.add_contacts(
        contactListId,
        body,
        priority=query["priority"],
        clear_system_data=query["clearSystemData"],
        do_not_queue=query["doNotQueue"],
    )


@bind(outbound, "deleteOutboundContactlistContacts")
def delete_contacts(contactListId: str, query: Query) -> None:
    contacts.delete_contacts(contactListId, query["contactIds"])


@bind(outbound, "getOutboundContactlistContact")
def get_contact(contactListId: str, contactId: str) -> dict[str, Any]:
    return contacts.get_contact(contactListId, contactId)


@bind(outbound, "putOutboundContactlistContact")
def put_contact(contactListId: str, contactId: str, body: DialerContact) -> dict[str, Any]:
    return contacts.update_contact(contactListId, contactId, body)


@bind(outbound, "deleteOutboundContactlistContact")
def delete_contact(contactListId: str, contactId: str) -> None:
    contacts.delete_contact(contactListId, contactId)


@bind(outbound, "postOutboundContactlistContactsBulk", precheck=contacts.precheck_bulk_ids)
def post_contacts_bulk(contactListId: str, body: ContactIdList) -> list[dict[str, Any]]:
    return contacts.get_contacts(contactListId, body.root)


@bind(outbound, "postOutboundContactlistContactsSearch")
def post_contacts_search(contactListId: str, body: ContactListingRequest) -> dict[str, Any]:
    return contacts.search_contacts(contactListId, body)
