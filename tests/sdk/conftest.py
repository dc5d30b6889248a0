"""The official Genesys SDK (``PureCloudPlatformClientV2``) pointed at a real ``genesys-mock serve`` on 127.0.0.1.

How the SDK is aimed at the mock, using only settings the SDK documents:

* ``ApiClient(host=<mock URL>)``: the SDK's "environment" setting. The login host is derived from it by replacing
  ``//api.`` with ``//login.`` (``ApiClient.get_conf_url``); ``http://127.0.0.1:<port>`` has no ``api.`` to replace,
  so ``get_client_credentials_token`` posts to ``<mock URL>/oauth/token``, where the mock serves its login route.
* ``set_gateway(None, ...)``: a developer's ``~/.genesyscloudpython/config`` may hold a ``[gateway]`` section, which
  would take precedence over ``host``; resetting the client's gateway to "none" makes ``host`` the only address.
* ``configuration.proxy = None`` and ``live_reload_config = False`` on the SDK's global configuration: no proxy
  (urllib3, which the SDK uses, ignores ``*_PROXY`` variables), and no reload of the config file mid-run.
* A pre-request hook (``AbstractHttpClient.set_pre_request_hook``) fails any request whose URL is not the mock's,
  login included, and records which operations of the table the SDK actually called.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import PureCloudPlatformClientV2 as sdk
import pytest
import urllib3
from PureCloudPlatformClientV2.api_client import ApiClient
from PureCloudPlatformClientV2.http_request_options import HttpRequestOptions

from tests.sdk.audit import audit, outdated_values
from tests.sdk.common import SERVER_CONFIG, USER, operation_of
from tests.server.conftest import DEFAULT_CLIENT, ServerProcess, http_client, running_server


@dataclass
class SdkSession:
    """One SDK ``ApiClient`` logged in to the mock, its API classes, and what it sent.

    ``accept`` is the check every response goes through: the SDK returned its own model type, and the raw JSON
    fits the SDK's models with nothing dropped (see :mod:`tests.sdk.audit`).
    """

    api_client: ApiClient
    base_url: str
    requests: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.outbound = sdk.OutboundApi(self.api_client)
        self.conversations = sdk.ConversationsApi(self.api_client)
        self.external = sdk.ExternalContactsApi(self.api_client)

    @property
    def operations_called(self) -> list[str]:
        return [op for method, path in self.requests if (op := operation_of(method, path))]

    def raw(self) -> Any:
        """The JSON body of the last API response, as the mock sent it."""
        return json.loads(self.api_client.last_response.data)

    def accept(self, result: Any, sdk_type: str) -> Any:
        """Assert the SDK read the last response as ``sdk_type`` and lost nothing; returns ``result``."""
        raw = self.raw()
        if sdk_type.startswith("list["):
            item_type = sdk_type[5:-1]
            assert isinstance(result, list) and all(type(item).__name__ == item_type for item in result), result
        elif sdk_type != "object":
            assert type(result).__name__ == sdk_type, type(result)
        problems = audit(raw, sdk_type) + [f"{p}: unknown enum value" for p in outdated_values(result)]
        assert not problems, "the SDK does not read this mock response faithfully:\n" + "\n".join(problems)
        return result

    def advance_clock(self, seconds: float) -> None:
        """Move the mock's frozen clock (an admin route, not an API operation, hence plain HTTP)."""
        with http_client(self.base_url) as client:
            response = client.post("/__mock/clock/advance", json={"seconds": seconds})
        assert response.status_code == 200, response.text


def _guard_and_record(session: SdkSession) -> Callable[[HttpRequestOptions], HttpRequestOptions]:
    prefix = session.base_url + "/"

    def hook(options: HttpRequestOptions) -> HttpRequestOptions:  # the SDK insists on exactly one argument
        if not options.url.startswith(prefix):
            raise AssertionError(f"the SDK tried to reach {options.url}, not the mock at {session.base_url}")
        session.requests.append((options.method, options.url[len(session.base_url) :]))
        return options

    return hook


def new_session(server: ServerProcess, *, retries: bool = True) -> SdkSession:
    """An SDK client aimed at ``server`` and nowhere else, not yet logged in."""
    api_client = ApiClient(host=server.base_url)
    api_client.set_gateway(None, None, None, None, None)  # host wins over any gateway from the SDK's config file
    assert api_client.get_conf_url("login", api_client.host) == server.base_url
    assert api_client.get_conf_url("api", api_client.host) == server.base_url
    session = SdkSession(api_client, server.base_url)
    http = api_client.get_http_client()
    assert type(http.rest_client.pool_manager) is urllib3.PoolManager  # not a ProxyManager
    if not retries:
        _disable_urllib3_retries(http)
    http.set_pre_request_hook(_guard_and_record(session))
    return session


def _disable_urllib3_retries(http: Any) -> None:
    """The one place these tests reach inside the SDK, and why.

    The SDK's default HTTP client builds its urllib3 pool with ``Retry()`` (``rest.py``): on a 429 that carries
    ``Retry-After`` urllib3 sleeps that many seconds and retries, up to 10 times, before the SDK sees anything. A
    test of the ``ApiException`` for 429 must not sleep out the mock's window, so this client's pool does not
    retry. (That the SDK honours the mock's ``Retry-After`` at all is what makes the default behaviour correct.)
    """
    http.rest_client.pool_manager = urllib3.PoolManager(retries=False)


def login(
    server: ServerProcess,
    client_id: str = DEFAULT_CLIENT["client_id"],
    client_secret: str = DEFAULT_CLIENT["client_secret"],
    *,
    retries: bool = True,
) -> SdkSession:
    """An SDK client logged in by the SDK's own client-credentials method."""
    session = new_session(server, retries=retries)
    assert session.api_client.get_client_credentials_token(client_id, client_secret) is session.api_client
    assert session.api_client.access_token
    return session


def user_login(server: ServerProcess) -> SdkSession:
    """An SDK client holding a user's token, which the call routes need.

    The SDK has no password grant (a real org issues user tokens by authorization code or PKCE, which the mock
    does not serve), so the token comes from the mock's ``grant_type=password`` and is handed to the SDK the way
    its login methods store one: ``ApiClient.access_token``.
    """
    session = new_session(server)
    with http_client(server.base_url) as client:
        response = client.post(
            "/oauth/token",
            data={"grant_type": "password", **USER},
            auth=(DEFAULT_CLIENT["client_id"], DEFAULT_CLIENT["client_secret"]),
        )
    assert response.status_code == 200, response.text
    session.api_client.access_token = response.json()["access_token"]
    return session


@pytest.fixture(scope="session", autouse=True)
def sdk_configuration() -> Iterator[None]:
    """The SDK's global configuration (a singleton): no proxy, no live reload of the developer's config file."""
    configuration = sdk.configuration
    saved = (configuration.proxy, configuration.live_reload_config)
    configuration.proxy = None
    configuration.live_reload_config = False
    yield
    configuration.proxy, configuration.live_reload_config = saved


@pytest.fixture(scope="session")
def sdk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One mock for the SDK tests: default client, a view-only client, frozen clock. Tests share no objects."""
    workdir: Path = tmp_path_factory.mktemp("sdk-server")
    with running_server(workdir, config=SERVER_CONFIG) as server:
        yield server


@pytest.fixture
def api(sdk_server: ServerProcess) -> SdkSession:
    """A fresh SDK client, logged in by client credentials (every test thereby logs in through the SDK)."""
    return login(sdk_server)


@pytest.fixture
def user_api(sdk_server: ServerProcess) -> SdkSession:
    return user_login(sdk_server)
