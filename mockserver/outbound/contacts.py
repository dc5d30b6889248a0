"""Contacts inside a contact list (facts §6): upsert, read, replace, delete, bulk get and search.

Every write is checked completely before anything is stored, then stored in one transaction of the state module
(``upsert_contacts``), so a request with one bad contact stores nothing and concurrent writers never lose or
duplicate a contact. Search is the only way to page through a list (there is no ``GET …/contacts``, facts §6.1);
its criteria and sorts are evaluated by the helpers at the end of this module, batch by batch.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from pydantic import BaseModel

from contracts.base import read_only_fields
from contracts.common import page_envelope
from contracts.outbound import (
    ContactBulkSearchCriteria,
    ContactList,
    ContactListFilterPredicate,
    ContactListingRequest,
    ContactSort,
    DialerContact,
    WritableDialerContact,
)
from mockserver.core import rules
from mockserver.core.errors import ApiError, field_detail
from mockserver.outbound import dialer_state, state
from mockserver.outbound.contact_data import (
    ContactDataCheck,
    check_contact_data,
    check_contact_id,
    decimal,
    new_contact_id,
)
from mockserver.outbound.dnc_effect import campaign_view
from mockserver.outbound.state import CONTACT_LISTS_PATH, StoredContact, clock, contact_json

MAX_BATCH = 1000
MAX_BULK_GET = 50
MAX_DELETE = 250
MAX_PAGE_SIZE = 100
_IDENTITY = {"id", "contact_list_id", "data"}


def _kept_fields(model: type[BaseModel]) -> frozenset[str]:
    """The writable fields stored in ``StoredContact.extra``: neither identity/data nor read-only (ignored)."""
    read_only = read_only_fields(model)
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if name not in _IDENTITY and (info.alias or name) not in read_only
    )


_EXTRA = {WritableDialerContact: _kept_fields(WritableDialerContact), DialerContact: _kept_fields(DialerContact)}


def writable_extra(contact: WritableDialerContact | DialerContact) -> dict[str, Any]:
    if not contact.model_fields_set & _EXTRA[type(contact)]:
        return {}  # the usual contact: only data (and maybe an id); no model dump per contact
    return contact.model_dump(mode="json", by_alias=True, exclude_none=True, include=set(_EXTRA[type(contact)]))


# --- writes -------------------------------------------------------------------------------------------------------


def precheck_batch(data: Any) -> None:
    """Reject a body of more than 1000 contacts before the binding validates each of them (facts §6.2)."""
    if isinstance(data, list):
        rules.check(len(data) > MAX_BATCH, "OUT-CONTACTS-BATCH-LIMIT", {"count": len(data)}, field_name="body")


def precheck_bulk_ids(data: Any) -> None:
    """Reject more than 50 ids in ``POST …/contacts/bulk`` whatever else is wrong with them (facts §6.2)."""
    if isinstance(data, list):
        rules.check(len(data) > MAX_BULK_GET, "OUT-CONTACTS-BULK-GET-LIMIT", {"count": len(data)}, field_name="body")


def _check_list_id(list_id: str, given: str | None, field: str) -> None:
    """``contactListId`` is taken from the path (facts §12); strict refuses one that names another list."""
    rules.check(
        given is not None and given != list_id, "OUT-CONTACT-LIST-ID-MISMATCH", {"value": given}, field_name=field
    )


def _checked_contact(
    list_id: str, item: WritableDialerContact, prefix: str, now: datetime, check_data: ContactDataCheck
) -> StoredContact:
    """One POST item after every rule, as the record to store; a client-chosen id is an upsert key."""
    if item.id is not None:
        check_contact_id(item.id, field=f"{prefix}id")
    if item.contact_list_id is not None:
        _check_list_id(list_id, item.contact_list_id, f"{prefix}contactListId")
    check_data(item.data, field=f"{prefix}data")
    return StoredContact(
        id=item.id or new_contact_id(), data=dict(item.data), date_created=now, extra=writable_extra(item)
    )


def add_contacts(
    list_id: str, items: list[WritableDialerContact], *, priority: bool, clear_system_data: bool, do_not_queue: bool
) -> list[dict[str, Any]]:
    """Upsert a batch (facts §6.2): all items are checked first, so one bad item stores nothing.

    Returns the stored contacts as ``DialerContact`` JSON (see :func:`contact_json`).
    """
    rules.check(len(items) > MAX_BATCH, "OUT-CONTACTS-BATCH-LIMIT", {"count": len(items)}, field_name="body")
    record = state.require_list(list_id)
    now = clock().now()
    check_data = ContactDataCheck(record.contact_list)
    checked = [_checked_contact(list_id, item, f"[{i}].", now, check_data) for i, item in enumerate(items)]
    stored = state.upsert_contacts(
        list_id, checked, priority=priority, clear_system_data=clear_system_data, do_not_queue=do_not_queue
    )  # 404 if the list was deleted meanwhile
    return [contact_json(list_id, contact) for contact in stored]


def shown(list_id: str) -> Callable[[StoredContact], dict[str, Any]]:
    """How the list's contacts are shown: their JSON, with the DNC verdict when a campaign dials the list."""
    dialer = campaign_view(list_id)
    if dialer is None:
        return lambda contact: contact_json(list_id, contact)
    return lambda contact: dialer.overlay(contact_json(list_id, contact), contact)


