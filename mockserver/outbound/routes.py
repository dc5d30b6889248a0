"""Contact-list routes: each view is bound to its row of the operations table and delegates to lists.py."""

from __future__ import annotations

from typing import Any

from contracts.outbound import ContactList
from mockserver.core.binding import Query, bind
from mockserver.outbound import lists
from mockserver.outbound.blueprint import outbound


@bind(outbound, "postOutboundContactlists", precheck=lists.precheck_create)
def post_contact_lists(body: ContactList) -> ContactList:
    return lists.create_contact_list(body)


@bind(outbound, "getOutboundContactlists")
def get_contact_lists(query: Query) -> dict[str, Any]:
    return lists.list_contact_lists(query)


@bind(outbound, "deleteOutboundContactlists")
def delete_contact_lists(query: Query) -> None:
    lists.delete_contact_lists(query["id"] or [])


@bind(outbound, "getOutboundContactlist")
def get_contact_list(contactListId: str, query: Query) -> ContactList:
    return lists.get_contact_list(contactListId, query)


@bind(outbound, "putOutboundContactlist")
def put_contact_list(contactListId: str, body: ContactList) -> ContactList:
    return lists.update_contact_list(contactListId, body)


@bind(outbound, "deleteOutboundContactlist")
def delete_contact_list(contactListId: str) -> None:
    lists.delete_contact_list(contactListId)


@bind(outbound, "postOutboundContactlistClear")
def post_clear(contactListId: str) -> None:
    lists.clear_contact_list(contactListId)
