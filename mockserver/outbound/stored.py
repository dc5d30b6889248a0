"""``StoredContact``: one contact at rest, packed, because a list may hold a million of them (issue 8).

A plain record holding a dict of its data cost ~780 bytes per contact for a ~70-byte CSV row: the dict (~270)
and one string object per value (~370) dominated. Here the values are joined into one string and the keys are a
tuple shared by every contact with the same columns, which brings a contact to ~330 bytes. ``data`` rebuilds the
dict on each read (readers take it once per contact: a search test, an export row, a response).

A stored contact is a value (mockserver/state/backend.py): nothing changes it once it is stored; an upsert builds
the next version with :meth:`StoredContact.replaced`, which shares the packed data. :data:`CONTACT_CODEC` is its
JSON form for a backend outside the process: a short list ``[id, data, dateCreated, priority(, extra)]``.
"""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping

from mockserver.state import Codec

_SEPARATOR = "\x1f"  # the ASCII unit separator: values that contain it are kept as a plain dict instead
_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})
# Interned key tuples: contacts of one list share one tuple. Bounded in practice by the lists' column sets.
_KEY_TUPLES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _pack(data: Mapping[str, Any]) -> tuple[tuple[str, ...] | None, Any]:
    values = tuple(data.values())
    if not all(type(value) is str and _SEPARATOR not in value for value in values):
        return None, dict(data)  # a value the packing cannot hold as such: keep the dict
    keys = tuple(data)
    return _KEY_TUPLES.setdefault(keys, keys), _SEPARATOR.join(values)


class StoredContact:
    """One contact: its id, data, creation instant and the writable extras (``extra``, JSON by alias, e.g.
    ``callable``); ``priority`` is ``configurationOverrides.priority``."""

    __slots__ = ("id", "_keys", "_values", "date_created", "priority", "extra")

    def __init__(
        self,
        id: str,
        data: Mapping[str, Any],
        date_created: datetime,
        priority: bool = False,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.id = id
        self._keys, self._values = _pack(data)
        self.date_created = date_created
        self.priority = priority
        self.extra: Mapping[str, Any] = extra if extra else _NO_EXTRA  # one shared empty mapping, read-only

    def replaced(self, *, date_created: datetime, priority: bool, extra: Mapping[str, Any]) -> "StoredContact":
        """The same contact data with other server fields (an upsert over a stored contact): a new record."""
        contact = StoredContact.__new__(StoredContact)
        contact.id, contact._keys, contact._values = self.id, self._keys, self._values
        contact.date_created, contact.priority = date_created, priority
        contact.extra = extra if extra else _NO_EXTRA
        return contact

    @property
    def data(self) -> dict[str, str]:
        """A fresh dict of the contact's data (changing it changes nothing stored)."""
        keys = self._keys
        if keys is None:
            return dict(self._values)
        return dict(zip(keys, self._values.split(_SEPARATOR)))

    def _fields(self) -> tuple[Any, ...]:
        return self.id, self.data, self.date_created, self.priority, dict(self.extra)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredContact) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # compared by value; not a dict key

    def __repr__(self) -> str:
        return (
            f"StoredContact(id={self.id!r}, data={self.data!r}, date_created={self.date_created!r}, "
            f"priority={self.priority!r}, extra={dict(self.extra)!r})"
        )


def _dump(contact: StoredContact) -> list[Any]:
    row: list[Any] = [contact.id, contact.data, contact.date_created.isoformat(), contact.priority]
    if contact.extra:
        row.append(dict(contact.extra))
    return row


def _load(row: list[Any]) -> StoredContact:
    extra = row[4] if len(row) > 4 else None
    return StoredContact(row[0], row[1], datetime.fromisoformat(row[2]), row[3], extra)


CONTACT_CODEC: Codec[StoredContact] = Codec(_dump, _load)
"""A contact as ``[id, data, dateCreated (ISO 8601), priority]`` plus its extras when it has any."""
