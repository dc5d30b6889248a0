"""``genesys-mock bundle`` and ``genesys-mock replay``, and the bundle's own ``test_replay.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from mockserver.cli import main
from mockserver.testing import EmbeddedServer, MockAdmin
from tests.bundles.conftest import BAD_LIST, GOOD_LIST, Recorded, assert_no_secret, unzip
from tests.conftest import get_token


@pytest.fixture(scope="module")
def server() -> EmbeddedServer:
    with EmbeddedServer() as running:
        yield running


def _bad_list_over_http(server: EmbeddedServer, tenant: str) -> str:
    with MockAdmin(server.url, tenant=tenant) as admin, admin.api() as api:
        response = api.post("/api/v2/outbound/contactlists", json=BAD_LIST)
    assert response.status_code == 400, response.text
    return response.headers["ININ-Correlation-Id"]


def test_the_cli_downloads_a_bundle_that_replays_as_a_match(
    server: EmbeddedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    correlation_id = _bad_list_over_http(server, "cli")
    out = tmp_path / "bug.zip"

    assert (
        main(["bundle", "--correlation-id", correlation_id, "--url", server.url, "--tenant", "cli", "--out", str(out)])
        == 0
    )
    assert_no_secret(unzip(out.read_bytes()))
    assert main(["replay", str(out)]) == 0

    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed
    assert "exchange-1 POST /api/v2/outbound/contactlists: match (400 invalid.value)" in printed
    assert "1 of 1 exchange(s) match" in printed


def test_a_bundle_unpacked_into_a_folder_replays_against_a_url(
    server: EmbeddedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bad_list_over_http(server, "folder")
    folder = tmp_path / "bundle"

    assert main(["bundle", "--last", "1", "--url", server.url, "--tenant", "folder", "--out", str(folder)]) == 0
    assert os.access(folder / "request-1.curl.sh", os.X_OK)
    assert main(["replay", str(folder), "--url", server.url]) == 0
    assert "match (400 invalid.value)" in capsys.readouterr().out
    with MockAdmin(server.url, tenant="folder") as recorder:  # the replay cleaned up its own tenant only
        assert recorder.verify(method="POST", path="/api/v2/outbound/contactlists", status=400) == 1


def test_the_cli_reports_what_the_mock_refused(server: EmbeddedServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bundle", "--correlation-id", "unknown", "--url", server.url]) == 1
    assert "404 not.found" in capsys.readouterr().err


def test_a_tampered_bundle_is_a_mismatch(
    recorded: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name, content in unzip(recorded.client.get(f"/__mock/bundle/{recorded.correlation_id}").data).items():
        (folder / name).write_bytes(content)
    exchange = json.loads((folder / "exchange-1.json").read_text())
    exchange["response"]["status"] = 200
    exchange["response"]["body"] = "{}"
    (folder / "exchange-1.json").write_text(json.dumps(exchange))

    assert main(["replay", str(folder)]) == 1
    assert "MISMATCH expected 200 got 400 invalid.value" in capsys.readouterr().out


def test_something_that_is_not_a_bundle_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "not.zip").write_text("hello")
    assert main(["replay", str(tmp_path / "not.zip")]) == 2
    assert main(["replay", str(tmp_path / "missing")]) == 2
    assert "cannot replay" in capsys.readouterr().err


def test_a_successful_login_and_create_replay_with_fresh_credentials(client, tmp_path: Path) -> None:
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    assert client.post("/api/v2/outbound/contactlists", json=GOOD_LIST, headers=auth).status_code == 200
    bundle = tmp_path / "two.zip"
    bundle.write_bytes(client.get("/__mock/bundle?last=2").data)

    assert main(["replay", str(bundle)]) == 0


def test_the_generated_test_file_passes_under_pytest(recorded: Recorded, tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name, content in unzip(recorded.client.get(f"/__mock/bundle/{recorded.correlation_id}").data).items():
        (folder / name).write_bytes(content)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYS_")}  # no real org, ever

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "test_replay.py", "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 skipped" in result.stdout
    assert "GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_REGION" in result.stdout


def test_the_real_org_replay_never_places_a_call() -> None:
    from mockserver.bundles import portable

    target = portable.real_org({"GENESYS_CLIENT_ID": "id", "GENESYS_CLIENT_SECRET": "s", "GENESYS_REGION": "eu_west_1"})
    assert target is not None and target.api == "https://api.mypurecloud.ie"
    call = {
        "method": "POST",
        "path": "/api/v2/conversations/calls",
        "request": {"headers": {}},
        "response": {"status": 200, "body": "{}"},
    }
    bundle = portable.Bundle(meta={}, exchanges=[call])
    target.http.close()
    target.http = httpx.Client(transport=httpx.MockTransport(lambda request: pytest.fail(f"sent {request.url}")))
    with closing(target.http):
        results = portable.replay(target, bundle)
    assert results[0].skipped == "would place a real call"
    assert portable.real_org({"GENESYS_CLIENT_ID": "id"}) is None


def test_a_request_on_a_recorded_id_needs_the_state_snapshot(
    client, auth, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``GET /__mock/state`` (branch state) the list is restored and the 400 comes back; without it the
    replay answers 404 for the unknown list, and both the bundle and the replay say why."""
    list_id = client.post("/api/v2/outbound/contactlists", json=GOOD_LIST, headers=auth).get_json()["id"]
    bad = client.post(
        f"/api/v2/outbound/contactlists/{list_id}/contacts", json=[{"data": {"phone": "12"}}], headers=auth
    )
    assert (bad.status_code, bad.get_json()["code"]) == (400, "invalid.value"), bad.get_json()
    files = unzip(client.get(f"/__mock/bundle/{bad.headers['ININ-Correlation-Id']}").data)
    bundle = tmp_path / "state.zip"
    bundle.write_bytes(client.get(f"/__mock/bundle/{bad.headers['ININ-Correlation-Id']}").data)

    code = main(["replay", str(bundle)])

    printed = capsys.readouterr().out
    if "state.json" in files:
        assert code == 0 and "match (400 invalid.value)" in printed, printed
    else:
        assert code == 1 and "MISMATCH expected 400 invalid.value got 404" in printed, printed
        assert "no state snapshot" in printed and "no state snapshot" in files["README.md"].decode()


