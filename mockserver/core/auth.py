"""OAuth 2.0 token endpoint and bearer-token checks (facts §1, §10).

The login host speaks RFC 6749 (``{error, description, error_description}``), not ``ErrorBody``; the API answers
401/403 with ``ErrorBody``. Permissions come from the operations table, ANY- or ALL-type as the real API declares.
"""

from __future__ import annotations

import secrets
from typing import Iterable

from flask import Blueprint, Response, g, jsonify, request

from contracts.operations import Operation
from mockserver.core.context import clock, settings, shared_state, tenants
from mockserver.core.errors import ApiError
from mockserver.core.tenants import TENANT_HEADER, Tenants
from mockserver.core.tokens import Token, find_token, token_key
from mockserver.core.tokens import issue_token as store_token
from mockserver.settings import OAuthClient

oauth = Blueprint("oauth", __name__)


class LoginError(Exception):
    """An error of the login host, answered in its own shape."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def response(self) -> Response:
        response = jsonify(error=self.error, description=self.description, error_description=self.description)
        response.status_code = self.status
        if self.status == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="genesys-mock"'
        return response


@oauth.errorhandler(LoginError)
def _login_error(error: LoginError) -> Response:
    return error.response()


def _authenticate_client() -> tuple[OAuthClient, str | None]:
    """HTTP Basic (what the SDKs send) or ``client_id``/``client_secret`` form fields (works in production); with
    the tenant a tenant's own client is bound to (core/tenants.py ``credentials``)."""
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        client_id, secret = auth.username or "", auth.password or ""
    else:
        client_id, secret = request.form.get("client_id", ""), request.form.get("client_secret", "")
    client = settings().client(client_id)
    tenant = None
    if client is None and (bound := tenants().bound_client(client_id)) is not None:
        client, tenant = bound
    if client is None or not secrets.compare_digest(client.client_secret.encode(), secret.encode()):
        raise LoginError(401, "invalid_client", "authentication failed")
    return client, tenant


@oauth.post("/oauth/token")
def issue_token() -> Response:
    if request.mimetype != "application/x-www-form-urlencoded":
        raise LoginError(400, "invalid_request", "content type must be application/x-www-form-urlencoded")
    grant_type = request.form.get("grant_type")
    if not grant_type:
        raise LoginError(400, "invalid_request", "grant_type is required")
    if grant_type not in ("client_credentials", "password"):
        raise LoginError(400, "unsupported_grant_type", f"grant type {grant_type} is not supported")
    client, tenant = _authenticate_client()
    if tenant is not None and request.headers.get(TENANT_HEADER) is None:
        g.mock_tenant = tenants().find(tenant)  # a login with form fields is journalled in the client's tenant too
    if grant_type not in client.grant_types:
        raise LoginError(400, "unauthorized_client", f"client is not allowed grant type {grant_type}")

    config, now = settings(), clock().time()
    lifetime = config.token_lifetime_seconds
    value = secrets.token_urlsafe(32)
    user_id = user_name = None
    permissions = frozenset(client.permissions)
    if grant_type == "password":
        username, password = request.form.get("username"), request.form.get("password")
        if not username or not password:
            raise LoginError(400, "invalid_request", "username and password are required")
        user = config.user(username)
        if user is None or not secrets.compare_digest(user.password.encode(), password.encode()):
            raise LoginError(400, "invalid_grant", "authentication failed")
        user_id, user_name = user.id, user.name
        # The user's permissions, bounded by the client's: a view-only client cannot lend a user's full rights.
        permissions = intersect(client.permissions, user.permissions)
    token = Token(token_key(value), client.client_id, permissions, now + lifetime, user_id, user_name, tenant)
    store_token(shared_state(), token, now)
    return jsonify(access_token=value, token_type="bearer", expires_in=lifetime)


def lookup_token(value: str) -> Token | None:
    """The token whose secret is ``value`` (expired or not), for the tenant routing before authentication
    (core/pipeline.py), remembered for :func:`authenticate` so a request looks its token up once."""
    registry = tenants()
    token = find_token(registry.shared, value, registry.cache)
    g.bearer_lookup = (value, token)
    return token


def authenticate(registry: Tenants | None = None, looked_up: tuple[str, Token | None] | None = None) -> Token:
    """The request's valid bearer token, or the real API's 401. The request chain passes the app's tenants (their
    shared state and clock) and what :func:`lookup_token` found, saving look-ups of its own."""
    header = request.headers.get("Authorization", "")
    if not header.strip():
        raise ApiError(401, "authentication.required")
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "bad.credentials")
    value = value.strip()
    if looked_up is None and registry is None:
        looked_up = g.get("bearer_lookup")  # set only when the tenant routing already looked it up
    if registry is None:
        registry = tenants()
    token = (
        looked_up[1]
        if looked_up is not None and looked_up[0] == value
        else find_token(registry.shared, value, registry.cache)
    )
    if token is None:
        raise ApiError(401, "bad.credentials")
    if registry.clock.time() >= token.expires_at:
        raise ApiError(401, "credentials.expired")
    return token


def grants(pattern: str, permission: str) -> bool:
    """Whether a granted permission pattern covers a required one; ``*`` matches one segment or everything."""
    if pattern == "*":
        return True
    granted, wanted = pattern.split(":"), permission.split(":")
    return len(granted) == len(wanted) and all(a in ("*", b) for a, b in zip(granted, wanted))


def _meet(a: str, b: str) -> str | None:
    """The pattern granting exactly what both ``a`` and ``b`` grant, or None when they share nothing."""
    if a == "*" or a == b:
        return b
    if b == "*":
        return a
    left, right = a.split(":"), b.split(":")
    if len(left) != len(right):
        return None
    segments = []
    for x, y in zip(left, right):
        if x != "*" and y != "*" and x != y:
            return None
        segments.append(y if x == "*" else x)
    return ":".join(segments)


def intersect(client: Iterable[str], user: Iterable[str]) -> frozenset[str]:
    """Permissions granted by both lists (patterns with ``*``): what a password-grant token may do, as a real org
    bounds a user's token by the client's scope."""
    user = list(user)
    return frozenset(m for c in client for u in user if (m := _meet(c, u)) is not None)


def _has(held: Iterable[str], permission: str) -> bool:
    return any(grants(pattern, permission) for pattern in held)


def authorize(operation: Operation, token: Token) -> None:
    """403 when the token lacks the operation's permissions; 400 ``not.a.user`` when it needs a user."""
    required = operation.permissions
    if required:
        if operation.permission_mode == "ALL":
            missing = [p for p in required if not _has(token.permissions, p)]
            if missing:
                raise ApiError(403, "missing.permissions", params={"permissions": ", ".join(missing)})
        elif not any(_has(token.permissions, p) for p in required):
            raise ApiError(403, "missing.any.permissions", params={"permissions": ", ".join(required)})
    if operation.user_context and not token.is_user_context:
        raise ApiError(
            400,
            "not.a.user",
            hint="this route needs a user's token: an authorization-code token "
            "on a real org; grant_type=password for a configured user on the mock",
        )
    g.token = token
