"""The in-thread server behind ``genesys_mock_server``: it starts healthy and really stops."""

from __future__ import annotations

import httpx
import pytest

from mockserver.settings import Settings
from mockserver.testing import EmbeddedServer, MockAdmin, MockAdminError


def test_serves_on_a_free_port_and_stops() -> None:
    with EmbeddedServer(Settings(log_requests=False, profile="faithful")) as server:
        assert server.running
        response = httpx.get(f"{server.url}/__mock/health", trust_env=False)
        assert response.json()["profile"] == "faithful"
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/__mock/health", trust_env=False, timeout=5)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_stops_even_when_the_loop_trigger_was_closed_under_it() -> None:
    """A closed trigger pipe (seen once in a long, loaded CI session) must not turn the teardown into an error."""
    import os

    server = EmbeddedServer().start()
    os.close(server._server.trigger.trigger)  # the write end of waitress's wake-up pipe
    server.stop()
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/__mock/health", trust_env=False, timeout=5)


def test_admin_errors_carry_the_error_body() -> None:
    with EmbeddedServer() as server, MockAdmin(server.url) as admin:
        with pytest.raises(MockAdminError) as error:
            admin.remove_fault("no-such-fault")
    assert error.value.status == 404
    assert error.value.body["code"] == "not.found"


def test_admin_helpers_scope_to_their_tenant() -> None:
    with EmbeddedServer() as server, MockAdmin(server.url, tenant="a") as a, MockAdmin(server.url, tenant="b") as b:
        with a.api() as api:
            assert api.get("/api/v2/outbound/contactlists").status_code == 200
        assert a.verify(method="GET", path="/api/v2/outbound/contactlists", status=200) == 1
        assert b.verify(method="GET") == 0
        a.add_fault(path="/api/*", status=503)
        assert b.faults() == []
        a.reset()
        assert a.faults() == [] and a.requests() == []
