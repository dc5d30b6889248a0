"""pytest plugin (entry point ``pytest11``): installing this repository's clone into your project's environment
(``pip install -e /path/to/clone``; the package is not on PyPI) makes these fixtures available.

* ``genesys_mock_app``: a fresh in-process Flask app per test (use ``.test_client()`` or ``httpx.WSGITransport``).
* ``genesys_mock_server``: one real server per session (waitress on a free port of 127.0.0.1, in a thread), seen
  by each test through a :class:`MockServerHandle` with ``.url``, ``.tenant``, ``.client_id``/``.client_secret``
  and ``.admin`` helpers. Isolation per test (``--genesys-mock-isolation`` or the ini key
  ``genesys_mock_isolation``): ``tenant`` (default) gives each test a tenant of its own, and every request that
  names no tenant lands there while the test runs: code under test with its own HTTP client and any credentials
  (the built-in client too) is isolated and counted by ``verify`` without sending ``X-Mock-Tenant``. The test's
  own OAuth credentials (``.client_id``/``.client_secret``) are bound to its tenant as well, for a server that
  several sessions share. ``reset`` resets the whole server before each test instead (the built-in client).
* ``genesys_client``: the reference :class:`~clients.genesys_client.GenesysClient` wired to that server and tenant.
* ``genesys_faults``: inject faults from a test body; the marker ``@pytest.mark.genesys_fault(...)`` does the same
  declaratively before the test starts.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

import pytest

if TYPE_CHECKING:
    from flask import Flask

    from clients.genesys_client.client import GenesysClient
    from mockserver.settings import Settings
    from mockserver.testing.admin import MockAdmin
    from mockserver.testing.server import EmbeddedServer

ISOLATION_MODES = ("tenant", "reset")
_counter = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("genesys-mock", "genesys-cloud-mock fixtures")
    group.addoption(
        "--genesys-mock-isolation",
        choices=ISOLATION_MODES,
        default=None,
        help="per-test isolation of genesys_mock_server: a tenant per test (default) or a full reset",
    )
    group.addoption(
        "--genesys-mock-profile",
        choices=("strict", "faithful"),
        default=None,
        help="rule profile of the mock the fixtures start (default: the settings' own, strict)",
    )
    parser.addini("genesys_mock_isolation", "tenant (default) or reset", default="tenant")
    parser.addini("genesys_mock_profile", "strict or faithful (default: the settings' own)", default="")
    parser.addini("genesys_mock_config", "YAML/TOML config file for the mock the fixtures start", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "genesys_fault(method='*', path='*', status=None, code=None, times=None, retry_after=None, latency_ms=None, "
        "drop=None, probability=None): inject a fault into the genesys-mock the test uses, before it starts",
    )


def _isolation(config: pytest.Config) -> str:
    mode = config.getoption("--genesys-mock-isolation") or config.getini("genesys_mock_isolation") or "tenant"
    if mode not in ISOLATION_MODES:
        raise pytest.UsageError(f"genesys_mock_isolation must be one of {', '.join(ISOLATION_MODES)}, not {mode!r}")
    return mode


def _tenant_name(nodeid: str) -> str:
    """Unique per test and per run, within the header's 64 characters of ``[A-Za-z0-9_.-]``."""
    digest = hashlib.sha1(nodeid.encode()).hexdigest()[:10]
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid.rsplit("::", 1)[-1])[:24].strip("-.") or "test"
    return f"pytest-{readable}-{digest}-{next(_counter)}-{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="session")
def genesys_mock_settings(pytestconfig: pytest.Config) -> Settings:
    """Settings of the mocks the fixtures start: ini ``genesys_mock_config`` and ``GENESYS_MOCK_*``, request
    logging off. Override this fixture to start the mock with other settings."""
    from mockserver.settings import load_settings

    profile = pytestconfig.getoption("--genesys-mock-profile") or pytestconfig.getini("genesys_mock_profile") or None
    config_file = pytestconfig.getini("genesys_mock_config") or None
    return load_settings(config_file, profile=profile, log_requests=False)


