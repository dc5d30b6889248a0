"""The State page: the tenants (reset, delete) and one tenant's contact lists (size, import status, a page of
contacts), conversations (participants and their states on the mock's clock), external contacts and
organizations, each with its raw JSON.

Everything is read through the areas' state modules (outbound/state.py, conversations/state.py,
externalcontacts/state.py and orgstate.py) inside :func:`~mockserver.inspector.in_tenant`, and shown a bounded
page at a time: a tenant may hold a million contacts.
"""

from __future__ import annotations

import json
from itertools import islice
from typing import Any, Iterable, Iterator, TypeVar

from flask import redirect, render_template, request
from werkzeug.wrappers import Response

from mockserver.admin.tenants import forget_tenant, tenant_summaries
from mockserver.conversations import callback_rendering, rendering
from mockserver.conversations import state as conversations
from mockserver.core.context import clock, tenants
from mockserver.core.errors import ApiError
from mockserver.core.tenants import DEFAULT_TENANT, valid_name
from mockserver.externalcontacts import orgstate
from mockserver.externalcontacts import state as externalcontacts
from mockserver.inspector import in_tenant, inspector, page_url
from mockserver.outbound import state as outbound

SHOWN = 100
"""Records of each kind listed; the page says when there are more."""
CONTACTS_SHOWN = 25
"""Contacts of a list per page."""

T = TypeVar("T")


def first(items: Iterable[T], count: int = SHOWN) -> tuple[list[T], bool]:
    """The first ``count`` items and whether there are more (reads at most one more)."""
    taken = list(islice(items, count + 1))
    return taken[:count], len(taken) > count


def raw(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def contact_lists() -> list[dict[str, Any]]:
    lists, _ = outbound.list_page(0, SHOWN)
    return [
        {
            "list": record.contact_list.dump(),
            "size": outbound.list_size(record.contact_list.id or ""),
            "importStatus": outbound.current_status(record).dump(),
        }
        for record in lists
    ]


def contacts_page(list_id: str, offset: int) -> tuple[list[dict[str, Any]], bool]:
    """Contacts ``offset`` to ``offset + CONTACTS_SHOWN`` of the list, in insertion order, and whether more follow."""

    def stream() -> Iterator[dict[str, Any]]:
        for batch in outbound.contact_batches(list_id):
            for contact in batch:
                yield outbound.contact_json(list_id, contact)

    return first(islice(stream(), offset, None), CONTACTS_SHOWN)


def _participant(data: dict[str, Any]) -> dict[str, Any]:
    legs = (data.get("calls") or []) + (data.get("callbacks") or [])
    return {
        "purpose": data.get("purpose"),
        "name": data.get("name"),
        "address": data.get("address"),
        "state": legs[-1].get("state") if legs else None,
        "id": data.get("id"),
    }


def conversation_rows() -> tuple[list[dict[str, Any]], bool]:
    """Calls then callbacks, each as its ``Conversation`` at the mock's current time."""
    at = clock().time()
    calls = (rendering.conversation(call, at).dump() for call in conversations.all_calls())
    callbacks = (callback_rendering.conversation(callback, at).dump() for callback in conversations.all_callbacks())
    shown, more = first(_chain(calls, callbacks))
    return [
        {"conversation": c, "participants": [_participant(p) for p in c.get("participants") or []]} for c in shown
    ], more


def _chain(*parts: Iterable[T]) -> Iterator[T]:
    for part in parts:
        yield from part


@inspector.get("/state")
def state() -> str:
    """The State page: tenants, contact lists and contacts, calls, external contacts, raw JSON."""
    list_id = request.args.get("list")
    offset = request.args.get("offset", "0")
    offset_value = int(offset) if offset.isdigit() else 0
    with in_tenant():
        chosen = outbound.require_list(list_id).contact_list.dump() if list_id else None
        contacts, more_contacts = contacts_page(list_id, offset_value) if list_id else ([], False)
        calls, more_calls = conversation_rows()
        people, more_people = first(c.dump() for c in externalcontacts.all_contacts())
        orgs, more_orgs = first(o.dump() for o in orgstate.all_orgs())
        return render_template(
            "inspector/state.html",
            page="state",
            tenants=tenant_summaries(),
            lists=contact_lists(),
            chosen_list=chosen,
            contacts=contacts,
            more_contacts=more_contacts,
            offset=offset_value,
            contacts_shown=CONTACTS_SHOWN,
            calls=calls,
            more_calls=more_calls,
            people=people,
            more_people=more_people,
            orgs=orgs,
            more_orgs=more_orgs,
            shown=SHOWN,
            raw=raw,
            done=request.args.get("done"),
            now=clock().now(),
        )


@inspector.post("/tenants/<name>/reset")
def reset_tenant(name: str) -> Response:
    """Clear one tenant's state, faults and journal (``POST /__mock/reset?tenant=``)."""
    tenants().reset(valid_name(name, "name"))
    return redirect(page_url("state", tenant=name, done="reset"), 303)


@inspector.post("/tenants/<name>/delete")
def delete_tenant(name: str) -> Response | tuple[str, int]:
    """Forget a tenant (``DELETE /__mock/tenants/{name}``); refusals are shown on the page."""
    try:
        forget_tenant(name)
    except ApiError as error:
        if error.status != 400:
            raise
        return render_template("inspector/message.html", page="state", title="Not deleted", message=error.message), 400
    return redirect(page_url("state", tenant=DEFAULT_TENANT, done="deleted"), 303)


@inspector.app_template_filter("import_state")
def _import_state(status: dict[str, Any]) -> str:
    state_name = status.get("state", "")
    if status.get("failureReason"):
        return f"{state_name}: {status['failureReason']}"
    return f"{state_name} ({status.get('percentComplete', 0)}%)"
