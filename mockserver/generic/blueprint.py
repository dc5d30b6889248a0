"""The generic blueprint: every vendor operation without a deep row (views in mockserver/generic/routes.py).

Routing: one catch-all rule, ``/api/v2/<path:rest>``, whose view finds the generic row by the table's own
templates (``binding.resolve_route``), instead of ~600 Werkzeug rules: each rule costs every app the process builds
time to add (docs/performance.md), and the test suite builds thousands of apps. Werkzeug tries a ``path`` rule last and falls
through to it when a more specific rule does not serve the method, so every deep rule keeps its requests. A generic
static path that a deep rule would capture (``/api/v2/outbound/contactlists/divisionviews`` under
``…/contactlists/{contactListId}``) gets a rule of its own, since Werkzeug prefers a static segment over a
parameter.
"""

from __future__ import annotations

from flask import Blueprint

from mockserver.core.routing import DISPATCH_ENDPOINT

generic = Blueprint("generic", __name__)
CATCH_ALL = "/api/v2/<path:rest>"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def load() -> Blueprint:
    """Import the route module (binding the catch-all and the shadowed rows), then return the blueprint."""
    from mockserver.generic import routes  # noqa: F401

    return generic


__all__ = ["CATCH_ALL", "DISPATCH_ENDPOINT", "METHODS", "generic", "load"]
