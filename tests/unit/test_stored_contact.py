"""outbound.stored.StoredContact: contacts at rest are packed, and reading them gives back exactly what was stored."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mockserver.outbound.stored import StoredContact

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "data",
    [
        {"firstName": "Ann", "phone": "+13175550100", "empty": ""},
        {},
        {"only": ""},
        {"note": "a\x1fvalue holding the separator"},
        {"n": 3, "s": "x"},  # not all strings: kept as given
        {"é": "ünïcode", "emoji": "📞"},
    ],
)
def test_data_reads_back_exactly(data: dict[str, object]) -> None:
    contact = StoredContact("c-1", data, NOW)
    assert contact.data == data and list(contact.data) == list(data)


def test_data_is_a_copy_and_contacts_share_their_key_tuple() -> None:
    first = StoredContact("1", {"a": "x", "b": "y"}, NOW)
    second = StoredContact("2", {"a": "z", "b": "w"}, NOW)
    first.data["a"] = "changed"
    assert first.data == {"a": "x", "b": "y"}
    assert first._keys is second._keys  # one tuple for every contact with the same columns


def test_extra_defaults_to_one_shared_read_only_mapping() -> None:
    plain, other = StoredContact("1", {}, NOW), StoredContact("2", {}, NOW)
    assert plain.extra is other.extra and dict(plain.extra) == {}
    with pytest.raises(TypeError):
        plain.extra["callable"] = False  # type: ignore[index]
    flagged = StoredContact("3", {}, NOW, extra={"callable": False})
    assert flagged.extra == {"callable": False}


def test_equality_is_by_value() -> None:
    assert StoredContact("1", {"a": "x"}, NOW, True) == StoredContact("1", {"a": "x"}, NOW, True)
    assert StoredContact("1", {"a": "x"}, NOW) != StoredContact("1", {"a": "y"}, NOW)
