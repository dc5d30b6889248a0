"""The few HTTP calls the scenarios make against a served mock, over one keep-alive connection each."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

CLIENT = ("mock-client-id", "mock-client-secret")
LISTS = "/api/v2/outbound/contactlists"
COLUMNS = ["phone", "firstName", "lastName", "email", "city", "note"]


def list_body(name: str | None = None) -> dict[str, Any]:
    """The validated POST of the benchmark: a list with a phone column, the same payload everywhere."""
    return {
        "name": name or f"bench-{uuid.uuid4()}",
        "columnNames": COLUMNS,
        "phoneColumns": [{"columnName": "phone", "type": "cell"}],
    }


def contact_batch(start: int, count: int) -> bytes:
    """``count`` contacts as a POST body, each with distinct data (numbered from ``start``)."""
    return json.dumps(
        [
            {
                "data": {
                    "phone": f"+1317555{(start + i) % 10000:04d}",
                    "firstName": f"First{start + i}",
                    "lastName": f"Last{(start + i) % 977}",
                    "email": f"user{start + i}@example.com",
                    "city": ("Indianapolis", "Denver", "Austin", "Boston")[(start + i) % 4],
                    "note": "bench",
                }
            }
            for i in range(count)
        ]
    ).encode()


def token(base_url: str) -> str:
    with httpx.Client(base_url=base_url, trust_env=False) as client:
        response = client.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=CLIENT)
        response.raise_for_status()
        return str(response.json()["access_token"])


@dataclass
class Session:
    """An authenticated client of one served mock."""

    base_url: str
    client: httpx.Client

    @classmethod
    def open(cls, base_url: str) -> "Session":
        headers = {"Authorization": f"Bearer {token(base_url)}"}
        return cls(base_url, httpx.Client(base_url=base_url, headers=headers, trust_env=False, timeout=300))

    @property
    def token(self) -> str:
        """The bearer token the session logged in with."""
        return str(self.client.headers["Authorization"]).split()[1]

    def create_list(self) -> str:
        response = self.client.post(LISTS, json=list_body())
        response.raise_for_status()
        return str(response.json()["id"])

    def close(self) -> None:
        self.client.close()
