"""The request pipeline: every cross-cutting concern of a request, as ordered lists of steps in this one module.

A concern (a header, a limit, a fault type, the journal) is a step here, or a change to one; ``app.py`` only
installs :class:`Pipeline` as Flask's before-request, after-request and teardown hooks. In order:

* :data:`ARRIVING`, once per request: the correlation id and start time (the health check stops here: container
  health checks send no headers).
* :data:`CHECKS`, before the view: the shared clock -> the tenant (``X-Mock-Tenant``, 400 if malformed; else the
  tenant a token is bound to; only looked up, never created here) -> an injected fault -> 413 on a declared
  oversized body -> routes open without a token stop here (admin routes create the tenant they name) -> the bearer
  token, 401 -> the tenant, created now if new (409 past ``max_tenants``) -> the token's rate window, 429 -> the
  operation's permissions, 403. Only admin routes and authenticated requests create a tenant, so unauthenticated
  traffic cannot grow the tenant table.
* :data:`ANSWERING`, after the view (or the error answer): ``ININ-Correlation-Id``, ``inin-ratelimit-*``,
  ``X-Mock-Rule``, ``X-Mock-Fault`` (and a success fault's status), the journal entry, one log line.

A step takes the pipeline, Flask's ``g`` and the request; a check answers by returning a ``Response`` or raising an
``ApiError``, returns :data:`VIEW` when the remaining checks do not apply (the view answers), or ``None`` to go on.

Over a backend shared across processes the checks run on this process's cached configuration and the rate window's
hit confirms it (core/shared_cache.py): when another process changed it meanwhile, the checks run again from the
first, having written nothing. A check confirms the cache itself before anything it writes (a fault's ``times``
taken, a tenant created); an error answer is confirmed too before it stands.

The checks run on every request, so they stay plain functions over ``g``'s attributes: issue 8 measures their
cost against a bare Flask route (``python -m benchmarks --only inprocess``).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from flask import Flask, Request, Response, g, request

from mockserver.core.auth import authenticate, authorize, lookup_token
from mockserver.core.faults import has_faults, take_fault
from mockserver.core.ids import random_uuid
from mockserver.core.journal import Exchange
from mockserver.core.limits import body_limit, reject_oversized_body, too_many_requests
from mockserver.core.redact import redact_query
from mockserver.core.routing import operation_for_endpoint
from mockserver.core.shared_cache import GenerationMoved
from mockserver.core.tenants import DEFAULT_TENANT, TENANT_HEADER, Tenant, Tenants, valid_name
from mockserver.core.wsgi import DROP_ENVIRON_KEY
from mockserver.settings import Settings
from mockserver.state import StateConflict, StateUnavailable

log = logging.getLogger("mockserver.requests")

# Routes that need a bearer token: the Platform API and the upload host (both served on one port here).
PROTECTED_PREFIXES = ("/api/", "/uploads/")
ADMIN_PREFIX = "/__mock/"
HEALTH_PATH = "/__mock/health"  # answers whatever the headers say: container health checks send none

VIEW = object()
"""A check's outcome: the remaining checks do not apply to this request; its view answers."""

Check = Callable[["Pipeline", Any, Request], Any]
"""``(pipeline, g, request)`` -> ``None`` (go on), :data:`VIEW`, or the ``Response`` that answers the request."""
Finish = Callable[["Pipeline", Any, Request, Response], None]
"""``(pipeline, g, request, response)``: adds to the answer (headers, status) or records it."""


# --- helpers of the checks -------------------------------------------------------------------------------------


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
        g.fault_success_status = fault.spec.success_status  # the normal answer, with this status (fault_headers)
    elif fault.spec.status is not None:
        raise fault.error()
    return None


# --- arriving ----------------------------------------------------------------------------------------------------


def correlation_id(p: Pipeline, ctx: Any, req: Request) -> Any:
    """A fresh correlation id and the start time; the health check needs nothing else."""
    ctx.correlation_id = random_uuid()
    ctx.started = time.perf_counter()
    ctx.started_wall = time.time()
    return VIEW if req.path == HEALTH_PATH else None


# --- checks --------------------------------------------------------------------------------------------------------


def shared_clock(p: Pipeline, ctx: Any, req: Request) -> Any:
    p.clock.refresh()  # the shared clock, cached for the generation
    return None


def find_tenant(p: Pipeline, ctx: Any, req: Request) -> Any:
    """Only looked up: None when it does not exist yet (created by :func:`open_route` or :func:`create_tenant`)."""
    name = ctx.tenant_name = request_tenant_name(p.tenants, req)
    ctx.mock_tenant = p.tenants.find(name)
    return None


