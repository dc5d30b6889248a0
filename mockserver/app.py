"""``create_app(settings)``: the Flask app with the request chain of design §2.

before_request: correlation id -> 413 on a declared oversized body -> (API routes) bearer token 401 -> rate window
429 -> permissions 403. after_request: ``ININ-Correlation-Id``, ``inin-ratelimit-*``, ``X-Mock-Rule``, one log
line. Areas register blueprints whose views are bound to rows of the operations table.
"""

from __future__ import annotations

import logging
import time
import uuid

from flask import Blueprint, Flask, Response, g, request

from mockserver.core import rules
from mockserver.core.auth import authenticate, authorize, oauth
from mockserver.core.binding import operation_for_endpoint
from mockserver.core.errors import register_error_handlers
from mockserver.core.limits import RateWindows, body_limit, reject_oversized_body, too_many_requests
from mockserver.core.store import Store
from mockserver.settings import Settings, SettingsError, load_settings

log = logging.getLogger("mockserver.requests")

# Routes that need a bearer token: the Platform API and the upload host (both served on one port here).
PROTECTED_PREFIXES = ("/api/", "/uploads/")


def load_areas() -> list[Blueprint]:
    """The API areas' blueprints; importing them registers their routes and catalogue rules."""
    from mockserver.conversations import blueprint as conversations
    from mockserver.externalcontacts import blueprint as externalcontacts
    from mockserver.outbound import blueprint as outbound

    return [outbound.load(), conversations.load(), externalcontacts.load()]


def create_app(settings: Settings | None = None, *, validate_responses: bool = False) -> Flask:
    """A fresh app with its own store; ``validate_responses`` checks every success body against the contract."""
    from mockserver.admin.routes import admin, health
    from mockserver.admin.state import state_admin

    areas = load_areas()
    settings = settings or load_settings()
    unknown = sorted(set(settings.rules) - set(rules.CATALOGUE))
    if unknown:
        raise SettingsError(f"unknown rule id(s) in settings.rules: {', '.join(unknown)}")

    app = Flask("mockserver")
    store = Store()
    store.clock.set_mode(settings.clock.mode)
    windows = RateWindows(settings)
    store.on_reset(windows.reset)
    app.config.update(
        MOCK_SETTINGS=settings,
        MOCK_STORE=store,
        MOCK_RATE_WINDOWS=windows,
        MOCK_VALIDATE_RESPONSES=validate_responses,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False

    register_error_handlers(app)
    app.register_blueprint(oauth)
    app.register_blueprint(health)
    if settings.admin:
        app.register_blueprint(admin)
        app.register_blueprint(state_admin)
    for blueprint in areas:
        app.register_blueprint(blueprint)

    @app.before_request
    def _before() -> None:
        g.correlation_id = str(uuid.uuid4())
        g.started = time.perf_counter()
        operation = operation_for_endpoint(request.endpoint)
        reject_oversized_body(*body_limit(operation, settings))
        if not request.path.startswith(PROTECTED_PREFIXES):
            return
        token = authenticate()
        g.token = token
        state = windows.hit(token.value, operation.operation_id if operation else None)
        g.rate_state = state
        if state.exceeded:
            raise too_many_requests(state)
        if operation is not None:
            authorize(operation, token)

    @app.after_request
    def _after(response: Response) -> Response:
        correlation_id = getattr(g, "correlation_id", None) or str(uuid.uuid4())
        response.headers["ININ-Correlation-Id"] = correlation_id
        state = getattr(g, "rate_state", None)
        if state is not None:
            response.headers.update(state.headers())
        rule = getattr(g, "mock_rule", None)
        if rule:
            response.headers["X-Mock-Rule"] = rule
        if settings.log_requests:
            elapsed = (time.perf_counter() - getattr(g, "started", time.perf_counter())) * 1000
            log.info("%s %s %s %.1fms %s", request.method, request.full_path.rstrip("?"),
                     response.status_code, elapsed, correlation_id)
        return response

    return app
