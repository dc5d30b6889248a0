"""``/__mock/faults``: inject, list and clear the faults of the request's tenant (see core/faults.py)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from mockserver.admin.common import parse_json, tenant
from mockserver.core.errors import not_found
from mockserver.core.faults import FaultSpec, add_fault, clear_faults, list_faults, remove_fault

faults_admin = Blueprint("mock_faults", __name__, url_prefix="/__mock")


@faults_admin.post("/faults")
def post_fault() -> tuple[Response, int]:
    """Add a fault; it applies from the next request on. 201 with its ``id`` and ``remaining`` count."""
    fault = add_fault(tenant().state, parse_json(FaultSpec))
    return jsonify(fault.as_dict()), 201


@faults_admin.get("/faults")
def get_faults() -> Response:
    """The tenant's faults, oldest first; a fault's ``token`` is shown as ``***``."""
    entities = [fault.as_dict() for fault in list_faults(tenant().state)]
    return jsonify(entities=entities, total=len(entities))


@faults_admin.delete("/faults")
def delete_faults() -> Response:
    """Clear the tenant's faults: ``{cleared: n}``."""
    return jsonify(cleared=clear_faults(tenant().state))


@faults_admin.delete("/faults/<fault_id>")
def delete_fault(fault_id: str) -> Response:
    """Remove one fault (204); 404 ``not.found`` if unknown."""
    if not remove_fault(tenant().state, fault_id):
        raise not_found(fault_id)
    return Response(status=204)
