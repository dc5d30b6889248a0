"""What the GET routes show: a stored call rendered at one instant of the clock.

Two shapes describe the same call (facts §8.3, §8.4): ``CallConversation`` with ``CallMediaParticipant``s for the
``/conversations/calls`` routes (lower-case ``recordingState``), and ``Conversation`` with ``Participant``s and
their ``calls[]`` legs for ``/conversations/{id}`` (upper-case ``recordingState``, plus ``startTime`` and
``endTime``). Both come from one :class:`LegAt` per party so they can never disagree.

``Conversation.state`` is never shown: the vendor's own description says "When reading conversations, this field
will never have a value present" (vendor-sdk-docs/Conversation.md); it is only an input of PATCH (disconnect).
A conversation's progress is read from its participants' and legs' ``state`` and from ``endTime``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, overload

from contracts.common import DomainEntityRef
from contracts.conversations import (
    Address,
    Call,
    CallConversation,
    CallMediaParticipant,
    Conversation,
    DisconnectReason,
    Participant,
    Wrapup,
)
from mockserver.conversations.lifecycle import NORMAL_CLEARING, Q850, LegState, leg_status, most_advanced
from mockserver.conversations.records import (
    CALLS_PATH,
    CONVERSATIONS_PATH,
    Agent,
    Control,
    FarEnd,
    StoredCall,
    StoredWrapup,
)
from mockserver.core.ids import uri_segment

PROVIDER = "Edge"  # observed value (facts §8.3)


@dataclass(frozen=True)
class LegAt:
    """One party's leg at an instant; times are absolute clock seconds. Disconnect fields are set once ended."""

    state: LegState
    started: float
    alerting: float | None = None
    connected: float | None = None
    ended: float | None = None
    party_type: str | None = None
    call_type: str | None = None
    reason: Q850 | None = None


def far_leg(call: StoredCall, far: FarEnd, at: float) -> LegAt:
    """A dialled party: its outcome's timeline, cut short if our side ended the call first."""
    left = call.control(far.participant_id).left_at
    ends = [t for t in (call.ended_at, left) if t is not None]
    ended_here = min(ends) - far.dialled_at if ends else None
    status = leg_status(far.outcome, at - far.dialled_at, ended_here)

    def absolute(offset: float | None) -> float | None:
        return far.dialled_at + offset if offset is not None else None

    snap = LegAt(
        status.state,
        far.dialled_at,
        absolute(status.alerting_at),
        absolute(status.connected_at),
        absolute(status.ended_at),
    )
    if status.state != "disconnected":
        return snap
    if status.ended_by_far_end or (call.ending is None and left is None):
        outcome = far.outcome
        return _ended(snap, outcome.party_type, outcome.call_type, outcome.reason)
    if left is not None and (call.ended_at is None or left <= call.ended_at):
        return _ended(snap, "client", "client", NORMAL_CLEARING)  # disconnected alone (participant PATCH)
    assert call.ending is not None
    return _ended(snap, call.ending.far_type, call.ending.far_call_type, NORMAL_CLEARING)


def _ended(snap: LegAt, party_type: str, call_type: str, reason: Q850) -> LegAt:
    return LegAt(snap.state, snap.started, snap.alerting, snap.connected, snap.ended, party_type, call_type, reason)


def agent_leg(call: StoredCall, fars: list[LegAt]) -> LegAt:
    """The agent's leg follows its far ends: it shows the furthest one along and ends when our side hangs up or
    when the last far end has gone (``peer``)."""
    alerting = min((f.alerting for f in fars if f.alerting is not None), default=None)
    connected = min((f.connected for f in fars if f.connected is not None), default=None)
    base = LegAt("disconnected", call.created, alerting, connected)
    if call.ended_at is not None and call.ending is not None:
        ending = call.ending
        return _ended(_at_end(base, call.ended_at), ending.agent_type, ending.agent_call_type, NORMAL_CLEARING)
    if not fars:  # nothing was dialled (only when the destination rules are switched off)
        return _ended(_at_end(base, call.created), "error", "error", NORMAL_CLEARING)
    state = most_advanced([f.state for f in fars])
    if state != "disconnected":
        return LegAt(state, call.created, alerting, connected)
    last = max(fars, key=lambda f: f.ended or 0.0)
    return _ended(_at_end(base, last.ended or call.created), "peer", "peer", last.reason or NORMAL_CLEARING)