def _fault_markers(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """The ``genesys_fault`` markers of the test, closest first, as keyword dicts."""
    faults = []
    for marker in request.node.iter_markers("genesys_fault"):
        if marker.args:
            raise pytest.UsageError("genesys_fault takes keyword arguments only, e.g. genesys_fault(status=503)")
        faults.append(dict(marker.kwargs))
    return faults


@pytest.fixture
def genesys_mock_app(genesys_mock_settings: Settings, request: pytest.FixtureRequest) -> Flask:
    """A fresh in-process app (its own state) per test, with the test's ``genesys_fault`` markers applied."""
    from mockserver.app import create_app
    from mockserver.testing.admin import fault_body

    app = create_app(genesys_mock_settings)
    client = app.test_client()
    for fault in _fault_markers(request):
        response = client.post("/__mock/faults", json=fault_body(**fault))
        if response.status_code != 201:
            raise pytest.UsageError(f"genesys_fault{fault} refused by the mock: {response.get_data(as_text=True)}")
    return app


@pytest.fixture(scope="session")
def genesys_mock_session_server(genesys_mock_settings: Settings) -> Iterator[EmbeddedServer]:
    """The one server of the session (per xdist worker); tests should use ``genesys_mock_server`` instead."""
    from mockserver.testing.server import EmbeddedServer

    with EmbeddedServer(genesys_mock_settings) as server:
        yield server


@dataclass
class MockServerHandle:
    """What a test sees of the session's server: its URL, its tenant and admin helpers scoped to that tenant."""

    url: str
    tenant: str | None
    admin: MockAdmin
    settings: Settings
    client_id: str
    """OAuth client id for the code under test: bound to this test's tenant (the built-in client in reset mode)."""
    client_secret: str

    @property
    def headers(self) -> dict[str, str]:
        """What scopes a request to this test's tenant (``X-Mock-Tenant``; empty without one)."""
        return dict(self.admin.headers)

    def api(self, *, user: bool = False) -> Any:
        """A raw httpx client with a bearer token and the tenant header (``with server.api() as api: ...``)."""
        return self.admin.api(user=user)


@pytest.fixture
def genesys_mock_server(
    genesys_mock_session_server: EmbeddedServer, request: pytest.FixtureRequest
) -> Iterator[MockServerHandle]:
    """The session's server, isolated for this test (see the module docstring), with its fault markers applied."""
    from mockserver.testing.admin import MockAdmin

    server = genesys_mock_session_server
    mode = _isolation(request.config)
    tenant = _tenant_name(request.node.nodeid) if mode == "tenant" else None
    admin = MockAdmin(server.url, tenant=tenant)
    try:
        if mode == "reset":
            admin.reset()
        client_id, client_secret = admin.bind_credentials()  # creates the tenant; no-op in reset mode
        server.route_unmarked_requests(tenant)  # any client without the header, built-in credentials too
        for fault in _fault_markers(request):
            admin.add_fault(**fault)
        yield MockServerHandle(
            url=server.url,
            tenant=tenant,
            admin=admin,
            settings=server.settings,
            client_id=client_id,
            client_secret=client_secret,
        )
        if tenant is not None and server.running:
            admin.delete_tenant()  # frees the tenant and its state; its name is never used again
    finally:
        server.route_unmarked_requests(None)
        admin.close()


@pytest.fixture
def genesys_client(genesys_mock_server: MockServerHandle) -> Iterator[GenesysClient]:
    """The reference client for the test's server and tenant: the test's client credentials plus the built-in user
    (password grant) for call routes. Retries are real but with short back-offs so a 503 fault costs milliseconds."""
    from clients.genesys_client.client import GenesysClient
    from clients.genesys_client.config import ClientConfig, Hosts
    from clients.genesys_client.transport import RetryPolicy
    from mockserver.testing.admin import DEFAULT_PASSWORD, DEFAULT_USER

    server = genesys_mock_server
    config = ClientConfig(
        hosts=Hosts.single(server.url),
        client_id=server.client_id,
        client_secret=server.client_secret,
        username=DEFAULT_USER,
        password=DEFAULT_PASSWORD,
        extra_headers=genesys_mock_server.headers,
    )
    retry = RetryPolicy(backoff_initial=0.01, backoff_max=0.1, jitter=0.01)
    with GenesysClient(config, retry=retry, timeout=30.0) as client:
        yield client


class FaultInjector:
    """``genesys_faults(path=..., status=503, times=1)`` adds a fault to the test's tenant; ``.clear()``,
    ``.list()`` and ``.remove(id)`` manage them."""

    def __init__(self, admin: MockAdmin) -> None:
        self._admin = admin

    def __call__(self, method: str = "*", path: str = "*", **effects: Any) -> dict[str, Any]:
        return self._admin.add_fault(method, path, **effects)

    def list(self) -> list[dict[str, Any]]:
        return self._admin.faults()

    def remove(self, fault_id: str) -> None:
        self._admin.remove_fault(fault_id)

    def clear(self) -> None:
        self._admin.clear_faults()


@pytest.fixture
def genesys_faults(genesys_mock_server: MockServerHandle) -> FaultInjector:
    """Inject faults into the test's server and tenant from the test body."""
    return FaultInjector(genesys_mock_server.admin)
