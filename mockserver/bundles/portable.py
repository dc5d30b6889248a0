"""Replay of a genesys-mock bug-report bundle: this file travels in every bundle as ``test_replay.py``.

Run ``python -m pytest test_replay.py`` in an unpacked bundle:

* ``test_replay_against_mock`` replays each recorded request against a fresh in-process mock (needs
  genesys-cloud-mock installed from its clone, ``pip install -e /path/to/clone``: it is not on PyPI) started with the
  recorded profile and rule switches, after restoring the recorded state snapshot when the bundle has one, and
  asserts the same status and error code come back.
* ``test_replay_against_real_org`` does the same against a real org when ``GENESYS_CLIENT_ID``,
  ``GENESYS_CLIENT_SECRET`` and ``GENESYS_REGION`` are set (skipped otherwise). It never replays a request that
  would place a call (``POST /api/v2/conversations/calls``); call routes need ``GENESYS_USER_TOKEN``.

Recorded secrets are redacted, so each request gets a fresh token from the replaying side. The same functions
back ``genesys-mock replay BUNDLE``. Only the standard library, httpx and pytest are needed to run it; httpx is
imported where a client is made, so that ``serve``, which imports this module at start for
:func:`expected_outcome` (mockserver/serving/preload.py), does not load httpx for nothing.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    import httpx

BUNDLE_DIR = Path(__file__).resolve().parent
PLACES_A_CALL = ("POST", "/api/v2/conversations/calls")
# Headers that describe the original connection or carry secrets; the replaying side sets its own.
NOT_REPLAYED = {
    "authorization",
    "host",
    "content-length",
    "connection",
    "accept-encoding",
    "cookie",
    "x-mock-tenant",
    "inin-correlation-id",
    "user-agent",
    "transfer-encoding",
}


@dataclass(frozen=True)
class Outcome:
    status: int
    code: str | None

    def __str__(self) -> str:
        return f"{self.status} {self.code}" if self.code else str(self.status)


@dataclass
class Bundle:
    meta: dict[str, Any]
    exchanges: list[dict[str, Any]]
    state: dict[str, Any] | None = None


@dataclass
class Result:
    index: int
    method: str
    path: str
    expected: Outcome
    got: Outcome | None = None
    skipped: str | None = None

    @property
    def matched(self) -> bool:
        return self.skipped is None and self.got == self.expected

    def line(self) -> str:
        head = f"exchange-{self.index} {self.method} {self.path}:"
        if self.skipped:
            return f"{head} skipped ({self.skipped})"
        if self.matched:
            return f"{head} match ({self.expected})"
        return f"{head} MISMATCH expected {self.expected} got {self.got}"


@dataclass
class Target:
    """Where requests go: one httpx client, the three hosts and a token source (``user=True`` for call routes)."""

    http: httpx.Client
    api: str
    login: str
    apps: str
    token: Callable[[bool], str | None]
    basic: str | None = None  # HTTP Basic credentials to send when a recorded token request succeeded
    refuse: Callable[[dict[str, Any]], str | None] = field(default=lambda exchange: None)


def load_bundle(folder: Path = BUNDLE_DIR) -> Bundle:
    """The meta data, the exchanges in recorded order and the state snapshot (if any) of an unpacked bundle."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    files = sorted(folder.glob("exchange-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    exchanges = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    state_file = folder / "state.json"
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else None
    return Bundle(meta, exchanges, state)


def outcome_of(status: int, body: str | bytes | None) -> Outcome:
    """Status plus the ErrorBody ``code`` of an error answer (None for successes or unreadable bodies)."""
    code = None
    if status >= 400 and body:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: a body nested ~1000 deep (no jsontext here)
            data = None
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            code = data["code"]
    return Outcome(status, code)


def expected_outcome(exchange: dict[str, Any]) -> Outcome:
    response = exchange.get("response")
    if response is None:
        return Outcome(0, "connection dropped")
    return outcome_of(int(response["status"]), response.get("body"))


