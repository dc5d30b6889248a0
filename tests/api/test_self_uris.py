"""A ``selfUri`` built from a client-chosen id is still a URI reference (issue 12, item 4).

The served document declares ``selfUri`` ``format: uri-reference`` (the vendor's ``uri``, relative as the real API
sends it); a queue id or division id sent by a client may hold any character, so each id is percent-encoded as
one path segment. Found by the contract suite once the document carried the vendor's formats.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import get_token

_ODD_ID = "q ü/1?x"


def _is_uri_reference(value: str) -> bool:
    """The check schemathesis applies to responses (``jsonschema`` alone skips ``uri-reference`` without extras)."""
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # schemathesis' validator, a test dependency
    schema = {"type": "string", "format": "uri-reference"}
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True).is_valid(value)


def test_the_checker_refuses_a_raw_id() -> None:
    assert not _is_uri_reference(f"/api/v2/routing/queues/{_ODD_ID}\u00b6")


def test_a_queue_reference_with_an_odd_id(client: FlaskClient, user_auth: dict[str, str]) -> None:
    created = client.post(
        "/api/v2/conversations/calls",
        headers=user_auth,
        json={"phoneNumber": "tel:+15551234567", "callFromQueueId": _ODD_ID},
    )
    assert created.status_code == 200, created.get_json()
    call: dict[str, Any] = client.get(
        f"/api/v2/conversations/calls/{created.get_json()['id']}", headers=user_auth
    ).get_json()
    queue = next(p["queue"] for p in call["participants"] if "queue" in p)
    assert queue == {"id": _ODD_ID, "selfUri": "/api/v2/routing/queues/q%20%C3%BC%2F1%3Fx"}
    assert _is_uri_reference(queue["selfUri"])


def test_a_division_reference_with_an_odd_id(client: FlaskClient, auth: dict[str, str]) -> None:
    created = client.post(
        "/api/v2/externalcontacts/contacts", headers=auth, json={"firstName": "Ada", "division": {"id": _ODD_ID}}
    )
    assert created.status_code == 200, created.get_json()
    division = created.get_json()["division"]
    assert division["selfUri"] == "/api/v2/authorization/divisions/q%20%C3%BC%2F1%3Fx"
    assert _is_uri_reference(division["selfUri"])


def test_source_and_organisation_references_with_odd_ids(make_app: Any) -> None:
    # EXT-ORG-UNKNOWN off: an organization's id is the server's UUID, so only a reference to none can be odd
    client = make_app(rules={"EXT-ORG-UNKNOWN": False}).test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    created = client.post(
        "/api/v2/externalcontacts/contacts",
        headers=auth,
        json={
            "firstName": "Ada",
            "externalOrganization": {"id": _ODD_ID},
            "externalIds": [{"externalSource": {"id": _ODD_ID}, "value": "crm-1"}],
        },
    )
    assert created.status_code == 200, created.get_json()
    contact = created.get_json()
    uris = [contact["externalIds"][0]["externalSource"]["selfUri"], contact["externalOrganization"]["selfUri"]]
    assert uris == [
        "/api/v2/externalcontacts/externalsources/q%20%C3%BC%2F1%3Fx",
        "/api/v2/externalcontacts/organizations/q%20%C3%BC%2F1%3Fx",
    ]
    assert all(_is_uri_reference(uri) for uri in uris)
