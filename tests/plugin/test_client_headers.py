"""``ClientConfig.extra_headers``: how ``genesys_client`` sends ``X-Mock-Tenant`` on every request."""

from __future__ import annotations

import httpx

from clients.genesys_client import ClientConfig, GenesysClient


def test_extra_headers_go_with_token_and_api_requests() -> None:
    seen: list[tuple[str, str | None]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("X-Mock-Tenant")))
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t", "token_type": "bearer", "expires_in": 3600})
        return httpx.Response(200, json={"entities": [], "pageSize": 25, "pageNumber": 1, "total": 0, "pageCount": 0})

    config = ClientConfig.build(
        client_id="id", client_secret="s", base_url="http://mock", extra_headers={"X-Mock-Tenant": "t1"}, environ={}
    )
    with GenesysClient(config, transport=httpx.MockTransport(answer)) as client:
        client.outbound.list_contact_lists()

    assert seen == [("/oauth/token", "t1"), ("/api/v2/outbound/contactlists", "t1")]


def test_no_extra_headers_by_default() -> None:
    config = ClientConfig.build(client_id="id", client_secret="s", base_url="http://mock", environ={})
    assert config.extra_headers == {}
    assert {config}  # still hashable (usable as a key), as before the field existed
