"""``GET /__mock/bundle/...``: what a bundle contains, and that no secret gets into it."""

from __future__ import annotations

import io
import json

from flask.testing import FlaskClient

from tests.bundles.conftest import GOOD_LIST, Recorded, assert_no_secret, post_bad_list, unzip
from tests.conftest import assert_error, basic, get_token


def test_a_bundle_holds_the_exchange_its_context_and_a_replay(recorded: Recorded) -> None:
    response = recorded.client.get(f"/__mock/bundle/{recorded.correlation_id}")

    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"genesys-mock-bundle-{recorded.correlation_id}.zip" in response.headers["Content-Disposition"]
    files = unzip(response.data)
    assert {"exchange-1.json", "request-1.curl.sh", "meta.json", "test_replay.py", "README.md"} <= set(files)
    exchange = json.loads(files["exchange-1.json"])
    assert (exchange["method"], exchange["path"], exchange["correlationId"]) == (
        "POST",
        "/api/v2/outbound/contactlists",
        recorded.correlation_id,
    )
    assert exchange["response"]["status"] == 400
    assert json.loads(exchange["response"]["body"])["code"] == "invalid.value"
    assert json.loads(exchange["request"]["body"])["emailColumns"][0]["columnName"] == "mail"
    assert exchange["request"]["headers"]["Authorization"] == "Bearer ***"

    meta = json.loads(files["meta.json"])
    assert meta["mock"]["profile"] == "strict" and meta["versions"]["python"] and meta["versions"]["flask"]
    assert "OUT-LIST-EMAIL-COLUMN-UNKNOWN" in {rule["id"] for rule in meta["rulesInForce"]}
    assert meta["exchanges"][0]["outcome"] == "400 invalid.value"
    assert meta["exchanges"][0]["rule"] == exchange["rule"] == "OUT-LIST-EMAIL-COLUMN-UNKNOWN"

    curl = files["request-1.curl.sh"].decode()
    assert '"Authorization: Bearer $GENESYS_TOKEN"' in curl and "/api/v2/outbound/contactlists" in curl
    assert "emailColumns" in curl
    assert b"def test_replay_against_mock" in files["test_replay.py"]
    assert recorded.correlation_id.encode() in files["README.md"]
    assert_no_secret(files, recorded.token)


def test_the_last_exchanges_come_oldest_first_and_logins_stay_secret(client: FlaskClient) -> None:
    login = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "mock-client-id", "client_secret": "mock-client-secret"},
    )
    token = login.get_json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v2/outbound/contactlists", json=GOOD_LIST, headers=auth).status_code == 200
    post_bad_list(client, auth)

    files = unzip(client.get("/__mock/bundle?last=3").data)

    paths = [json.loads(files[f"exchange-{i}.json"])["path"] for i in (1, 2, 3)]
    assert paths == ["/oauth/token", "/api/v2/outbound/contactlists", "/api/v2/outbound/contactlists"]
    assert "exchange-4.json" not in files
    assert_no_secret(files, token)


def test_basic_credentials_are_redacted_too(client: FlaskClient) -> None:
    client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=basic())
    files = unzip(client.get("/__mock/bundle?last=1").data)
    assert json.loads(files["exchange-1.json"])["request"]["headers"]["Authorization"] == "Basic ***"
    assert '-u "$GENESYS_CLIENT_ID:$GENESYS_CLIENT_SECRET"' in files["request-1.curl.sh"].decode()
    assert_no_secret(files, basic()["Authorization"].split()[1])


def test_unknown_ids_bad_counts_and_an_empty_journal_are_error_bodies(client: FlaskClient) -> None:
    assert_error(client.get("/__mock/bundle"), 404, "not.found")
    assert_error(client.get("/__mock/bundle/nope"), 404, "not.found")
    for bad in ("0", "-1", "abc", "1001"):
        assert_error(client.get(f"/__mock/bundle?last={bad}"), 400, "invalid.query.param.value")


def test_a_bundle_sees_only_its_tenants_journal(recorded: Recorded) -> None:
    client, tenant = recorded.client, {"X-Mock-Tenant": "other"}
    assert_error(client.get(f"/__mock/bundle/{recorded.correlation_id}", headers=tenant), 404, "not.found")
    mine = post_bad_list(client, {**recorded.auth, **tenant})

    files = unzip(client.get(f"/__mock/bundle/{mine}", headers=tenant).data)

    assert json.loads(files["meta.json"])["tenant"] == "other"
    assert json.loads(files["exchange-1.json"])["correlationId"] == mine


def test_the_state_snapshot_goes_in_when_the_mock_can_take_one(make_app) -> None:
    app = make_app()
    snapshot = {"format": "genesys-mock-state", "version": 1, "areas": {"outbound": {"contactLists": []}}}
    if "/__mock/state" not in {rule.rule for rule in app.url_map.iter_rules()}:  # before branch `state` is merged
        app.add_url_rule("/__mock/state", "stub_state", lambda: snapshot)
    client = app.test_client()
    recorded = post_bad_list(client, {"Authorization": f"Bearer {get_token(client)}"})

    files = unzip(client.get(f"/__mock/bundle/{recorded}").data)

    assert json.loads(files["state.json"])["format"] == "genesys-mock-state"
    meta = json.loads(files["meta.json"])
    assert meta["state"] == "state.json" and meta["stateNote"] is None
    assert b"state snapshot (`state.json`) is restored" in files["README.md"]


def test_secrets_under_other_spellings_stay_out_of_a_bundle(client: FlaskClient) -> None:
    """Percent-encoded, camelCase and multipart secret fields are masked in the journal and again in the bundle."""
    form = "grant_type=client_credentials&client_id=mock-client-id&client%5Fsecret=mock-client-secret"
    token = client.post(
        "/oauth/token", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    ).get_json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    client.post("/api/v2/outbound/contactlists", json={**GOOD_LIST, "clientSecret": "camel-secret"}, headers=auth)
    client.post(
        "/uploads/v2/contactlist",
        headers=auth,
        data={
            "id": "x",
            "fileType": "contactlist",
            "password": "multipart-secret",
            "file": (io.BytesIO(b"phone\n+13175550100\n"), "a.csv"),
        },
    )
    files = unzip(client.get("/__mock/bundle", query_string={"last": 3}).data)
    assert_no_secret(files, token, "camel-secret", "multipart-secret")
