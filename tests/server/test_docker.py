"""Dockerfile and docker-compose.yml agree with the real command line and settings.

No Docker engine runs here, so the files are parsed and checked, and the image's entry command is run directly.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from mockserver.cli import build_parser
from mockserver.settings import Settings, load_settings

pytestmark = pytest.mark.server

ROOT = Path(__file__).parents[2]


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _json_array(instruction: str) -> list[str]:
    match = re.search(rf"^{instruction}\s+(\[.*\])\s*$", _dockerfile(), flags=re.M)
    assert match, f"{instruction} must use the exec (JSON array) form"
    return yaml.safe_load(match.group(1))


def _compose_mock() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]["mock"]


def _env_value(value: str) -> str:
    """Compose's ``${NAME:-default}`` as the default a plain `docker compose up` uses."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def test_image_runs_genesys_mock_serve_as_a_non_root_user() -> None:
    assert _json_array("ENTRYPOINT") == ["genesys-mock"]
    assert _json_array("CMD") == ["serve"]
    assert re.search(r"^USER\s+(?!root|0\b)\S+", _dockerfile(), flags=re.M)
    assert re.search(r"^FROM python:3\.\d+-slim", _dockerfile(), flags=re.M)
    build_parser().parse_args(_json_array("CMD"))  # a command the CLI accepts


def test_health_checks_poll_the_health_endpoint_on_the_served_port() -> None:
    assert "/__mock/health" in _dockerfile().split("HEALTHCHECK", 1)[1].splitlines()[1]
    compose = _compose_mock()
    assert "http://127.0.0.1:8080/__mock/health" in " ".join(compose["healthcheck"]["test"])


def test_compose_environment_names_are_real_settings_and_bind_all_interfaces(monkeypatch: pytest.MonkeyPatch) -> None:
    compose = _compose_mock()
    for name, value in compose["environment"].items():
        field = name.removeprefix("GENESYS_MOCK_").lower()
        assert name.startswith("GENESYS_MOCK_") and (field in Settings.model_fields or field == "config"), name
        monkeypatch.setenv(name, _env_value(value))
    settings = load_settings()
    assert (settings.host, settings.port, settings.profile) == ("0.0.0.0", 8080, "strict")
    assert compose["ports"] == [f"{settings.port}:{settings.port}"]
    build_parser().parse_args(compose["command"])


def test_image_entry_command_serves(start_server) -> None:
    """The image's ENTRYPOINT + CMD, run directly (on 127.0.0.1 and a free port instead of the container's)."""
    entry = Path(sys.executable).with_name(_json_array("ENTRYPOINT")[0])
    if not entry.exists():
        pytest.skip(f"{entry} is not installed")
    server = start_server("--host", "127.0.0.1", command=[str(entry)])
    with server.client() as client:
        assert client.get("/__mock/health").json()["status"] == "ok"
