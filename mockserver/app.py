"""``create_app(settings)``: the Flask app with the request chain of design §2.

before_request: correlation id -> tenant (``X-Mock-Tenant``, 400 if malformed; else the tenant a token is bound
to; only looked up, never created here) -> injected fault -> 413 on a declared oversized body -> (API routes) bearer
token 401 -> the tenant, created now if new (409 past ``max_tenants``) -> the token's rate window 429 ->
permissions 403. Admin routes create the tenant they name; nothing else does, so unauthenticated traffic cannot
grow the tenant table. Over a backend shared across processes the chain runs on this process's cached configuration
and the rate window's hit confirms it (core/shared_cache.py): when another process changed it meanwhile, the chain
runs again, having written nothing.
after_request: ``ININ-Correlation-Id``, ``inin-ratelimit-*``, ``X-Mock-Rule``, ``X-Mock-Fault``, the journal entry,
one log line. Areas register blueprints whose views are bound to rows of the operations table.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Blueprint, Flask, Request, Response, g, request
from werkzeug.routing import Rule

# Imported for its effect: the binding registers the CORE-* rules, which must be in the catalogue once the app is.
from mockserver.core import (
    binding,  # noqa: F401
    rules,
)
from mockserver.core.auth import authenticate, authorize, lookup_token, oauth
from mockserver.core.errors import register_error_handlers
from mockserver.core.faults import has_faults, take_fault
from mockserver.core.ids import random_uuid
from mockserver.core.journal import Exchange
from mockserver.core.limits import LimitedRequest, body_limit, reject_oversized_body, too_many_requests
from mockserver.core.redact import redact_query
from mockserver.core.routing import operation_for_endpoint
from mockserver.core.shared_cache import GenerationMoved
from mockserver.core.tenants import DEFAULT_TENANT, TENANT_HEADER, Tenant, Tenants, valid_name
from mockserver.core.wsgi import DROP_ENVIRON_KEY, MockMiddleware
from mockserver.settings import Settings, SettingsError, load_settings
from mockserver.state import StateConflict, StateUnavailable

log = logging.getLogger("mockserver.requests")

# Routes that need a bearer token: the Platform API and the upload host (both served on one port here).
PROTECTED_PREFIXES = ("/api/", "/uploads/")
ADMIN_PREFIX = "/__mock/"
HEALTH_PATH = "/__mock/health"  # answers whatever the headers say: container health checks send none


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


def request_tenant_name(registry: Tenants, req: Request) -> str:
    """``X-Mock-Tenant`` (validated), else the tenant the request's token or client is bound to, else the tenant of
    unmarked requests (the default one, or the running test's under the pytest plugin)."""
    name = req.headers.get(TENANT_HEADER)
    if name is not None:
        return valid_name(name)
    authorization = req.headers.get("Authorization")
    if authorization and registry.has_bound_clients():  # only a tenant's own client binds (the hot path: none)
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() == "bearer":  # looked up once: authenticate() reuses it
            token = lookup_token(value.strip())
            bound = token.tenant if token is not None else None
        else:
            bound = registry.bound_tenant(authorization)
        if bound is not None:
            return bound
    return registry.unmarked


def bearer_value() -> str | None:
    """The raw bearer token of the request, unchecked (faults may target a token before authentication)."""
    scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def apply_fault(tenant: Tenant, registry: Tenants) -> Response | None:
    """Apply the tenant's matching fault, if any: wait, then drop the connection or answer its status."""
    fault = take_fault(tenant.state, request.method, request.path, bearer_value(), registry.fault_rng)
    if fault is None:
        return None
    g.fault_id = fault.id
    delay = fault.latency_seconds(registry.fault_rng)
    if delay > 0:
        time.sleep(delay)  # the injected latency itself: this worker thread is what a slow server looks like
    if fault.spec.drop:
        request.environ[DROP_ENVIRON_KEY] = True
        return Response(status=204)  # never sent: MockMiddleware aborts the connection instead
    if fault.spec.success_status is not None:
        g.fault_success_status = fault.spec.success_status  # the normal answer, with this status (see _after)
    elif fault.spec.status is not None:
        raise fault.error()
    return None


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
    clock, journal_budget, shared_cache = tenants.clock, tenants.journal_budget, tenants.cache
    # With admin off nothing could read the journal or add a fault, so neither costs anything then.
    journal_on = settings.admin and settings.journal.max_entries > 0
    tap_limit = settings.journal.max_body_bytes if journal_on else None
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

    @app.before_request
    def _before() -> Response | None:
        # Resolve the context-local proxies once: each access through them costs about a microsecond, and this
        # chain runs on every request (issue 8 measures its cost against a bare Flask route).
        ctx, req = g._get_current_object(), request._get_current_object()  # type: ignore[attr-defined]
        ctx.correlation_id = random_uuid()
        ctx.started = time.perf_counter()
        ctx.started_wall = time.time()
        path = req.path
        if path == HEALTH_PATH:
            return None
        if not shared_cache.enabled:
            return _chain(ctx, req, path)
        # Over a shared backend the chain starts on this process's cached configuration, unconfirmed; the rate
        # window's hit confirms it in its own round trip, any other outcome with a read of the generation. When it
        # had moved, nothing was written and the chain runs again on fresh entries (core/shared_cache.py).
        shared_cache.begin()
        for _ in range(2):
            try:
                try:
                    outcome = _chain(ctx, req, path)
                except Exception:
                    shared_cache.confirm()  # an error answer (401, 413, ...) must stand on confirmed entries too
                    raise
                shared_cache.confirm()
                return outcome
            except GenerationMoved:
                ctx.pop("bearer_lookup", None)  # looked up on the stale entries
        raise AssertionError("a confirmed request chain cannot find the generation moved")

    def _chain(ctx: Any, req: Request, path: str) -> Response | None:
        clock.refresh()  # the shared clock, cached for the generation
        name = ctx.tenant_name = request_tenant_name(tenants, req)
        tenant = ctx.mock_tenant = tenants.find(name)  # None: not created yet (see the module docstring)
        admin_route = path.startswith(ADMIN_PREFIX)
        if tenant is not None and not admin_route and tenant_has_faults(tenant):
            shared_cache.confirm()  # before a fault's ``times`` is taken
            faulted = apply_fault(tenant, tenants)
            if faulted is not None:
                return faulted
        operation = operation_for_endpoint(req.endpoint)
        reject_oversized_body(*body_limit(operation, settings))
        if not path.startswith(PROTECTED_PREFIXES) or (operation is not None and operation.anonymous):
            if tenant is None and (admin_route or path.startswith(PROTECTED_PREFIXES)):  # anonymous: journaled too
                shared_cache.confirm()  # before a tenant is created
                ctx.mock_tenant = tenants.get(name)
            return None
        token = ctx.token = authenticate(tenants, ctx.get("bearer_lookup"))
        if tenant is None:
            shared_cache.confirm()
            tenant = ctx.mock_tenant = tenants.get(name)
        state = ctx.rate_state = tenants.windows.hit(token.key, operation.operation_id if operation else None)
        if state.exceeded:
            raise too_many_requests(state)
        if operation is not None:
            authorize(operation, token)
        return None

    if shared_cache.enabled:

        def tenant_has_faults(tenant: Tenant) -> bool:
            return shared_cache.get(("faults", tenant.name), lambda: has_faults(tenant.state))

        @app.teardown_request
        def _teardown(_exc: BaseException | None) -> None:
            shared_cache.done()
    else:

        def tenant_has_faults(tenant: Tenant) -> bool:
            return has_faults(tenant.state)

    @app.after_request
    def _after(response: Response) -> Response:
        ctx, req = g._get_current_object(), request._get_current_object()  # type: ignore[attr-defined]
        correlation_id = ctx.get("correlation_id") or random_uuid()
        headers = response.headers
        headers["ININ-Correlation-Id"] = correlation_id
        state = ctx.get("rate_state")
        if state is not None:
            for name, value in state.headers().items():  # item by item: Headers.update re-reads its argument
                headers[name] = value
        rule = ctx.get("mock_rule")
        if rule:
            headers["X-Mock-Rule"] = rule
        fault_id = ctx.get("fault_id")
        if fault_id:
            headers["X-Mock-Fault"] = fault_id
            success_status = ctx.get("fault_success_status")
            if success_status is not None and 200 <= response.status_code < 300:
                response.status_code = success_status
        elapsed = (time.perf_counter() - ctx.get("started", time.perf_counter())) * 1000
        dropped = bool(req.environ.get(DROP_ENVIRON_KEY))
        if journal_on and not req.path.startswith(ADMIN_PREFIX):
            try:
                # A request whose tenant was never created (it failed authentication) is recorded nowhere.
                tenant: Tenant | None = ctx.get("mock_tenant") or tenants.find(ctx.get("tenant_name", DEFAULT_TENANT))
                if tenant is not None:
                    journal_budget.record(
                        tenant.state,
                        Exchange(
                            req,
                            None if dropped else response,
                            correlation_id=correlation_id,
                            tenant=tenant.name,
                            started_wall=ctx.get("started_wall", time.time()),
                            duration_ms=elapsed,
                            rule=rule,
                            fault=fault_id,
                            profile=settings.profile,
                            max_body_bytes=settings.journal.max_body_bytes,
                        ),
                    )
            except (StateUnavailable, StateConflict) as exc:  # the answer stands (often the 503 saying so)
                log.warning(
                    "journal entry of %s %s not recorded [correlation id %s]: %s",
                    req.method,
                    req.path,
                    correlation_id,
                    exc,
                )
        if settings.log_requests:
            query = req.environ.get("QUERY_STRING", "")
            log.info(
                "%s %s%s %s %.1fms %s",
                req.method,
                req.path,
                "?" + redact_query(query) if query else "",
                "dropped" if dropped else response.status_code,
                elapsed,
                correlation_id,
            )
        return response

    return app
