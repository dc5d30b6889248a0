"""Fixtures of the contract suite: a running ``genesys-mock serve`` and, when configured, a real org.

The server is started the way tests/server/conftest.py starts it — a subprocess on a free port of 127.0.0.1,
ready once ``GET /__mock/health`` answers 200 within a deadline — with the same settings as the in-process app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator

import pytest

from tests.contract import org as org_support
from tests.contract.targets import MOCK_SETTINGS, SERVER_URL_ENV
from tests.server.conftest import ServerProcess, running_server


@dataclass
class RunningMock:
    """A mock someone else started (``GENESYS_CONTRACT_URL``): only its address is known."""

    base_url: str


# Read once at import: the address of the mock under test must not change between modules.
SERVER_URL = os.environ.get(SERVER_URL_ENV, "").rstrip("/")


@pytest.fixture(scope="module")
def contract_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess | RunningMock]:
    if SERVER_URL:
        yield RunningMock(SERVER_URL)
        return
    with running_server(tmp_path_factory.mktemp("contract-server"), config=MOCK_SETTINGS) as server:
        yield server


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The run's schemathesis figures: operations exercised, requests sent, answers by status class."""
    from tests.contract.targets import SENT

    if not SENT:
        return
    by_class: dict[str, int] = {}
    for (_, status), count in sorted(SENT.items()):
        key = f"{status // 100}xx"
        by_class[key] = by_class.get(key, 0) + count
    operations = len({operation for operation, _ in SENT})
    terminalreporter.write_line(
        f"schemathesis: {operations} operations, {sum(SENT.values())} requests, "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_class.items()))
    )


@pytest.fixture(scope="session")
def org_settings() -> org_support.OrgSettings:
    settings = org_support.OrgSettings.from_env()
    if settings is None:
        pytest.skip("set GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and GENESYS_REGION to run against a real org")
    return settings