def _at_end(snap: LegAt, ended: float) -> LegAt:
    return LegAt(snap.state, snap.started, snap.alerting, snap.connected, ended)


def legs_at(call: StoredCall, at: float) -> tuple[LegAt, list[LegAt]]:
    """The agent's and every far end's leg at ``at``."""
    fars = [far_leg(call, far, at) for far in call.far_ends]
    return agent_leg(call, fars), fars


def is_active(call: StoredCall, at: float) -> bool:
    return legs_at(call, at)[0].state != "disconnected"


# --- shared pieces ---------------------------------------------------------------------------------------------


def _time(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=timezone.utc) if value is not None else None


def ref(kind: str, entity_id: str | None) -> DomainEntityRef | None:
    """``{id, selfUri}`` as references are observed (facts §0.2, §8.3); ``kind`` is the path below /api/v2/."""
    return DomainEntityRef(id=entity_id, self_uri=f"/api/v2/{kind}/{uri_segment(entity_id)}") if entity_id else None


def _tel(number: str | None) -> str | None:
    if not number:
        return None
    return number if number.startswith("tel:") else f"tel:{number}"


@overload
def wrapup_model(wrapup: StoredWrapup) -> Wrapup: ...
@overload
def wrapup_model(wrapup: StoredWrapup | None) -> Wrapup | None: ...
def wrapup_model(wrapup: StoredWrapup | None) -> Wrapup | None:
    if wrapup is None:
        return None
    return Wrapup(
        code=wrapup.code,
        name=wrapup.name,
        notes=wrapup.notes,
        tags=wrapup.tags,
        duration_seconds=wrapup.duration_seconds,
        end_time=_time(wrapup.end_time),
        provisional=wrapup.provisional or None,
    )


def _control_fields(control: Control, snap: LegAt) -> dict[str, Any]:
    """Hold, mute and confinement as call control left them; a participant that has gone holds nothing."""
    live = snap.state != "disconnected"
    held = control.held and live
    return {
        "held": held,
        "muted": control.muted and live,
        "confined": control.confined and live,
        "start_hold_time": _time(control.hold_started) if held else None,
    }


def _far_ref_fields(far: FarEnd) -> dict[str, DomainEntityRef | None]:
    return {
        "user": ref("users", far.user_id),
        "queue": ref("routing/queues", far.queue_id),
        "external_contact": ref("externalcontacts/contacts", far.external_contact_id),
    }


# --- /api/v2/conversations/calls: CallConversation ---------------------------------------------------------------


def _media_participant(snap: LegAt, recording: str, control: Control, **fields: Any) -> CallMediaParticipant:
    return CallMediaParticipant(
        start_time=_time(snap.started),
        start_alerting_time=_time(snap.alerting),
        connected_time=_time(snap.connected),
        end_time=_time(snap.ended),
        state=snap.state,
        direction="outbound",
        disconnect_type=snap.party_type,
        wrapup_required=False,
        media_roles=[],
        provider=PROVIDER,
        recording=recording == "active",
        recording_state=recording,
        secure_pause=recording == "paused",
        wrapup=wrapup_model(control.wrapup),
        wrapup_skipped=control.wrapup_skipped or None,
        **_control_fields(control, snap),
        **fields,
    )


def _agent_media(call: StoredCall, agent: Agent, snap: LegAt) -> CallMediaParticipant:
    control = call.control(agent.participant_id)
    return _media_participant(
        snap,
        call.recording_state,
        control,
        id=agent.participant_id,
        name=agent.name,
        purpose="agent",
        user=ref("users", agent.user_id),
        queue=ref("routing/queues", agent.queue_id),
        attributes=dict(control.attributes),
        ani=_tel(call.caller_id),
        peer=call.far_ends[0].participant_id if len(call.far_ends) == 1 else None,
    )


def _far_media(call: StoredCall, far: FarEnd, snap: LegAt) -> CallMediaParticipant:
    control = call.control(far.participant_id)
    return _media_participant(
        snap,
        call.recording_state,
        control,
        id=far.participant_id,
        name=far.name,
        address=far.address,
        purpose=far.purpose,
        attributes={**far.attributes, **control.attributes},
        ani=_tel(call.caller_id),
        dnis=far.address,
        uui_data=far.uui_data,
        peer=call.agent.participant_id,
        **_far_ref_fields(far),
    )


