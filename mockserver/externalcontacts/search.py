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

from typing import Any, Callable

from contracts.common import page_envelope
from contracts.externalcontacts import ExternalContact
from mockserver.core import rules
from mockserver.core.binding import Query
from mockserver.core.phones import digits
from mockserver.externalcontacts.phones import PHONE_FIELDS
from mockserver.externalcontacts.service import parse_expand, view
from mockserver.externalcontacts.state import CONTACTS_PATH, all_contacts
from mockserver.externalcontacts.validation import EMAIL_FIELDS

WINDOW = 1000
MAX_DIVISIONS = 50
SORT_FIELDS = {"firstName": "first_name", "lastName": "last_name", "middleName": "middle_name", "title": "title"}
_PHONE_CHARACTERS = frozenset("0123456789+()-. ")

Matcher = Callable[[ExternalContact], bool]


def search_contacts(query: Query) -> dict[str, Any]:
    size, number = query["pageSize"], query["pageNumber"]
    _check_window(size, number)
    sort = _sort_order(query["sortOrder"])
    divisions = query["divisionIds"] or []
    rules.check(len(divisions) > MAX_DIVISIONS, "EXT-SEARCH-DIVISIONS",
                {"value": len(divisions), "parameter": "divisionIds", "allowed": f"at most {MAX_DIVISIONS} ids"},
                field_name="divisionIds")
    expand = parse_expand(query["expand"])
    matches = _matcher(query["q"])
    found = [c for c in all_contacts()
             if (not divisions or (c.division and c.division.id in divisions)) and matches(c)]
    if sort is not None:
        found = _sorted(found, *sort)
    page = [view(c, expand).dump() for c in found[(number - 1) * size: number * size]]
    envelope = page_envelope(page, total=len(found), page_number=number, page_size=size, path=CONTACTS_PATH,
                             query=query.given)
    envelope["partialResults"] = False
    return envelope


def _check_window(size: int, number: int) -> None:
    """pageNumber x pageSize <= 1000; the error names pageSize when it alone is too large."""
    parameter, value = ("pageSize", size) if size > WINDOW else ("pageNumber", number)
    rules.check(size * number > WINDOW, "EXT-SEARCH-WINDOW", {"value": value, "parameter": parameter},
                field_name=parameter)


def _sort_order(value: str | None) -> tuple[str, bool] | None:
    """``firstName:asc`` -> (attribute, descending); anything else is rule EXT-SEARCH-SORT."""
    if value is None:
        return None
    name, _, direction = value.partition(":")
    valid = name in SORT_FIELDS and direction in ("asc", "desc")
    if not valid:
        allowed = ", ".join(f"{field}:asc|desc" for field in SORT_FIELDS)
        rules.check(True, "EXT-SEARCH-SORT", {"value": value, "parameter": "sortOrder", "allowed": allowed},
                    field_name="sortOrder")
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