def inject_fault(p: Pipeline, ctx: Any, req: Request) -> Any:
    """The tenant's matching fault, before authentication (so ``/oauth/token`` can fail too); not on admin routes."""
    tenant = ctx.mock_tenant
    if tenant is None or req.path.startswith(ADMIN_PREFIX) or not p.tenant_has_faults(tenant):
        return None
    p.shared_cache.confirm()  # before a fault's ``times`` is taken
    return apply_fault(tenant, p.tenants)


def limit_body(p: Pipeline, ctx: Any, req: Request) -> Any:
    """413 on a declared body over the operation's limit, before it is read."""
    operation = ctx.mock_operation = operation_for_endpoint(req.endpoint)
    reject_oversized_body(*body_limit(operation, p.settings))
    return None


def open_route(p: Pipeline, ctx: Any, req: Request) -> Any:
    """Routes open without a token (admin, ``/oauth/token``, an anonymous operation) end the checks; an admin route
    or an anonymous API operation creates its tenant (so it is journaled too)."""
    path, operation = req.path, ctx.mock_operation
    if path.startswith(PROTECTED_PREFIXES) and (operation is None or not operation.anonymous):
        return None
    if ctx.mock_tenant is None and (path.startswith(ADMIN_PREFIX) or path.startswith(PROTECTED_PREFIXES)):
        p.shared_cache.confirm()  # before a tenant is created
        ctx.mock_tenant = p.tenants.get(ctx.tenant_name)
    return VIEW


def authenticate_token(p: Pipeline, ctx: Any, req: Request) -> Any:
    """The bearer token, 401 otherwise (looked up once if the tenant lookup did already)."""
    ctx.token = authenticate(p.tenants, ctx.get("bearer_lookup"))
    return None


def create_tenant(p: Pipeline, ctx: Any, req: Request) -> Any:
    """An authenticated request's tenant, created if new (409 past ``max_tenants``)."""
    if ctx.mock_tenant is None:
        p.shared_cache.confirm()  # before a tenant is created
        ctx.mock_tenant = p.tenants.get(ctx.tenant_name)
    return None


def rate_window(p: Pipeline, ctx: Any, req: Request) -> Any:
    """The token's rate window, 429 when spent; its hit confirms the shared cache (see the module docstring)."""
    operation = ctx.mock_operation
    state = ctx.rate_state = p.tenants.windows.hit(ctx.token.key, operation.operation_id if operation else None)
    if state.exceeded:
        raise too_many_requests(state)
    return None


def permissions(p: Pipeline, ctx: Any, req: Request) -> Any:
    """The operation's permissions from the operations table, 403 naming them."""
    if ctx.mock_operation is not None:
        authorize(ctx.mock_operation, ctx.token)
    return None


# --- answering -----------------------------------------------------------------------------------------------------


def stop_clock(p: Pipeline, ctx: Any, req: Request, response: Response) -> None:
    """The request's duration and correlation id (a fresh one if the request never got one) for what follows."""
    if not ctx.get("correlation_id"):
        ctx.correlation_id = random_uuid()
    ctx.elapsed_ms = (time.perf_counter() - ctx.get("started", time.perf_counter())) * 1000


def correlation_header(p: Pipeline, ctx: Any, req: Request, response: Response) -> None:
    response.headers["ININ-Correlation-Id"] = ctx.correlation_id


def rate_limit_headers(p: Pipeline, ctx: Any, req: Request, response: Response) -> None:
    state = ctx.get("rate_state")
    if state is not None:
        headers = response.headers
        for name, value in state.headers().items():  # item by item: Headers.update re-reads its argument
            headers[name] = value


def rule_header(p: Pipeline, ctx: Any, req: Request, response: Response) -> None:
    """The catalogue rule that refused the request (never in the body: it stays Genesys-shaped)."""
    rule = ctx.get("mock_rule")
    if rule:
        response.headers["X-Mock-Rule"] = rule


def fault_headers(p: Pipeline, ctx: Any, req: Request, response: Response) -> None:
    """The fault that acted on the request; a success fault's status replaces a success answer's own."""
    fault_id = ctx.get("fault_id")
    if fault_id:
        response.headers["X-Mock-Fault"] = fault_id
        success_status = ctx.get("fault_success_status")
        if success_status is not None and 200 <= response.status_code < 300:
            response.status_code = success_status


