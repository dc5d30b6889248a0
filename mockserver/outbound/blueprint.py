"""The outbound blueprint. Route modules bind their views to it when :func:`load` imports them."""

from __future__ import annotations

from flask import Blueprint

outbound = Blueprint("outbound", __name__)


def load() -> Blueprint:
    """Import the route modules (binding their views) and the rule catalogue, then return the blueprint."""
    from mockserver.outbound import (  # noqa: F401
        campaigns,
        catalogue,
        catalogue_dialer,
        contact_routes,
        dnc,
        filters,
        job_catalogue,
        job_routes,
        routes,
        upload_routes,
    )

    return outbound