def call_conversation(call: StoredCall, at: float) -> CallConversation:
    agent, fars = legs_at(call, at)
    participants = [_agent_media(call, call.agent, agent)]
    participants += [_far_media(call, far, snap) for far, snap in zip(call.far_ends, fars)]
    return CallConversation(
        id=call.id,
        participants=participants,
        other_media_uris=[],
        recording_state=call.recording_state,
        self_uri=f"{CALLS_PATH}/{call.id}",
    )


# --- /api/v2/conversations/{id}: Conversation ----------------------------------------------------------------------


def _leg(
    call: StoredCall, control: Control, leg_id: str, peer_id: str | None, snap: LegAt, me: Address, other: Address
) -> Call:
    reasons = None
    if snap.reason is not None:
        reasons = [DisconnectReason(type="q850", code=snap.reason[0], phrase=snap.reason[1])]
    return Call(
        state=snap.state,
        initial_state="dialing",
        id=leg_id,
        direction="outbound",
        recording=call.recording_state == "active",
        recording_state=call.recording_state,
        secure_pause=call.recording_state == "paused",
        disconnect_type=snap.call_type,
        wrapup=wrapup_model(control.wrapup),
        **_control_fields(control, snap),
        start_alerting_time=_time(snap.alerting),
        connected_time=_time(snap.connected),
        disconnected_time=_time(snap.ended),
        disconnect_reasons=reasons,
        provider=PROVIDER,
        peer_id=peer_id,
        self_=me,
        other=other,
    )


def _address(name: str | None, address: str | None) -> Address:
    return Address(name=name, name_raw=name, address_normalized=address, address_raw=address)


def _participant(snap: LegAt, control: Control, **fields: Any) -> Participant:
    return Participant(
        start_time=_time(snap.started),
        end_time=_time(snap.ended),
        connected_time=_time(snap.connected),
        wrapup_required=False,
        media_roles=[],
        wrapup=wrapup_model(control.wrapup),
        wrapup_skipped=control.wrapup_skipped or None,
        **fields,
    )


def _agent_participant(call: StoredCall, snap: LegAt) -> Participant:
    agent = call.agent
    single = call.far_ends[0] if len(call.far_ends) == 1 else None
    other = _address(single.name, single.address) if single else _address("Conference", None)
    control = call.control(agent.participant_id)
    leg = _leg(call, control, agent.leg_id, single.leg_id if single else None, snap, _address(agent.name, None), other)
    return _participant(
        snap,
        control,
        id=agent.participant_id,
        name=agent.name,
        user_uri=f"/api/v2/users/{uri_segment(agent.user_id)}",
        user_id=agent.user_id,
        queue_id=agent.queue_id,
        purpose="agent",
        ani=_tel(call.caller_id),
        attributes=dict(control.attributes),
        calls=[leg],
    )


def _far_participant(call: StoredCall, far: FarEnd, snap: LegAt) -> Participant:
    control = call.control(far.participant_id)
    leg = _leg(
        call,
        control,
        far.leg_id,
        call.agent.leg_id,
        snap,
        _address(far.name, far.address),
        _address(call.agent.name, None),
    )
    return _participant(
        snap,
        control,
        id=far.participant_id,
        name=far.name,
        purpose=far.purpose,
        address=far.address,
        ani=_tel(call.caller_id),
        ani_name=call.caller_id_name,
        dnis=far.address,
        user_id=far.user_id,
        user_uri=f"/api/v2/users/{uri_segment(far.user_id)}" if far.user_id else None,
        queue_id=far.queue_id,
        external_contact_id=far.external_contact_id,
        attributes={**far.attributes, **control.attributes},
        calls=[leg],
    )


def conversation(call: StoredCall, at: float) -> Conversation:
    agent, fars = legs_at(call, at)
    participants = [_agent_participant(call, agent)]
    participants += [_far_participant(call, far, snap) for far, snap in zip(call.far_ends, fars)]
    return Conversation(
        id=call.id,
        start_time=_time(call.created),
        end_time=_time(agent.ended),
        address=_tel(call.caller_id),
        participants=participants,
        recording_state=call.recording_state.upper(),
        secure_pause=call.recording_state == "paused",
        self_uri=f"{CONVERSATIONS_PATH}/{call.id}",
    )
