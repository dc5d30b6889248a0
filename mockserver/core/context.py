"""The running app's store and settings, for code that runs inside a request or an app context."""

from __future__ import annotations

from flask import current_app

from mockserver.core.store import Store
from mockserver.settings import Settings


def store() -> Store:
    return current_app.config["MOCK_STORE"]


def settings() -> Settings:
    return current_app.config["MOCK_SETTINGS"]
