"""What both SDK suites (tests/sdk, Python; tests/sdk_js, JavaScript) share: the mock's settings for them and the
map from a request to its row of the operations table. Kept free of any SDK import, so the JS suite does not pay for
importing the Python SDK."""

from __future__ import annotations

import re
from typing import Any

from contracts.operations import OPERATIONS
from tests.server.conftest import DEFAULT_CLIENT

USER = {"username": "agent@example.com", "password": "mock-password"}  # the mock's default user
VIEWER = {"client_id": "sdk-viewer", "client_secret": "sdk-viewer-secret"}  # may only view contact lists

SERVER_CONFIG: dict[str, Any] = {
    "log_requests": False,
    "clock": {"mode": "frozen"},  # calls move only when a test advances the clock
    "clients": [
        {**DEFAULT_CLIENT, "name": "SDK tests"},
        {
            **VIEWER,
            "name": "SDK tests, view only",
            "grant_types": ["client_credentials"],
            "permissions": ["outbound:contactList:view"],
        },
    ],
}

# Most literal first: /conversations/callbacks is the callbacks listing, not /conversations/{conversationId}.
_OPERATION_PATTERNS = sorted(
    (
        (op.operation_id, op.method, re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(op.path)) + "$"))
        for op in OPERATIONS
    ),
    key=lambda row: -len(re.sub(r"\[\^/\]\+", "", row[2].pattern)),
)


def operation_of(method: str, path: str) -> str | None:
    """The operationId of the table row that ``method path`` hits (the most concrete one), if any."""
    for operation_id, op_method, pattern in _OPERATION_PATTERNS:
        if op_method == method and pattern.match(path):
            return operation_id
    return None
