"""``/__mock/tenants``: the tenants this server has seen (core/tenants.py); each is created on first use."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

tenants_admin = Blueprint("mock_tenants", __name__, url_prefix="/__mock")


@tenants_admin.get("/tenants")
def get_tenants() -> Response:
    entities = [{"name": t.name, "requests": len(t.journal), "faults": len(t.faults.list())}
                for t in current_app.config["MOCK_TENANTS"].all()]
    return jsonify(entities=entities, total=len(entities))