def test_exchanges_that_created_what_they_use_replay_with_the_new_ids(
    client, auth, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A snapshot taken after a create would already hold what the replay creates, so such a bundle has none;
    the replay maps the recorded list id onto the one it creates instead."""
    list_id = client.post("/api/v2/outbound/contactlists", json=GOOD_LIST, headers=auth).get_json()["id"]
    bad = client.post(
        f"/api/v2/outbound/contactlists/{list_id}/contacts", json=[{"data": {"phone": "12"}}], headers=auth
    )
    assert bad.status_code == 400
    data = client.get("/__mock/bundle?last=2").data
    files = unzip(data)
    assert "state.json" not in files
    assert "changed state themselves" in json.loads(files["meta.json"])["stateNote"]
    bundle = tmp_path / "two.zip"
    bundle.write_bytes(data)

    assert main(["replay", str(bundle)]) == 0
    printed = capsys.readouterr().out
    assert "exchange-2 POST /api/v2/outbound/contactlists/" in printed and "match (400 invalid.value)" in printed


def test_a_recorded_body_nested_too_deeply_is_read_as_no_json() -> None:
    """A journalled body of 8 KiB of ``[`` (a hostile request) must not stop a replay with a RecursionError."""
    from mockserver.bundles.portable import _json, outcome_of

    nested = "[" * 8192
    assert outcome_of(400, nested).code is None
    assert _json(nested) is None


def test_a_bundle_file_nested_too_deeply_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "meta.json").write_text("[" * 100_000 + "]" * 100_000)
    assert main(["replay", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"genesys-mock replay: cannot replay {tmp_path}: maximum recursion")
