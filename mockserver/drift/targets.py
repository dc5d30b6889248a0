"""The two sides of a drift run: the mock in-process, or any server over HTTP (a running mock, a real org).

A target sends one rendered request and answers a :class:`Reply`; it knows its tokens (client credentials, and the
users the call routes need) and why it would refuse an entry. The in-process mock builds one app per distinct
``mock_settings`` of the corpus and resets it before each entry, so entries never see each other's state. The HTTP
target goes through the reference client's :class:`~clients.genesys_client.transport.Sender`: requests spaced by a
throttle and a 429 retried after its ``Retry-After``, as a shared real org asks.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import urlsplit

import httpx
from flask import Flask

from clients.genesys_client.config import Hosts
from clients.genesys_client.transport import RetryPolicy, Sender
from mockserver.core.jsontext import load_json_text
from mockserver.drift.model import NO_BODY, Entry, Request
from mockserver.settings import DEFAULT_CLIENT, DEFAULT_USER, Settings

OTHER_USER = {"username": "other@example.com", "password": "other-password", "name": "Other Agent"}
MOCK_TEST_NUMBER = "+13175550100"  # fictional 555-01xx range; the mock's calls to it connect
CALL_ROUTE = "/api/v2/conversations/calls"
_BASE_MOCK_SETTINGS: dict[str, Any] = {
    "log_requests": False,
    # The corpus sends far more requests than one token's window: a 429 would hide the answer under test.
    "rate_limit": {"requests": 1_000_000_000, "window_seconds": 60},
    # Calls stay where they are between requests, on both sides alike.
    "clock": {"mode": "frozen"},
    "users": [DEFAULT_USER.model_dump(), OTHER_USER],
}


@dataclass
class Reply:
    status: int
    headers: Mapping[str, str]
    body: Any = None
    """parsed JSON, or None when the answer is not JSON."""
    content_type: str = ""


def _decode(raw: bytes, content_type: str) -> Any:
    if "json" not in content_type or not raw:
        return None
    try:
        return load_json_text(raw)
    except ValueError:
        return None


@dataclass
class MockTarget:
    """The mock in-process (Flask test client) in one profile."""

    profile: str
    name: str = ""
    remote: bool = False
    test_number: str = MOCK_TEST_NUMBER
    _apps: dict[str, Flask] = field(default_factory=dict)
    _tokens: dict[tuple[str, str | None], str] = field(default_factory=dict)
    _current: Flask | None = None

    def __post_init__(self) -> None:
        self.name = self.name or f"mock {self.profile}"

    def refuses(self, entry: Entry) -> str | None:
        return None

    def start(self, entry: Entry) -> None:
        """Select (or build) the app with the entry's settings and clear its state."""
        key = json.dumps(entry.mock_settings, sort_keys=True)
        if key not in self._apps:
            from mockserver.app import create_app

            settings = Settings(**{**_BASE_MOCK_SETTINGS, **entry.mock_settings, "profile": self.profile})
            self._apps[key] = create_app(settings)
        self._current = self._apps[key]
        reset = self._current.test_client().post("/__mock/reset")
        assert reset.status_code == 200, reset.get_data(as_text=True)

    def _token(self, user: str | None) -> str:
        app = self._current
        assert app is not None
        cache_key = (str(id(app)), user)
        if cache_key not in self._tokens:
            form = {"grant_type": "client_credentials"}
            if user is not None:
                who = DEFAULT_USER.model_dump() if user == "agent" else OTHER_USER
                form = {"grant_type": "password", "username": who["username"], "password": who["password"]}
            answer = app.test_client().post(
                "/oauth/token", data=form, auth=(DEFAULT_CLIENT.client_id, DEFAULT_CLIENT.client_secret)
            )
            assert answer.status_code == 200, answer.get_data(as_text=True)
            self._tokens[cache_key] = answer.get_json()["access_token"]
        return self._tokens[cache_key]

    def send(self, request: Request) -> Reply:
        assert self._current is not None, "start(entry) first"
        headers = {"Authorization": f"Bearer {self._token(request.user)}", **(request.headers or {})}
        kwargs: dict[str, Any] = {"headers": headers, "query_string": _query(request.params)}
        if request.form is not None or request.file is not None:
            data: dict[str, Any] = dict(request.form or {})
            if request.file is not None:
                data["file"] = (io.BytesIO(request.file.encode()), "contacts.csv")
            kwargs.update(data=data, content_type="multipart/form-data")
        elif request.body is not None:
            kwargs["data"] = request.body.encode()
        elif request.json is not NO_BODY:
            kwargs["json"] = request.json
        parts = urlsplit(request.path)  # an absolute URL the mock handed out (a presigned upload URL)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        answer = self._current.test_client().open(path, method=request.method, **kwargs)
        content_type = answer.headers.get("Content-Type", "")
        return Reply(answer.status_code, dict(answer.headers), _decode(answer.get_data(), content_type), content_type)

    def close(self) -> None:
        self._apps.clear()


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Query values as strings (lists repeat the parameter), booleans as the API spells them."""
    if not params:
        return None
    return {
        k: ([str(x) for x in v] if isinstance(v, list) else str(v).lower() if isinstance(v, bool) else str(v))
        for k, v in params.items()
    }


@dataclass
class HttpTarget:
    """A server over HTTP: ``genesys-mock serve`` at a URL, or a real org (``real=True``).

    Whatever the URL, calls are opt-in (``allow_calls``) and go to ``test_number`` only: the same URL option
    could point at a real org's API host.
    """

    hosts: Hosts
    client_id: str
    client_secret: str = field(repr=False)
    name: str = "http"
    real: bool = False
    throttle: float = 0.0
    user_tokens: dict[str, str] = field(default_factory=dict, repr=False)
    """``agent`` (and ``other``) tokens given from outside; without one, entries needing that user are refused."""
    allow_calls: bool = False
    test_number: str = MOCK_TEST_NUMBER
    remote: bool = True
    _token: str | None = field(default=None, repr=False)
    _sender: Sender = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._http = httpx.Client(timeout=60.0, trust_env=False)
        self._sender = Sender(self._http, RetryPolicy(max_attempts=5, max_retry_after=120.0), throttle=self.throttle)

    def refuses(self, entry: Entry) -> str | None:
        if entry.remote:
            return entry.remote
        if entry.places_call and not self.allow_calls:
            return "may place a call: needs --allow-calls --test-number"
        users = {s.user for s in (*entry.setup, entry.request) if s.user}
        missing = sorted(users - set(self.user_tokens))
        if missing:
            return f"needs a user token ({', '.join(missing)}); set GENESYS_USER_TOKEN"
        return None

    def start(self, entry: Entry) -> None:
        """Nothing to reset on a server shared with others: the entry's cleanup removes what it made."""

    def _bearer(self, user: str | None) -> str:
        if user is not None:
            return self.user_tokens[user]
        if self._token is None:
            basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
            answer = self._sender.send(
                lambda: self._http.build_request(
                    "POST",
                    f"{self.hosts.login}/oauth/token",
                    data={"grant_type": "client_credentials"},
                    headers={"Authorization": f"Basic {basic}"},
                )
            )
            if answer.status_code != 200:
                raise RuntimeError(f"token request failed: {answer.status_code} {answer.text[:200]}")
            self._token = str(answer.json()["access_token"])
        return self._token

    def send(self, request: Request) -> Reply:
        guard_real_call(request, self.allow_calls, self.test_number)  # a URL may be a real org too
        host = self.hosts.apps if request.path.startswith("/uploads/") else self.hosts.api
        headers = {"Authorization": f"Bearer {self._bearer(request.user)}", **(request.headers or {})}
        kwargs: dict[str, Any] = {"headers": headers, "params": _query(request.params)}
        if request.form is not None or request.file is not None:
            kwargs["data"] = dict(request.form or {})
            if request.file is not None:
                kwargs["files"] = {"file": ("contacts.csv", request.file.encode(), "text/csv")}
        elif request.body is not None:
            kwargs["content"] = request.body.encode()
        elif request.json is not NO_BODY:
            kwargs["json"] = request.json
        url = request.path if request.path.startswith(("http://", "https://")) else host + request.path
        answer = self._sender.send(lambda: self._http.build_request(request.method, url, **kwargs))
        content_type = answer.headers.get("Content-Type", "")
        return Reply(answer.status_code, dict(answer.headers), _decode(answer.content, content_type), content_type)

    def close(self) -> None:
        self._http.close()


def guard_real_call(request: Request, allow_calls: bool, test_number: str) -> None:
    """The last line before a real org: a call is created only when allowed, and only to the test number."""
    if request.method != "POST" or request.path.rstrip("/") != CALL_ROUTE:
        return
    if not allow_calls:
        raise PermissionError("refusing to create a call on a real org without --allow-calls")
    body = request.json if isinstance(request.json, dict) else {}
    numbers = [body.get("phoneNumber")] + [
        p.get("address") for p in body.get("participants") or [] if isinstance(p, dict)
    ]
    numbers += [
        p.get("participantAddress", {}).get("id")
        for p in body.get("participants") or []
        if isinstance(p, dict) and isinstance(p.get("participantAddress"), dict)
    ]
    others = [n for n in numbers if n is not None and str(n).strip() and n != test_number]
    if others or body.get("callUserId") or body.get("callQueueId"):
        raise PermissionError(f"refusing a call to anything but the test number {test_number}: {body}")
