"""Admin routes for state: ``GET``/``PUT /__mock/state`` (snapshots) and ``POST /__mock/seed`` (Faker data).

They act on the request's tenant. A GET streams the document, so exporting a
million contacts does not build it in memory first; a PUT is validated completely before anything is replaced.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from mockserver.admin.common import json_body
from mockserver.core.context import clock, settings, tenant_state
from mockserver.core.errors import ApiError, field_detail
from mockserver.core.limits import UPLOAD_CEILING, body_limit_of_view
from mockserver.seeding import parse_spec, seed_state
from mockserver.snapshot import SnapshotError, import_state, state_chunks
from mockserver.snapshot.document import PUT_MAX_DEPTH

state_admin = Blueprint("mock_state", __name__, url_prefix="/__mock")


def _invalid(error: SnapshotError) -> ApiError:
    return ApiError(
        400,
        "invalid.value",
        "Invalid state or seed document at {path}: {problem}",
        {"path": error.path, "problem": error.message},
        details=[field_detail(error.path, "invalid.value")],
    )


@state_admin.get("/state")
def get_state() -> Response:
    """The whole state of the tenant as a ``genesys-mock-state`` document, streamed."""
    return Response(state_chunks(tenant_state()), mimetype="application/json")


@state_admin.put("/state")
@body_limit_of_view(UPLOAD_CEILING)  # a whole snapshot, far past the API's max_body_bytes
def put_state() -> Response:
    """Replace the state with the document's; 400 naming the bad path, and then nothing has changed."""
    try:
        import_state(tenant_state(), json_body(PUT_MAX_DEPTH))
    except SnapshotError as error:
        raise _invalid(error) from None
    return jsonify(imported=True)


@state_admin.post("/seed")
def post_seed() -> tuple[Response, int]:
    """Add Faker-generated data; an empty body seeds the defaults with a random seed (returned in the summary)."""
    body = json_body() if request.get_data(cache=True) else {}
    try:
        summary = seed_state(tenant_state(), clock(), settings(), parse_spec(body, "body"))
    except SnapshotError as error:
        raise _invalid(error) from None
    return jsonify(summary), 201
