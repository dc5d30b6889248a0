"""State of the conversations area: call conversations as placed, never as "current state".

A stored call holds only what was decided when it was placed (who is in it, what each far end will do, when it
was dialled) and, once our side ends it, when and how. Everything a GET shows — participant states, connected
and end times, disconnect types — is derived from these facts and the clock by :mod:`.views`, so there is no
background work and nothing to keep in step. Every read-modify-write takes ``store.lock``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g

from contracts.conversations import CallDisconnectType, ParticipantDisconnectType
from mockserver.conversations.lifecycle import Outcome
from mockserver.core import rules
from mockserver.core.context import settings, store  # noqa: F401 (the area's accessors)
from mockserver.core.errors import ApiError
from mockserver.core.store import Token

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


@dataclass
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


@dataclass
class Agent:
    """The user whose token placed the call."""

    participant_id: str
    leg_id: str
    user_id: str
    name: str | None
    queue_id: str | None = None


@dataclass
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

    def user_ids(self) -> set[str]:
        """Users taking part: the agent and any user that was called."""
        return {self.agent.user_id} | {f.user_id for f in self.far_ends if f.user_id and f.purpose == "user"}


@dataclass
class ConversationsState:
    """Calls in creation order (dicts keep it, which gives listings a stable order)."""

    calls: dict[str, StoredCall] = field(default_factory=dict)


def now() -> float:
    return store().clock.time()


def conversations_state() -> ConversationsState:
    return store().area("conversations", ConversationsState)


def token() -> Token:
    return g.token


def find_call(conversation_id: str) -> StoredCall:
    """The call, or the real 404 (``not.found``, the generic code every operation declares; facts §2.2, §8.1)."""
    call = conversations_state().calls.get(conversation_id)
    if call is None:
        raise ApiError(404, "not.found", entity_id=conversation_id)
    return call


def find_own_call(conversation_id: str) -> StoredCall:
    """The call, when the token's user takes part in it (the ``/conversations/calls`` routes act for the user)."""
    call = find_call(conversation_id)
    user = token().user_id
    rules.check(user not in call.user_ids(), "CONV-NOT-PARTICIPANT", {"id": conversation_id},
                hint=f"conversation {conversation_id} exists, but user {user} is not one of "
                     "its participants: use the token of the user who placed or received the call")
    return call
