"""Settings from file, environment and command line, validated at start-up (issue 2, bullet 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.settings import SettingsError, load_settings


def test_defaults_match_the_design() -> None:
    settings = load_settings()
    assert (settings.profile, settings.host, settings.port) == ("strict", "127.0.0.1", 8080)
    assert settings.max_body_bytes == 10 * 1024 * 1024 and settings.token_lifetime_seconds == 86400
    assert (settings.rate_limit.requests, settings.rate_limit.window_seconds) == (300, 60)
    assert settings.client("mock-client-id").client_secret == "mock-client-secret"
    assert settings.user("agent@example.com").password == "mock-password"


def test_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "mock.yaml"
    path.write_text(
        "profile: faithful\nrate_limit:\n  requests: 10\n"
        "clients:\n  - {client_id: a, client_secret: b, permissions: ['outbound:*:view']}\n"
    )
    settings = load_settings(path)
    assert settings.profile == "faithful" and settings.rate_limit.requests == 10
    assert settings.rate_limit.window_seconds == 60
    assert [c.client_id for c in settings.clients] == ["a"]


def test_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "mock.toml"
    path.write_text('profile = "faithful"\nmax_body_bytes = 2048\n[rules]\nCORE-STRICT-TYPES = true\n')
    settings = load_settings(path)
    assert settings.max_body_bytes == 2048 and settings.rules == {"CORE-STRICT-TYPES": True}


def test_priority_cli_over_env_over_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mock.yaml"
    path.write_text("profile: faithful\nport: 9000\nrate_limit: {requests: 5}\n")
    monkeypatch.setenv("GENESYS_MOCK_PORT", "9100")
    monkeypatch.setenv("GENESYS_MOCK_RATE_LIMIT__WINDOW_SECONDS", "7")
    settings = load_settings(path, profile="strict")
    assert (settings.profile, settings.port) == ("strict", 9100)
    assert (settings.rate_limit.requests, settings.rate_limit.window_seconds) == (5, 7)


def test_config_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mock.yml"
    path.write_text("profile: faithful\n")
    monkeypatch.setenv("GENESYS_MOCK_CONFIG", str(path))
    assert load_settings().profile == "faithful"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("bogus: 1\n", "bogus"),
        ("profile: lenient\n", "profile"),
        ("rate_limit: {requests: 0}\n", "rate_limit.requests"),
        ("clients:\n  - {client_id: a}\n", "clients.0.client_secret"),
        ("profile: [unclosed\n", "cannot read config file"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(SettingsError, match=message.replace(".", r"\.").replace("[", r"\[")):
        load_settings(path)


def test_missing_or_unsupported_config_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "absent.yaml")
    (tmp_path / "mock.ini").write_text("x")
    with pytest.raises(SettingsError, match="yaml"):
        load_settings(tmp_path / "mock.ini")


def test_cli_reports_bad_config_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("max_body_bytes: -1\n")
    assert main(["serve", "--config", str(path)]) == 2
    assert "max_body_bytes" in capsys.readouterr().err
