"""Field filters of ``GET /api/v2/outbound/contactlists`` (facts §5.2, SDK v269).

SDK v269 documents the route as "Any ContactList field can be used as a query parameter to filter results.
Multiple values can be specified for a field, and filter type prefixes can be used inline. Example:
dateCreated=greaterthan:2025-01-01T00:00:00.000Z&dateCreated=lessthan:2027-01-01T00:00:00.000Z" (docstring of
``get_outbound_contactlists``). The SDK itself only names ``timeZone`` and ``dateExpiration``; a mock that ignored
the other fields would hand back lists the caller filtered out. So every scalar ``ContactList`` field that is not
already a declared parameter (``name``, ``id``, ``divisionId`` keep their own meaning) is a filter: a value is
``[<filter type>:]<value>``, the filter types being the route's ``filterType`` values in lower case (``equals``,
``lessthan``, ``greaterthanequalto``, ``contains``, ``beginswith`` …); no prefix means equality, and every value
given must hold, so two values express a range. Values are compared as the field's type (date-times as instants,
numbers as numbers, booleans, strings case-insensitively); a value that is not of that type is a 400
``invalid.query.param.value``, as the declared ``dateExpiration`` always was. ``timeZone`` is an exact IANA name.
``size`` (the number of contacts, shown only with ``includeSize``) is a ContactList field too, so it filters
whether or not the answer shows it, as ``sortBy=size`` sorts.
"""

from __future__ import annotations

import operator
import re
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from contracts.outbound import ContactList
from mockserver.core.binding import Query
from mockserver.core.errors import ApiError

ListFilter = Callable[[ContactList], bool]
SizedListFilter = Callable[[ContactList, int], bool]
Compare = Callable[[Any, Any], bool]

_ORDERED: dict[str, Compare] = {
    "equals": operator.eq,
    "lessthan": operator.lt,
    "lessthanequalto": operator.le,
    "greaterthan": operator.gt,
    "greaterthanequalto": operator.ge,
}
_TEXT: dict[str, Compare] = {
    "contains": lambda value, wanted: wanted in value,
    "prefix": str.startswith,
    "beginswith": str.startswith,
    "endswith": str.endswith,
    "regex": lambda value, pattern: pattern.search(value) is not None,
}
_KINDS: dict[str, str] = {
    # JSON name -> how its values compare; the declared parameters name, id, divisionId, timeZone are not here.
    "dateCreated": "datetime",
    "dateModified": "datetime",
    "dateExpiration": "datetime",
    "version": "integer",
    "retentionDays": "integer",
    "size": "integer",
    "automaticTimeZoneMapping": "boolean",
    "trimWhitespace": "boolean",
    "retentionType": "string",
    "previewModeColumnName": "string",
    "zipCodeColumnName": "string",
    "selfUri": "string",
}
FILTER_FIELDS = tuple(_KINDS)
"""The ContactList fields that filter the listing through their own query parameter."""


def ANY_LIST(_list: ContactList) -> bool:
    """The filter of a request that filters nothing (the listing then needs no list read: lists.py)."""
    return True


def ANY_SIZED(_list: ContactList, _size: int) -> bool:
    """The field filter of a request that has none."""
    return True


def time_zone_filter(query: Query) -> ListFilter:
    wanted = query["timeZone"]
    if not wanted:
        return ANY_LIST
    return lambda contact_list: contact_list.time_zone == wanted


def field_filters(query: Query) -> SizedListFilter:
    """One filter for every field filter in the request (``dateExpiration`` is declared, the others are not);
    it takes a list and its size (its number of contacts)."""
    values: dict[str, list[str]] = {"dateExpiration": list(query["dateExpiration"] or [])}
    for name, given in query.undeclared.items():
        if name in _KINDS:
            values.setdefault(name, []).extend(given)
    conditions = [(name, _condition(name, value)) for name, given in values.items() for value in given]
    if not conditions:
        return ANY_SIZED
    return lambda contact_list, size: _holds({**contact_list.dump(), "size": size}, conditions)


def _holds(shown: dict[str, Any], conditions: Iterable[tuple[str, tuple[Compare, Any, str]]]) -> bool:
    for name, (compare, wanted, kind) in conditions:
        value = shown.get(name)
        if value is None:  # a list without the field (e.g. one that never expires) is outside any condition
            return False
        if not compare(_typed(value, kind), wanted):
            return False
    return True


def _typed(value: Any, kind: str) -> Any:
    if kind == "datetime":
        return _utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    if kind == "string":
        return str(value).lower()
    return value


def _condition(name: str, value: str) -> tuple[Compare, Any, str]:
    kind = _KINDS[name]
    prefix, separator, rest = value.partition(":")
    key = prefix.lower()
    known = key in _ORDERED or (kind == "string" and key in _TEXT)
    compare = (_ORDERED.get(key) or _TEXT.get(key)) if separator and known else None
    text = rest if compare is not None else value
    return compare or operator.eq, _wanted(name, kind, text, value, key), kind


def _wanted(name: str, kind: str, text: str, value: str, key: str) -> Any:
    try:
        if kind == "datetime":
            return _utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
        if kind == "integer":
            return int(text)
        if kind == "boolean":
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            return text.lower() == "true"
        if key == "regex":
            return re.compile(text, re.IGNORECASE)
        return text.lower()
    except (ValueError, re.error):
        raise ApiError(
            400, "invalid.query.param.value", params={"value": value, "parameter": name, "allowed": _allowed(kind)}
        ) from None


def _allowed(kind: str) -> str:
    what = {"datetime": "an ISO-8601 date-time", "integer": "an integer", "boolean": "true or false"}[kind]
    return f"{what}, optionally prefixed by one of {', '.join(p + ':' for p in _ORDERED)}"


def _utc(moment: datetime) -> datetime:
    """Naive date-times are UTC, as the API's own (``Z``) are."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
