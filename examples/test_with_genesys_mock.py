"""Testing your own Genesys Cloud code against genesys-cloud-mock with its pytest plugin.

Installing genesys-cloud-mock from its clone (``pip install -e /path/to/clone``; it is not on PyPI) is all the
set-up: the plugin registers itself (entry point ``pytest11``) and brings the fixtures used below. Run this file with ``python -m pytest examples/test_with_genesys_mock.py``.

* ``genesys_mock_server``: a real mock on a free port of 127.0.0.1 (one per session), isolated per test by a
  tenant of its own; ``.url``, ``.tenant`` and ``.admin`` (journal, faults, reset, state).
* ``genesys_client``: the reference client, already pointed at that server and tenant.
* ``genesys_faults`` and ``@pytest.mark.genesys_fault(...)``: make the mock fail on purpose.
* ``genesys_mock_app``: a fresh in-process Flask app, for tests that need no socket.
"""

from __future__ import annotations

import pytest

from clients.genesys_client import GenesysApiError, GenesysClient

CONTACT_LIST = {
    "name": "Spring campaign",
    "columnNames": ["firstName", "phone"],
    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
}


def create_campaign_list(client: GenesysClient, name: str) -> str:
    """The code under test: create a contact list and return its id."""
    return client.outbound.create_contact_list({**CONTACT_LIST, "name": name}).id


def test_creates_a_contact_list(genesys_client, genesys_mock_server):
    list_id = create_campaign_list(genesys_client, "Spring campaign")

    assert genesys_client.outbound.get_contact_list(list_id).name == "Spring campaign"
    # The request journal shows what your code really sent.
    assert genesys_mock_server.admin.verify(method="POST", path="/api/v2/outbound/contactlists", status=200) == 1


def test_each_test_starts_empty(genesys_client):
    # Tests never see each other's data: each has its own tenant on the shared server.
    assert genesys_client.outbound.list_contact_lists().total == 0


def test_a_mistake_is_rejected_as_the_real_api_would(genesys_client):
    # An email column must be one of columnNames; the mock says which rule caught it (X-Mock-Rule).
    with pytest.raises(GenesysApiError) as error:
        genesys_client.outbound.create_contact_list(
            {**CONTACT_LIST, "emailColumns": [{"columnName": "email", "type": "work"}]}
        )

    assert (error.value.status, error.value.code) == (400, "invalid.value")
    assert error.value.rule == "OUT-LIST-EMAIL-COLUMN-UNKNOWN"


@pytest.mark.genesys_fault(method="GET", path="/api/v2/outbound/contactlists", status=503, times=1)
def test_a_passing_outage_is_retried(genesys_client, genesys_mock_server):
    assert genesys_client.outbound.list_contact_lists().total == 0  # succeeded after one retry

    journal = genesys_mock_server.admin.requests(method="GET", path="/api/v2/outbound/contactlists")
    assert [entry["response"]["status"] for entry in journal] == [503, 200]


def test_a_lasting_outage_surfaces_as_an_error(genesys_client, genesys_faults):
    genesys_faults(method="POST", path="/api/v2/outbound/contactlists", status=500, code="internal.server.error")

    with pytest.raises(GenesysApiError) as error:
        create_campaign_list(genesys_client, "Spring campaign")

    assert error.value.status == 500


def test_without_a_socket(genesys_mock_app):
    client = genesys_mock_app.test_client()
    token = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("mock-client-id", "mock-client-secret")
    ).get_json()["access_token"]

    response = client.get("/api/v2/outbound/contactlists", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
