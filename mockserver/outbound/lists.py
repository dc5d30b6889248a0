"""Contact lists (facts §5): create, read, replace, delete, list with filters, and the §5.5 rules.

The rules run in the order the real service would meet them: the body's shape (binding), read-only fields
(strict, seed 001), then the list's own consistency (name, columns, phone/email/zip columns), then org limits.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from contracts.base import read_only_fields
from contracts.common import page_envelope
from contracts.outbound import ContactList
from mockserver.core import hints, rules
from mockserver.core.binding import Query
from mockserver.core.divisions import HOME_DIVISION
from mockserver.core.errors import ApiError
from mockserver.outbound import state
from mockserver.outbound.list_filters import ANY_LIST, ANY_SIZED, FILTER_FIELDS, field_filters, time_zone_filter
from mockserver.outbound.state import CONTACT_LISTS_PATH, ListRecord, NameTaken, clock, is_system_column, random_uuid
from mockserver.state import Tx

MAX_NAME = 64
MAX_COLUMNS = 50
MAX_COLUMN_NAME = 128
_SERVER_SET = read_only_fields(ContactList)
# Seed 001 sends these on create; contactListId is not even a ContactList property.
CREATE_READ_ONLY = ("id", "contactListId", "selfUri", "dateCreated", "dateModified", "size", "importStatus")

_SHAPE = (
    "use columnNames (string[]) with phoneColumns/emailColumns [{columnName, type}], e.g. columnNames: "
    '["phone"] and phoneColumns: [{"columnName": "phone", "type": "cell"}]; contacts are added '
    "afterwards with POST /api/v2/outbound/contactlists/{id}/contacts or a CSV upload"
)
# Most important first: a body with several unknown properties gets one hint leading with the fix that matters
# (seed 000: the error names description, the list needs columnNames + phoneColumns; core/hints.py).
for _name, _hint in {
    "columns": _SHAPE,
    "columnDefinitions": _SHAPE,
    "contacts": "contacts are not inline: POST them to /api/v2/outbound/contactlists/{id}/contacts (at most "
    "1000 per request) or upload a CSV to /uploads/v2/contactlist",
    "status": "a contact list has no status; its only state is importStatus.state (IN_PROGRESS/FAILED)",
    "description": "ContactList has no description property",
    "contactListId": "the list's id is `id`, set by the server; omit it on create",
}.items():
    hints.property_hint("ContactList", _name, _hint)


def precheck_create(data: Any) -> None:
    """Seed 001: in strict, a client-supplied read-only field is 400 invalid.value naming it, before any
    schema error (so ``contactListId`` gets invalid.value rather than invalid.property)."""
    if isinstance(data, dict) and rules.active("OUT-LIST-READ-ONLY-FIELD"):
        for name in CREATE_READ_ONLY:
            if name in data:
                value = data[name] if isinstance(data[name], str) else type(data[name]).__name__
                rules.reject(
                    "OUT-LIST-READ-ONLY-FIELD",
                    {"value": value, "field": name},
                    field_name=name,
                    hint=f"{name} is set by the server; omit it when creating a contact list",
                )


def _check_columns(body: ContactList) -> None:
    names = body.column_names
    rules.check(not names, "OUT-LIST-NO-COLUMNS", field_name="columnNames")
    rules.check(len(names) > MAX_COLUMNS, "OUT-LIST-COLUMN-LIMIT", {"count": len(names)}, field_name="columnNames")
    seen: set[str] = set()
    for name in names:
        rules.check(name in seen, "OUT-LIST-DUPLICATE-COLUMNS", {"column": name}, field_name="columnNames")
        rules.check(
            len(name) > MAX_COLUMN_NAME, "OUT-LIST-COLUMN-NAME-LENGTH", {"column": name}, field_name="columnNames"
        )
        seen.add(name)
    phones: set[str] = set()
    for i, phone in enumerate(body.phone_columns or []):
        field = f"phoneColumns[{i}].columnName"
        rules.check(
            is_system_column(phone.column_name),
            "OUT-LIST-SYSTEM-COLUMN",
            {"column": phone.column_name},
            field_name=field,
        )
        rules.check(
            phone.column_name not in seen,
            "OUT-LIST-PHONE-COLUMN-UNKNOWN",
            {"column": phone.column_name},
            field_name=field,
        )
        rules.check(
            phone.column_name in phones,
            "OUT-LIST-DUPLICATE-PHONE-COLUMNS",
            {"column": phone.column_name},
            field_name=field,
        )
        phones.add(phone.column_name)
    for i, email in enumerate(body.email_columns or []):
        rules.check(
            email.column_name not in seen,
            "OUT-LIST-EMAIL-COLUMN-UNKNOWN",
            {"column": email.column_name},
            field_name=f"emailColumns[{i}].columnName",
        )


def _check_time_zone_settings(body: ContactList) -> None:
    automatic = bool(body.automatic_time_zone_mapping)
    if body.zip_code_column_name:
        rules.check(not automatic, "OUT-LIST-ZIP-WITHOUT-ATZM", field_name="zipCodeColumnName")
        rules.check(
            body.zip_code_column_name not in body.column_names,
            "OUT-LIST-ZIP-COLUMN-UNKNOWN",
            {"column": body.zip_code_column_name},
            field_name="zipCodeColumnName",
        )
    if automatic:
        for i, phone in enumerate(body.phone_columns or []):
            has_time_column = phone.callable_time_column or phone.callable_time_column_name
            rules.check(
                bool(has_time_column),
                "OUT-LIST-CALLABLE-TIME-WITH-ATZM",
                field_name=f"phoneColumns[{i}].callableTimeColumn",
            )


def _check_name(body: ContactList, name_taken: NameTaken) -> None:
    name = (body.name or "").strip()
    rules.check(not name, "OUT-LIST-NAME-BLANK", field_name="name")
    rules.check(len(name) > MAX_NAME, "OUT-LIST-NAME-LENGTH", {"name": name}, field_name="name")
    rules.check(name_taken(name), "OUT-LIST-NAME-DUPLICATE", {"name": name}, field_name="name")


_NOT_WRITABLE = frozenset(
    {n for n, f in ContactList.model_fields.items() if (f.alias or n) in _SERVER_SET} | {"version"}
)


def _writable(body: ContactList) -> dict[str, Any]:
    """The client-writable part of a body; server-set fields are ignored as the real API does (facts §5.3)."""
    return body.model_dump(exclude=set(_NOT_WRITABLE), exclude_none=True)


def create_contact_list(body: ContactList) -> ContactList:
    """Create a list; the duplicate-name check and the org limit are made in the transaction that stores it."""
    now = clock().now()
    list_id = random_uuid()

    def build(name_taken: NameTaken) -> ContactList:
        _check_name(body, name_taken)
        _check_columns(body)
        _check_time_zone_settings(body)
        data = {
            "division": HOME_DIVISION,
            "trim_whitespace": True,
            "automatic_time_zone_mapping": False,
            **_writable(body),
        }
        return ContactList(
            **data,
            id=list_id,
            version=1,
            date_created=now,
            date_modified=now,
            self_uri=f"{CONTACT_LISTS_PATH}/{list_id}",
        )

    return state.create_list(build)


def view(record: ListRecord, *, include_size: bool = False, include_import_status: bool = False) -> ContactList:
    """What a GET shows: ``size`` and ``importStatus`` only when asked for (facts §5.2); the import status is the
    same as ``…/importstatus`` answers, also for a list that never imported (state.NO_IMPORT)."""
    update: dict[str, Any] = {}
    if include_size:
        update["size"] = state.list_size(record.contact_list.id or "")
    if include_import_status:
        update["import_status"] = state.current_status(record)
    return record.contact_list.model_copy(update=update) if update else record.contact_list


def get_contact_list(list_id: str, query: Query) -> ContactList:
    return view(
        state.require_list(list_id),
        include_size=query["includeSize"],
        include_import_status=query["includeImportStatus"],
    )


def update_contact_list(list_id: str, body: ContactList) -> ContactList:
    """Full replace; ``version`` must equal the stored one and is incremented (facts §5.6)."""
    now = clock().now()

    def build(current: ContactList, name_taken: NameTaken) -> ContactList:
        rules.check(
            body.version != current.version,
            "OUT-LIST-VERSION",
            {"supplied": body.version, "current": current.version},
            field_name="version",
        )
        _check_name(body, name_taken)
        _check_columns(body)
        _check_time_zone_settings(body)
        changed = (
            bool(body.automatic_time_zone_mapping) != bool(current.automatic_time_zone_mapping)
            or body.zip_code_column_name != current.zip_code_column_name
        )
        rules.check(changed, "OUT-LIST-EDIT-ATZM", field_name="automaticTimeZoneMapping")
        data = {"division": current.division, "trim_whitespace": current.trim_whitespace, **_writable(body)}
        return ContactList(
            **data,
            id=current.id,
            version=(current.version or 0) + 1,
            date_created=current.date_created,
            date_modified=now,
            self_uri=current.self_uri,
        )

    return state.replace_list(list_id, build)


def list_in_use(tx: Tx, list_id: str) -> None:
    """A list a campaign dials cannot be deleted (OUT-LIST-IN-USE; the check is mockserver/outbound/campaigns.py's)."""
    from mockserver.outbound.campaigns import refuse_list_in_use  # campaigns imports the routes' modules

    refuse_list_in_use(tx, list_id)


def delete_contact_list(list_id: str) -> None:
    """Delete a list with its contacts and export files (refused while it imports)."""
    state.delete_lists([list_id], must_exist=True, in_use=list_in_use)


def delete_contact_lists(ids: list[str]) -> None:
    """Bulk delete: accepted (204) and done at once; unknown ids are ignored as an asynchronous job would."""
    rules.check(len(ids) > 100, "OUT-LIST-BULK-DELETE-LIMIT", {"count": len(ids)}, field_name="id")
    state.delete_lists(ids, must_exist=False, in_use=list_in_use)


def clear_contact_list(list_id: str) -> None:
    state.clear_list(list_id)


_COMPARATORS = {
    "Equals": lambda v, q: v == q,
    "Contains": lambda v, q: q in v,
    "Prefix": lambda v, q: v.startswith(q),
    "BeginsWith": lambda v, q: v.startswith(q),
    "EndsWith": lambda v, q: v.endswith(q),
    "LessThan": lambda v, q: v < q,
    "LessThanEqualTo": lambda v, q: v <= q,
    "GreaterThan": lambda v, q: v > q,
    "GreaterThanEqualTo": lambda v, q: v >= q,
}


def _name_filter(query: Query):
    name, filter_type = query["name"], query["filterType"]
    if name is None:
        return lambda _: True
    if filter_type == "RegEx":
        try:
            pattern = re.compile(name, re.IGNORECASE)
        except re.error:
            raise ApiError(
                400,
                "invalid.query.param.value",
                params={"value": name, "parameter": "name", "allowed": "a regular expression"},
            ) from None
        return lambda value: pattern.search(value) is not None
    compare = _COMPARATORS[filter_type]
    wanted = name.lower()
    return lambda value: compare(value.lower(), wanted)


_SORTABLE = ("name", "id", "timeZone", *FILTER_FIELDS)
"""The ContactList fields a listing can be sorted by: ``sortBy`` is a free string at the vendor (OutboundApi.md),
so any scalar field of the model is honoured, ``size`` (the number of contacts) included: the declared filters'
fields plus every field filter (list_filters.py keeps the one list of scalar fields)."""


Sized = tuple[ListRecord, int]
"""A list with its number of contacts."""


def _sort_key(sort_by: str | None) -> Callable[[Sized], tuple[Any, ...]] | None:
    """Lists without the field come last in ascending order (first in descending); names compare case-blind."""
    if not sort_by:
        return None
    if sort_by not in _SORTABLE:
        rules.check(
            True,
            "OUT-LIST-SORT-BY",
            {"value": sort_by, "allowed": ", ".join(sorted(_SORTABLE))},
            field_name="sortBy",
            hint="sortBy names a ContactList field, e.g. name, dateCreated or size",
        )
        return None

    def key(sized: Sized) -> tuple[Any, ...]:
        record, size = sized
        value = size if sort_by == "size" else record.contact_list.dump().get(sort_by)
        if isinstance(value, str):
            value = value.lower()
        return (value is None, value if value is not None else 0)

    return key


def list_contact_lists(query: Query) -> dict[str, Any]:
    ids = query["id"] or []
    rules.check(len(ids) > 100, "OUT-LIST-BULK-GET-LIMIT", {"count": len(ids)}, field_name="id")
    matches_name = _name_filter(query)
    divisions = set(query["divisionId"] or [])
    matches_zone, matches_fields = time_zone_filter(query), field_filters(query)
    sort_key = _sort_key(query["sortBy"])
    if (
        not divisions
        and matches_zone is ANY_LIST
        and matches_fields is ANY_SIZED
        and query["sortBy"] in (None, "", "name", "id")
    ):
        listed = _list_by_name(query, ids, matches_name)
        if listed is not None:
            return listed
    records = [
        (r, state.list_size(r.contact_list.id or ""))
        for r in state.all_lists()
        if (not ids or r.contact_list.id in ids)
        and matches_name(r.contact_list.name or "")
        and (not divisions or (r.contact_list.division and r.contact_list.division.id in divisions))
        and matches_zone(r.contact_list)
    ]
    records = [(r, n) for r, n in records if matches_fields(r.contact_list, n)]
    if sort_key is not None:
        records.sort(key=sort_key)
    # The vendor declares sortOrder's default as "a" (OutboundApi.md): anything but descending is ascending.
    if query["sortOrder"] == "descending":
        records.reverse()
    size, number = query["pageSize"], query["pageNumber"]
    page = records[(number - 1) * size : number * size]
    entities = [
        view(r, include_size=query["includeSize"], include_import_status=query["includeImportStatus"]).dump()
        for r, _ in page
    ]
    return page_envelope(
        entities, total=len(records), page_number=number, page_size=size, path=CONTACT_LISTS_PATH, query=query.given
    )


def _list_by_name(query: Query, ids: list[str], matches_name: Callable[[str], bool]) -> dict[str, Any] | None:
    """The listing when it filters and sorts by name or id only (the usual page of lists): from the name index,
    reading the lists (and their sizes) of the page only, as :func:`list_contact_lists` would answer. None when a
    list has no name (the index does not tell a missing name from an empty one, which sort apart)."""
    size, number = query["pageSize"], query["pageNumber"]
    descending = query["sortOrder"] == "descending"
    if not ids and query["name"] is None and not query["sortBy"]:  # a page in creation order: read just that page
        start = (number - 1) * size
        if not descending:
            records, total = state.list_page(start, size)
        else:  # the page of the reversed order is a slice of the creation order, read backwards
            total = state.list_page(0, 0)[1]
            end = max(total - start, 0)
            records = state.list_page(max(end - size, 0), end - max(end - size, 0))[0][::-1]
        return _page_of(query, records, total)
    wanted = set(ids)
    named = [
        (list_id, name)
        for list_id, name in state.list_names()
        if (not wanted or list_id in wanted) and matches_name(name)
    ]
    sort_by = query["sortBy"]
    if sort_by == "name":
        if any(not name for _, name in named):
            return None
        named.sort(key=lambda item: item[1].lower())
    elif sort_by == "id":
        named.sort(key=lambda item: item[0].lower())
    if descending:
        named.reverse()
    page = state.lists_by_id([list_id for list_id, _ in named[(number - 1) * size : number * size]])
    return _page_of(query, page, len(named))


def _page_of(query: Query, page: list[ListRecord], total: int) -> dict[str, Any]:
    entities = [
        view(r, include_size=query["includeSize"], include_import_status=query["includeImportStatus"]).dump()
        for r in page
    ]
    return page_envelope(
        entities,
        total=total,
        page_number=query["pageNumber"],
        page_size=query["pageSize"],
        path=CONTACT_LISTS_PATH,
        query=query.given,
    )
