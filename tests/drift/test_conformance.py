"""Schema conformance of a real org's answers: the vendor's fields are not drift, the vendor's rules still are.

The served document's response schemas are the vendor's models (issue 12, item 4): every vendor property, open to
properties added later, ``required`` as the vendor says, no ``null``. A real answer that carries what the mock
never sends must read ``ok``.
"""

from __future__ import annotations

from typing import Any

from mockserver.drift.conformance import Conformance

_ID = "5c8b0e3e-7b5d-4b53-9d3c-2f1f9c1a0001"


def _real_conversation() -> dict[str, Any]:
    """A conversation as a real org answers it, with vendor fields the mock does not model."""
    leg = {
        "state": "connected",
        "id": _ID,
        "direction": "outbound",
        "recording": False,
        "muted": False,
        "held": False,
        "disposition": {"name": "Live Voice", "analyzer": "disabled"},
        "recordersState": {"adhocState": "NONE"},
        "faxStatus": {"activePage": 0},
        "queueMediaSettings": {"call": {"alertingTimeoutSeconds": 8}},
    }
    participant = {
        "id": _ID,
        "startTime": "2026-01-05T10:00:00.000Z",
        "purpose": "customer",
        "calls": [leg],
        "callbacks": [],
        "chats": [],
        "emails": [],
        "messages": [],
        "screenshares": [],
        "socialExpressions": [],
        "videos": [],
        "evaluations": [],
    }
    return {
        "id": _ID,
        "startTime": "2026-01-05T10:00:00.000Z",
        "participants": [participant],
        "recordingState": "NONE",
        "divisions": [],
        "selfUri": f"/api/v2/conversations/{_ID}",
    }


def test_vendor_fields_the_mock_does_not_model_are_not_drift() -> None:
    body = _real_conversation()
    assert Conformance().check("GET", f"/api/v2/conversations/{_ID}", 200, "application/json", body) == "ok"


def test_a_property_the_vendor_adds_later_is_not_drift() -> None:
    body = _real_conversation()
    body["aNewVendorProperty"] = {"since": "a later release"}
    body["participants"][0]["anotherNewOne"] = True
    assert Conformance().check("GET", f"/api/v2/conversations/{_ID}", 200, "application/json", body) == "ok"


def test_what_the_vendor_forbids_is_still_drift() -> None:
    conformance = Conformance()
    missing = {"state": "IN_PROGRESS", "completedRecords": 0, "percentComplete": 0}  # totalRecords required
    verdict = conformance.check(
        "GET", f"/api/v2/outbound/contactlists/{_ID}/importstatus", 200, "application/json", missing
    )
    assert "totalRecords" in verdict
    null = {**_real_conversation(), "address": None}  # the real API omits absent properties, never null
    verdict = conformance.check("GET", f"/api/v2/conversations/{_ID}", 200, "application/json", null)
    assert verdict.startswith("address:")
    wrong_enum = {**_real_conversation(), "recordingState": "active"}  # upper-case on Conversation
    assert conformance.check("GET", f"/api/v2/conversations/{_ID}", 200, "application/json", wrong_enum) != "ok"
