"""serve --state-file/--seed-file, the seed command, and atomic state files."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import pytest
import yaml

from mockserver.cli import main
from mockserver.settings import load_settings
from mockserver.snapshot.document import write_atomically
from tests.conftest import OVER_REDIS
from tests.server.conftest import get_token

LISTS = "/api/v2/outbound/contactlists"
SPEC = {"seed": 9, "contactLists": 2, "contactsPerList": 3, "externalContacts": 1, "now": "2026-03-01T12:00:00Z"}


def test_write_atomically_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    write_atomically(path, ["{", "}"])

    def failing() -> Any:
        yield '{"half":'
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(path, failing())
    assert path.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left behind


def test_state_and_seed_files_come_from_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENESYS_MOCK_STATE_FILE", "/data/state.json")
    monkeypatch.setenv("GENESYS_MOCK_SEED_FILE", "")  # compose's ${VAR:-} when unset: no file
    settings = load_settings()
    assert settings.state_file == Path("/data/state.json") and settings.seed_file is None


def test_seed_command_writes_the_same_file_for_the_same_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--seed", "9", "--contact-lists", "2", "--contacts-per-list", "3", "--now", SPEC["now"]]
    assert main(["seed", "--out", str(tmp_path / "a.json"), *options]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert main(["seed", "--out", str(tmp_path / "b.json"), *options]) == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    document = json.loads((tmp_path / "a.json").read_text())
    assert [item["contactList"]["id"] for item in document["areas"]["outbound"]["contactLists"]] == summary[
        "contactListIds"
    ]


def test_seed_command_rejects_bad_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["seed", "--out", str(tmp_path / "x.json"), "--locale", "xx_XX"]) == 2
    assert "options.locale" in capsys.readouterr().err


@pytest.mark.server
def test_seed_file_then_state_file_survive_a_restart(start_server, tmp_path: Path) -> None:
    state_file, seed_file = tmp_path / "data" / "state.json", tmp_path / "seed.yaml"
    seed_file.write_text(yaml.safe_dump({"seed": SPEC}))
    args = ("--state-file", str(state_file), "--seed-file", str(seed_file))
    first = start_server(*args)
    assert any(line.startswith("genesys-mock seeded 2 contact list(s), 6 contact(s)") for line in first.stdout_lines)
    with first.client() as client:
        token = get_token(client)
        created = client.post(
            LISTS,
            json={"name": "Added by hand", "columnNames": ["phone"]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert created.status_code == 200
        exported = client.get("/__mock/state").content
    assert first.stop(signal.SIGTERM) == 0
    assert f"genesys-mock wrote state to {state_file}" in first.stdout_lines
    # The file holds every tenant (version 2): here only the default one, exactly as GET /__mock/state shows it.
    assert json.loads(state_file.read_bytes()) == {**json.loads(exported), "version": 2, "tenants": {}}

    second = start_server(*args)  # the state file wins: the seed is not added a second time
    if OVER_REDIS:  # Redis kept the state itself: the files are read on the first start over it only
        assert any("keeps the state held in redis://" in line for line in second.stdout_lines), second.stdout_lines
    else:
        assert f"genesys-mock loaded state from {state_file}" in second.stdout_lines
    with second.client() as client:
        assert client.get("/__mock/state").content == exported


@pytest.mark.server
def test_a_bad_state_file_stops_the_start_with_the_path(run_cli, tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps({"format": "genesys-mock-state", "version": 1, "areas": {"outbound": []}}))
    result = run_cli("serve", "--port", "0", "--state-file", str(state_file))
    assert result.returncode == 2
    assert "areas.outbound: expected an object" in result.stderr


@pytest.mark.server
@pytest.mark.parametrize(("option", "name"), [("--state-file", "state.json"), ("--seed-file", "seed.yaml")])
def test_a_state_or_seed_file_nested_too_deeply_stops_the_start_in_one_line(
    run_cli, tmp_path: Path, option: str, name: str
) -> None:
    """100,000 nested ``[``: the parsers used to recurse into a RecursionError traceback (issue 13)."""
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = run_cli("serve", "--port", "0", option, str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"genesys-mock: cannot load {path}: cannot read: nested deeper than 200 levels"
    ]


@pytest.mark.server
def test_seed_command_seeds_a_running_server(start_server, run_cli) -> None:
    server = start_server()
    result = run_cli(
        "seed", "--url", server.base_url, "--seed", "3", "--contact-lists", "1", "--external-contacts", "2"
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    with server.client() as client:
        token = get_token(client)
        listing = client.get(LISTS, headers={"Authorization": f"Bearer {token}"}).json()
    assert [e["id"] for e in listing["entities"]] == summary["contactListIds"]
