"""``GET /api/v2/externalcontacts/contacts``: search with ``q``, paging, ``sortOrder`` (facts §9.2).

Matching: ``q`` is split into whitespace-separated terms and every term must match the contact (AND). A term
matches when it is a case-insensitive substring of a name (first, middle, last), an e-mail or a phone as shown
(display, userInput, e164) — or, when the term is typed like a phone number (digits and ``+ ( ) - .``), when its
digits occur in a phone's digits (``5550100`` finds ``+1 555-010-0123``). A ``q`` that is typed like a phone
number as a whole (``+1 555 0100``) is one term.

Order: creation order, unless ``sortOrder`` names a field; then case-insensitive (``str.casefold``) ascending or
descending, contacts without the field last in both directions, ties in creation order (Python's stable sort).

Paging: only the first 1000 records are reachable (rule EXT-SEARCH-WINDOW). ``total`` is the true number of
matches and ``pageCount``/``lastUri``/``nextUri`` follow facts §4 from it, even past the window: a client that
walks pages must respect the window here exactly as against a real org.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from contracts.common import page_envelope
from contracts.externalcontacts import ExternalContact
from mockserver.core import rules
from mockserver.core.binding import Query
from mockserver.core.errors import ApiError, field_detail
from mockserver.core.phones import digits
from mockserver.externalcontacts.phones import PHONE_FIELDS
from mockserver.externalcontacts.service import parse_expand, view
from mockserver.externalcontacts.state import CONTACTS_PATH, all_contacts, contacts_by_ids
from mockserver.externalcontacts.validation import EMAIL_FIELDS
from mockserver.generic.validation import body_document

WINDOW = 1000
DEFAULT_PAGE_SIZE = 20
MAX_IDS = 100  # ContactSimpleSearch.ids: "up to 100" (SDK model description)
MAX_DIVISIONS = 50
SORT_FIELDS = {"firstName": "first_name", "lastName": "last_name", "middleName": "middle_name", "title": "title"}
_PHONE_CHARACTERS = frozenset("0123456789+()-. ")

Matcher = Callable[[ExternalContact], bool]


def search_contacts(query: Query, *, members: list[str] | None = None, path: str = CONTACTS_PATH) -> dict[str, Any]:
    """``GET …/contacts`` (every contact), or ``GET …/organizations/{id}/contacts`` (``members``: the ids of the
    organization's contacts, with that route's ``path``)."""
    return search_page(
        Search(
            size=query["pageSize"],
            number=query["pageNumber"],
            q=query["q"],
            sort=[query["sortOrder"]] if query["sortOrder"] is not None else [],
            divisions=query.get("divisionIds") or [],
            expand=query["expand"],
            members=members,
        ),
        path=path,
        given=query.given,
    )


@dataclass(frozen=True)
class Search:
    """One search, whichever route asked for it: the query string of the GET routes or the POST search's body."""

    size: int
    number: int
    q: str | None = None
    sort: list[str] = field(default_factory=list)
    divisions: list[str] = field(default_factory=list)
    expand: list[str] | None = None
    members: list[str] | None = None  # only these contact ids (an organization's, or simpleSearch ``ids``)


def search_page(search: Search, *, path: str, given: dict[str, Any]) -> dict[str, Any]:
    """One page of the matching contacts as a ``ContactListing``; the window, sort and division rules first."""
    size, number = search.size, search.number
    _check_window(size, number)
    orders = [order for order in (_sort_order(value) for value in search.sort) if order is not None]
    rules.check(
        len(search.divisions) > MAX_DIVISIONS,
        "EXT-SEARCH-DIVISIONS",
        {"value": len(search.divisions), "parameter": "divisionIds", "allowed": f"at most {MAX_DIVISIONS} ids"},
        field_name="divisionIds",
    )
    expand = parse_expand(search.expand)
    matches = _matcher(search.q)
    divisions = search.divisions
    candidates = all_contacts() if search.members is None else _contacts(search.members)
    found = [c for c in candidates if (not divisions or (c.division and c.division.id in divisions)) and matches(c)]
    for attribute, descending in reversed(orders):  # stable sorts, the last key first: the first key wins
        found = _sorted(found, attribute, descending)
    page = [view(c, expand).dump() for c in found[(number - 1) * size : number * size]]
    envelope = page_envelope(page, total=len(found), page_number=number, page_size=size, path=path, query=given)
    envelope["partialResults"] = False
    return envelope


