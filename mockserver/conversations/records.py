"""The records of the conversations area: call conversations as placed, never as "current state".

A stored call holds only what was decided when it was placed (who is in it, what each far end will do, when it
was dialled) and, once our side ends it, when and how. Everything a GET shows — participant states, connected
and end times, disconnect types — is derived from these facts and the clock by :mod:`.rendering`, so there is no
background work and nothing to keep in step.

Records are values (frozen dataclasses): a change is a new record built with :func:`dataclasses.replace` and put
through the area's state module (:mod:`.state`), never an edit of one read from the backend.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from contracts.conversations import CallDisconnectType, ParticipantDisconnectType
from mockserver.conversations.lifecycle import Outcome
from mockserver.state import Codec

CALLS_PATH = "/api/v2/conversations/calls"
CONVERSATIONS_PATH = "/api/v2/conversations"


@dataclass(frozen=True)
class Ending:
    """How our side ended a call: the disconnect types it gives the agent's and the far ends' legs."""

    agent_type: ParticipantDisconnectType
    far_type: ParticipantDisconnectType
    agent_call_type: CallDisconnectType
    far_call_type: CallDisconnectType


HUNG_UP = Ending("client", "peer", "client", "peer")
"""PATCH ``state: disconnected`` or DELETE: the API client (acting for the agent) hung up."""
MERGED = Ending("transfer.conference", "transfer.conference", "transfer.conference", "transfer.conference")
"""The call was merged into a new conference (``CreateCallRequest.conversationIds``)."""


@dataclass(frozen=True)
class StoredWrapup:
    """A participant's wrap-up as assigned (``WrapupInput``); ``provisional`` ones are kept apart (vendor: a pending
    save that needs no code)."""

    code: str | None = None
    name: str | None = None
    notes: str | None = None
    tags: list[str] | None = None
    duration_seconds: int | None = None
    end_time: float | None = None
    provisional: bool = False


@dataclass(frozen=True)
class Control:
    """What call control changed on one participant (``PATCH …/participants/{id}`` and its attributes and wrap-up
    routes). ``left_at`` is when that participant alone was disconnected; ``hold_started`` when the current hold
    began; ``attributes`` are merged over the participant's own."""

    held: bool = False
    hold_started: float | None = None
    muted: bool = False
    confined: bool = False
    left_at: float | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    wrapup: StoredWrapup | None = None
    provisional_wrapup: StoredWrapup | None = None
    wrapup_skipped: bool = False


NO_CONTROL = Control()


@dataclass(frozen=True)
class FarEnd:
    """One dialled party. ``dialled_at`` is absolute clock time: a merged party keeps its own timeline."""

    participant_id: str
    leg_id: str
    purpose: str
    outcome: Outcome
    dialled_at: float
    name: str | None = None
    address: str | None = None
    user_id: str | None = None
    queue_id: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    uui_data: str | None = None
    external_contact_id: str | None = None


@dataclass(frozen=True)
class Agent:
    """The user whose token placed the call."""

    participant_id: str
    leg_id: str
    user_id: str
    name: str | None
    queue_id: str | None = None


@dataclass(frozen=True)
class StoredCall:
    id: str
    created: float
    agent: Agent
    far_ends: list[FarEnd]
    caller_id: str | None = None
    caller_id_name: str | None = None
    ended_at: float | None = None
    ending: Ending | None = None
    recording_state: str = "none"
    controls: dict[str, Control] = field(default_factory=dict)
    """Participant id -> what call control changed on it (absent: nothing)."""

    def control(self, participant_id: str) -> Control:
        return self.controls.get(participant_id, NO_CONTROL)

    def participant_ids(self) -> list[str]:
        return [self.agent.participant_id, *(far.participant_id for far in self.far_ends)]

    def user_ids(self) -> set[str]:
        """Users taking part: the agent and any user that was called."""
        return {self.agent.user_id} | {f.user_id for f in self.far_ends if f.user_id and f.purpose == "user"}


@functools.cache
def call_adapter() -> TypeAdapter[StoredCall]:
    """Validates and serialises a call by its fields' names: the shape of the state document and of the codec.

    Built on first use, not at import: building its schema is start-up CPU spent before any call is stored (its cost:
    docs/performance.md).
    """
    return TypeAdapter(StoredCall)


def call_doc(call: StoredCall) -> dict[str, Any]:
    """The call as JSON-able data (the state document's call object)."""
    return call_adapter().dump_python(call, mode="json")


def call_from_doc(data: Any) -> StoredCall:
    return call_adapter().validate_python(data)


CALL_CODEC: Codec[StoredCall] = Codec(call_doc, call_from_doc)
