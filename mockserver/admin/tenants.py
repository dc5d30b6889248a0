"""``/__mock/tenants``: the tenants this server has seen (core/tenants.py), and per-tenant OAuth credentials."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from mockserver.core.errors import ApiError, not_found
from mockserver.core.faults import list_faults
from mockserver.core.journal import journal_length
from mockserver.core.tenants import DEFAULT_TENANT, valid_name

tenants_admin = Blueprint("mock_tenants", __name__, url_prefix="/__mock")


@tenants_admin.get("/tenants")
def get_tenants() -> Response:
    """The tenants seen so far, each with its request and fault counts."""
    entities = tenant_summaries()
    return jsonify(entities=entities, total=len(entities))


def tenant_summaries() -> list[dict[str, object]]:
    """Every tenant with how many journal entries and faults it holds (also the inspector's tenants table)."""
    return [
        {"name": t.name, "requests": journal_length(t.state), "faults": len(list_faults(t.state))}
        for t in current_app.config["MOCK_TENANTS"].all()
    ]


@tenants_admin.delete("/tenants/<name>")
def delete_tenant(name: str) -> tuple[str, int]:
    """Forget a tenant and its state, so a long run with a tenant per test (the pytest plugin) does not keep them."""
    forget_tenant(name)
    return "", 204


def forget_tenant(name: str) -> None:
    """Remove the tenant ``name`` (also the inspector's delete button): 400 for the default one, 404 if unknown."""
    valid_name(name, "name")
    if name == DEFAULT_TENANT:
        raise ApiError(
            400,
            "invalid.value",
            params={"value": name, "fieldType": "name", "allowed": "any tenant but the default one (reset it instead)"},
        )
    if not current_app.config["MOCK_TENANTS"].remove(name):
        raise not_found(name)


@tenants_admin.post("/tenants/<name>/credentials")
def post_tenant_credentials(name: str) -> Response:
    """OAuth client credentials bound to the tenant (created with it if needed; the same ones on every call): a
    token they issue lands in the tenant without ``X-Mock-Tenant``, so any HTTP client is isolated (pytest plugin)."""
    client = current_app.config["MOCK_TENANTS"].credentials(valid_name(name, "name"))
    return jsonify(tenant=name, clientId=client.client_id, clientSecret=client.client_secret)
