"""``genesys-client`` in-process: options, outputs, exit codes (the subprocess test is test_client_cli_e2e.py)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest
from flask import Flask

from clients.genesys_client import cli
from clients.genesys_client.client import GenesysClient
from clients.genesys_client.config import ClientConfig

Run = Callable[..., "tuple[int, str, str]"]


@pytest.fixture
def run(app: Flask, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(*argv)`` -> (exit code, stdout, stderr), with the client wired to ``app`` in-process."""
    for name in (
        "GENESYS_CLIENT_ID",
        "GENESYS_CLIENT_SECRET",
        "GENESYS_REGION",
        "GENESYS_BASE_URL",
        "GENESYS_USER_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)

    def make_client(args: argparse.Namespace) -> GenesysClient:
        config = ClientConfig.build(
            client_id=args.client_id,
            client_secret=args.client_secret,
            base_url=args.base_url,
            region=args.region,
            username=getattr(args, "username", None),
            password=getattr(args, "password", None),
        )
        return GenesysClient(config, transport=httpx.WSGITransport(app=app))

    monkeypatch.setattr(cli, "make_client", make_client)

    def invoke(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(
            [
                "--base-url",
                "http://mock.invalid",
                "--client-id",
                "mock-client-id",
                "--client-secret",
                "mock-client-secret",
                *argv,
            ]
        )
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def _json(out: str) -> Any:
    return json.loads(out)


def test_create_get_list_delete(run: Run) -> None:
    code, out, _ = run(
        "contactlists",
        "create",
        "--name",
        "Spring",
        "--column",
        "firstName",
        "--column",
        "phone",
        "--column",
        "email",
        "-o",
        "json",
    )
    assert code == 0
    created = _json(out)
    assert created["phoneColumns"] == [{"columnName": "phone", "type": "cell"}]
    assert created["emailColumns"] == [{"columnName": "email", "type": "work"}]
    code, out, _ = run("contactlists", "get", created["id"], "--include-size", "--output", "json")
    assert code == 0 and _json(out)["size"] == 0
    code, out, _ = run("contactlists", "list")
    assert code == 0 and created["id"] in out and "Spring" in out and "1 contact list(s)" in out
    code, out, _ = run("contactlists", "delete", created["id"], "-o", "json")
    assert code == 0 and _json(out) == {"deleted": created["id"]}
    code, out, err = run("contactlists", "delete", created["id"])
    assert code == 1 and out == ""
    assert err.startswith("error: 404 not.found:") and "correlation" in err and err.count("\n") == 1


def test_common_options_work_after_the_command(run: Run) -> None:
    code, out, _ = run("contactlists", "list", "--output", "json", "--page-size", "5")
    assert code == 0 and _json(out)["pageSize"] == 5


def test_contacts_add_normalises_phones_and_reports_rejects(run: Run, tmp_path: Path) -> None:
    _, out, _ = run("contactlists", "create", "--name", "L", "--column", "name", "--column", "phone", "-o", "json")
    list_id = _json(out)["id"]
    code, out, _ = run(
        "contacts", "add", "--list", list_id, "--data", "name=Ann", "--data", "phone=(317) 555-0100", "-o", "json"
    )
    assert code == 0 and _json(out)[0]["data"] == {"name": "Ann", "phone": "+13175550100"}
    people = tmp_path / "people.json"
    people.write_text(json.dumps([{"name": "B", "phone": "020 7946 0958"}, {"data": {"name": "C", "phone": "1"}}]))
    code, out, err = run(
        "contacts", "add", "--list", list_id, "--file", str(people), "--default-region", "GB", "-o", "json"
    )
    assert code == 0 and [c["data"]["phone"] for c in _json(out)] == ["+442079460958"]
    assert "rejected: row 2, column phone: '1'" in err
    code, out, _ = run("contactlists", "get", list_id, "--include-size", "-o", "json")
    assert _json(out)["size"] == 2


def test_import_and_upload_summaries(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "name,cell,email\n"
        + "".join(f"N{i},(317) 555-{i:04d},n{i}@example.com\n" for i in range(50))
        + "Bad,12,bad@example.com\n",
        encoding="utf-8",
    )
    code, out, _ = run("import", str(path), "--name", "Imported", "-o", "json", "--no-progress")
    assert code == 0
    summary = _json(out)
    assert {k: summary[k] for k in ("rows", "accepted", "rejected", "imported", "size", "state")} == {
        "rows": 51,
        "accepted": 50,
        "rejected": 1,
        "imported": 50,
        "size": 50,
        "state": "FINISHED",
    }
    assert summary["rejectedRows"] == ["row 52, column cell: '12' has an impossible length for country code +1"]
    more = tmp_path / "more.csv"
    more.write_text("name,cell,email\nX,+13175559999,x@example.com\n", encoding="utf-8")
    code, out, _ = run("upload", str(more), "--list", summary["contactListId"])
    assert code == 0 and "FINISHED" in out
    code, out, _ = run("contactlists", "get", summary["contactListId"], "--include-size", "-o", "json")
    assert _json(out)["size"] == 51


def test_failed_import_exits_non_zero_with_the_reason(run: Run, tmp_path: Path) -> None:
    _, out, _ = run("contactlists", "create", "--name", "L", "--column", "phone", "-o", "json")
    path = tmp_path / "wrong.csv"
    path.write_text("phone,surprise\n+13175550100,x\n", encoding="utf-8")
    code, out, err = run("upload", str(path), "--list", _json(out)["id"], "-o", "json")
    assert code == 1 and _json(out)["state"] == "FAILED"
    assert "failed" in err and "surprise" in err


def test_usage_problems_exit_2(run: Run, tmp_path: Path) -> None:
    code, _, err = run("contactlists", "create", "--name", "L", "--column", "phone", "--phone-column", "mobile")
    assert code == 2 and "not in the header" in err
    code, _, err = run("contacts", "add", "--list", "x")
    assert code == 2 and "--data" in err
    code, _, err = run("upload", str(tmp_path / "missing.csv"), "--list", "x", "--default-region", "XX")
    assert code == 2 and "unknown region" in err


def test_missing_credentials_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["--region", "mypurecloud.ie", "contactlists", "list"]) == 2
    assert "GENESYS_CLIENT_ID" in capsys.readouterr().err


def test_calls_without_a_user_token_say_so(run: Run, app: Flask) -> None:
    code, _, err = run("calls", "create", "--phone-number", "+13175550100")
    assert code == 1 and "no user token" in err
