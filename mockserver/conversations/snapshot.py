"""The conversations area in a state snapshot: calls as placed (``StoredCall`` records), never their views.

A call's states and times are derived from these facts and the clock (see state.py), so restoring the records is
restoring the calls. The records are dataclasses; pydantic validates and serialises them as they are, so the
document's call objects use the records' field names (``participant_id``, ``dialled_at`` in clock seconds ...).

Shape: ``{"calls": [StoredCall ...]}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from mockserver.conversations.state import ConversationsState, StoredCall
from mockserver.snapshot.document import (
    LazyArray,
    SnapshotError,
    from_validation_error,
    join_path,
    reject_unknown_keys,
    require_dict,
)

NAME = "conversations"
_CALL = TypeAdapter(StoredCall)
_CALLS = TypeAdapter(list[StoredCall])


def empty() -> ConversationsState:
    return ConversationsState()


def call_doc(call: StoredCall) -> dict[str, Any]:
    return _CALL.dump_python(call, mode="json")


def dump(state: ConversationsState) -> dict[str, Any]:
    return {"calls": LazyArray(list(state.calls.values()), call_doc)}


def load(data: Any, path: str) -> ConversationsState:
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("calls",), path)
    calls_path = join_path(path, ["calls"])
    try:
        calls = _CALLS.validate_python(doc.get("calls", []))
    except ValidationError as exc:
        raise from_validation_error(calls_path, exc) from None
    state = ConversationsState()
    for index, call in enumerate(calls):
        if call.id in state.calls:
            raise SnapshotError(join_path(calls_path, [index, "id"]), f"duplicate call id {call.id}")
        state.calls[call.id] = call
    return state
