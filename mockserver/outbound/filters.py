"""Contact-list filters (vendor-sdk-docs/OutboundApi.md, ContactListFilter.md): saved clauses over one contact list.

The clauses are the same predicates as the inline ``criteria`` of ``…/contacts/search`` and export
(``ContactListFilterClause``/``ContactListFilterPredicate``), so they are checked and evaluated by the same code
(contacts.contact_test): a predicate naming no column of the list, or an operand that is not of the column's type,
is a 400 when the filter is saved, not later. Search and export with ``contactListFilterId`` apply the stored
clauses (contacts.filter_criteria); ``POST …/contactlistfilters/preview`` counts what an unsaved filter matches.
"""

from __future__ import annotations

from typing import Any

from contracts.dialer import FILTERS as FILTER_PATH
from contracts.outbound import ContactBulkSearchCriteria, ContactList
from mockserver.core import rules
from mockserver.core.binding import Query, bind
from mockserver.core.errors import not_found
from mockserver.outbound import dialer_state as store
from mockserver.outbound import state
from mockserver.outbound.blueprint import outbound
from mockserver.outbound.contacts import contact_test, shown
from mockserver.outbound.dialer_common import Doc, document, listing, new_doc, updated_doc, version_of
from mockserver.outbound.dialer_state import FILTERS
from mockserver.state import Tx

PREVIEW_SIZE = 25
"""Matching contacts a preview shows (the vendor does not document how many; ``filteredContacts`` counts all)."""


def _list_of(data: Doc) -> str:
    ref = data.get("contactList") or {}
    return str(ref.get("id") or "")


def criteria_of(data: Doc) -> ContactBulkSearchCriteria:
    return ContactBulkSearchCriteria.model_validate(
        {"clauses": data.get("clauses") or [], "filterType": data.get("filterType")}
    )


def _checked_list(data: Doc) -> ContactList:
    """The filter's contact list (OUT-FILTER-LIST-UNKNOWN), its clauses checked against its columns."""
    list_id = _list_of(data)
    record = state.get_list(list_id) if list_id else None
    rules.check(record is None, "OUT-FILTER-LIST-UNKNOWN", {"value": list_id or None}, field_name="contactList")
    if record is None:  # the rule switched off: the list is still needed to read the clauses
        raise not_found(list_id)
    contact_test(record.contact_list, criteria_of(data), "")
    return record.contact_list


def _list_still_there(list_id: str) -> Any:
    def check(tx: Tx) -> None:
        rules.check(
            not store.list_exists(tx, list_id), "OUT-FILTER-LIST-UNKNOWN", {"value": list_id}, field_name="contactList"
        )

    return check


def _in_use(tx: Tx, doc: Doc) -> None:
    users = store.campaigns_using(tx, "contactListFilters", doc["id"])
    rules.check(bool(users), "OUT-FILTER-IN-USE", {"id": doc["id"], "campaign": users[0]["id"] if users else ""})


@bind(outbound, "postOutboundContactlistfilters")
def post_filter(body: Any) -> Doc:
    data = document(body)
    _checked_list(data)
    return store.create(
        FILTERS, new_doc({"sourceType": "ContactList", **data}, FILTER_PATH), _list_still_there(_list_of(data))
    )


@bind(outbound, "getOutboundContactlistfilters")
def get_filters(query: Query) -> Doc:
    list_id = query.get("contactListId")
    return listing(
        store.all_docs(FILTERS), query, FILTER_PATH, keep=(lambda doc: _list_of(doc) == list_id) if list_id else None
    )


@bind(outbound, "getOutboundContactlistfilter")
def get_filter(contactListFilterId: str) -> Doc:
    return store.get(FILTERS, contactListFilterId)


@bind(outbound, "putOutboundContactlistfilter")
def put_filter(contactListFilterId: str, body: Any) -> Doc:
    data = document(body)
    _checked_list(data)

    def build(stored: Doc, tx: Tx) -> Doc:
        _list_still_there(_list_of(data))(tx)
        return updated_doc(stored, {"sourceType": "ContactList", **data}, version_of(body), "OUT-FILTER-VERSION")

    return store.replace(FILTERS, contactListFilterId, build)


@bind(outbound, "deleteOutboundContactlistfilter")
def delete_filter(contactListFilterId: str) -> None:
    store.delete(FILTERS, contactListFilterId, _in_use)


@bind(outbound, "postOutboundContactlistfiltersPreview")
def post_preview(body: Any) -> Doc:
    """How many of the list's contacts the (unsaved) filter matches, and the first of them."""
    data = document(body)
    contact_list = _checked_list(data)
    list_id = _list_of(data)
    test = contact_test(contact_list, criteria_of(data), "")
    show = shown(list_id)
    total = matched = 0
    preview: list[dict[str, Any]] = []
    for batch in state.contact_batches(list_id):
        total += len(batch)
        for contact in batch:
            if test(contact.data):
                matched += 1
                if len(preview) < PREVIEW_SIZE:
                    preview.append(show(contact))
    return {"filteredContacts": matched, "totalContacts": total, "preview": preview}
