"""OAuth token endpoint, bearer checks and permissions (issue 2, bullet 4; facts §1, §10)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from contracts.operations import Operation
from mockserver.core.auth import authorize, grants, intersect
from mockserver.core.errors import ApiError
from mockserver.core.tokens import Token, find_token
from tests.conftest import CLIENT_ID, CLIENT_SECRET, PASSWORD, USER, assert_error, basic, get_token

LISTS = "/api/v2/outbound/contactlists"


def _login_error(response, status: int, error: str) -> None:
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error", "description", "error_description"}, body
    assert body["error"] == error


def test_client_credentials_with_http_basic(client: FlaskClient) -> None:
    response = client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=basic())
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 86400
    assert client.get(LISTS, headers={"Authorization": f"bearer {body['access_token']}"}).status_code == 200


def test_client_credentials_with_form_fields(client: FlaskClient) -> None:
    token = get_token(client, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    assert client.get(LISTS, headers={"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize("headers", [basic(CLIENT_ID, "wrong"), basic("nobody", CLIENT_SECRET), {}])
def test_bad_client_is_invalid_client(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=headers)
    _login_error(response, 401, "invalid_client")
    assert response.get_json()["description"] == "authentication failed"


def test_unsupported_and_missing_grant_type(client: FlaskClient) -> None:
    _login_error(
        client.post("/oauth/token", data={"grant_type": "implicit"}, headers=basic()), 400, "unsupported_grant_type"
    )
    _login_error(client.post("/oauth/token", data={}, headers=basic()), 400, "invalid_request")
    _login_error(
        client.post("/oauth/token", json={"grant_type": "client_credentials"}, headers=basic()), 400, "invalid_request"
    )


def test_token_lifetime_is_configurable(make_app) -> None:
    client = make_app(token_lifetime_seconds=300).test_client()
    response = client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=basic())
    assert response.get_json()["expires_in"] == 300


def test_password_grant_gives_a_user_context(client: FlaskClient) -> None:
    response = client.post(
        "/oauth/token", headers=basic(), data={"grant_type": "password", "username": USER, "password": PASSWORD}
    )
    assert response.status_code == 200
    shared = client.application.config["MOCK_TENANTS"].shared
    token = find_token(shared, response.get_json()["access_token"])
    assert token is not None and token.is_user_context and token.user_name == "Mock Agent"
    _login_error(
        client.post(
            "/oauth/token", headers=basic(), data={"grant_type": "password", "username": USER, "password": "nope"}
        ),
        400,
        "invalid_grant",
    )
    _login_error(client.post("/oauth/token", headers=basic(), data={"grant_type": "password"}), 400, "invalid_request")


def test_grant_type_not_allowed_for_client(make_app) -> None:
    app = make_app(clients=[{"client_id": "cc", "client_secret": "s", "grant_types": ["client_credentials"]}])
    response = app.test_client().post(
        "/oauth/token",
        headers=basic("cc", "s"),
        data={"grant_type": "password", "username": USER, "password": PASSWORD},
    )
    _login_error(response, 400, "unauthorized_client")


def test_missing_token_is_authentication_required(client: FlaskClient) -> None:
    body = assert_error(client.get(LISTS), 401, "authentication.required")
    assert body["message"] == "No authentication bearer token specified in authorization header."


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic Zm9vOmJhcg==", "token"])
def test_unknown_or_malformed_token_is_bad_credentials(client: FlaskClient, header: str) -> None:
    body = assert_error(client.get(LISTS, headers={"Authorization": header}), 401, "bad.credentials")
    assert body["message"] == "Invalid login credentials."


def test_expired_token_is_credentials_expired(make_app) -> None:
    app = make_app(token_lifetime_seconds=60)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {get_token(client)}"}
    assert client.get(LISTS, headers=headers).status_code == 200
    assert client.post("/__mock/clock/advance", json={"seconds": 61}).status_code == 200
    assert_error(client.get(LISTS, headers=headers), 401, "credentials.expired")


def test_reset_keeps_tokens_unless_asked(client: FlaskClient, auth: dict[str, str]) -> None:
    assert client.post("/__mock/reset").status_code == 200
    assert client.get(LISTS, headers=auth).status_code == 200
    assert client.post("/__mock/reset?tokens=true").get_json() == {"reset": True, "tokens": True, "tenant": None}
    assert_error(client.get(LISTS, headers=auth), 401, "bad.credentials")


def test_missing_any_permission_is_403_naming_them(make_app, contact_list_body: dict) -> None:
    app = make_app(
        clients=[{"client_id": "viewer", "client_secret": "s", "permissions": ["outbound:contactList:view"]}]
    )
    client = app.test_client()
    token = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=basic("viewer", "s")
    ).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(LISTS, headers=headers).status_code == 200
    body = assert_error(client.post(LISTS, json=contact_list_body, headers=headers), 403, "missing.any.permissions")
    assert body["message"].endswith("assigned: outbound:contactList:add")


def test_user_permissions_apply_to_password_tokens(make_app, contact_list_body: dict) -> None:
    app = make_app(users=[{"username": "ro@example.com", "password": "pw", "permissions": ["outbound:*:view"]}])
    client = app.test_client()
    token = get_token(client, grant_type="password", username="ro@example.com", password="pw")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(LISTS, headers=headers).status_code == 200
    assert_error(client.post(LISTS, json=contact_list_body, headers=headers), 403, "missing.any.permissions")


def _token(*permissions: str, user: bool = False) -> Token:
    return Token("t", "c", frozenset(permissions), expires_at=0, user_id="u" if user else None)


def test_all_type_permissions_list_only_the_missing_ones(app) -> None:
    op = Operation(
        "postExport",
        "POST",
        "/x",
        "",
        "Outbound",
        "facts §5.1",
        permissions=("outbound:contact:view", "outbound:contactList:view"),
        permission_mode="ALL",
    )
    with app.test_request_context():
        with pytest.raises(ApiError) as caught:
            authorize(op, _token("outbound:contactList:view"))
        assert caught.value.status == 403 and caught.value.code == "missing.permissions"
        assert caught.value.params == {"permissions": "outbound:contact:view"}
        authorize(op, _token("outbound:contact:view", "outbound:contactList:view"))


def test_user_context_operation_rejects_client_credentials(app) -> None:
    op = Operation("postConversationsCalls", "POST", "/x", "", "Conversations", "facts §8.1", user_context=True)
    with app.test_request_context():
        with pytest.raises(ApiError) as caught:
            authorize(op, _token("*"))
        assert (caught.value.status, caught.value.code) == (400, "not.a.user")
        authorize(op, _token("*", user=True))


@pytest.mark.parametrize(
    ("pattern", "permission", "expected"),
    [
        ("*", "outbound:contactList:add", True),
        ("outbound:contactList:add", "outbound:contactList:add", True),
        ("outbound:*:add", "outbound:contactList:add", True),
        ("outbound:*:*", "outbound:contact:view", True),
        ("outbound:contactList:view", "outbound:contactList:add", False),
        ("outbound:*", "outbound:contactList:add", False),
        ("externalContacts:*:*", "outbound:contactList:add", False),
    ],
)
def test_permission_patterns(pattern: str, permission: str, expected: bool) -> None:
    assert grants(pattern, permission) is expected


def test_a_view_only_client_bounds_a_password_token(make_app, contact_list_body: dict) -> None:
    """A client's permissions bound its user tokens (the intersection), so a view-only client cannot borrow a
    user's full rights through the password grant."""
    app = make_app(clients=[{"client_id": "viewer", "client_secret": "s", "permissions": ["outbound:*:view"]}])
    client = app.test_client()
    token = get_token(
        client, grant_type="password", username=USER, password=PASSWORD, client_id="viewer", client_secret="s"
    )
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(LISTS, headers=headers).status_code == 200
    assert_error(client.post(LISTS, json=contact_list_body, headers=headers), 403, "missing.any.permissions")


@pytest.mark.parametrize(
    ("client", "user", "expected"),
    [
        (["*"], ["outbound:*:view"], {"outbound:*:view"}),
        (["outbound:*:view"], ["*"], {"outbound:*:view"}),
        (["outbound:*:view"], ["outbound:contactList:*"], {"outbound:contactList:view"}),
        (["outbound:contactList:view"], ["outbound:contactList:add"], set()),
        (["outbound:*"], ["outbound:contactList:add"], set()),
        (["a:b:c", "x:*:z"], ["*:*:*"], {"a:b:c", "x:*:z"}),
    ],
)
def test_permission_intersection(client: list[str], user: list[str], expected: set[str]) -> None:
    assert intersect(client, user) == expected