def record_journal(p: Pipeline, ctx: Any, req: Request, response: Response) -> None:
    """The journal entry of an API request (not admin routes); a request whose tenant was never created (it failed
    authentication) is recorded nowhere."""
    if not p.journal_on or req.path.startswith(ADMIN_PREFIX):
        return
    dropped = bool(req.environ.get(DROP_ENVIRON_KEY))
    try:
        tenant: Tenant | None = ctx.get("mock_tenant") or p.tenants.find(ctx.get("tenant_name", DEFAULT_TENANT))
        if tenant is not None:
            p.journal_budget.record(
                tenant.state,
                Exchange(
                    req,
                    None if dropped else response,
                    correlation_id=ctx.correlation_id,
                    tenant=tenant.name,
                    started_wall=ctx.get("started_wall", time.time()),
                    duration_ms=ctx.elapsed_ms,
                    rule=ctx.get("mock_rule"),
                    fault=ctx.get("fault_id"),
                    profile=p.settings.profile,
                    max_body_bytes=p.settings.journal.max_body_bytes,
                ),
            )
    except (StateUnavailable, StateConflict) as exc:  # the answer stands (often the 503 saying so)
        log.warning(
            "journal entry of %s %s not recorded [correlation id %s]: %s", req.method, req.path, ctx.correlation_id, exc
        )


def log_line(p: Pipeline, ctx: Any, req: Request, response: Response) -> None:
    """One line per request (``log_requests``), the query's secrets redacted."""
    if not p.settings.log_requests:
        return
    query = req.environ.get("QUERY_STRING", "")
    log.info(
        "%s %s%s %s %.1fms %s",
        req.method,
        req.path,
        "?" + redact_query(query) if query else "",
        "dropped" if req.environ.get(DROP_ENVIRON_KEY) else response.status_code,
        ctx.elapsed_ms,
        ctx.correlation_id,
    )


ARRIVING: tuple[Check, ...] = (correlation_id,)
CHECKS: tuple[Check, ...] = (
    shared_clock,
    find_tenant,
    inject_fault,
    limit_body,
    open_route,
    authenticate_token,
    create_tenant,
    rate_window,
    permissions,
)
ANSWERING: tuple[Finish, ...] = (
    stop_clock,
    correlation_header,
    rate_limit_headers,
    rule_header,
    fault_headers,
    record_journal,
    log_line,
)


class Pipeline:
    """The steps above, run for one app: its settings and tenant registry, and the shared-cache protocol."""

    def __init__(self, settings: Settings, tenants: Tenants) -> None:
        self.settings = settings
        self.tenants = tenants
        self.clock, self.journal_budget, self.shared_cache = tenants.clock, tenants.journal_budget, tenants.cache
        # With admin off nothing could read the journal or add a fault, so neither costs anything then.
        self.journal_on = settings.admin and settings.journal.max_entries > 0
        self.arriving, self.checks, self.answering = ARRIVING, CHECKS, ANSWERING

    def tenant_has_faults(self, tenant: Tenant) -> bool:
        """Whether the tenant has faults: cached for the generation over a shared backend."""
        if self.shared_cache.enabled:
            return bool(self.shared_cache.get(("faults", tenant.name), lambda: has_faults(tenant.state)))
        return has_faults(tenant.state)

    def install(self, app: Flask) -> None:
        app.before_request(self.before)
        app.after_request(self.after)
        if self.shared_cache.enabled:
            app.teardown_request(self.teardown)

    def before(self) -> Response | None:
        # Resolve the context-local proxies once: each access through them costs about a microsecond.
        ctx, req = g._get_current_object(), request._get_current_object()  # type: ignore[attr-defined]
        for step in self.arriving:
            outcome = step(self, ctx, req)
            if outcome is not None:
                return None if outcome is VIEW else outcome
        cache = self.shared_cache
        if not cache.enabled:
            return self._check(ctx, req)
        # Over a shared backend the checks start on this process's cached configuration, unconfirmed; the rate
        # window's hit confirms it in its own round trip, any other outcome with a read of the generation. When it
        # had moved, nothing was written and the checks run again on fresh entries (core/shared_cache.py).
        cache.begin()
        for _ in range(2):
            try:
                try:
                    outcome = self._check(ctx, req)
                except Exception:
                    cache.confirm()  # an error answer (401, 413, ...) must stand on confirmed entries too
                    raise
                cache.confirm()
                return outcome
            except GenerationMoved:
                ctx.pop("bearer_lookup", None)  # looked up on the stale entries
        raise AssertionError("a confirmed request chain cannot find the generation moved")

    def _check(self, ctx: Any, req: Request) -> Response | None:
        for step in self.checks:
            outcome = step(self, ctx, req)
            if outcome is not None:
                return None if outcome is VIEW else outcome
        return None

    def after(self, response: Response) -> Response:
        ctx, req = g._get_current_object(), request._get_current_object()  # type: ignore[attr-defined]
        for step in self.answering:
            step(self, ctx, req, response)
        return response

    def teardown(self, _exc: BaseException | None) -> None:
        self.shared_cache.done()
