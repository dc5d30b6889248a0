"""Logging in with the SDK's own method, and the guarantees that the SDK talks to the mock and nothing else."""

from __future__ import annotations

import json

import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.api_client import ApiClient
from PureCloudPlatformClientV2.rest import ApiException

from tests.sdk.common import VIEWER
from tests.sdk.conftest import login, new_session
from tests.server.conftest import DEFAULT_CLIENT, ServerProcess

pytestmark = pytest.mark.server


def test_client_credentials_login_posts_to_the_mock(sdk_server: ServerProcess) -> None:
    api = login(sdk_server)
    assert api.requests == [("POST", "/oauth/token")]
    listing = api.accept(api.outbound.get_outbound_contactlists(), "ContactListEntityListing")
    assert listing.page_number == 1
    assert api.requests[-1] == ("GET", "/api/v2/outbound/contactlists")
    assert api.api_client.last_response.getheader("ININ-Correlation-Id")


def test_each_configured_client_logs_in(sdk_server: ServerProcess) -> None:
    api = login(sdk_server, VIEWER["client_id"], VIEWER["client_secret"])
    assert api.accept(api.outbound.get_outbound_contactlists(), "ContactListEntityListing").entities is not None


def test_wrong_secret_is_the_login_hosts_error(sdk_server: ServerProcess) -> None:
    api = new_session(sdk_server)
    with pytest.raises(ApiException) as caught:
        api.api_client.get_client_credentials_token(DEFAULT_CLIENT["client_id"], "wrong-secret")
    assert caught.value.status == 401
    body = json.loads(caught.value.body)  # the login host answers in OAuth's shape, not an ErrorBody (facts §1.3)
    assert body["error"] == "invalid_client" and body["error_description"]
    assert api.api_client.access_token == ""


def test_login_host_derivation_of_the_sdk() -> None:
    """Why ``host=<mock URL>`` is enough: the SDK only rewrites ``//api.`` hosts to ``//login.`` ones."""
    real = ApiClient(host="https://api.mypurecloud.ie")
    real.set_gateway(None, None, None, None, None)
    assert real.get_conf_url("login", real.host) == "https://login.mypurecloud.ie"
    local = ApiClient(host="http://127.0.0.1:8080")
    local.set_gateway(None, None, None, None, None)
    assert local.get_conf_url("login", local.host) == "http://127.0.0.1:8080"


def test_a_gateway_from_the_sdk_config_cannot_redirect_the_tests(
    sdk_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``[gateway]`` in ``~/.genesyscloudpython/config`` lands in the global configuration; it is ignored."""
    monkeypatch.setattr(sdk.configuration, "gateway_configuration", sdk.GatewayConfiguration(host="gateway.invalid"))
    api = login(sdk_server)
    assert api.requests == [("POST", "/oauth/token")]


def test_the_guard_stops_a_request_that_would_leave_the_mock(sdk_server: ServerProcess) -> None:
    api = new_session(sdk_server)
    api.api_client.set_gateway("gateway.invalid", "https", 443, None, None)  # as a test bug might
    with pytest.raises(AssertionError, match="gateway.invalid"):
        api.api_client.get_client_credentials_token(DEFAULT_CLIENT["client_id"], DEFAULT_CLIENT["client_secret"])
    assert api.requests == []
