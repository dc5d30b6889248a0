"""Tokens: HTTP Basic client credentials, cached, refreshed before expiry and once after a 401; user tokens."""

from __future__ import annotations

import base64
import threading
from typing import Callable
from urllib.parse import parse_qs

import httpx
import pytest
from flask import Flask

from clients.genesys_client import ClientConfig, GenesysApiError, GenesysClient
from mockserver.core.tokens import revoke_all_tokens
from tests.client.conftest import MOCK_CLIENT, MOCK_URL, FakeClock, RecordingTransport, mock_client


def advance_server_clock(app: Flask, seconds: float) -> None:
    """The server's clock, through its admin API (the client under test keeps its own)."""
    assert app.test_client().post("/__mock/clock/advance", json={"seconds": seconds}).status_code == 200


def _token_requests(recorder: RecordingTransport) -> list[httpx.Request]:
    return [req for req, _ in recorder.exchanges if req.url.path == "/oauth/token"]


def test_client_credentials_use_http_basic_and_are_cached(recorder: RecordingTransport, app: Flask) -> None:
    with mock_client(app, recorder=recorder) as client:
        for _ in range(3):
            client.outbound.list_contact_lists()
    [token_request] = _token_requests(recorder)
    expected = base64.b64encode(b"mock-client-id:mock-client-secret").decode()
    assert token_request.headers["Authorization"] == f"Basic {expected}"
    assert parse_qs(token_request.content.decode()) == {"grant_type": ["client_credentials"]}
    assert recorder.statuses("/api/v2/") == [200, 200, 200]


def test_expired_token_is_refreshed_once_after_the_401(make_app: Callable[..., Flask]) -> None:
    app = make_app(token_lifetime_seconds=3600)
    recorder = RecordingTransport(httpx.WSGITransport(app=app))
    with mock_client(app, recorder=recorder) as client:
        client.outbound.list_contact_lists()
        advance_server_clock(app, 3601)  # the server's clock: the client still trusts its token
        assert client.outbound.list_contact_lists().total == 0
    assert recorder.statuses("/api/v2/") == [200, 401, 200]
    [(_, expired)] = [(q, r) for q, r in recorder.exchanges if r.status_code == 401]
    assert expired.json()["code"] == "credentials.expired"
    assert len(_token_requests(recorder)) == 2


def test_token_is_renewed_shortly_before_expires_in_without_a_401(make_app: Callable[..., Flask]) -> None:
    app = make_app(token_lifetime_seconds=600)
    recorder = RecordingTransport(httpx.WSGITransport(app=app))
    clock = FakeClock()
    with mock_client(app, recorder=recorder, clock=clock) as client:
        client.outbound.list_contact_lists()
        clock.advance(530)  # 70 s left: more than the 60 s margin, keep the token
        advance_server_clock(app, 530)
        client.outbound.list_contact_lists()
        assert len(_token_requests(recorder)) == 1
        clock.advance(20)  # 50 s left: inside the margin, renew before sending
        advance_server_clock(app, 20)
        client.outbound.list_contact_lists()
    assert len(_token_requests(recorder)) == 2
    assert 401 not in recorder.statuses()


def test_a_token_refused_again_after_refresh_is_an_error_not_a_loop(recorder: RecordingTransport, app: Flask) -> None:
    with mock_client(app, recorder=recorder) as client:
        client.outbound.list_contact_lists()
        revoke_all_tokens(app.config["MOCK_TENANTS"].shared)  # every token revoked, and new ones too (below)
        original = client.auth._fetch

        def revoked_at_once():  # type: ignore[no-untyped-def]
            cached = original()
            revoke_all_tokens(app.config["MOCK_TENANTS"].shared)
            return cached

        client.auth._fetch = revoked_at_once  # type: ignore[method-assign]
        with pytest.raises(GenesysApiError) as caught:
            client.outbound.list_contact_lists()
    assert caught.value.status == 401 and caught.value.code == "bad.credentials"
    assert recorder.statuses("/api/v2/") == [200, 401, 401]


def test_wrong_secret_is_the_login_hosts_error(app: Flask) -> None:
    config = ClientConfig.build(client_id="mock-client-id", client_secret="wrong", base_url=MOCK_URL, environ={})
    with (
        GenesysClient(config, transport=httpx.WSGITransport(app=app)) as client,
        pytest.raises(GenesysApiError) as caught,
    ):
        client.outbound.list_contact_lists()
    assert (caught.value.status, caught.value.code) == (401, "invalid_client")
    assert str(caught.value).startswith("401 invalid_client: authentication failed (POST /oauth/token")


def test_concurrent_first_calls_fetch_one_token(recorder: RecordingTransport, app: Flask) -> None:
    with mock_client(app, recorder=recorder) as client:
        errors: list[BaseException] = []
        barrier = threading.Barrier(8)

        def work() -> None:
            try:
                barrier.wait(timeout=10)
                client.outbound.list_contact_lists()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert not errors
    assert len(_token_requests(recorder)) == 1
    assert recorder.statuses("/api/v2/") == [200] * 8


def test_user_routes_get_the_password_grant_token(recorder: RecordingTransport, app: Flask) -> None:
    with mock_client(app, recorder=recorder, user=True) as client:
        client.request("GET", "/api/v2/outbound/contactlists", user=True)
        client.request("GET", "/api/v2/outbound/contactlists")
    grants = [parse_qs(req.content.decode())["grant_type"][0] for req in _token_requests(recorder)]
    assert sorted(grants) == ["client_credentials", "password"]
    api = [req.headers["Authorization"] for req, _ in recorder.exchanges if req.url.path.startswith("/api/")]
    assert len(set(api)) == 2


def test_a_supplied_user_token_is_sent_as_is(recorder: RecordingTransport, app: Flask) -> None:
    config = ClientConfig.build(**MOCK_CLIENT, base_url=MOCK_URL, user_token="given-token", environ={})
    with GenesysClient(config, transport=recorder) as client, pytest.raises(GenesysApiError) as caught:
        client.request("GET", "/api/v2/outbound/contactlists", user=True)
    assert caught.value.code == "bad.credentials"  # not ours to renew: one 401, no retry
    assert [req.headers["Authorization"] for req, _ in recorder.exchanges] == ["Bearer given-token"]
