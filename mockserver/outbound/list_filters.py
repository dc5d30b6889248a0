"""The ``timeZone`` and ``dateExpiration`` filters of ``GET /api/v2/outbound/contactlists`` (facts §5.2, SDK v269).

The official SDK sends both (``get_outbound_contactlists(time_zone=…, date_expiration=[…])``); a mock that ignored
them would hand back lists the caller filtered out. ``dateExpiration`` values carry an inline filter prefix
(``greaterthan:2030-01-01T00:00:00Z``, facts §5.2); a value without a prefix means equality, and every value given
must hold, so two values express a range.
"""

from __future__ import annotations

import operator
from datetime import datetime, timezone
from typing import Callable

from contracts.outbound import ContactList
from mockserver.core.binding import Query
from mockserver.core.errors import ApiError

ListFilter = Callable[[ContactList], bool]

_DATE_COMPARATORS: dict[str, Callable[[datetime, datetime], bool]] = {
    "equals": operator.eq,
    "lessthan": operator.lt,
    "lessthanequalto": operator.le,
    "greaterthan": operator.gt,
    "greaterthanequalto": operator.ge,
}
_ALLOWED = f"an ISO-8601 date-time, optionally prefixed by one of {', '.join(p + ':' for p in _DATE_COMPARATORS)}"


def time_zone_filter(query: Query) -> ListFilter:
    wanted = query["timeZone"]
    if not wanted:
        return lambda _: True
    return lambda contact_list: contact_list.time_zone == wanted


def date_expiration_filter(query: Query) -> ListFilter:
    conditions = [_date_condition(value) for value in query["dateExpiration"] or []]
    if not conditions:
        return lambda _: True

    def matches(contact_list: ContactList) -> bool:
        expires = contact_list.date_expiration
        if expires is None:  # a list that never expires is outside any date range
            return False
        expires = _utc(expires)
        return all(compare(expires, moment) for compare, moment in conditions)

    return matches


def _date_condition(value: str) -> tuple[Callable[[datetime, datetime], bool], datetime]:
    prefix, _, rest = value.partition(":")
    compare = _DATE_COMPARATORS.get(prefix.lower())
    text = rest if compare is not None else value
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, "invalid.query.param.value",
                       params={"value": value, "parameter": "dateExpiration", "allowed": _ALLOWED}) from None
    return compare or operator.eq, _utc(moment)


def _utc(moment: datetime) -> datetime:
    """Naive date-times are UTC, as the API's own (``Z``) are."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
