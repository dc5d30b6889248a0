"""genesys-cloud-mock: a local, stateful emulator of the Genesys Cloud Platform API."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("genesys-cloud-mock")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

__all__ = ["create_app", "__version__"]


def __getattr__(name: str) -> Any:
    """Import the app only when asked: the pytest plugin imports this package in every pytest run of the
    environment, and loading Flask and every area there would slow each start and hide them from coverage."""
    if name == "create_app":
        from mockserver.app import create_app

        return create_app
    raise AttributeError(f"module 'mockserver' has no attribute {name!r}")
