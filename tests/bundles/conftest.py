"""A mock with one recorded failing exchange: a contact list whose email column is not among its columns."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import get_token

SECRETS = ("mock-client-secret", "mock-password")
BAD_LIST = {
    "name": "Spring",
    "columnNames": ["phone"],
    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
    "emailColumns": [{"columnName": "mail", "type": "work"}],
}
GOOD_LIST = {"name": "Summer", "columnNames": ["phone"], "phoneColumns": [{"columnName": "phone", "type": "cell"}]}


@dataclass
class Recorded:
    client: FlaskClient
    token: str
    correlation_id: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def unzip(data: bytes) -> dict[str, bytes]:
    """File name (without the top folder) -> content."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def assert_no_secret(files: dict[str, bytes], *extra: str) -> None:
    for name, content in files.items():
        text = content.decode("utf-8", errors="replace")
        for secret in (*SECRETS, *extra):
            assert secret not in text, f"{secret!r} leaked into {name}"


def post_bad_list(client: FlaskClient, auth: dict[str, str], **kwargs: Any) -> str:
    response = client.post("/api/v2/outbound/contactlists", json=BAD_LIST, headers=auth, **kwargs)
    assert response.status_code == 400 and response.get_json()["code"] == "invalid.value", response.get_json()
    return response.headers["ININ-Correlation-Id"]


@pytest.fixture
def recorded(client: FlaskClient) -> Recorded:
    token = get_token(client)
    auth = {"Authorization": f"Bearer {token}"}
    return Recorded(client, token, post_bad_list(client, auth))
