"""genesys-cloud-mock: a local, stateful emulator of the Genesys Cloud Platform API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("genesys-cloud-mock")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

from mockserver.app import create_app  # noqa: E402

__all__ = ["create_app", "__version__"]
