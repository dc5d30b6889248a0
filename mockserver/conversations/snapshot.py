"""The conversations area in a state snapshot: calls as placed (``StoredCall`` records), never their views.

A call's states and times are derived from these facts and the clock (see records.py), so restoring the records
is restoring the calls. The records are dataclasses; pydantic validates and serialises them as they are, so the
document's call objects use the records' field names (``participant_id``, ``dialled_at`` in clock seconds ...).

Shape: ``{"calls": [StoredCall ...]}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from pydantic import TypeAdapter

from mockserver.conversations.records import StoredCall, call_doc
from mockserver.conversations.state import CALLS, SCAN_BATCH
from mockserver.snapshot.document import refuse_present, reject_unknown_keys, require_dict, validated_items
from mockserver.state import TenantState, Tx

NAME = "conversations"
_CALLS = TypeAdapter(list[StoredCall])


def dump(state: TenantState) -> dict[str, Any]:
    """The calls, read batch by batch while the document is encoded."""
    return {"calls": _call_docs(state)}


def _call_docs(state: TenantState) -> Iterator[dict[str, Any]]:
    for batch in state.scan(CALLS, SCAN_BATCH):
        for _, call in batch:
            yield call_doc(call)


def parse(data: Any, path: str) -> list[StoredCall]:
    """The document's calls, validated (unique ids); touches no state."""
    doc = require_dict(data, path)
    reject_unknown_keys(doc, ("calls",), path)
    return validated_items(_CALLS, doc, "calls", path, lambda call: call.id, "call")


def install(tx: Tx, parsed: list[StoredCall], *, replace: bool) -> None:
    """Make the calls exactly ``parsed`` (``replace``) or add them to those stored."""
    if replace:
        tx.drop(CALLS)
    else:
        refuse_present(tx, CALLS, [call.id for call in parsed], f"areas.{NAME}.calls", "call")
    tx.put_many(CALLS, ((call.id, call) for call in parsed))
