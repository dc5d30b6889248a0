"""``genesys-mock drift`` end to end, in-process (and once against a served mock over HTTP)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockserver.app import load_areas
from mockserver.cli import main
from mockserver.core import rules
from tests.server.conftest import get_token, running_server


def test_drift_against_faithful_writes_both_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load_areas()
    out = tmp_path / "reports"
    assert main(["drift", "--against", "faithful", "--out", str(out), "--sample", "2", "--seed", "3"]) == 0
    data = json.loads((out / "drift-report.json").read_text(encoding="utf-8"))
    assert (data["sideA"], data["sideB"]) == ("mock strict", "mock faithful")
    strict_only = {rule.id for rule in rules.catalogue() if rule.profiles == frozenset({"strict"})}
    assert {r["rule"] for r in data["results"] if r["verdict"] == "mock stricter"} == strict_only
    assert sum(r["id"].startswith("sample-") for r in data["results"]) == 2
    assert (out / "drift-report.md").read_text(encoding="utf-8").startswith("# Drift report")
    printed = capsys.readouterr().out
    assert f"{data['entries']} entries in" in printed and "drift-report.json" in printed


def test_faithful_against_faithful_is_all_same(tmp_path: Path) -> None:
    assert (
        main(["drift", "--against", "faithful", "--profile", "faithful", "--out", str(tmp_path), "--sample", "0"]) == 0
    )
    data = json.loads((tmp_path / "drift-report.json").read_text(encoding="utf-8"))
    assert set(data["verdicts"]) == {"same"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--against", "staging"], "real, faithful or a URL"),
        (["--against", "real"], "GENESYS_CLIENT_ID"),
        (["--against", "faithful", "--test-number", "0123"], "E.164"),
        (["--against", "faithful", "--sample", "-1"], "0 or more"),
    ],
)
def test_bad_arguments(argv: list[str], message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET", "GENESYS_REGION"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit) as stopped:
        main(["drift", "--out", str(tmp_path), *argv])
    assert message in str(stopped.value)
    assert not (tmp_path / "drift-report.json").exists()


@pytest.mark.server
def test_drift_against_a_served_mock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over HTTP: the faithful server differs from the strict in-process mock exactly where strict-only rules
    are reachable without lowered settings; entries that need them are not run there; nothing stays behind."""
    for name in ("GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET", "GENESYS_USER_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    config = {
        "log_requests": False,
        "profile": "faithful",
        "clock": {"mode": "frozen"},
        "rate_limit": {"requests": 1_000_000, "window_seconds": 60},
    }
    with running_server(tmp_path, config=config) as server:
        assert main(["drift", "--against", server.base_url, "--out", str(tmp_path), "--sample", "0"]) == 0
        with server.client() as client:
            headers = {"Authorization": f"Bearer {get_token(client)}"}
            assert client.get("/api/v2/outbound/contactlists", headers=headers).json()["total"] == 0
            assert client.get("/api/v2/externalcontacts/contacts", headers=headers).json()["total"] == 0
    data = json.loads((tmp_path / "drift-report.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id["ext-phone-possible"]["verdict"] == "mock stricter"
    assert by_id["out-list-max-lists"]["verdict"] == f"not run on {server.base_url}"
    assert by_id["out-list-name-blank"]["verdict"] == "same"
    assert all(r["b"]["cleanup"] is None for r in data["results"]) and data["leftovers"] == []


def test_unknown_region(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GENESYS_CLIENT_ID", "id")
    monkeypatch.setenv("GENESYS_CLIENT_SECRET", "secret")
    monkeypatch.setenv("GENESYS_REGION", "nowhere")
    with pytest.raises(SystemExit) as stopped:
        main(["drift", "--against", "real", "--out", str(tmp_path), "--sample", "0"])
    assert "GENESYS_REGION" in str(stopped.value) and "unknown region" in str(stopped.value)
