"""Call control after a conversation exists: participant updates (disconnect, hold, mute, confine, wrap-up),
participant attributes, the wrap-up routes and disconnecting a whole conversation (issue 16 item 2).

Every change is a pure edit of the stored record applied in one transaction (``state.change_call`` /
``state.change_callback``), so it is visible at once in GET /conversations/{id} and GET /conversations/calls/{id},
and a refused change (a catalogue rule) stores nothing. A participant's state comes from the clock (rendering.py):
a hold or mute asked of a participant that has already disconnected is refused (CONV-PARTICIPANT-ENDED); a
wrap-up is what one does after the call, so it is always allowed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from contracts.base import format_genesys_datetime
from mockserver.conversations import rendering
from mockserver.conversations.callback_records import StoredCallback
from mockserver.conversations.records import HUNG_UP, Control, StoredCall, StoredWrapup
from mockserver.conversations.state import change_call, change_callback, find_conversation, now
from mockserver.core import rules
from mockserver.core.errors import not_found

FLAGS = ("held", "muted", "confined")
STATES = ("connected", "disconnected")


def parse_instant(value: str, field_name: str) -> float | None:
    """An ISO-8601 date-time of a request as clock seconds; anything else is CORE-INVALID-DATE (400 invalid.date),
    or ignored (None) with that rule switched off. A date without a zone is UTC, as the API's examples are."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        rules.check(
            True,
            "CORE-INVALID-DATE",
            field_name=field_name,
            hint=f"{field_name} must be ISO-8601, e.g. 2026-01-31T14:30:00.000Z",
        )
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def stored_wrapup(wrapup: dict[str, Any], prefix: str) -> StoredWrapup:
    """A ``WrapupInput`` as stored; a final wrap-up must name its code (CONV-WRAPUP-CODE). ``prefix`` locates it
    in the body (``wrapup.`` in a participant update, nothing when it is the body)."""
    provisional = bool(wrapup.get("provisional"))
    code = wrapup.get("code")
    rules.check(
        not provisional and not (code or "").strip(),
        "CONV-WRAPUP-CODE",
        {"field": f"{prefix}code"},
        field_name=f"{prefix}code",
        hint="send the wrap-up code's id as code, or provisional: true for a pending wrap-up",
    )
    end = wrapup.get("endTime")
    return StoredWrapup(
        code=code,
        name=wrapup.get("name"),
        notes=wrapup.get("notes"),
        tags=wrapup.get("tags"),
        duration_seconds=wrapup.get("durationSeconds"),
        end_time=parse_instant(end, f"{prefix}endTime") if end is not None else None,
        provisional=provisional,
    )


def with_wrapup(control: Control, wrapup: StoredWrapup) -> Control:
    """A final wrap-up replaces any provisional one; a provisional one is kept apart from the final one."""
    if wrapup.provisional:
        return replace(control, provisional_wrapup=wrapup)
    return replace(control, wrapup=wrapup, provisional_wrapup=None)


def controlled(
    control: Control, request: dict[str, Any], participant_id: str, live: bool, at: float
) -> tuple[Control, bool]:
    """The participant's control after a ``MediaParticipantRequest``, and whether it asks to disconnect it."""
    state = request.get("state")
    rules.check(
        state is not None and state not in STATES,
        "CONV-PARTICIPANT-STATE",
        {"value": state, "fieldType": "state", "allowed": ", ".join(STATES)},
        field_name="state",
        hint="a participant update sets state connected or disconnected; hold and mute are held/muted",
    )
    changes = [name for name in FLAGS if request.get(name) is not None] + (["state"] if state == "connected" else [])
    rules.check(
        bool(changes) and not live,
        "CONV-PARTICIPANT-ENDED",
        {"participantId": participant_id, "change": ", ".join(changes)},
        field_name=changes[0] if changes else None,
        hint="the participant has disconnected: read GET /api/v2/conversations/{id} first",
    )
    if live:
        held = request.get("held")
        if held is not None:
            started = (control.hold_started if control.held else at) if held else None
            control = replace(control, held=held, hold_started=started)
        for name in ("muted", "confined"):
            if request.get(name) is not None:
                control = replace(control, **{name: request[name]})
    if request.get("wrapup") is not None:
        control = with_wrapup(control, stored_wrapup(request["wrapup"], "wrapup."))
    if request.get("wrapupSkipped") is not None:
        control = replace(control, wrapup_skipped=request["wrapupSkipped"])
    return control, state == "disconnected" and live


# --- calls ---------------------------------------------------------------------------------------------------------


def _call_leg(call: StoredCall, participant_id: str, at: float) -> rendering.LegAt:
    agent, fars = rendering.legs_at(call, at)
    if participant_id == call.agent.participant_id:
        return agent
    for far, snap in zip(call.far_ends, fars):
        if far.participant_id == participant_id:
            return snap
    raise not_found(
        participant_id,
        hint=f"participant {participant_id} is not in conversation {call.id}: "
        "take participants[].id from GET /api/v2/conversations/{id}",
    )


