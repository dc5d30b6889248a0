"""The server fixtures of tests/server (a real ``genesys-mock serve`` on a free port) for the admin tests."""

from tests.server.conftest import default_server, serving  # noqa: F401 (fixtures)
