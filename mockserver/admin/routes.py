"""The admin API under ``/__mock/``: health, reset, the clock, the rule catalogue and the OpenAPI document.

Faults, the journal and tenants have their own modules next to this one (faults.py, journal.py, tenants.py).

``health`` is always served (container health checks need it); the rest can be turned off with ``admin: false``.
"""

from __future__ import annotations

import json
import math
import os

from flask import Blueprint, Response, current_app, jsonify, request

from contracts.base import format_genesys_datetime
from mockserver.admin.common import json_body
from mockserver.core import rules
from mockserver.core.clock import Clock
from mockserver.core.context import clock, settings
from mockserver.core.errors import ApiError, field_detail

health = Blueprint("mock_health", __name__, url_prefix="/__mock")
admin = Blueprint("mock_admin", __name__, url_prefix="/__mock")

# One advance may move the clock by at most a year: enough for any lifecycle or expiry, far from datetime's end.
MAX_ADVANCE_SECONDS = 366 * 86400


@health.get("/health")
def get_health() -> Response:
    """200 ``{status, version, profile}`` when ready; always on, even with ``admin: false``."""
    from mockserver import __version__

    # pid: which worker process answered (``--workers N`` serves one port from N processes)
    return jsonify(status="ok", version=__version__, profile=settings().profile, pid=os.getpid())


@admin.post("/reset")
def post_reset() -> Response:
    """Clear state but keep the configuration: one tenant (``X-Mock-Tenant`` or ``?tenant=``) or every tenant.

    A tenant's reset clears its area state, faults and journal (all tenants: the per-token rate windows too);
    ``?tokens=true`` also clears the token table, which all tenants share.
    """
    from mockserver.core.tenants import TENANT_HEADER, valid_name

    value = request.args.get("tokens", "false").lower()
    if value not in ("true", "false"):
        raise ApiError(
            400, "invalid.query.param.value", params={"value": value, "parameter": "tokens", "allowed": "true, false"}
        )
    name = request.args.get("tenant")
    name = valid_name(name, "tenant") if name is not None else request.headers.get(TENANT_HEADER)
    current_app.config["MOCK_TENANTS"].reset(name, tokens=value == "true")
    return jsonify(reset=True, tokens=value == "true", tenant=name)


def _clock() -> Clock:
    return clock()


def _clock_body(clock: Clock) -> Response:
    return jsonify(mode=clock.mode, now=format_genesys_datetime(clock.now()), offsetSeconds=clock.offset)


@admin.get("/clock")
def get_clock() -> Response:
    """The mock's current time, its mode (real or frozen) and how far it has been advanced."""
    return _clock_body(_clock())


def _advance_seconds() -> float:
    """``seconds`` from a ``{"seconds": N}`` body, or a Genesys-shaped 4xx naming what is wrong."""
    data = json_body()
    if not isinstance(data, dict):
        raise ApiError(400, "bad.request")
    unknown = sorted(set(data) - {"seconds"})
    if unknown:
        raise ApiError(
            400,
            "invalid.property",
            params={"value": unknown[0], "object": "ClockAdvance"},
            details=[field_detail(unknown[0], "invalid.property")],
        )
    return checked_seconds(data.get("seconds"))


def checked_seconds(seconds: object) -> float:
    """How far to advance the clock, or the 400 naming ``seconds`` (also the inspector's clock form)."""
    # Compare before any float conversion: a 400-digit integer must be refused, not overflow into a 500.
    if (
        isinstance(seconds, (int, float))
        and not isinstance(seconds, bool)
        and 0 <= seconds <= MAX_ADVANCE_SECONDS
        and math.isfinite(seconds)
    ):
        return float(seconds)
    raise ApiError(
        400,
        "invalid.value",
        params={
            "value": json.dumps(seconds),
            "fieldType": "seconds",
            "allowed": f"a number of seconds from 0 to {MAX_ADVANCE_SECONDS}",
        },
        details=[field_detail("seconds", "invalid.value")],
    )


def advance_clock(clock: Clock, seconds: float) -> None:
    """Advance the clock by checked seconds; a move past what the clock can hold is the same 400."""
    try:
        clock.advance(seconds)
    except ValueError as exc:
        raise ApiError(
            400,
            "invalid.value",
            params={"value": json.dumps(seconds), "fieldType": "seconds", "allowed": str(exc)},
            details=[field_detail("seconds", "invalid.value")],
        ) from None


@admin.post("/clock/advance")
def post_clock_advance() -> Response:
    """Move the clock forward by ``{"seconds": N}`` (fractions allowed); works in both modes."""
    clock = _clock()
    advance_clock(clock, _advance_seconds())
    return _clock_body(clock)


@admin.get("/rules")
def get_rules() -> Response:
    """The catalogue, each rule with whether it is in force under the running profile and config."""
    current = settings()
    entities = [
        {**rule.as_dict(), "active": rules.is_active(rule.id, current.profile, current.rules)}
        for rule in rules.catalogue()
    ]
    return jsonify(profile=current.profile, entities=entities, total=len(entities))


@admin.get("/openapi.json")
def get_openapi() -> Response:
    """The OpenAPI document built from the contract (contracts/openapi.json)."""
    from contracts.openapi import document_bytes

    return Response(document_bytes(), mimetype="application/json")