def get_contact(list_id: str, contact_id: str) -> dict[str, Any]:
    """One contact; an unknown list or contact is the real 404 ``not.found``."""
    contact = state.get_contact(list_id, contact_id)
    return shown(list_id)(contact)


def update_contact(list_id: str, contact_id: str, body: DialerContact) -> dict[str, Any]:
    """Replace a contact's data and writable fields (facts §6.1); read-only fields in the body are ignored.

    PUT never creates: an unknown contact is 400 ``contact.does.not.exist`` (facts §6.2), checked in the writing
    transaction (state.replace_contact). Queue position and ``dateCreated`` are kept.
    """
    now = clock().now()

    def build(contact_list: ContactList) -> StoredContact:
        _check_list_id(list_id, body.contact_list_id, "contactListId")
        check_contact_data(contact_list, body.data)
        return StoredContact(id=contact_id, data=dict(body.data), date_created=now, extra=writable_extra(body))

    return contact_json(list_id, state.replace_contact(list_id, contact_id, build))


def delete_contact(list_id: str, contact_id: str) -> None:
    """Delete one contact: 200 with no body, 404 when the list or the contact is unknown (facts §6.1)."""
    state.delete_contact(list_id, contact_id)


def delete_contacts(list_id: str, contact_ids: list[str] | None) -> None:
    """Delete by ids (facts §6.2): 1–250 ids; ids that are not in the list are ignored."""
    ids = contact_ids or []
    rules.check(not ids, "OUT-CONTACTS-DELETE-EMPTY", field_name="contactIds")
    rules.check(len(ids) > MAX_DELETE, "OUT-CONTACTS-DELETE-LIMIT", {"count": len(ids)}, field_name="contactIds")
    state.delete_contacts(list_id, ids)


def get_contacts(list_id: str, contact_ids: list[str]) -> list[dict[str, Any]]:
    """Up to 50 contacts by id, in request order; unknown ids are skipped (facts §6.1, §6.2)."""
    rules.check(
        len(contact_ids) > MAX_BULK_GET, "OUT-CONTACTS-BULK-GET-LIMIT", {"count": len(contact_ids)}, field_name="body"
    )
    show = shown(list_id)
    return [show(contact) for contact in state.get_contacts(list_id, contact_ids)]


# --- search -------------------------------------------------------------------------------------------------------


def _page(request: ContactListingRequest) -> tuple[int, int]:
    """``pageNumber`` ≥ 1 and ``pageSize`` ≥ 1; a larger page than 100 is cut to 100 (facts §6.3)."""
    for name, value in (("pageNumber", request.page_number), ("pageSize", request.page_size)):
        if value < 1:
            raise ApiError(
                400,
                "invalid.value",
                params={"value": value, "fieldType": name, "allowed": "integers >= 1"},
                details=[field_detail(name, "invalid.value")],
            )
    return request.page_number, min(request.page_size, MAX_PAGE_SIZE)


def filter_criteria(list_id: str, filter_id: str | None) -> ContactBulkSearchCriteria | None:
    """The clauses of the saved filter ``contactListFilterId`` names (search, export); None without one.

    An id that names no filter, or a filter of another contact list, is OUT-FILTER-UNKNOWN."""
    if filter_id is None:
        return None
    saved = dialer_state.find(dialer_state.FILTERS, filter_id)
    list_ref = (saved or {}).get("contactList") or {}
    rules.check(
        saved is None or list_ref.get("id") != list_id,
        "OUT-FILTER-UNKNOWN",
        {"value": filter_id},
        field_name="contactListFilterId",
    )
    if saved is None:
        return None
    return ContactBulkSearchCriteria.model_validate(
        {"clauses": saved.get("clauses") or [], "filterType": saved.get("filterType")}
    )


