"""The callback record: a conversation with a callback (customer) participant waiting in a queue.

Like a call (:mod:`.records`), a callback is stored as the facts given when it was scheduled and changed (its
numbers, queue, scheduled time, assigned agent) and, once disconnected, when; what GET shows at an instant is
derived by :mod:`.callback_rendering`. Records are frozen values changed only through :mod:`.state`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from mockserver.conversations.records import Control
from mockserver.state import Codec

CALLBACKS_PATH = "/api/v2/conversations/callbacks"


@dataclass(frozen=True)
class Party:
    """A participant of a callback: its id and the id of its callback leg (the ``callbackIdentifiers``)."""

    participant_id: str
    leg_id: str


@dataclass(frozen=True)
class StoredCallback:
    id: str
    created: float
    customer: Party
    acd: Party
    queue_id: str
    numbers: list[str]
    user_name: str | None = None
    scheduled_at: float | None = None
    country_code: str | None = None
    script_id: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    caller_id: str | None = None
    caller_id_name: str | None = None
    agent: Party | None = None
    agent_user_id: str | None = None
    agent_name: str | None = None
    ended_at: float | None = None
    controls: dict[str, Control] = field(default_factory=dict)

    def control(self, participant_id: str) -> Control:
        return self.controls.get(participant_id, Control())

    def parties(self) -> list[Party]:
        return [self.customer, self.acd, *([self.agent] if self.agent is not None else [])]

    def is_active(self) -> bool:
        return self.ended_at is None


@functools.cache
def callback_adapter() -> TypeAdapter[StoredCallback]:
    """Validates and serialises a callback by its fields' names; built on first use, not at start-up (its cost:
    docs/performance.md)."""
    return TypeAdapter(StoredCallback)


def callback_doc(callback: StoredCallback) -> dict[str, Any]:
    return callback_adapter().dump_python(callback, mode="json")


def callback_from_doc(data: Any) -> StoredCallback:
    return callback_adapter().validate_python(data)


CALLBACK_CODEC: Codec[StoredCallback] = Codec(callback_doc, callback_from_doc)
