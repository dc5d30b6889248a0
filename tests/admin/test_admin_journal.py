"""The request journal: bounded, truncated, redacted, queryable, per tenant; ``admin: false`` turns it off."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver.core.journal import journal_entries, journal_records
from mockserver.core.redact import redact_text
from mockserver.settings import SettingsError, load_settings
from tests.conftest import CLIENT_SECRET, OVER_REDIS, PASSWORD, USER, assert_error, basic, get_token

LISTS = "/api/v2/outbound/contactlists"
REQUESTS = "/__mock/requests"
ENTRY_KEYS = {
    "id",
    "correlationId",
    "timestamp",
    "tenant",
    "method",
    "path",
    "query",
    "queryTruncated",
    "request",
    "response",
    "durationMs",
    "rule",
    "fault",
    "profile",
}
BYTE_BUDGET_IN_MEMORY = pytest.mark.skipif(
    OVER_REDIS,
    reason="the journal's byte budget across tenants is exact in "
    "memory only; over Redis max_entries bounds each journal",
)


def entries(client: FlaskClient, **query: Any) -> list[dict[str, Any]]:
    response = client.get(REQUESTS, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["entities"]


def test_an_entry_has_the_agreed_shape(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    response = client.post(LISTS + "?x=1", json=contact_list_body, headers=auth)
    entry = entries(client, method="POST")[-1]
    assert set(entry) == ENTRY_KEYS
    correlation_id = response.headers["ININ-Correlation-Id"]
    assert entry["id"] == entry["correlationId"] == correlation_id
    assert (entry["tenant"], entry["method"], entry["path"], entry["query"]) == ("default", "POST", LISTS, "x=1")
    assert json.loads(entry["request"]["body"]) == contact_list_body and entry["request"]["bodyTruncated"] is False
    assert entry["queryTruncated"] is False and entry["request"]["headersTruncated"] is False
    assert entry["request"]["headers"]["Authorization"] == "Bearer ***"
    assert entry["response"]["status"] == 200
    assert json.loads(entry["response"]["body"]) == response.get_json()
    assert entry["response"]["headers"]["ININ-Correlation-Id"] == correlation_id
    assert entry["timestamp"].endswith("Z") and entry["durationMs"] >= 0
    assert (entry["rule"], entry["fault"], entry["profile"]) == (None, None, "strict")
    assert client.get(f"{REQUESTS}/{correlation_id}").get_json() == entry
    assert journal_entries(client.application)[-1] == entry  # the same dict in-process (for bundles)


def test_the_rule_that_rejected_a_request_is_recorded(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    response = client.post(LISTS, json={**contact_list_body, "bogus": 1}, headers=auth)
    assert response.status_code == 400
    assert entries(client)[-1]["rule"] == response.headers["X-Mock-Rule"] == "CORE-UNKNOWN-PROPERTY"


def test_the_journal_stays_at_its_cap_and_keeps_the_newest(make_app: Callable[..., Flask]) -> None:
    cap = 100
    app = make_app(journal={"max_entries": cap})
    client = app.test_client()
    for number in range(10_000):
        client.get(LISTS, query_string={"n": number})  # 401s: the cheapest journalled request
    assert len(entries(client)) == cap
    kept = entries(client)
    assert [e["query"] for e in kept] == [f"n={n}" for n in range(10_000 - cap, 10_000)]


def test_default_cap_and_body_limit_come_from_settings() -> None:
    settings = load_settings()
    assert (settings.journal.max_entries, settings.journal.max_body_bytes) == (1000, 8192)
    with pytest.raises(SettingsError, match="journal.max_entries"):
        load_settings(journal={"max_entries": -1})
    with pytest.raises(SettingsError, match="journal"):
        load_settings(journal={"max_entry": 5})


def test_the_environment_sets_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENESYS_MOCK_JOURNAL__MAX_ENTRIES", "7")
    assert load_settings().journal.max_entries == 7


def test_bodies_are_cut_at_max_body_bytes(make_app: Callable[..., Flask], contact_list_body: dict[str, Any]) -> None:
    app = make_app(journal={"max_body_bytes": 40})
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    sent = {**contact_list_body, "name": "n" * 500}
    client.post(LISTS, json=sent, headers=auth)
    entry = entries(client, method="POST", path=LISTS)[-1]
    assert len(entry["request"]["body"]) == 40 and entry["request"]["body"].startswith('{"')
    assert entry["request"]["bodyTruncated"] is True
    assert len(entry["response"]["body"]) == 40 and entry["response"]["bodyTruncated"] is True


def test_a_body_nobody_read_is_still_recorded(client: FlaskClient, contact_list_body: dict[str, Any]) -> None:
    client.post(LISTS, json=contact_list_body)  # 401 before the view reads the body
    entry = entries(client)[-1]
    assert entry["response"]["status"] == 401
    assert json.loads(entry["request"]["body"]) == contact_list_body


def test_secrets_never_appear_in_the_journal(client: FlaskClient, contact_list_body: dict[str, Any]) -> None:
    app_token = get_token(client)  # HTTP Basic with the client secret
    form_token = get_token(client, client_id="mock-client-id", client_secret=CLIENT_SECRET)
    user_token = get_token(client, grant_type="password", username=USER, password=PASSWORD)
    for token in (app_token, form_token, user_token):
        client.get(LISTS, headers={"Authorization": f"Bearer {token}"})
    client.get(LISTS + f"?access_token={app_token}")
    client.post(
        LISTS,
        json={**contact_list_body, "password": PASSWORD, "refresh_token": user_token},
        headers={"Authorization": f"Bearer {app_token}", "Cookie": f"session={form_token}"},
    )
    text = json.dumps(client.get(REQUESTS).get_json())
    secret_basic = basic()["Authorization"].split()[1]
    for secret in (CLIENT_SECRET, PASSWORD, app_token, form_token, user_token, secret_basic):
        assert secret not in text
    assert text.count("Bearer ***") >= 4 and "Basic ***" in text and '\\"access_token\\":\\"***\\"' in text


@pytest.mark.parametrize(
    "body",
    [
        '{"password": "QQQQQQQQ", "name": "x"}',
        '{"client_secret":"QQ\\"QQQQ","refresh_token" : "QQQQ"}',
        "grant_type=password&password=QQQQQQQQ&username=u",
    ],
)
def test_a_secret_cut_by_truncation_is_still_redacted(body: str) -> None:
    """Bodies are cut before redaction (no parsing): a cut inside the value must not leak its start."""
    for cut in range(len(body) + 1):
        assert "Q" not in redact_text(body[:cut]), body[:cut]


def test_queries(client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]) -> None:
    created = client.post(LISTS, json=contact_list_body, headers=auth)
    list_id = created.get_json()["id"]
    client.get(f"{LISTS}/{list_id}", headers=auth)
    client.get(f"{LISTS}/missing-id", headers=auth)
    client.get(LISTS)  # 401
    assert [e["response"]["status"] for e in entries(client, path=f"{LISTS}/*")] == [200, 404]
    assert [e["method"] for e in entries(client, method="post")] == ["POST", "POST"]  # token + list
    assert [e["path"] for e in entries(client, status=401)] == [LISTS]
    correlation_id = created.headers["ININ-Correlation-Id"]
    assert [e["id"] for e in entries(client, correlationId=correlation_id)] == [correlation_id]
    limited = client.get(REQUESTS, query_string={"limit": 2}).get_json()
    assert limited["total"] == 5 and [e["response"]["status"] for e in limited["entities"]] == [404, 401]
    assert_error(client.get(REQUESTS, query_string={"status": "abc"}), 400, "invalid.query.param.value")
    assert_error(client.get(REQUESTS, query_string={"limit": 0}), 400, "invalid.query.param.value")
    assert_error(client.get(f"{REQUESTS}/no-such-id"), 404, "not.found")


def test_verify_counts_matching_requests(client: FlaskClient, auth: dict[str, str]) -> None:
    for _ in range(3):
        client.get(LISTS, headers=auth)
    client.get(LISTS)

    def count(**body: Any) -> int:
        response = client.post(f"{REQUESTS}/verify", json=body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["count"]

    assert count(method="GET", path=LISTS) == 4
    assert count(path="/api/v2/outbound/*", status=200) == 3
    assert count(status=401) == 1
    assert count() == 5  # and the token request
    assert_error(client.post(f"{REQUESTS}/verify", json={"pathx": "/"}), 400, "invalid.property")
    assert_error(client.post(f"{REQUESTS}/verify", json={"status": "200"}), 400, "invalid.value")
    assert_error(client.post(f"{REQUESTS}/verify", data="{", content_type="application/json"), 400, "bad.request")


def test_admin_routes_are_not_journalled_and_delete_clears(client: FlaskClient, auth: dict[str, str]) -> None:
    client.get(LISTS, headers=auth)
    client.get("/__mock/health")
    client.get("/__mock/rules")
    assert [e["path"] for e in entries(client)] == ["/oauth/token", LISTS]
    assert client.delete(REQUESTS).get_json() == {"cleared": 2}
    assert entries(client) == []


def test_admin_false_turns_the_admin_routes_off_but_not_the_api(make_app: Callable[..., Flask]) -> None:
    app = make_app(admin=False)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    assert client.get(LISTS, headers=auth).status_code == 200
    assert client.get(LISTS, headers={**auth, "X-Mock-Tenant": "A"}).status_code == 200
    for method, path in [
        ("GET", REQUESTS),
        ("POST", f"{REQUESTS}/verify"),
        ("DELETE", REQUESTS),
        ("GET", "/__mock/faults"),
        ("POST", "/__mock/faults"),
        ("DELETE", "/__mock/faults"),
        ("GET", "/__mock/tenants"),
        ("POST", "/__mock/reset"),
    ]:
        assert_error(client.open(path, method=method, json={}), 404, "not.found")
    assert client.get("/__mock/health").status_code == 200
    assert journal_records(app.config["MOCK_TENANTS"].default.state) == []  # nothing recorded that nobody could read


def test_headers_and_the_query_string_are_cut_like_bodies(make_app: Callable[..., Flask]) -> None:
    """A 401 with a huge header or query keeps at most ``max_body_bytes`` of each (a flood must not grow memory)."""
    app = make_app(journal={"max_body_bytes": 100})
    client = app.test_client()
    response = client.get(LISTS + "?q=" + "y" * 20_000, headers={"X-Big": "x" * 50_000, "Authorization": "Bearer n"})
    assert response.status_code == 401
    entry = entries(client)[-1]
    assert entry["queryTruncated"] is True and entry["query"] == "q=" + "y" * 98
    assert entry["request"]["headersTruncated"] is True
    if OVER_REDIS:  # what is held in memory (below) is the in-memory journal's; Redis holds the rendered entry
        return
    (exchange,) = journal_records(app.config["MOCK_TENANTS"].default.state)
    assert sum(len(value) for value in exchange.request_environ.values()) <= 100
    assert exchange.held <= exchange.OVERHEAD + 3 * 100 + len(LISTS) + 2_000  # + the mock's own response headers


@BYTE_BUDGET_IN_MEMORY
def test_all_journals_together_stay_within_the_byte_budget(make_app: Callable[..., Flask]) -> None:
    budget = 64 * 1024
    app = make_app(journal={"max_body_bytes": 4096, "max_total_bytes": budget})
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    tenants = app.config["MOCK_TENANTS"]
    for i in range(120):  # ~100 entries of ~5 KB each would be ~600 KB
        client.get(LISTS, headers={**auth, "X-Mock-Tenant": f"t{i % 4}", "X-Pad": "p" * 4000})
        assert tenants.journal_budget.used <= budget
    journals = {tenant.name: journal_records(tenant.state) for tenant in tenants.all()}
    kept = [exchange for journal in journals.values() for exchange in journal]
    assert sum(exchange.held for exchange in kept) == tenants.journal_budget.used
    assert 6 <= len(kept) < 20  # the newest that fit; the oldest of every tenant gave way
    assert all(len(journal) >= 1 for name, journal in journals.items() if name != "default")
    newest = client.get(REQUESTS, query_string={"limit": 50}, headers={"X-Mock-Tenant": "t0"}).get_json()
    assert newest["total"] == len(journals["t0"])  # the emptied entries are neither listed nor counted
    assert [entry["id"] for entry in newest["entities"]] == [e.correlation_id for e in journals["t0"]]
    assert client.delete("/__mock/tenants/t1").status_code == 204  # its entries leave the budget
    assert tenants.journal_budget.used == sum(e.held for t in tenants.all() for e in journal_records(t.state))


def test_max_entries_still_bounds_each_journal_within_the_budget(make_app: Callable[..., Flask]) -> None:
    app = make_app(journal={"max_entries": 3})
    client = app.test_client()
    for _ in range(10):
        client.get(LISTS)
    tenants = app.config["MOCK_TENANTS"]
    assert len(journal_records(tenants.default.state)) == 3
    if OVER_REDIS:  # only max_entries bounds a journal in Redis (docs/admin.md, "Request journal")
        return
    assert tenants.journal_budget.used == sum(e.held for e in journal_records(tenants.default.state))
    client.delete(REQUESTS)
    assert tenants.journal_budget.used == 0


@pytest.mark.parametrize(
    "body",
    [
        "grant_type=client_credentials&client_id=mock-client-id&client%5Fsecret=mock-client-secret",
        "grant_type=password&username=agent%40example.com&pass%77ord=mock-password",
        "grant_type=password&username=agent%40example.com&PASSWORD=mock-password",
    ],
)
def test_percent_encoded_secret_fields_are_redacted_after_decoding(client: FlaskClient, body: str) -> None:
    """The token endpoint decodes field names, so the journal must too."""
    headers = {} if "client_id" in body else basic()
    response = client.post(
        "/oauth/token", data=body, headers={**headers, "Content-Type": "application/x-www-form-urlencoded"}
    )
    if "PASSWORD" not in body:
        assert response.status_code == 200, response.get_json()
    text = json.dumps(entries(client, path="/oauth/token")[-1])
    assert "mock-client-secret" not in text and "mock-password" not in text
    assert "***" in text


def test_the_request_log_line_redacts_the_query(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(log_requests=True)
    client = app.test_client()
    with caplog.at_level("INFO", logger="mockserver.requests"):
        client.get(LISTS + "?pageSize=2&access_token=SECRETVALUE&client%5Fsecret=OTHERSECRET")
    lines = [r.getMessage() for r in caplog.records if r.name == "mockserver.requests"]
    assert lines and "SECRETVALUE" not in lines[-1] and "OTHERSECRET" not in lines[-1]
    assert "pageSize=2&access_token=***&client%5Fsecret=***" in lines[-1]
