"""``GenesysClient``: configuration, tokens and retries in one place, typed areas on top.

Everything goes through one ``httpx.Client`` whose transport can be injected: tests pass
``httpx.WSGITransport(app=create_app(...))`` and run the client against the mock in-process, with no socket.
A typed method names its row of ``contracts/operations.py``; :meth:`GenesysClient.call` takes the method, path,
host and user-context need from the row and parses the answer into the row's response model.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Mapping
from urllib.parse import quote

import httpx
from pydantic import BaseModel, RootModel

from clients.genesys_client.auth import REFRESH_CODES, Clock, OAuthToken, StaticToken, TokenSource
from clients.genesys_client.config import ClientConfig
from clients.genesys_client.conversations import ConversationsApi
from clients.genesys_client.errors import GenesysApiError
from clients.genesys_client.externalcontacts import ExternalContactsApi
from clients.genesys_client.outbound import OutboundApi
from clients.genesys_client.parsing import parse, parse_list
from clients.genesys_client.transport import RetryPolicy, Sender
from contracts.operations import BY_ID

log = logging.getLogger("genesys_client")

USER_AGENT = "genesys-client/0.1 (genesys-cloud-mock reference client)"

FilesFactory = Callable[[], Mapping[str, Any]]
"""Builds multipart ``files`` afresh for each attempt, so a retried upload re-reads its file."""


class GenesysClient:
    """A client for one org (or the mock). Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        throttle_seconds: float = 0.0,
        timeout: float = 60.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self.config = config
        # trust_env=False: a proxy variable meant for something else must not capture calls to the mock.
        headers = {"User-Agent": USER_AGENT, **config.extra_headers}
        self.http = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers=headers,
            trust_env=transport is None and not config.is_single_host,
        )
        self.sender = Sender(self.http, retry, throttle_seconds)
        hosts = config.hosts
        self.auth = OAuthToken(self.sender, hosts.login, config.client_id, config.client_secret, clock=clock)
        self.user_auth: TokenSource | None = None
        if config.user_token:
            self.user_auth = StaticToken(config.user_token)
        elif config.username and config.password:
            self.user_auth = OAuthToken(
                self.sender,
                hosts.login,
                config.client_id,
                config.client_secret,
                {"grant_type": "password", "username": config.username, "password": config.password},
                clock=clock,
            )
        self.outbound = OutboundApi(self)
        self.conversations = ConversationsApi(self)
        self.external_contacts = ExternalContactsApi(self)

    @classmethod
    def from_env(cls, **kwargs: Any) -> GenesysClient:
        """Configuration from ``GENESYS_*`` variables; keyword arguments of :class:`ClientConfig.build` and of
        the constructor may be mixed."""
        config_keys = {
            "client_id",
            "client_secret",
            "region",
            "base_url",
            "user_token",
            "username",
            "password",
            "extra_headers",
            "environ",
        }
        config = ClientConfig.build(**{k: kwargs.pop(k) for k in list(kwargs) if k in config_keys})
        return cls(config, **kwargs)

    def __enter__(self) -> GenesysClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    # --- raw requests -----------------------------------------------------------------------------------------

    def url(self, path: str, host: str = "api") -> str:
        """Absolute URL of ``path`` on the ``api``, ``apps`` or ``login`` host; absolute URLs pass through."""
        if path.startswith(("http://", "https://")):
            return path
        return getattr(self.config.hosts, host) + path

    def request(
        self,
        method: str,
        path: str,
        *,
        host: str = "api",
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: FilesFactory | None = None,
        data: Mapping[str, str] | None = None,
        user: bool = False,
        authenticated: bool = True,
        follow_redirects: bool = False,
    ) -> httpx.Response:
        """Send one request with a bearer token and retries; a 2xx/3xx response, else :class:`GenesysApiError`.

        ``user`` picks the user token (call routes). A 401 ``credentials.expired``/``bad.credentials`` gets one
        retry with a fresh token.
        """
        url = self.url(path, host)
        query = encode_query(params or {})

        def builder(token: str | None) -> Callable[[], httpx.Request]:
            headers = {"Accept": "application/json"}
            if token is not None:
                headers["Authorization"] = f"Bearer {token}"

            def build() -> httpx.Request:
                return self.http.build_request(
                    method, url, params=query, json=json, data=data, files=files() if files else None, headers=headers
                )

            return build

        if not authenticated:
            response = self.sender.send(builder(None), follow_redirects=follow_redirects)
        else:
            source = self._token_source(user)
            token = source.token()
            response = self.sender.send(builder(token))
            if response.status_code == 401 and _error_code(response) in REFRESH_CODES and source.invalidate(token):
                log.info("%s %s answered 401 %s; retrying once with a new token", method, url, _error_code(response))
                response = self.sender.send(builder(source.token()))
        if response.status_code >= 400:
            raise GenesysApiError.from_response(response)
        return response

    def _token_source(self, user: bool) -> TokenSource:
        if user and self.user_auth is not None:
            return self.user_auth
        if user:
            log.debug("no user token configured: the API will answer 400 not.a.user")
        return self.auth

    # --- operations of the table ------------------------------------------------------------------------------

    def call(
        self,
        operation_id: str,
        *,
        path: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        files: FilesFactory | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Any:
        """Perform the operation of the table's row ``operation_id``; the parsed response model (a list for array
        answers), the decoded JSON for rows typed by a vendor schema, or None when the operation answers without a
        body."""
        operation = BY_ID[operation_id]
        route = operation.path.format(**{k: quote(str(v), safe="") for k, v in (path or {}).items()})
        host = "apps" if route.startswith("/uploads/") else "api"
        response = self.request(
            operation.method,
            route,
            host=host,
            params=params,
            json=to_json(body),
            files=files,
            data=data,
            user=operation.user_context,
        )
        model = operation.response_model
        if (model is None and operation.vendor_response is None) or response.status_code == 204 or not response.content:
            return None
        try:
            payload = response.json()
        except ValueError:  # e.g. the upload route, whose success body is undocumented (facts §7.1)
            log.warning("%s answered %s without JSON; treating it as no body", operation_id, response.status_code)
            return None
        if model is None:  # a vendor-schema row: the mock validated the answer against the vendor's schema
            return payload
        return parse_list(model, payload) if operation.response_is_array else parse(model, payload)

    def download(self, uri: str) -> httpx.Response:
        """GET a file the API pointed to (an export URI). No bearer token: on a real org it is a presigned URL on
        another host, which must not receive the org's token."""
        return self.request("GET", uri, authenticated=False, follow_redirects=True)


def encode_query(params: Mapping[str, Any]) -> dict[str, str]:
    """Query values as the official Python SDK sends them: booleans lower-case, arrays comma-joined, None left
    out (facts §0.2: the server accepts comma-joined and repeated forms alike)."""
    encoded: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            encoded[name] = "true" if value else "false"
        elif isinstance(value, (list, tuple, set, frozenset)):
            if value:
                encoded[name] = ",".join(str(v) for v in value)
        else:
            encoded[name] = str(value)
    return encoded


def to_json(body: Any) -> Any:
    """A request body ready for ``json=``: models dumped by alias without absent properties (facts §0.2)."""
    if body is None:
        return None
    if isinstance(body, RootModel):
        return body.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(body, (list, tuple)):
        return [to_json(item) for item in body]
    return body


def _error_code(response: httpx.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data.get("code") if isinstance(data, dict) else None
