"""Test helpers for users of the mock: an in-thread server, admin helpers and the pytest plugin (``plugin``)."""

from mockserver.testing.admin import MockAdmin, MockAdminError
from mockserver.testing.server import EmbeddedServer

__all__ = ["EmbeddedServer", "MockAdmin", "MockAdminError"]
