"""``create_app(settings)``: the Flask app, its blueprints and error handlers, and the request pipeline.

Every cross-cutting concern of a request (correlation id, tenant, faults, body limit, authentication, rate window,
permissions on the way in; headers, journal and log line on the way out) is a step of
:mod:`mockserver.core.pipeline`, installed here as the app's before- and after-request hooks. Areas register
blueprints whose views are bound to rows of the operations table (core/binding.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask
from werkzeug.routing import Rule

# Imported for its effect: the binding registers the CORE-* rules, which must be in the catalogue once the app is.
from mockserver.core import (
    binding,  # noqa: F401
    rules,
)
from mockserver.core.auth import oauth
from mockserver.core.errors import register_error_handlers
from mockserver.core.limits import LimitedRequest
from mockserver.core.pipeline import Pipeline
from mockserver.core.tenants import Tenants
from mockserver.core.wsgi import MockMiddleware
from mockserver.settings import Settings, SettingsError, load_settings


def admin_blueprints() -> list[Blueprint]:
    """The blueprints served only with ``admin: true`` (``health`` is always on)."""
    from mockserver.admin.bundle import bundle
    from mockserver.admin.faults import faults_admin
    from mockserver.admin.journal import journal_admin
    from mockserver.admin.routes import admin
    from mockserver.admin.state import state_admin
    from mockserver.admin.tenants import tenants_admin
    from mockserver.inspector import load as inspector

    return [admin, faults_admin, journal_admin, tenants_admin, state_admin, bundle, inspector()]


def load_areas() -> list[Blueprint]:
    """The API areas' blueprints; importing them registers their routes and catalogue rules."""
    from mockserver.conversations import blueprint as conversations
    from mockserver.externalcontacts import blueprint as externalcontacts
    from mockserver.generic import blueprint as generic
    from mockserver.outbound import blueprint as outbound

    return [outbound.load(), conversations.load(), externalcontacts.load(), generic.load()]


class LazyBuilderRule(Rule):
    """A URL rule whose URL builders (``url_for``) are compiled on first use, not when the rule is added.

    Werkzeug compiles two Python functions per rule (ast + ``compile``) for building URLs, which the mock never does
    for its API routes; with every vendor operation routed (~640 rules) that was most of start-up (figures:
    docs/performance.md). Matching is untouched.
    """

    def _compile_builder(self, append_unknown: bool = True) -> Any:
        compiled: dict[str, Any] = {}

        def build(rule: Rule, *args: Any, **kwargs: Any) -> Any:
            if "builder" not in compiled:
                compiled["builder"] = Rule._compile_builder(rule, append_unknown)
            return compiled["builder"](rule, *args, **kwargs)

        return build


def create_app(settings: Settings | None = None, *, validate_responses: bool = False) -> Flask:
    """A fresh app with its own store; ``validate_responses`` checks every success body against the contract."""
    from mockserver.admin.routes import health

    areas = load_areas()
    settings = settings or load_settings()
    unknown = sorted(set(settings.rules) - set(rules.CATALOGUE))
    if unknown:
        raise SettingsError(f"unknown rule id(s) in settings.rules: {', '.join(unknown)}")

    app = Flask("mockserver")
    app.url_rule_class = LazyBuilderRule
    app.request_class = LimitedRequest  # a streamed (chunked) body over the limit is a 413, not a cut body
    tenants = Tenants(settings)
    pipeline = Pipeline(settings, tenants)
    tap_limit = settings.journal.max_body_bytes if pipeline.journal_on else None
    app.wsgi_app = MockMiddleware(app.wsgi_app, tap_limit)  # type: ignore[method-assign]
    app.config.update(
        MOCK_SETTINGS=settings,
        MOCK_TENANTS=tenants,
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
        for blueprint in admin_blueprints():
            app.register_blueprint(blueprint)
    for blueprint in areas:
        app.register_blueprint(blueprint)

    pipeline.install(app)
    return app
