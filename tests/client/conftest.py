"""Fixtures for the reference client: the mock in-process (no socket), or a real org when configured.

``target`` runs an example-based test twice: against the mock through ``httpx.WSGITransport``, and against the org
named by ``GENESYS_CLIENT_ID``/``GENESYS_CLIENT_SECRET`` and ``GENESYS_REGION`` (or ``GENESYS_BASE_URL``), skipped
when those are not set. Against an org, requests are throttled (``GENESYS_TEST_THROTTLE`` seconds, default 0.25)
and every resource a test creates has a unique name and is deleted at teardown, also when the test failed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import httpx
import pytest
from flask import Flask

from clients.genesys_client import ClientConfig, GenesysApiError, GenesysClient, RetryPolicy

log = logging.getLogger("tests.client")

MOCK_CLIENT = {"client_id": "mock-client-id", "client_secret": "mock-client-secret"}
MOCK_USER = {"username": "agent@example.com", "password": "mock-password"}
MOCK_URL = "http://mock.invalid"  # never resolved: the WSGI transport answers in-process


class RecordingTransport(httpx.BaseTransport):
    """Wraps a transport and keeps every (request, response) pair, so tests can count tokens, 401s and 429s."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.exchanges.append((request, response))
        return response

    def statuses(self, path_part: str = "") -> list[int]:
        return [resp.status_code for req, resp in self.exchanges if path_part in req.url.path]

    def count(self, path_part: str) -> int:
        return sum(1 for req, _ in self.exchanges if path_part in req.url.path)


class FakeClock:
    """A monotonic clock the test moves by hand (for the client's token expiry)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def unexpected_wait(seconds: float) -> None:
    """The default sleep of in-process clients: a test that did not ask for a retry must not wait for one."""
    raise AssertionError(f"unexpected retry wait of {seconds} s (a 429 or 5xx the test did not plan for)")


def mock_client(
    app: Flask,
    *,
    retry: RetryPolicy | None = None,
    user: bool = False,
    recorder: RecordingTransport | None = None,
    **kwargs: Any,
) -> GenesysClient:
    """A client talking to ``app`` in-process; retries fail the test unless ``retry`` plans for them."""
    config = ClientConfig.build(**MOCK_CLIENT, base_url=MOCK_URL, environ={}, **(MOCK_USER if user else {}))
    transport = recorder or httpx.WSGITransport(app=app)
    return GenesysClient(config, transport=transport, retry=retry or RetryPolicy(sleep=unexpected_wait), **kwargs)


@pytest.fixture
def recorder(app: Flask) -> RecordingTransport:
    return RecordingTransport(httpx.WSGITransport(app=app))


def org_configured() -> bool:
    env = os.environ
    return bool(
        env.get("GENESYS_CLIENT_ID")
        and env.get("GENESYS_CLIENT_SECRET")
        and (env.get("GENESYS_REGION") or env.get("GENESYS_BASE_URL"))
    )


def unique_name(prefix: str = "gcm-client-test") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass
class Cleanup:
    """Resources to delete at teardown, newest first; a 404 means already gone."""

    client: GenesysClient
    actions: list[tuple[str, Callable[[], Any]]] = field(default_factory=list)

    def contact_list(self, contact_list_id: str) -> str:
        self.actions.append(
            (f"contact list {contact_list_id}", lambda: self.client.outbound.delete_contact_list(contact_list_id))
        )
        return contact_list_id

    def external_contact(self, contact_id: str) -> str:
        self.actions.append(
            (f"external contact {contact_id}", lambda: self.client.external_contacts.delete_contact(contact_id))
        )
        return contact_id

    def call(self, conversation_id: str) -> str:
        self.actions.append(
            (f"call {conversation_id}", lambda: self.client.conversations.disconnect_call(conversation_id))
        )
        return conversation_id

    def run(self) -> list[str]:
        problems = []
        for what, action in reversed(self.actions):
            try:
                action()
            except GenesysApiError as err:
                if err.status not in (404, 410):
                    problems.append(f"{what}: {err}")
        self.actions.clear()
        return problems


@dataclass
class Target:
    """Where an example-based test runs: ``client``, ``cleanup`` and whether it is the in-process mock."""

    name: str
    client: GenesysClient
    cleanup: Cleanup
    app: Flask | None = None

    @property
    def is_mock(self) -> bool:
        return self.app is not None


@pytest.fixture(params=["mock", "org"])
def target(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Iterator[Target]:
    if request.param == "mock":
        app = make_app()
        client = mock_client(app, user=True)
    else:
        if not org_configured():
            pytest.skip("set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_REGION to run against an org")
        app = None
        client = GenesysClient.from_env(
            user_token=os.environ.get("GENESYS_USER_TOKEN") or None,
            throttle_seconds=float(os.environ.get("GENESYS_TEST_THROTTLE", "0.25")),
        )
    cleanup = Cleanup(client)
    with contextlib.closing(client):
        try:
            yield Target(request.param, client, cleanup, app)
        finally:
            problems = cleanup.run()
            if problems:
                log.warning("cleanup left resources behind: %s", "; ".join(problems))
                if request.param == "org":
                    pytest.fail("cleanup failed, delete by hand: " + "; ".join(problems), pytrace=False)
