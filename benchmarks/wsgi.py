"""The mock as a WSGI module, for serving it under other servers than ``genesys-mock serve`` (the comparison)."""

from __future__ import annotations

import os

from mockserver.app import create_app
from mockserver.settings import load_settings

app = create_app(load_settings(os.environ.get("GENESYS_MOCK_CONFIG")))