def _contacts(ids: list[str]) -> list[ExternalContact]:
    """The stored contacts of ``ids``, in that order, each once (unknown ids are no match)."""
    return [c for c in contacts_by_ids(list(dict.fromkeys(ids))) if c is not None]


def post_search(body: Any) -> dict[str, Any]:
    """``POST …/contacts/search``: a ``ContactSearchRequest`` (``operation.simpleSearch`` with ``query``,
    ``sortOrder[]`` and up to 100 ``ids``), answered as the GET search answers its query string."""
    data = body_document(body)
    simple = (data.get("operation") or {}).get("simpleSearch") or {}
    size, number = data.get("pageSize", DEFAULT_PAGE_SIZE), data.get("pageNumber", 1)
    for name, value in (("pageSize", size), ("pageNumber", number)):
        if value < 1:
            raise ApiError(400, "invalid.value", details=[field_detail(name, "invalid.value")])
    ids = simple.get("ids")
    rules.check(
        ids is not None and len(ids) > MAX_IDS,
        "EXT-SEARCH-IDS",
        {"field": "operation.simpleSearch.ids", "max": MAX_IDS},
        field_name="operation.simpleSearch.ids",
    )
    search = Search(
        size=size,
        number=number,
        q=simple.get("query"),
        sort=simple.get("sortOrder") or [],
        divisions=data.get("divisionIds") or [],
        expand=data.get("expand"),
        members=ids,
    )
    return search_page(search, path=CONTACTS_PATH + "/search", given={})


def _check_window(size: int, number: int) -> None:
    """pageNumber x pageSize <= 1000; the error names pageSize when it alone is too large."""
    parameter, value = ("pageSize", size) if size > WINDOW else ("pageNumber", number)
    rules.check(
        size * number > WINDOW, "EXT-SEARCH-WINDOW", {"value": value, "parameter": parameter}, field_name=parameter
    )


def _sort_order(value: str | None) -> tuple[str, bool] | None:
    """``firstName:asc`` -> (attribute, descending); anything else is rule EXT-SEARCH-SORT."""
    if value is None:
        return None
    name, _, direction = value.partition(":")
    valid = name in SORT_FIELDS and direction in ("asc", "desc")
    if not valid:
        allowed = ", ".join(f"{field}:asc|desc" for field in SORT_FIELDS)
        rules.check(
            True,
            "EXT-SEARCH-SORT",
            {"value": value, "parameter": "sortOrder", "allowed": allowed},
            field_name="sortOrder",
        )
        return None  # the rule is switched off: an unknown order is ignored
    return SORT_FIELDS[name], direction == "desc"


def _sorted(contacts: list[ExternalContact], attribute: str, descending: bool) -> list[ExternalContact]:
    present = [c for c in contacts if getattr(c, attribute)]
    missing = [c for c in contacts if not getattr(c, attribute)]
    present.sort(key=lambda c: getattr(c, attribute).casefold(), reverse=descending)
    return present + missing


def _matcher(q: str | None) -> Matcher:
    text = (q or "").strip()
    if not text:
        return lambda contact: True
    terms = [text] if _phone_like(text) else text.split()
    return lambda contact: all(_term_matches(term, contact) for term in terms)


def _term_matches(term: str, contact: ExternalContact) -> bool:
    wanted = term.casefold()
    if any(wanted in value.casefold() for value in _texts(contact)):
        return True
    if _phone_like(term):
        number = digits(term)
        return any(number in digits(value) for value in _phone_texts(contact))
    return False


def _phone_like(text: str) -> bool:
    """Typed like a phone number: only digits and ``+ ( ) - .`` and blanks, with at least one digit."""
    return set(text) <= _PHONE_CHARACTERS and any(ch.isdigit() for ch in text)


def _texts(contact: ExternalContact) -> list[str]:
    names = [contact.first_name, contact.middle_name, contact.last_name]
    emails = [getattr(contact, attribute) for attribute in EMAIL_FIELDS]
    return [value for value in names + emails if value] + _phone_texts(contact)


def _phone_texts(contact: ExternalContact) -> list[str]:
    texts: list[str] = []
    for attribute in PHONE_FIELDS:
        phone = getattr(contact, attribute)
        if phone is not None:
            texts += [value for value in (phone.display, phone.user_input, phone.e164) if value]
    return texts
