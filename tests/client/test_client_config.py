"""Configuration: region -> hosts (facts §0.2), single base URL, credentials from arguments or environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from clients.genesys_client import ClientConfig, ConfigError, Hosts
from clients.genesys_client.base import implemented_operations
from clients.genesys_client.conversations import ConversationsApi
from clients.genesys_client.externalcontacts import ExternalContactsApi
from clients.genesys_client.outbound import OutboundApi
from contracts.operations import OPERATIONS

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize(
    "region",
    ["mypurecloud.ie", "eu_west_1", "eu-west-1", "api.mypurecloud.ie", "https://api.mypurecloud.ie/", "MYPURECLOUD.IE"],
)
def test_region_spellings_give_the_three_hosts(region: str) -> None:
    assert Hosts.for_region(region) == Hosts(
        api="https://api.mypurecloud.ie", login="https://login.mypurecloud.ie", apps="https://apps.mypurecloud.ie"
    )


def test_new_style_region() -> None:
    hosts = Hosts.for_region("usw2.pure.cloud")
    assert (hosts.api, hosts.login, hosts.apps) == (
        "https://api.usw2.pure.cloud",
        "https://login.usw2.pure.cloud",
        "https://apps.usw2.pure.cloud",
    )


def test_unknown_region_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown region"):
        Hosts.for_region("atlantis")


def test_single_base_url_serves_every_host() -> None:
    hosts = Hosts.single("http://127.0.0.1:8080/")
    assert hosts.api == hosts.login == hosts.apps == "http://127.0.0.1:8080"
    with pytest.raises(ConfigError):
        Hosts.single("127.0.0.1:8080")


def test_credentials_and_region_from_environment() -> None:
    env = {"GENESYS_CLIENT_ID": "id", "GENESYS_CLIENT_SECRET": "secret", "GENESYS_REGION": "mypurecloud.de"}
    config = ClientConfig.build(environ=env)
    assert (config.client_id, config.client_secret) == ("id", "secret")
    assert config.hosts.api == "https://api.mypurecloud.de"
    assert "secret" not in repr(config)


def test_arguments_win_over_environment_and_base_url_over_region_variable() -> None:
    env = {
        "GENESYS_CLIENT_ID": "id",
        "GENESYS_CLIENT_SECRET": "secret",
        "GENESYS_REGION": "mypurecloud.de",
        "GENESYS_BASE_URL": "http://127.0.0.1:9",
    }
    assert ClientConfig.build(environ=env).hosts.api == "http://127.0.0.1:9"
    config = ClientConfig.build(client_id="other", region="mypurecloud.jp", environ=env)
    assert config.client_id == "other" and config.hosts.api == "https://api.mypurecloud.jp"


def test_missing_credentials_or_target_are_named() -> None:
    with pytest.raises(ConfigError, match="GENESYS_CLIENT_SECRET"):
        ClientConfig.build(client_id="id", region="mypurecloud.com", environ={})
    with pytest.raises(ConfigError, match="GENESYS_REGION"):
        ClientConfig.build(client_id="id", client_secret="s", environ={})


def test_every_operation_of_the_table_has_a_typed_method() -> None:
    covered = implemented_operations(OutboundApi, ConversationsApi, ExternalContactsApi)
    missing = sorted({op.operation_id for op in OPERATIONS} - set(covered))
    assert not missing, f"operations without a client method: {missing}"
    assert not set(covered) - {op.operation_id for op in OPERATIONS}, "methods naming unknown operations"


def test_console_script_and_dependency_are_declared() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'genesys-client = "clients.genesys_client.cli:main"' in pyproject
    assert '"rich>=' in pyproject
