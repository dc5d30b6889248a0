"""Outbound routes: each view is bound to its row of the operations table and delegates to the service."""

from __future__ import annotations

from typing import Any

from contracts.outbound import ContactList
from mockserver.core.binding import Query, bind
from mockserver.outbound import service
from mockserver.outbound.blueprint import outbound


@bind(outbound, "postOutboundContactlists")
def post_contact_lists(body: ContactList) -> ContactList:
    return service.create_contact_list(body)


@bind(outbound, "getOutboundContactlists")
def get_contact_lists(query: Query) -> dict[str, Any]:
    return service.list_contact_lists(query)


@bind(outbound, "getOutboundContactlist")
def get_contact_list(contactListId: str, query: Query) -> ContactList:
    return service.get_contact_list(contactListId, include_size=query["includeSize"])


@bind(outbound, "putOutboundContactlist")
def put_contact_list(contactListId: str, body: ContactList) -> ContactList:
    return service.update_contact_list(contactListId, body)


@bind(outbound, "deleteOutboundContactlist")
def delete_contact_list(contactListId: str) -> None:
    service.delete_contact_list(contactListId)
