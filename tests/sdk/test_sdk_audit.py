"""The strict reading catches each loss the SDK's lenient deserialiser would hide (no server needed)."""

from __future__ import annotations

import PureCloudPlatformClientV2 as sdk

from tests.sdk.audit import OUTDATED, audit, outdated_values

GOOD_LIST = {
    "id": "l1",
    "name": "n",
    "version": 2,
    "columnNames": ["phone"],
    "dateCreated": "2026-01-02T03:04:05.678Z",
    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
    "retentionType": "Never",
    "division": {"id": "d", "name": "Home", "selfUri": "/api/v2/authorization/divisions/d"},
}


def test_a_faithful_response_has_no_problems() -> None:
    assert audit(GOOD_LIST, "ContactList") == []
    assert audit([{"id": "c", "data": {"phone": "+1"}}], "list[DialerContact]") == []


def test_each_silent_loss_is_reported() -> None:
    bad = {
        **GOOD_LIST,
        "nmae": "typo",
        "version": "2",
        "retentionType": "Forever",
        "dateCreated": "yesterday",
        "phoneColumns": [{"columnName": "phone", "tpye": "cell"}],
        "columnNames": ["phone", 3],
    }
    assert sorted(audit(bad, "ContactList")) == sorted(
        [
            "$.version: int expected, got '2'",
            "$.dateCreated: not an ISO-8601 datetime: 'yesterday'",
            "$.columnNames[1]: str expected, got 3",
            "$.phoneColumns[0].tpye: ContactPhoneNumberColumn has no such field (the SDK drops it)",
            "$.retentionType: 'Forever' is not one of ContactList.retention_type's enum values",
            "$.nmae: ContactList has no such field (the SDK drops it)",
        ]
    )


def test_booleans_are_not_numbers_and_shapes_must_match() -> None:
    assert audit({"version": True}, "ContactList") == ["$.version: int expected, got True"]
    assert audit({"columnNames": "phone"}, "ContactList") == ["$.columnNames: list[str] expected, got str"]
    assert audit(["x"], "ContactList") == ["$: ContactList object expected, got list"]


def test_outdated_values_finds_the_marker_in_deserialised_models() -> None:
    contact_list = sdk.ContactList()
    contact_list.retention_type = "Forever"  # the SDK's setter stores the marker
    assert contact_list.retention_type == OUTDATED
    assert outdated_values(contact_list) == ["$.retention_type"]
    assert outdated_values([{"a": OUTDATED}]) == ["$[0].a"]
