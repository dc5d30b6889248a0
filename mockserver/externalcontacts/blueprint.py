"""The externalcontacts blueprint. Route modules bind their views to it when :func:`load` imports them."""

from __future__ import annotations

from flask import Blueprint

externalcontacts = Blueprint("externalcontacts", __name__)


def load() -> Blueprint:
    """Import the route module (binding its views) and the rule catalogue, then return the blueprint."""
    from mockserver.externalcontacts import catalogue, routes  # noqa: F401

    return externalcontacts
