"""Where the generated requests go: the mock in-process, a running ``genesys-mock serve``, or a real org.

A :class:`Target` carries what differs between them — transport arguments for ``case.call``, the checks added
on top of the standard ones, how a stateful scenario starts from a clean state and what guards a request before
it is sent — so that the tests themselves are the same for all three.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import requests
from flask import Flask
from schemathesis import AuthContext, Case, CheckFunction, Response
from schemathesis.auths import set_on_case

from tests.contract.semantic import semantic_rejections_are_named

MOCK_SETTINGS: dict[str, Any] = {
    "log_requests": False,
    # Far more requests than any run sends: a 429 would only hide the answer under test.
    "rate_limit": {"requests": 1_000_000_000, "window_seconds": 60},
    # The strict-only creation throttle of external contacts (100 per minute, seed 003) is a 429 of the same kind.
    "rules": {"EXT-CREATE-RATE": False},
    # Calls do not progress between a create and the get that follows; replays of a scenario see the same states.
    "clock": {"mode": "frozen"},
}
"""Settings of the mock under test, in-process (``Settings(**MOCK_SETTINGS)``) and served (as its config file)."""

SERVER_URL_ENV = "GENESYS_CONTRACT_URL"
"""When set (e.g. ``http://mock:8080`` in docker compose), the HTTP suite runs against that already running mock
instead of starting its own; it must run with these settings (config/contract-tests.yaml)."""


def operation_id(operation: Any) -> str:
    """The ``operationId`` of a schemathesis operation (empty when the document gives none)."""
    return str(operation.definition.raw.get("operationId", ""))


@dataclass
class Target:
    name: str
    call_kwargs: dict[str, Any] = field(default_factory=dict)
    checks: list[CheckFunction] = field(default_factory=list)
    reset: Callable[[], None] | None = None
    """Clears all state before each stateful scenario (replays must meet the same state)."""
    before_call: Callable[[Case], None] | None = None
    """Sees (and may change or refuse) every request before it is sent."""
    after_call: Callable[[Case, Response], None] | None = None
    """Sees every answer (the real org's cleanup registry)."""
    reapply_auth: bool = False
    """Authenticate again at call time: cases built during collection predate the target (tests/contract/auth.py)."""


def wsgi_target(app: Flask) -> Target:
    """The app in-process: schemathesis calls it through Werkzeug's test client (the schema's ``app``)."""

    def reset() -> None:
        response = app.test_client().post("/__mock/reset")
        assert response.status_code == 200, response.get_data(as_text=True)

    return Target("wsgi", checks=[semantic_rejections_are_named], reset=reset)


def local_session() -> requests.Session:
    """A session that ignores proxy settings from the environment: the server is on 127.0.0.1."""
    session = requests.Session()
    session.trust_env = False
    return session


def http_target(base_url: str) -> Target:
    """A running ``genesys-mock serve``: the same checks as in-process, over HTTP."""
    session = local_session()

    def reset() -> None:
        response = session.post(f"{base_url}/__mock/reset", timeout=30)
        assert response.status_code == 200, response.text

    return Target(
        "http",
        call_kwargs={"base_url": base_url, "session": session},
        checks=[semantic_rejections_are_named],
        reset=reset,
        reapply_auth=True,
    )


SENT: Counter[tuple[str, int]] = Counter()
"""Requests sent by this process, per (operationId, status): the figures of the run's summary (conftest.py)."""


def call_and_validate(target: Target, case: Case) -> Response:
    """Send ``case`` to ``target`` and run every check; ``after_call`` sees the answer before the checks do, so a
    resource created by a request that then fails a check is still known to the cleanup."""
    __tracebackhide__ = True
    if target.reapply_auth:
        set_on_case(case, AuthContext(operation=case.operation, app=case.operation.app), None)
    if target.before_call is not None:
        target.before_call(case)
    response = case.call(**target.call_kwargs)
    SENT[(operation_id(case.operation), response.status_code)] += 1
    if target.after_call is not None:
        target.after_call(case, response)
    case.validate_response(response, additional_checks=target.checks, transport_kwargs=target.call_kwargs or None)
    return response
