"""Dockerfile and docker-compose.yml agree with the real command line, settings and contract suite.

No Docker engine runs here, so the files are parsed and checked, and the image's entry command is run directly.
"""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from mockserver.cli import build_parser
from mockserver.settings import Settings, load_settings
from tests.contract.targets import MOCK_SETTINGS, SERVER_URL_ENV
from tests.server.conftest import get_token

pytestmark = pytest.mark.server

ROOT = Path(__file__).parents[2]
LISTS = "/api/v2/outbound/contactlists"


def _stages() -> dict[str, str]:
    """Each build stage's instructions by stage name, in file order (the last one is what `docker build .` gives)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    parts = re.split(r"^(?=FROM\s)", text, flags=re.M)[1:]
    return {re.match(r"FROM\s+\S+\s+AS\s+(\S+)", part, flags=re.I).group(1): part for part in parts}  # type: ignore


def _json_array(stage: str, instruction: str) -> list[str]:
    match = re.search(rf"^{instruction}\s+(\[.*\])\s*$", _stages()[stage], flags=re.M)
    assert match, f"{instruction} of stage {stage} must use the exec (JSON array) form"
    return yaml.safe_load(match.group(1))


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _env_value(value: str) -> str:
    """Compose's ``${NAME:-default}`` as the default a plain `docker compose up` uses."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_image_runs_genesys_mock_serve_as_a_non_root_user_who_owns_data() -> None:
    stages = _stages()
    assert list(stages)[-1] == "runtime", "a plain `docker build .` must give the runtime image"
    assert re.search(r"^FROM python:3\.\d+-slim\s", stages["base"], flags=re.M)
    assert _json_array("runtime", "ENTRYPOINT") == ["genesys-mock"]
    assert _json_array("runtime", "CMD") == ["serve"]
    user = re.search(r"^USER\s+(\S+)", stages["runtime"], flags=re.M)
    assert user and user.group(1) not in ("root", "0")
    assert f"chown {user.group(1)}:{user.group(1)} /data" in stages["base"]
    build_parser().parse_args(_json_array("runtime", "CMD"))  # a command the CLI accepts


def test_test_stage_runs_the_http_contract_suite_with_its_extras() -> None:
    stage = _stages()["test"]
    assert "pip install '.[test]'" in stage and "COPY tests ./tests" in stage
    assert re.search(r"^USER\s+(?!root|0\b)\S+", stage, flags=re.M)
    assert _json_array("test", "ENTRYPOINT") == ["python", "-m", "pytest"]
    assert (ROOT / _json_array("test", "CMD")[0]).is_file()


def test_health_checks_poll_the_health_endpoint_on_the_served_port() -> None:
    assert "/__mock/health" in _stages()["runtime"].split("HEALTHCHECK", 1)[1].splitlines()[1]
    mock = _compose()["services"]["mock"]
    port = _option(mock["command"], "--port")
    assert f"http://127.0.0.1:{port}/__mock/health" in " ".join(mock["healthcheck"]["test"])


def test_compose_mock_command_and_environment_are_real(monkeypatch: pytest.MonkeyPatch) -> None:
    compose = _compose()
    mock = compose["services"]["mock"]
    assert mock["build"]["target"] in _stages()
    args = build_parser().parse_args(mock["command"])
    assert (args.command, args.host, str(args.port)) == ("serve", "0.0.0.0", "8080")
    assert [_env_value(port) for port in mock["ports"]] == [f"127.0.0.1:{args.port}:{args.port}"]
    for name, value in mock["environment"].items():
        field = name.removeprefix("GENESYS_MOCK_").lower().split("__")[0]
        assert name.startswith("GENESYS_MOCK_") and (field in Settings.model_fields or field == "config"), name
        monkeypatch.setenv(name, _env_value(value))
    settings = load_settings(host=args.host, port=args.port, state_file=args.state_file)
    assert (settings.host, settings.port, settings.profile, settings.seed_file) == ("0.0.0.0", 8080, "strict", None)
    assert settings.server == Settings.model_fields["server"].default  # compose runs the documented default


def test_compose_publishes_the_port_on_loopback_unless_told_otherwise() -> None:
    """The admin API has no authentication: a plain `docker compose up` must not put it on the network (issue 13).

    Compose's short syntax ``[HOST_IP:]HOST_PORT:CONTAINER_PORT`` binds every interface when ``HOST_IP`` is left
    out; ``GENESYS_MOCK_BIND`` (README and docs/team.md) chooses another address.
    """
    compose = _compose()
    (port,) = compose["services"]["mock"]["ports"]
    match = re.fullmatch(r"\$\{GENESYS_MOCK_BIND:-([^}]*)\}:(\d+):(\d+)", port)
    assert match, f"{port!r} must read its host address from GENESYS_MOCK_BIND"
    assert match.group(1) == "127.0.0.1"
    assert "GENESYS_MOCK_BIND" in (ROOT / "README.md").read_text(encoding="utf-8")
    for service in compose["services"].values():  # no other service publishes a port on every interface
        for published in service.get("ports", []):
            assert _env_value(str(published)).count(":") == 2, published


