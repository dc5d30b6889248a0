"""The server fixtures of tests/server (a real ``genesys-mock serve`` on a free port) for the state tests."""

from tests.server.conftest import run_cli, serving, start_server  # noqa: F401 (fixtures)