def search_contacts(list_id: str, request: ContactListingRequest) -> dict[str, Any]:
    """One page of the list's contacts matching ``criteria``, sorted by ``contactSorts`` (facts §4, §6.3).

    Without sorts the order is insertion order (an upsert keeps a contact's place), which keeps paging stable.
    """
    number, size = _page(request)
    saved = filter_criteria(list_id, request.contact_list_filter_id)
    contact_list = state.require_list(list_id).contact_list
    start = (number - 1) * size
    batches = state.contact_batches(list_id)
    if saved is not None:
        test = contact_test(contact_list, saved, "contactListFilterId")
        batches = ([contact for contact in batch if test(contact.data)] for batch in batches)
    total, window = search_window(contact_list, batches, request.criteria, request.contact_sorts, start + size)
    show = shown(list_id)
    page = [show(c) for c in window[start:]]
    envelope = page_envelope(
        page,
        total=total,
        page_number=number,
        page_size=size,
        path=f"{CONTACT_LISTS_PATH}/{list_id}/contacts/search",
        query={},
    )
    envelope["contactsCount"] = total
    return envelope


# --- search criteria and sorts (SDK ContactListFilterPredicate, ContactSort) ----------------------------------------

ContactTest = Callable[[dict[str, str]], bool]
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "EQUALS": lambda a, b: a == b,
    "LESS_THAN": lambda a, b: a < b,
    "LESS_THAN_EQUALS": lambda a, b: a <= b,
    "GREATER_THAN": lambda a, b: a > b,
    "GREATER_THAN_EQUALS": lambda a, b: a >= b,
    "BEFORE": lambda a, b: a < b,
    "AFTER": lambda a, b: a > b,
}
_TEXT: dict[str, Callable[[str, str], bool]] = {
    "CONTAINS": lambda a, b: b in a,
    "BEGINS_WITH": str.startswith,
    "ENDS_WITH": str.endswith,
}
_RANGE_OPERATORS = ("BETWEEN", "IN")


def _instant(text: str | None) -> datetime | None:
    """An ISO-8601 date or date-time as an aware UTC instant (naive means UTC), or None."""
    try:
        parsed = datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _text(text: str | None) -> str | None:
    return text


def _converter(predicate: ContactListFilterPredicate) -> Callable[[str | None], Any]:
    """How both sides are read: dates for BEFORE/AFTER, numbers for ``numeric`` columns, else plain strings."""
    if predicate.operator in ("BEFORE", "AFTER"):
        return _instant
    return decimal if predicate.column_type == "numeric" else _text


def _bad(field: str, value: Any, allowed: str) -> ApiError:
    return ApiError(
        400,
        "invalid.value",
        params={"value": value, "fieldType": field, "allowed": allowed},
        details=[field_detail(field, "invalid.value")],
    )


def _operands(predicate: ContactListFilterPredicate, field: str) -> list[tuple[str, str | None]]:
    """The predicate's operands with their field paths; the ones its operator needs must be present."""
    operator, rng = predicate.operator, predicate.range
    if operator not in _RANGE_OPERATORS:
        if predicate.value is None:
            raise _bad(f"{field}.value", None, f"a value for operator {operator}")
        return [(f"{field}.value", predicate.value)]
    if operator == "IN":
        if rng is None or rng.in_set is None:
            raise _bad(f"{field}.range.inSet", None, "the values for operator IN")
        return [(f"{field}.range.inSet[{i}]", v) for i, v in enumerate(rng.in_set)]
    if rng is None or (rng.min is None and rng.max is None):
        raise _bad(f"{field}.range", None, "a range with min and/or max for operator BETWEEN")
    return [(f"{field}.range.{name}", v) for name, v in (("min", rng.min), ("max", rng.max)) if v is not None]


def _check_predicate(contact_list: ContactList, predicate: ContactListFilterPredicate, field: str) -> None:
    """A predicate names a column of the list, an operator, and operands readable as its column type."""
    if predicate.column not in contact_list.column_names:
        raise _bad(f"{field}.column", predicate.column, "a column of the contact list")
    if predicate.operator is None:
        raise _bad(f"{field}.operator", None, ", ".join([*_COMPARE, *_TEXT, *_RANGE_OPERATORS]))
    convert = _converter(predicate)
    for path, operand in _operands(predicate, field):
        if predicate.operator not in _TEXT and convert(operand) is None:
            kind = "an ISO-8601 date-time" if convert is _instant else "a number"
            raise _bad(path, operand, kind)


