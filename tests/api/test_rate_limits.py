"""Per-token rate windows with the Genesys headers (issue 2, bullet 5; facts §3)."""

from __future__ import annotations

import re

from tests.conftest import assert_error, get_token

LISTS = "/api/v2/outbound/contactlists"


def _client_with_limit(make_app, **overrides):
    app = make_app(rate_limit={"requests": 3, "window_seconds": 60}, **overrides)
    client = app.test_client()
    return client, {"Authorization": f"Bearer {get_token(client)}"}


def test_headers_on_every_authenticated_response(make_app) -> None:
    client, auth = _client_with_limit(make_app)
    counts = []
    # Errors of authenticated requests count and carry the headers too (the third request is a 404).
    for path, status in ((LISTS, 200), (LISTS, 200), ("/api/v2/nothing/here", 404)):
        response = client.get(path, headers=auth)
        assert response.status_code == status
        assert response.headers["inin-ratelimit-allowed"] == "3"
        assert 1 <= int(response.headers["inin-ratelimit-reset"]) <= 60
        counts.append(response.headers["inin-ratelimit-count"])
    assert counts == ["1", "2", "3"]


def test_over_the_limit_is_429_with_retry_after(make_app) -> None:
    client, auth = _client_with_limit(make_app)
    for _ in range(3):
        assert client.get(LISTS, headers=auth).status_code == 200
    response = client.get(LISTS, headers=auth)
    body = assert_error(response, 429, "too.many.requests.retry.after")
    retry_after = response.headers["Retry-After"]
    assert re.fullmatch(r"\d+", retry_after) and 1 <= int(retry_after) <= 60
    assert body["message"] == f"Rate limit exceeded the maximum. Retry the request in [{retry_after}] seconds"
    assert body["messageWithParams"] == "Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds"
    assert response.headers["inin-ratelimit-allowed"] == "3"


def test_windows_are_per_token(make_app) -> None:
    client, auth = _client_with_limit(make_app)
    for _ in range(4):
        client.get(LISTS, headers=auth)
    other = {"Authorization": f"Bearer {get_token(client)}"}
    response = client.get(LISTS, headers=other)
    assert response.status_code == 200 and response.headers["inin-ratelimit-count"] == "1"


def test_unauthenticated_and_admin_requests_are_not_counted(make_app) -> None:
    client, auth = _client_with_limit(make_app)
    for _ in range(5):
        client.get(LISTS)
        client.get("/__mock/health")
    assert client.get(LISTS, headers=auth).headers["inin-ratelimit-count"] == "1"
    assert "inin-ratelimit-count" not in client.get("/__mock/health").headers


def test_per_operation_override(make_app, contact_list_body: dict) -> None:
    client, auth = _client_with_limit(
        make_app, rate_limit_overrides={"postOutboundContactlists": {"requests": 1, "window_seconds": 30}}
    )
    client_app = client.application
    assert client_app.config["MOCK_SETTINGS"].rate_limit.requests == 3
    assert client.post(LISTS, json=contact_list_body, headers=auth).status_code == 200
    response = client.post(LISTS, json={**contact_list_body, "name": "second"}, headers=auth)
    assert_error(response, 429, "too.many.requests.retry.after")
    assert response.headers["inin-ratelimit-allowed"] == "1"
    assert int(response.headers["Retry-After"]) <= 30
    # Other operations of the same token still have room in the token's window.
    assert client.get(LISTS, headers=auth).status_code == 200


def test_reset_clears_the_windows(make_app) -> None:
    client, auth = _client_with_limit(make_app)
    for _ in range(4):
        client.get(LISTS, headers=auth)
    client.post("/__mock/reset")
    assert client.get(LISTS, headers=auth).status_code == 200
