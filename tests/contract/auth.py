"""Authentication for the generated requests: schemathesis auth providers that fetch real tokens.

Every operation of the document except ``/oauth/token`` gets ``Authorization: Bearer <token>``. On the mock the
token is a password-grant USER token of its built-in user (every permission, and the user context the call
routes need), fetched once and cached; on a real org it is a client-credentials token (tests/contract/org.py).
``/oauth/token`` itself gets the built-in client's HTTP Basic credentials, so its generated forms can succeed
(client credentials) as well as fail.
"""

from __future__ import annotations

from typing import Any, Callable

import httpx
from flask import Flask
from schemathesis import AuthContext, Case

from tests.conftest import CLIENT_ID, CLIENT_SECRET, PASSWORD, USER, basic

TOKEN_OPERATION = "postOauthToken"
PASSWORD_FORM = {"grant_type": "password", "username": USER, "password": PASSWORD}

TokenSource = Callable[[Case], str]
"""Returns the bearer token for a case (a real org may need another token for user-context routes)."""


def basic_header(client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
    return basic(client_id, secret)["Authorization"]


def wsgi_user_token(app: Flask) -> TokenSource:
    """The built-in user's token, asked of the app in-process."""

    def fetch(_: Case) -> str:
        response = app.test_client().post("/oauth/token", data=PASSWORD_FORM, headers={"Authorization": basic_header()})
        assert response.status_code == 200, response.get_data(as_text=True)
        return str(response.get_json()["access_token"])

    return fetch


def fetch_token(token_url: str, form: dict[str, str], client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
    """A token from ``token_url`` (a server's or a real org's login host), without proxies from the environment."""
    with httpx.Client(trust_env=False, timeout=30.0) as client:
        response = client.post(token_url, data=form, auth=(client_id, secret))
    assert response.status_code == 200, f"token request failed: {response.status_code} {response.text[:300]}"
    return str(response.json()["access_token"])


PENDING = "target-not-started"


class LateTokens:
    """Tokens of a target that only exists once a fixture has started it (a server, an org run).

    schemathesis builds the coverage phase's cases while pytest collects, authenticating each with its providers;
    until :meth:`start` there is nothing to ask, so they carry :data:`PENDING`, and the call re-applies the
    providers (tests/contract/targets.py). Tokens are cached here, per ``kind(case)``, not by schemathesis,
    which would keep the placeholder.
    """

    def __init__(self, kind: Callable[[Case], str] = lambda case: "token") -> None:
        self._kind = kind
        self._fetch: Callable[[str], str] | None = None
        self._cache: dict[str, str] = {}

    def start(self, fetch: Callable[[str], str]) -> None:
        """From now on, ``fetch(kind)`` gives the tokens."""
        self._fetch, self._cache = fetch, {}

    def __call__(self, case: Case) -> str:
        if self._fetch is None:
            return PENDING
        kind = self._kind(case)
        if kind not in self._cache:
            self._cache[kind] = self._fetch(kind)
        return self._cache[kind]


def install(schema: Any, tokens: TokenSource, *, basic_for_token_route: bool = True, cache: bool = True) -> None:
    """Register the providers on ``schema``: bearer tokens everywhere but ``/oauth/token``, Basic there.

    ``cache``: let schemathesis cache the token (not for :class:`LateTokens`, which caches itself).
    """

    @schema.auth(refresh_interval=300 if cache else None).skip_for(operation_id=TOKEN_OPERATION)
    class BearerToken:
        def get(self, case: Case, ctx: AuthContext) -> str:
            return tokens(case)

        def set(self, case: Case, data: str, ctx: AuthContext) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    if basic_for_token_route:

        @schema.auth(refresh_interval=None).apply_to(operation_id=TOKEN_OPERATION)
        class ClientCredentials:
            def get(self, case: Case, ctx: AuthContext) -> str:
                return basic_header()

            def set(self, case: Case, data: str, ctx: AuthContext) -> None:
                case.headers = {**(case.headers or {}), "Authorization": data}