def _headers(exchange: dict[str, Any], target: Target) -> dict[str, str] | None:
    """The recorded headers with a live ``Authorization`` (None when no credentials can be supplied)."""
    recorded = exchange["request"].get("headers") or {}
    headers = {k: v for k, v in recorded.items() if k.lower() not in NOT_REPLAYED}
    auth = next((v for k, v in recorded.items() if k.lower() == "authorization"), None)
    if auth is None:
        return headers
    scheme = auth.split(" ", 1)[0].lower()
    if scheme == "bearer":
        token = target.token(exchange["path"].startswith("/api/v2/conversations"))
        if token is None:
            return None
        headers["Authorization"] = f"Bearer {token}"
    elif scheme == "basic" and target.basic and expected_outcome(exchange).status < 400:
        headers["Authorization"] = f"Basic {target.basic}"  # a failed login is replayed with the redacted value
    else:
        headers["Authorization"] = auth
    return headers


def _json(text: str | bytes | None) -> Any:
    try:
        return json.loads(text) if text else None
    except (ValueError, RecursionError):
        return None


def _learn_id(recorded: str | None, replayed: bytes, ids: dict[str, str]) -> None:
    """Remember that what the recording created as ``id`` X was created as Y this time."""
    old, new = _json(recorded), _json(replayed)
    if isinstance(old, dict) and isinstance(new, dict):
        if isinstance(old.get("id"), str) and isinstance(new.get("id"), str) and old["id"] != new["id"]:
            ids[old["id"]] = new["id"]


def _remap(text: str, ids: dict[str, str]) -> str:
    for old, new in ids.items():
        text = text.replace(old, new)
    return text


def replay(target: Target, bundle: Bundle) -> list[Result]:
    """Send each recorded request once, in order, and compare status and error code with the recording.

    Ids created during the replay differ from the recorded ones, so later requests are rewritten to use them.
    """
    results: list[Result] = []
    ids: dict[str, str] = {}  # recorded id -> replayed id
    for index, exchange in enumerate(bundle.exchanges, start=1):
        method, path = exchange["method"].upper(), exchange["path"]
        result = Result(index, method, path, expected_outcome(exchange))
        results.append(result)
        request = exchange["request"]
        headers = _headers(exchange, target)
        fault = exchange.get("fault")
        result.skipped = (
            target.refuse(exchange)
            or (f"answered by injected fault {fault}; faults are not replayed" if fault else None)
            or ("the recorded body was truncated" if request.get("bodyTruncated") else None)
            or ("the recorded query string was truncated" if exchange.get("queryTruncated") else None)
            or ("no user token (set GENESYS_USER_TOKEN)" if headers is None else None)
        )
        if result.skipped:
            continue
        host = (
            target.login if path.startswith("/oauth/") else target.apps if path.startswith("/uploads/") else target.api
        )
        url = host + _remap(path + (f"?{exchange['query']}" if exchange.get("query") else ""), ids)
        body = request.get("body")
        response = target.http.request(
            method, url, headers=headers, content=_remap(body, ids).encode("utf-8") if body is not None else None
        )
        result.got = outcome_of(response.status_code, response.content)
        if result.matched and response.status_code < 400:
            _learn_id((exchange.get("response") or {}).get("body"), response.content, ids)
    return results


def _mock_credentials() -> tuple[tuple[str, str], tuple[str, str]]:
    """The built-in client and user of the mock (from its settings, so no credential is written in a bundle)."""
    from mockserver.settings import DEFAULT_CLIENT, DEFAULT_USER

    return (DEFAULT_CLIENT.client_id, DEFAULT_CLIENT.client_secret), (DEFAULT_USER.username, DEFAULT_USER.password)


def _mock_token(http: httpx.Client, login: str, user: bool) -> str:
    client, (username, password) = _mock_credentials()
    form = (
        {"grant_type": "password", "username": username, "password": password}
        if user
        else {"grant_type": "client_credentials"}
    )
    response = http.post(f"{login}/oauth/token", data=form, auth=client)
    response.raise_for_status()
    return response.json()["access_token"]


def _restore_state(http: httpx.Client, base: str, bundle: Bundle) -> str | None:
    """Load the recorded state into the replaying tenant; a note when that is not possible."""
    if bundle.state is None:
        return f"the bundle has no state snapshot: {bundle.meta.get('stateNote') or 'recorded ids may answer 404'}"
    response = http.put(f"{base}/__mock/state", json=bundle.state)
    if response.status_code >= 400:
        return f"state not restored: PUT /__mock/state answered {response.status_code}"
    return None


def _mock_target(http: httpx.Client, base: str) -> Target:
    tokens: dict[bool, str] = {}

    def token(user: bool) -> str:
        if user not in tokens:
            tokens[user] = _mock_token(http, base, user)
        return tokens[user]

    basic = base64.b64encode(":".join(_mock_credentials()[0]).encode()).decode("ascii")
    return Target(http, base, base, base, token, basic)


