"""The Faults and clock page: the tenant's faults (add, remove, clear) and the mock's clock (advance).

A form's fields become the same :class:`~mockserver.core.faults.FaultSpec` that ``POST /__mock/faults`` validates,
and the clock moves through the checks of ``POST /__mock/clock/advance``; what they refuse is shown next to the form
(status 400) with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request
from pydantic import ValidationError
from werkzeug.wrappers import Response

from contracts.base import format_genesys_datetime
from mockserver.admin.routes import advance_clock, checked_seconds
from mockserver.core.context import clock
from mockserver.core.errors import ApiError, not_found
from mockserver.core.faults import HTTP_METHODS, FaultSpec, add_fault, clear_faults, list_faults, remove_fault
from mockserver.inspector import chosen_tenant, inspector, page_url

INTEGER_FIELDS = {
    "status": "status",
    "retryAfter": "retry after",
    "times": "times",
    "latencyMs": "latency",
    "latencyMaxMs": "latency maximum",
}


class FormError(ValueError):
    """A field that is not what the form asks for."""


def _integer(form: dict[str, str], name: str) -> int | None:
    value = form.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise FormError(f"{INTEGER_FIELDS[name]} must be a whole number, not {value[:20]!r}")
    return int(value)


def spec_from_form(form: dict[str, str]) -> FaultSpec:
    """The fault the form describes, validated exactly as ``POST /__mock/faults`` validates its body."""
    body: dict[str, Any] = {"method": form.get("method") or "*", "path": form.get("path", "").strip()}
    for name in ("status", "retryAfter", "times"):
        number = _integer(form, name)
        if number is not None:
            body[name] = number
    low, high = _integer(form, "latencyMs"), _integer(form, "latencyMaxMs")
    if high is not None:
        body["latencyMs"] = {"min": low or 0, "max": high}
    elif low is not None:
        body["latencyMs"] = low
    if form.get("drop"):
        body["drop"] = True
    for name in ("code", "message"):
        if form.get(name, "").strip():
            body[name] = form[name].strip()
    probability = form.get("probability", "").strip()
    if probability:
        try:
            body["probability"] = float(probability)
        except ValueError:
            raise FormError(f"probability must be a number from 0 to 1, not {probability[:20]!r}") from None
    return FaultSpec.model_validate(body)


def _problems(error: ValidationError) -> list[str]:
    found = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"] if "-" not in str(part) and "[" not in str(part))
        message = problem["msg"].removeprefix("Value error, ")
        found.append(f"{where}: {message}" if where else message)
    return found


def _render(
    errors: list[str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
    clock_error: str | None = None,
) -> tuple[str, int]:
    now = clock()
    faults = [fault.as_dict() for fault in list_faults(chosen_tenant().state)]
    return render_template(
        "inspector/faults.html",
        page="faults",
        faults=faults,
        errors=errors or [],
        form=form or {},
        methods=("*", *HTTP_METHODS),
        clock_mode=now.mode,
        clock_now=format_genesys_datetime(now.now()),
        clock_offset=now.offset,
        clock_error=clock_error,
        done=request.args.get("done"),
    ), status


@inspector.get("/faults")
def faults() -> tuple[str, int]:
    """The Faults and clock page: the tenant's faults, a form to add one, the clock."""
    return _render()


@inspector.post("/faults")
def add() -> Response | tuple[str, int]:
    """Add a fault from the page's form, checked as ``POST /__mock/faults`` checks it."""
    form = request.form.to_dict()
    try:
        spec = spec_from_form(form)
    except FormError as error:
        return _render([str(error)], form, 400)
    except ValidationError as error:
        return _render(_problems(error), form, 400)
    add_fault(chosen_tenant().state, spec)
    return redirect(page_url("faults", done="fault-added"), 303)


@inspector.post("/faults/<fault_id>/remove")
def remove(fault_id: str) -> Response:
    """Remove one fault; 404 ``not.found`` if unknown."""
    if not remove_fault(chosen_tenant().state, fault_id):
        raise not_found(fault_id)
    return redirect(page_url("faults", done="fault-removed"), 303)


@inspector.post("/faults/clear")
def clear() -> Response:
    """Remove all of the tenant's faults."""
    clear_faults(chosen_tenant().state)
    return redirect(page_url("faults", done="faults-cleared"), 303)


@inspector.post("/clock/advance")
def advance() -> Response | tuple[str, int]:
    """Advance the mock's clock from the page's form."""
    typed = request.form.get("seconds", "").strip()
    try:
        seconds = float(typed)
    except ValueError:
        return _render(form={"seconds": typed}, status=400, clock_error=f"seconds must be a number, not {typed[:20]!r}")
    try:
        advance_clock(clock(), checked_seconds(seconds))
    except ApiError as error:
        return _render(form={"seconds": typed}, status=400, clock_error=error.message)
    return redirect(page_url("faults", done="clock"), 303)