def _value_test(predicate: ContactListFilterPredicate) -> Callable[[str], bool]:
    """The test one contact value must pass; a value that cannot be read as the column type never matches."""
    operator, convert = predicate.operator or "", _converter(predicate)
    if operator in _TEXT:
        text_test, wanted = _TEXT[operator], predicate.value or ""
        return lambda value: text_test(value, wanted)
    if operator in _COMPARE:
        compare, right = _COMPARE[operator], convert(predicate.value)
        return lambda value: (left := convert(value)) is not None and compare(left, right)
    rng = predicate.range
    assert rng is not None  # checked by _operands
    if operator == "IN":
        members = {convert(v) for v in rng.in_set or []}
        return lambda value: (left := convert(value)) is not None and left in members
    low, high = convert(rng.min), convert(rng.max)
    low_open, high_open = rng.min_inclusive is False, rng.max_inclusive is False

    def between(value: str) -> bool:
        left = convert(value)
        if left is None:
            return False
        above = low is None or left > low or (left == low and not low_open)
        below = high is None or left < high or (left == high and not high_open)
        return above and below

    return between


def _predicate_test(predicate: ContactListFilterPredicate) -> ContactTest:
    """A missing column reads as ""; ``inverted`` negates the whole predicate."""
    column, inverted, test = predicate.column or "", bool(predicate.inverted), _value_test(predicate)
    return lambda data: test(data.get(column, "")) != inverted


def _joined(tests: list[ContactTest], filter_type: str | None) -> ContactTest:
    """AND (the default) or OR over ``tests``; an empty group matches everything."""
    if not tests:
        return lambda data: True
    if filter_type == "OR":
        return lambda data: any(test(data) for test in tests)
    return lambda data: all(test(data) for test in tests)


def _criteria_test(
    contact_list: ContactList, criteria: ContactBulkSearchCriteria | None, field: str = "criteria"
) -> ContactTest:
    """Check the whole criteria first (so a bad predicate is a 400 even on an empty list), then compile it.
    ``field`` locates the criteria in the request (``criteria``; a saved filter's clauses are at the top)."""
    clause_tests = []
    prefix = f"{field}." if field else ""
    for i, clause in enumerate((criteria.clauses or []) if criteria else []):
        predicates = clause.predicates or []
        for j, predicate in enumerate(predicates):
            _check_predicate(contact_list, predicate, f"{prefix}clauses[{i}].predicates[{j}]")
        clause_tests.append(_joined([_predicate_test(p) for p in predicates], clause.filter_type))
    return _joined(clause_tests, criteria.filter_type if criteria else None)


def _sort(contacts: list[StoredContact], contact_list: ContactList, sorts: list[ContactSort]) -> None:
    """Stable multi-key sort, last key first. Numeric sorts put values that are not numbers last either way."""
    for i, sort in enumerate(sorts):
        if sort.field_name not in contact_list.column_names:
            raise _bad(f"contactSorts[{i}].fieldName", sort.field_name, "a column of the contact list")
    for sort in reversed(sorts):
        name, descending = sort.field_name or "", sort.direction == "DESC"
        if sort.numeric:

            def key(contact: StoredContact, name: str = name, descending: bool = descending) -> tuple[bool, float]:
                number = decimal(contact.data.get(name))
                return number is None, 0.0 if number is None else (-number if descending else number)

            contacts.sort(key=key)
        else:

            def text(contact: StoredContact, name: str = name) -> Any:
                return contact.data.get(name, "")

            contacts.sort(key=text, reverse=descending)


def contact_test(
    contact_list: ContactList, criteria: ContactBulkSearchCriteria | None, field: str = "criteria"
) -> ContactTest:
    """Whether a contact's data matches ``criteria`` (checked first: a bad predicate is a 400 on any list)."""
    return _criteria_test(contact_list, criteria, field)


def search_window(
    contact_list: ContactList,
    batches: Iterable[list[StoredContact]],
    criteria: ContactBulkSearchCriteria | None,
    sorts: list[ContactSort] | None,
    end: int,
) -> tuple[int, list[StoredContact]]:
    """How many contacts match ``criteria``, and the first ``end`` of them in ``sorts`` order (insertion order
    without sorts), reading the contacts batch by batch.

    Only ``end`` matches are kept between batches, never every match of a million-contact list: the sorts are
    stable and the kept ones come before the batch in insertion order, so sorting kept + batch and cutting at
    ``end`` gives the same first ``end`` as sorting everything at once.
    """
    test = _criteria_test(contact_list, criteria) if criteria is not None and criteria.clauses else None
    sorts = sorts or []
    _sort([], contact_list, sorts)  # checks the sort fields even when nothing matches
    total, kept = 0, []
    for batch in batches:
        found = batch if test is None else [contact for contact in batch if test(contact.data)]
        total += len(found)
        if sorts:
            kept += found
            _sort(kept, contact_list, sorts)
            del kept[end:]
        elif len(kept) < end:
            kept += found[: end - len(kept)]
    return total, kept
