"""The conversations area in a state snapshot: calls as placed (``StoredCall`` records), never as rendered.

A call's states and times are derived from these facts and the clock (see records.py), so restoring the records
is restoring the calls. The records are dataclasses; pydantic validates and serialises them as they are, so the
document's call objects use the records' field names (``participant_id``, ``dialled_at`` in clock seconds ...).

Shape: ``{"calls": [StoredCall ...], "callbacks": [StoredCallback ...]}`` (``callbacks`` may be absent: documents
written before callbacks existed).
"""

from __future__ import annotations

import functools
from typing import Any, Iterator

from pydantic import TypeAdapter

from mockserver.conversations.callback_records import StoredCallback, callback_doc
from mockserver.conversations.records import StoredCall, call_doc
from mockserver.conversations.state import CALLBACKS, CALLS, SCAN_BATCH
from mockserver.snapshot.document import refuse_present, reject_unknown_keys, require_dict, validated_items
from mockserver.state import TenantState, Tx

NAME = "conversations"
Parsed = tuple[list[StoredCall], list[StoredCallback]]


@functools.cache
def _adapters() -> tuple[TypeAdapter[list[StoredCall]], TypeAdapter[list[StoredCallback]]]:
    """The calls' and callbacks' validators, built on first use: only snapshots need them, start-up should not pay
    for them (their cost: docs/performance.md)."""
    return TypeAdapter(list[StoredCall]), TypeAdapter(list[StoredCallback])


def dump(state: TenantState) -> dict[str, Any]:
    """The calls and callbacks, read batch by batch while the document is encoded."""
    return {"calls": _call_docs(state), "callbacks": _callback_docs(state)}


def _call_docs(state: TenantState) -> Iterator[dict[str, Any]]:
    for batch in state.scan(CALLS, SCAN_BATCH):
        for _, call in batch:
            yield call_doc(call)


def _callback_docs(state: TenantState) -> Iterator[dict[str, Any]]:
    for batch in state.scan(CALLBACKS, SCAN_BATCH):
        for _, callback in batch:
            yield callback_doc(callback)


def parse(data: Any, path: str) -> Parsed:
    """The document's calls and callbacks, validated (unique ids); touches no state."""
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("calls", "callbacks"), path)
    calls, callbacks = _adapters()
    return (
        validated_items(calls, doc, "calls", path, lambda call: call.id, "call"),
        validated_items(callbacks, doc, "callbacks", path, lambda callback: callback.id, "callback"),
    )


def install(tx: Tx, parsed: Parsed, *, replace: bool) -> None:
    """Make the calls and callbacks exactly ``parsed`` (``replace``) or add them to those stored."""
    calls, callbacks = parsed
    if replace:
        tx.drop(CALLS)
        tx.drop(CALLBACKS)
    else:
        refuse_present(tx, CALLS, [call.id for call in calls], f"areas.{NAME}.calls", "call")
        refuse_present(tx, CALLBACKS, [c.id for c in callbacks], f"areas.{NAME}.callbacks", "callback")
    tx.put_many(CALLS, ((call.id, call) for call in calls))
    tx.put_many(CALLBACKS, ((callback.id, callback) for callback in callbacks))
