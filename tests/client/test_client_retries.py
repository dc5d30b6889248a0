"""Retries: 429 waits exactly Retry-After, 5xx/connection errors back off with jitter, other 4xx never retry.

The sleep is injected, so every wait is asserted without waiting. For the mock's 429 the fake sleep also resets
the mock's rate windows: that is what the passing of ``Retry-After`` seconds would do.
"""

from __future__ import annotations

import logging
import random
from typing import Callable

import httpx
import pytest
from flask import Flask

from clients.genesys_client import ClientConfig, GenesysApiError, GenesysClient, RetryPolicy
from clients.genesys_client.transport import Sender
from tests.client.conftest import RecordingTransport, mock_client


class Sleeps(list):
    """A fake ``sleep`` that records the waits and runs ``on_sleep`` (e.g. to let a rate window pass)."""

    def __init__(self, on_sleep: Callable[[float], None] | None = None) -> None:
        super().__init__()
        self.on_sleep = on_sleep

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep(seconds)


def test_429_is_retried_after_exactly_retry_after_and_then_succeeds(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(rate_limit={"requests": 2, "window_seconds": 60})
    sleeps = Sleeps(lambda _: app.test_client().post("/__mock/reset"))  # every window starts afresh
    recorder = RecordingTransport(httpx.WSGITransport(app=app))
    caplog.set_level(logging.WARNING, logger="genesys_client.retry")
    with mock_client(app, retry=RetryPolicy(sleep=sleeps), recorder=recorder) as client:
        for _ in range(3):
            assert client.outbound.list_contact_lists().total == 0
    limited = [resp for _, resp in recorder.exchanges if resp.status_code == 429]
    assert len(limited) == 1
    retry_after = limited[0].headers["Retry-After"]
    assert retry_after.isdigit() and int(retry_after) > 0
    assert sleeps == [float(retry_after)]
    assert recorder.statuses("/api/v2/") == [200, 200, 429, 200]
    assert any("retrying GET" in r.getMessage() and "429" in r.getMessage() for r in caplog.records)


def test_429_with_retry_after_above_the_maximum_fails_at_once(make_app: Callable[..., Flask]) -> None:
    app = make_app(rate_limit={"requests": 1, "window_seconds": 60})
    sleeps = Sleeps()
    with mock_client(app, retry=RetryPolicy(sleep=sleeps, max_retry_after=5)) as client:
        client.outbound.list_contact_lists()
        with pytest.raises(GenesysApiError) as caught:
            client.outbound.list_contact_lists()
    assert caught.value.status == 429 and caught.value.code == "too.many.requests.retry.after"
    assert caught.value.retry_after is not None and "retry after" in str(caught.value)
    assert sleeps == []


def _scripted(statuses: list[int | Exception]) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport answering the token route with a token and API calls with ``statuses`` in order."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t", "token_type": "bearer", "expires_in": 86400})
        seen.append(request)
        answer = statuses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        body = {
            "message": "m",
            "code": {503: "service.unavailable", 400: "bad.request"}.get(answer, "x"),
            "status": answer,
            "contextId": "c-1",
            "details": [],
            "errors": [],
        }
        return httpx.Response(answer, json=body if answer >= 400 else {"entities": [], "total": 0})

    return httpx.MockTransport(handle), seen


def _client(transport: httpx.BaseTransport, sleeps: Sleeps, **policy: object) -> GenesysClient:
    config = ClientConfig.build(client_id="id", client_secret="secret", base_url="http://scripted.invalid", environ={})
    return GenesysClient(config, transport=transport, retry=RetryPolicy(sleep=sleeps, rng=random.Random(7), **policy))  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_back_off_exponentially_with_jitter(status: int) -> None:
    transport, seen = _scripted([status, status, status, 200])
    sleeps = Sleeps()
    with _client(transport, sleeps, backoff_initial=0.5, jitter=0.25) as client:
        assert client.outbound.list_contact_lists().total == 0
    assert len(seen) == 4
    assert [int(s * 4) / 4 for s in sleeps] == [0.5, 1.0, 2.0]  # base doubles; jitter adds less than 0.25
    assert all(0 <= s - base < 0.25 for s, base in zip(sleeps, [0.5, 1.0, 2.0]))


def test_gateway_errors_give_up_after_max_attempts_with_the_last_error() -> None:
    transport, seen = _scripted([503, 503, 503])
    sleeps = Sleeps()
    with _client(transport, sleeps, max_attempts=3) as client, pytest.raises(GenesysApiError) as caught:
        client.outbound.list_contact_lists()
    assert len(seen) == 3 and len(sleeps) == 2
    assert caught.value.status == 503 and caught.value.correlation_id == "c-1"


def test_connection_errors_are_retried() -> None:
    transport, seen = _scripted([httpx.ConnectError("refused"), httpx.ConnectError("refused"), 200])
    sleeps = Sleeps()
    with _client(transport, sleeps) as client:
        assert client.outbound.list_contact_lists().total == 0
    assert len(seen) == 3 and len(sleeps) == 2 and sleeps[1] > sleeps[0]


def test_a_post_whose_answer_was_lost_is_not_sent_twice() -> None:
    transport, seen = _scripted([httpx.ReadError("connection reset")])
    with _client(transport, Sleeps()) as client, pytest.raises(httpx.ReadError):
        client.outbound.create_contact_list({"name": "x", "columnNames": ["phone"]})
    assert len(seen) == 1


def test_other_4xx_are_never_retried() -> None:
    transport, seen = _scripted([400, 200])
    sleeps = Sleeps()
    with _client(transport, sleeps) as client, pytest.raises(GenesysApiError) as caught:
        client.outbound.list_contact_lists()
    assert len(seen) == 1 and sleeps == []
    assert caught.value.status == 400


def test_throttle_spaces_requests() -> None:
    transport, _ = _scripted([200, 200, 200])
    clock = [0.0]
    sleeps = Sleeps(lambda s: clock.__setitem__(0, clock[0] + s))
    sender = Sender(httpx.Client(transport=transport), RetryPolicy(sleep=sleeps), throttle=0.25)
    sender.throttle._clock = lambda: clock[0]
    for _ in range(3):
        sender.send(lambda: sender.http.build_request("GET", "http://scripted.invalid/api/v2/x"))
    assert sleeps == [0.25, 0.25]
