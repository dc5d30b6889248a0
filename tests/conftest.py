"""Shared fixtures: a fresh in-process app per test, a test client and ready-made tokens."""

from __future__ import annotations

import base64
import itertools
import os
import uuid
from typing import Any, Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver import create_app
from mockserver.core import tenants as tenants_module
from mockserver.settings import Settings, load_settings
from mockserver.state import Backend, open_backend
from mockserver.testing.redis_server import RedisServer, redis_server_path

CLIENT_ID, CLIENT_SECRET = "mock-client-id", "mock-client-secret"
USER, PASSWORD = "agent@example.com", "mock-password"
# tests/plugin runs the pytest plugin in inner pytest sessions; pytest only accepts this in the top conftest.
pytest_plugins = ["pytester"]

TEST_STATE = os.environ.get("GENESYS_MOCK_TEST_STATE", "memory")
OVER_REDIS = TEST_STATE == "redis"
"""The second pass: every app and server of the tests keeps its state in Redis (read at import, before the tests
unset GENESYS_MOCK_* variables)."""
"""``redis``: the second pass, every test's apps and servers keep their state in a real Redis (read at import:
:func:`isolated_env` removes every ``GENESYS_MOCK_*`` variable while a test runs)."""
REDIS_REQUIRED = os.environ.get("GENESYS_REDIS_REQUIRED") == "1"

ERROR_BODY_KEYS = {"message", "code", "status", "messageWithParams", "messageParams", "contextId", "details", "errors"}


def basic(client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is the Genesys ErrorBody for ``status``/``code`` with a matching correlation id."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert ERROR_BODY_KEYS <= set(body), body
    assert body["code"] == code, body
    assert body["status"] == status
    assert body["contextId"] == response.headers["ININ-Correlation-Id"]
    return body


def assert_rejected(response: Any, status: int, code: str, rule: str | None, field: str | None) -> dict[str, Any]:
    """A catalogue rule's rejection: the ErrorBody, the rule in ``X-Mock-Rule`` and the field in ``details``."""
    body = assert_error(response, status, code)
    assert response.headers.get("X-Mock-Rule") == rule
    if field is None:
        assert body["details"] == [], body
    else:
        assert body["details"][0]["fieldName"] == field, body
    return body


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--deep",
        action="store_true",
        default=False,
        help="contract tests: ten times more schemathesis examples (same as GENESYS_CONTRACT_DEEP=1)",
    )
    parser.addoption(
        "--extended",
        action="store_true",
        default=False,
        help="also run the tests marked `extended` (left out of the default run; .ci/run runs them)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``extended`` (the longest sweeps) leave the default run (``python -m pytest`` with no paths),
    which stays within ~10 minutes on two cores; ``--extended`` brings them back (``--extended -m extended`` runs
    only them, as .ci/run does), and so does naming their files or folders."""
    if config.getoption("--extended") or config.option.file_or_dir:
        return
    kept = [item for item in items if item.get_closest_marker("extended") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item.get_closest_marker("extended")])
        items[:] = kept


def pytest_configure(config: pytest.Config) -> None:
    """``--deep`` must be known before collection: schemathesis builds its tests (and their budgets) then."""
    if config.getoption("--deep"):
        from tests.contract.budget import DEEP_ENV

        os.environ[DEEP_ENV] = "1"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test is influenced by the developer's own GENESYS_MOCK_* variables."""
    import os

    for name in list(os.environ):
        if name.startswith("GENESYS_MOCK_"):
            monkeypatch.delenv(name)
    yield


def unique_prefix_url(url: str) -> str:
    """``url`` with a key prefix no other test uses (``?prefix=t…``), so tests can share one Redis."""
    return f"{url}?prefix=t{uuid.uuid4().hex[:16]}"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real ``redis-server`` for the session (tests give their keys a prefix of their own: unique_prefix_url).
    Skipped when redis-server is not installed, unless GENESYS_REDIS_REQUIRED=1 (CI), which makes that a failure."""
    if redis_server_path() is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if REDIS_REQUIRED:
            pytest.fail(f"{message}, and GENESYS_REDIS_REQUIRED=1")
        pytest.skip(message)
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url(redis_server: RedisServer) -> str:
    """``redis://127.0.0.1:PORT/0`` of the session's Redis."""
    return redis_server.url


@pytest.fixture(autouse=True)
def state_backend(
    request: pytest.FixtureRequest, isolated_env: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The second pass (GENESYS_MOCK_TEST_STATE=redis): GENESYS_MOCK_STATE names the session's Redis with a key
    prefix of this test's own, so every app (Settings reads it) and every server a test starts keeps its state
    there; the test's keys are removed afterwards."""
    if TEST_STATE != "redis":
        yield
        return
    url = unique_prefix_url(request.getfixturevalue("redis_url"))
    monkeypatch.setenv("GENESYS_MOCK_STATE", url)
    # Each app a test builds starts empty, as it does in memory (two apps of one test, e.g. strict and faithful,
    # must not see each other's lists): an app opening this test's URL gets a namespace of its own under it.
    # Servers a test starts (processes) keep the URL itself, so a restarted server finds its state again.
    opened = itertools.count()

    def open_backend_of_this_test(state_url: str) -> Backend:
        return open_backend(f"{state_url}.app{next(opened)}" if state_url == url else state_url)

    monkeypatch.setattr(tenants_module, "open_backend", open_backend_of_this_test)
    yield
    import redis

    prefix = url.rsplit("prefix=", 1)[1]
    with redis.Redis.from_url(url.split("?")[0]) as client:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 500):
            client.unlink(*keys[start : start + 500])


@pytest.fixture
def make_app() -> Callable[..., Flask]:
    """Build an app from setting overrides (responses are checked against the contract)."""

    def build(**overrides: Any) -> Flask:
        settings = Settings(**{"log_requests": False, **overrides}) if overrides else load_settings(log_requests=False)
        return create_app(settings, validate_responses=True)

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def get_token(client: FlaskClient, **form: str) -> str:
    data = {"grant_type": "client_credentials", **form}
    headers = basic() if "client_id" not in form else {}
    response = client.post("/oauth/token", data=data, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["access_token"]


@pytest.fixture
def token(client: FlaskClient) -> str:
    return get_token(client)


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def user_auth(client: FlaskClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {get_token(client, grant_type='password', username=USER, password=PASSWORD)}"}


@pytest.fixture
def contact_list_body() -> dict[str, Any]:
    return {
        "name": "Spring campaign",
        "columnNames": ["firstName", "phone", "email"],
        "phoneColumns": [{"columnName": "phone", "type": "cell"}],
        "emailColumns": [{"columnName": "email", "type": "work"}],
    }