def _edit_call_participant(call: StoredCall, participant_id: str, request: dict[str, Any], at: float) -> StoredCall:
    snap = _call_leg(call, participant_id, at)
    control, disconnect = controlled(
        call.control(participant_id), request, participant_id, snap.state != "disconnected", at
    )
    if disconnect and participant_id == call.agent.participant_id:
        call = replace(call, ended_at=at, ending=HUNG_UP)  # the agent's leg carries the call: it ends
    elif disconnect:
        control = replace(control, left_at=at)  # that party alone leaves; the agent stays with the others
    return replace(call, controls={**call.controls, participant_id: control})


def _edit_callback_participant(
    callback: StoredCallback, participant_id: str, request: dict[str, Any], at: float
) -> StoredCallback:
    if participant_id not in {party.participant_id for party in callback.parties()}:
        raise not_found(participant_id)
    control, disconnect = controlled(
        callback.control(participant_id), request, participant_id, callback.is_active(), at
    )
    callback = replace(callback, controls={**callback.controls, participant_id: control})
    return replace(callback, ended_at=at) if disconnect else callback  # any party leaving ends the callback


def patch_participant(conversation_id: str, participant_id: str, request: dict[str, Any]) -> None:
    """``PATCH …/participants/{participantId}`` of a call or a callback (the routes under /conversations/{id},
    /conversations/calls/{id} and /conversations/callbacks/{id} all land here)."""
    at = now()
    if isinstance(find_conversation(conversation_id), StoredCallback):
        change_callback(conversation_id, lambda c: _edit_callback_participant(c, participant_id, request, at))
    else:
        change_call(conversation_id, lambda c: _edit_call_participant(c, participant_id, request, at))


def _participant_attributes(conversation: StoredCall | StoredCallback, participant_id: str) -> dict[str, str]:
    control = conversation.control(participant_id)
    if isinstance(conversation, StoredCallback):
        if participant_id not in {party.participant_id for party in conversation.parties()}:
            raise not_found(participant_id)
        base = conversation.data if participant_id == conversation.customer.participant_id else {}
        return {**base, **control.attributes}
    if participant_id == conversation.agent.participant_id:
        return dict(control.attributes)
    far = next((f for f in conversation.far_ends if f.participant_id == participant_id), None)
    if far is None:
        raise not_found(participant_id)
    return {**far.attributes, **control.attributes}


def merge_attributes(conversation_id: str, participant_id: str, attributes: dict[str, str]) -> dict[str, str]:
    """Merge ``attributes`` into the participant's (a key given again is replaced); returns all of them."""

    def edit(conversation: Any) -> Any:
        _participant_attributes(conversation, participant_id)  # 404 for an unknown participant
        control = conversation.control(participant_id)
        control = replace(control, attributes={**control.attributes, **attributes})
        return replace(conversation, controls={**conversation.controls, participant_id: control})

    if isinstance(find_conversation(conversation_id), StoredCallback):
        changed: StoredCall | StoredCallback = change_callback(conversation_id, edit)
    else:
        changed = change_call(conversation_id, edit)
    return _participant_attributes(changed, participant_id)


def _leg_ids(conversation: StoredCall | StoredCallback, participant_id: str) -> str:
    if isinstance(conversation, StoredCallback):
        party = next((p for p in conversation.parties() if p.participant_id == participant_id), None)
        leg = party.leg_id if party else None
    elif participant_id == conversation.agent.participant_id:
        leg = conversation.agent.leg_id
    else:
        leg = next((f.leg_id for f in conversation.far_ends if f.participant_id == participant_id), None)
    if leg is None:
        raise not_found(participant_id)
    return leg


def wrapup_of(
    conversation_id: str, participant_id: str, provisional: bool, communication_id: str | None = None
) -> dict[str, Any]:
    """``AssignedWrapupCode`` of a participant (or of its call leg): 404 while none is assigned."""
    conversation = find_conversation(conversation_id)
    leg = _leg_ids(conversation, participant_id)
    if communication_id is not None and communication_id != leg:
        raise not_found(communication_id)
    control = conversation.control(participant_id)
    wrapup = control.provisional_wrapup if provisional else control.wrapup
    if wrapup is None:
        raise not_found(
            participant_id,
            hint="no " + ("provisional " if provisional else "") + "wrap-up is "
            'assigned to this participant yet: PATCH it with {"wrapup": {"code": ...}}',
        )
    answer = {
        "code": wrapup.code,
        "notes": wrapup.notes,
        "tags": wrapup.tags,
        "durationSeconds": wrapup.duration_seconds,
        "endTime": format_genesys_datetime(datetime.fromtimestamp(wrapup.end_time, tz=timezone.utc))
        if wrapup.end_time is not None
        else None,
    }
    return {key: value for key, value in answer.items() if value is not None}


def assign_leg_wrapup(
    conversation_id: str, participant_id: str, communication_id: str, wrapup: dict[str, Any] | None
) -> None:
    """``POST …/communications/{communicationId}/wrapup``: the wrap-up of the participant's (only) call leg."""
    conversation = find_conversation(conversation_id)
    if _leg_ids(conversation, participant_id) != communication_id:
        raise not_found(communication_id)
    stored = stored_wrapup(wrapup or {}, "")

    def edit(record: Any) -> Any:
        control = with_wrapup(record.control(participant_id), stored)
        return replace(record, controls={**record.controls, participant_id: control})

    if isinstance(conversation, StoredCallback):
        change_callback(conversation_id, edit)
    else:
        change_call(conversation_id, edit)
