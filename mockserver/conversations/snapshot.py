"""The conversations area in a state snapshot: calls as placed (``StoredCall`` records), never their views.

A call's states and times are derived from these facts and the clock (see state.py), so restoring the records is
restoring the calls. The records are dataclasses; pydantic validates and serialises them as they are, so the
document's call objects use the records' field names (``participant_id``, ``dialled_at`` in clock seconds ...).

Shape: ``{"calls": [StoredCall ...]}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from mockserver.conversations.state import ConversationsState, StoredCall
from mockserver.snapshot.document import (
    LazyArray,
    reject_unknown_keys,
    require_dict,
    validated_items,
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
    state = ConversationsState()
    for call in validated_items(_CALLS, doc, "calls", path, lambda call: call.id, "call"):
        state.calls[call.id] = call
    return state