def mock_settings(meta: dict[str, Any]) -> Any:
    """The recorded settings with the built-in client and user (recorded secrets are redacted), the admin API on
    (to restore state) and no files: replaying must never read or overwrite the recorder's state file."""
    from mockserver.settings import Settings

    recorded = dict(meta.get("settings") or {})
    # Where it listened, who may log in and which files it read or wrote are the recorder's, not the replay's.
    keep = {
        k: v
        for k, v in recorded.items()
        if k not in ("clients", "users", "host", "port", "log_requests", "admin") and not k.endswith("_file")
    }
    return Settings(**keep, log_requests=False, admin=True)


def in_process(bundle: Bundle, create_app: Callable[[Any], Any]) -> tuple[Target, str | None]:
    """A target on a fresh in-process mock with the recorded settings and state; plus a note on the state.

    ``create_app`` is the installed mock's app factory, handed in by the caller (``genesys-mock replay``, or the
    test below through the package's public ``mockserver.create_app``): this module is part of the app's own
    bundle route, so importing the app here would close the circle app -> admin/bundle -> bundles -> app.
    """
    import httpx

    app = create_app(mock_settings(bundle.meta))
    http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://mock")
    return _mock_target(http, "http://mock"), _restore_state(http, "http://mock", bundle)


def at_url(url: str, bundle: Bundle) -> tuple[Target, str | None]:
    """A target on a running mock, in a tenant of its own so the replay cannot disturb other work there."""
    import httpx

    tenant = f"replay-{uuid.uuid4().hex[:12]}"
    http = httpx.Client(headers={"X-Mock-Tenant": tenant}, trust_env=False, timeout=30.0)
    base = url.rstrip("/")
    return _mock_target(http, base), _restore_state(http, base, bundle)


def real_org(environ: Mapping[str, str] | None = None) -> Target | None:
    """A target on the org of ``GENESYS_CLIENT_ID/SECRET/REGION``; None when any of them is missing."""
    environ = os.environ if environ is None else environ
    client_id, secret, region = (environ.get(f"GENESYS_{k}") for k in ("CLIENT_ID", "CLIENT_SECRET", "REGION"))
    if not (client_id and secret and region):
        return None
    try:
        from clients.genesys_client.config import region_environment

        env = region_environment(region)
    except ImportError:
        env = region.strip().lower().removeprefix("api.")
    import httpx

    http = httpx.Client(timeout=60.0)
    login, user_token = f"https://login.{env}", environ.get("GENESYS_USER_TOKEN")
    cached: dict[str, str] = {}

    def token(user: bool) -> str | None:
        if user:
            return user_token
        if "client" not in cached:
            response = http.post(
                f"{login}/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
            )
            response.raise_for_status()
            cached["client"] = response.json()["access_token"]
        return cached["client"]

    def refuse(exchange: dict[str, Any]) -> str | None:
        if (exchange["method"].upper(), exchange["path"].rstrip("/")) == PLACES_A_CALL:
            return "would place a real call"
        return None

    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode("ascii")
    return Target(http, f"https://api.{env}", login, f"https://apps.{env}", token, basic, refuse)


def report(results: list[Result], note: str | None = None) -> str:
    return "\n".join(([f"note: {note}"] if note else []) + [r.line() for r in results])


# pytest is imported inside the tests: `genesys-mock replay` imports this module where pytest may not be installed.
def test_replay_against_mock() -> None:
    import pytest

    reason = "install genesys-cloud-mock from its clone (pip install -e DIR) to replay against the mock"
    mock = pytest.importorskip("mockserver", reason=reason)
    bundle = load_bundle(BUNDLE_DIR)
    target, note = in_process(bundle, mock.create_app)
    with closing(target.http):
        results = replay(target, bundle)
    assert all(r.matched for r in results), report(results, note)


def test_replay_against_real_org() -> None:
    import pytest

    target = real_org()
    if target is None:
        pytest.skip("set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_REGION to replay against a real org")
    with closing(target.http):
        results = replay(target, load_bundle(BUNDLE_DIR))
    if all(r.skipped for r in results):
        pytest.skip(report(results))
    assert all(r.matched or r.skipped for r in results), report(results)
