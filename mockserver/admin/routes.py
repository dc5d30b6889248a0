"""The admin API under ``/__mock/``: health, reset, the rule catalogue and the OpenAPI document.

``health`` is always served (container health checks need it); the rest can be turned off with ``admin: false``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from mockserver.core import rules
from mockserver.core.errors import ApiError

health = Blueprint("mock_health", __name__, url_prefix="/__mock")
admin = Blueprint("mock_admin", __name__, url_prefix="/__mock")


@health.get("/health")
def get_health() -> Response:
    from mockserver import __version__

    settings = current_app.config["MOCK_SETTINGS"]
    return jsonify(status="ok", version=__version__, profile=settings.profile)


@admin.post("/reset")
def post_reset() -> Response:
    """Clear all state but keep the configuration; tokens too with ``?tokens=true``."""
    value = request.args.get("tokens", "false").lower()
    if value not in ("true", "false"):
        raise ApiError(400, "invalid.query.param.value",
                       params={"value": value, "parameter": "tokens", "allowed": "true, false"})
    current_app.config["MOCK_STORE"].reset(tokens=value == "true")
    return jsonify(reset=True, tokens=value == "true")


@admin.get("/rules")
def get_rules() -> Response:
    """The catalogue, each rule with whether it is in force under the running profile and config."""
    settings = current_app.config["MOCK_SETTINGS"]
    entities = [
        {**rule.as_dict(), "active": rules.is_active(rule.id, settings.profile, settings.rules)}
        for rule in rules.catalogue()
    ]
    return jsonify(profile=settings.profile, entities=entities, total=len(entities))


@admin.get("/openapi.json")
def get_openapi() -> Response:
    from contracts.openapi import load_document

    return jsonify(load_document())