def test_compose_keeps_the_state_file_in_a_named_volume() -> None:
    compose = _compose()
    mock = compose["services"]["mock"]
    state_file = Path(_option(mock["command"], "--state-file"))
    mounts = dict(reversed(volume.split(":")[:2]) for volume in mock["volumes"])  # target -> source
    assert str(state_file.parent) in mounts
    assert mounts[str(state_file.parent)] in compose["volumes"], "a named volume, not a host folder"


def test_contract_tests_service_targets_the_healthy_mock_with_the_suites_settings() -> None:
    compose = _compose()
    tests, mock = compose["services"]["contract-tests"], compose["services"]["mock"]
    assert tests["profiles"] == ["test"] and tests["build"]["target"] == "test"
    assert tests["depends_on"] == {"mock": {"condition": "service_healthy"}}
    assert tests["environment"] == {SERVER_URL_ENV: f"http://mock:{_option(mock['command'], '--port')}"}
    assert (ROOT / tests["command"][0]).is_file()
    # The mock must run as the suite expects when it starts its own (docs/team.md: GENESYS_MOCK_CONFIG for --profile test).
    documented = yaml.safe_load((ROOT / "config" / "contract-tests.yaml").read_text(encoding="utf-8"))
    assert Settings(**documented) == Settings(**MOCK_SETTINGS)


def test_image_entry_command_keeps_state_across_a_restart(start_server, tmp_path: Path) -> None:
    """The image's ENTRYPOINT + CMD with the compose options, run directly (127.0.0.1, a free port, a temp dir)."""
    entry = Path(sys.executable).with_name(_json_array("runtime", "ENTRYPOINT")[0])
    if not entry.exists():
        pytest.skip(f"{entry} is not installed")
    state_file = tmp_path / "data" / "state.json"
    first = start_server("--host", "127.0.0.1", "--state-file", str(state_file), command=[str(entry)])
    with first.client() as client:
        headers = {"Authorization": f"Bearer {get_token(client)}"}
        created = client.post(LISTS, json={"name": "Kept", "columnNames": ["phone"]}, headers=headers).json()
    assert first.stop(signal.SIGTERM) == 0 and state_file.is_file()

    second = start_server("--host", "127.0.0.1", "--state-file", str(state_file), command=[str(entry)])
    with second.client() as client:
        headers = {"Authorization": f"Bearer {get_token(client)}"}
        kept = client.get(f"{LISTS}/{created['id']}", headers=headers)
    assert kept.status_code == 200 and kept.json() == created


def test_redis_service_keeps_its_data_in_a_named_volume_and_reports_health() -> None:
    compose = _compose()
    redis = compose["services"]["redis"]
    assert redis["image"].split(":")[0] == "redis", "the official image"
    command = redis["command"]
    assert command[0] == "redis-server" and _option(command, "--appendonly") == "yes"
    mounts = dict(reversed(volume.split(":")[:2]) for volume in redis["volumes"])  # target -> source
    assert mounts["/data"] in compose["volumes"], "the official image writes its data to /data: a named volume"
    assert redis["healthcheck"]["test"][1:] == ["redis-cli", "ping"]
    assert "ports" not in redis, "only the mock talks to Redis, inside the compose network"


def test_shared_mock_runs_several_workers_on_the_healthy_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    from mockserver.serving import check_workers

    compose = _compose()
    shared, redis = compose["services"]["mock-shared"], compose["services"]["redis"]
    assert shared["profiles"] == redis["profiles"] == ["shared"]
    assert shared["build"] == compose["services"]["mock"]["build"]
    assert shared["depends_on"] == {"redis": {"condition": "service_healthy"}}
    args = build_parser().parse_args(shared["command"])
    assert (args.command, args.host) == ("serve", "0.0.0.0")
    # The state lives in Redis: no state file to load over it; a seed file (read on the first start over this
    # Redis only, snapshot/persistence.py) from the environment like the mock service's.
    assert args.state_file is None and args.seed_file is None
    assert "GENESYS_MOCK_STATE_FILE" not in shared["environment"]
    assert (
        shared["environment"]["GENESYS_MOCK_SEED_FILE"]
        == compose["services"]["mock"]["environment"]["GENESYS_MOCK_SEED_FILE"]
    )
    assert f"http://127.0.0.1:{args.port}/__mock/health" in " ".join(shared["healthcheck"]["test"])
    (port,) = shared["ports"]
    assert _env_value(port).endswith(f":{args.port}") and _env_value(port).startswith("127.0.0.1:")
    mock_host_port = _env_value(compose["services"]["mock"]["ports"][0]).split(":")[1]
    assert _env_value(port).split(":")[1] != mock_host_port, "both can run at once"
    for name, value in shared["environment"].items():
        field = name.removeprefix("GENESYS_MOCK_").lower().split("__")[0]
        assert name.startswith("GENESYS_MOCK_") and (field in Settings.model_fields or field == "config"), name
        monkeypatch.setenv(name, _env_value(value))
    settings = load_settings(host=args.host, port=args.port, workers=args.workers)
    assert settings.state == "redis://redis:6379/0" and settings.workers == 2
    url = urlsplit(settings.state)
    assert compose["services"][url.hostname]["image"].startswith("redis:") and url.port == 6379  # redis' own port
    assert settings.server == "granian"
    check_workers(settings)  # what `serve` checks first: several workers over Redis under granian are accepted
    monkeypatch.setenv("GENESYS_MOCK_WORKERS", "4")
    assert load_settings().workers == 4
