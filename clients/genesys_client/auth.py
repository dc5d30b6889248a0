"""Bearer tokens: client credentials for most routes, an optional user token for the call routes.

Client credentials are sent with HTTP Basic on the login host (facts §1.1: what every official SDK does; the form
fields variant is undocumented). The token is cached and fetched again shortly before ``expires_in`` runs out, so
a long job does not stall on a 401 halfway; if the API still says ``credentials.expired`` or ``bad.credentials``
(revoked, or clocks disagree) the caller invalidates it and retries once.

Call routes need a user context (400 ``not.a.user`` otherwise, facts §8.1): a token the caller obtained itself, or
the password grant (the mock offers it; a real org only to OAuth clients configured for it).

One lock per token source: concurrent threads that find the token stale fetch it once, not once each.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable, Mapping, Protocol

import httpx

from clients.genesys_client.errors import GenesysApiError
from clients.genesys_client.parsing import parse
from clients.genesys_client.transport import Sender
from contracts.common import TokenResponse

log = logging.getLogger("genesys_client.auth")

REFRESH_CODES = frozenset({"credentials.expired", "bad.credentials"})
"""401 codes after which a fresh token may help (facts §1.4); ``authentication.required`` is a client bug."""

Clock = Callable[[], float]


def refresh_margin(expires_in: float) -> float:
    """How long before expiry to fetch a new token: a tenth of the lifetime, at most a minute."""
    return min(60.0, expires_in * 0.1)


@dataclass(frozen=True)
class CachedToken:
    value: str
    refresh_at: float


class TokenSource(Protocol):
    """Anything that hands out a bearer token and can be told that the one it gave was refused."""

    def token(self) -> str: ...

    def invalidate(self, value: str) -> bool:
        """Forget ``value``; True when a new token can be obtained (so a retry makes sense)."""
        ...


class OAuthToken:
    """A token from ``POST {login}/oauth/token`` for a grant (client credentials or password), cached."""

    def __init__(
        self,
        sender: Sender,
        login_url: str,
        client_id: str,
        client_secret: str,
        form: Mapping[str, str] | None = None,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self._sender = sender
        self._url = login_url.rstrip("/") + "/oauth/token"
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
        self._headers = {"Authorization": f"Basic {basic}", "Accept": "application/json"}
        self._form = dict(form or {"grant_type": "client_credentials"})
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: CachedToken | None = None
        self.fetches = 0  # how many tokens were obtained; tests and logs use it

    @property
    def grant_type(self) -> str:
        return self._form["grant_type"]

    def token(self) -> str:
        with self._lock:
            cached = self._cached
            if cached is None or self._clock() >= cached.refresh_at:
                if cached is not None:
                    log.info("refreshing the %s token before it expires", self.grant_type)
                cached = self._cached = self._fetch()
            return cached.value

    def invalidate(self, value: str) -> bool:
        with self._lock:
            if self._cached is not None and self._cached.value == value:
                self._cached = None
        return True

    def _fetch(self) -> CachedToken:
        def build() -> httpx.Request:
            return self._sender.http.build_request("POST", self._url, data=self._form, headers=self._headers)

        response = self._sender.send(build)
        if response.status_code != 200:
            raise GenesysApiError.from_response(response)
        answer = parse(TokenResponse, response.json())
        self.fetches += 1
        lifetime = float(answer.expires_in)
        return CachedToken(answer.access_token, self._clock() + lifetime - refresh_margin(lifetime))


class StaticToken:
    """A token the caller supplies (e.g. ``GENESYS_USER_TOKEN``); it cannot be renewed here."""

    def __init__(self, value: str) -> None:
        self._value = value

    def token(self) -> str:
        return self._value

    def invalidate(self, value: str) -> bool:
        log.warning("the supplied user token was refused; obtain a new one")
        return False
