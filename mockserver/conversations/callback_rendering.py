"""What the GET routes show of a callback at one instant of the clock.

Two shapes, as for calls: ``CallbackConversation`` with ``CallbackMediaParticipant``s for
``/conversations/callbacks/{id}`` (vendor models, rendered as data), and ``Conversation`` with ``Participant``s
carrying ``callbacks[]`` legs for ``/conversations/{id}``.

States are the mock's choice (the vendor documents the enums, not the progression): the customer's callback leg
is ``scheduled`` until its scheduled time, then ``alerting`` (waiting in the queue for an agent: the mock has no
agents that answer); the customer participant shows ``alerting`` throughout (the participant enum has no
``scheduled``); the queue (``acd``) participant is ``connected``; an assigned agent (PATCH callbacks with agentId)
is ``alerting``. Once disconnected every party is ``disconnected`` with ``disconnectType: client``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from contracts.base import format_genesys_datetime
from contracts.conversations import Callback, Conversation, Participant
from mockserver.conversations.callback_records import CALLBACKS_PATH, Party, StoredCallback
from mockserver.conversations.records import CONVERSATIONS_PATH
from mockserver.conversations.rendering import ref, wrapup_model

WAITING = "alerting"


def _time(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=timezone.utc) if value is not None else None


def _iso(value: float | None) -> str | None:
    """Clock seconds as the API writes dates (the CallbackConversation is rendered as data, not as a model)."""
    moment = _time(value)
    return format_genesys_datetime(moment) if moment is not None else None


def _party_state(callback: StoredCallback, party: Party) -> str:
    if not callback.is_active():
        return "disconnected"
    return "connected" if party == callback.acd else WAITING


def _leg_state(callback: StoredCallback, at: float) -> str:
    if not callback.is_active():
        return "disconnected"
    if callback.scheduled_at is not None and at < callback.scheduled_at:
        return "scheduled"
    return WAITING


def _party_fields(callback: StoredCallback, party: Party, at: float) -> dict[str, Any]:
    state = _party_state(callback, party)
    control = callback.control(party.participant_id)
    ended = state == "disconnected"
    return {
        "id": party.participant_id,
        "state": state,
        "startTime": _iso(callback.created),
        "endTime": _iso(callback.ended_at) if ended else None,
        "disconnectType": "client" if ended else None,
        "held": control.held and not ended,
        "wrapupRequired": False,
        "wrapupSkipped": control.wrapup_skipped or None,
        "wrapup": wrapup_model(control.wrapup).dump() if control.wrapup else None,
        "direction": "outbound",
    }


def _customer_media(callback: StoredCallback, at: float) -> dict[str, Any]:
    control = callback.control(callback.customer.participant_id)
    return {
        **_party_fields(callback, callback.customer, at),
        "name": callback.user_name,
        "purpose": "customer",
        "callbackNumbers": list(callback.numbers),
        "callbackUserName": callback.user_name,
        "callbackScheduledTime": _iso(callback.scheduled_at),
        "queue": _ref("routing/queues", callback.queue_id),
        "script": _ref("scripts", callback.script_id),
        "attributes": {**callback.data, **control.attributes},
        "address": f"tel:{callback.numbers[0]}" if callback.numbers else None,
        "peer": callback.acd.participant_id,
        "mediaRoles": [],
    }


def _acd_media(callback: StoredCallback, at: float) -> dict[str, Any]:
    return {
        **_party_fields(callback, callback.acd, at),
        "purpose": "acd",
        "queue": _ref("routing/queues", callback.queue_id),
        "attributes": dict(callback.control(callback.acd.participant_id).attributes),
        "mediaRoles": [],
    }


def _agent_media(callback: StoredCallback, agent: Party, at: float) -> dict[str, Any]:
    return {
        **_party_fields(callback, agent, at),
        "purpose": "agent",
        "name": callback.agent_name,
        "user": _ref("users", callback.agent_user_id),
        "queue": _ref("routing/queues", callback.queue_id),
        "attributes": dict(callback.control(agent.participant_id).attributes),
        "mediaRoles": [],
    }


def _ref(kind: str, entity_id: str | None) -> dict[str, Any] | None:
    reference = ref(kind, entity_id)
    return reference.dump() if reference else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


def callback_conversation(callback: StoredCallback, at: float) -> dict[str, Any]:
    """``CallbackConversation`` (GET /api/v2/conversations/callbacks/{id})."""
    participants = [_customer_media(callback, at), _acd_media(callback, at)]
    if callback.agent is not None:
        participants.append(_agent_media(callback, callback.agent, at))
    return {
        "id": callback.id,
        "participants": [_clean(p) for p in participants],
        "otherMediaUris": [],
        "selfUri": f"{CALLBACKS_PATH}/{callback.id}",
    }


def _leg(callback: StoredCallback, party: Party, at: float) -> Callback:
    ended = not callback.is_active()
    control = callback.control(party.participant_id)
    return Callback(
        state=_leg_state(callback, at),
        initial_state="scheduled" if callback.scheduled_at else WAITING,
        id=party.leg_id,
        direction="outbound",
        held=control.held and not ended,
        disconnect_type="client" if ended else None,
        disconnected_time=_time(callback.ended_at),
        callback_numbers=list(callback.numbers),
        callback_user_name=callback.user_name,
        script_id=callback.script_id,
        callback_scheduled_time=_time(callback.scheduled_at),
        peer_id=callback.acd.leg_id if party != callback.acd else None,
        wrapup=wrapup_model(control.wrapup),
        caller_id=callback.caller_id,
        caller_id_name=callback.caller_id_name,
        external_campaign=False,
        skip_enabled=False,
    )


def conversation(callback: StoredCallback, at: float) -> Conversation:
    """``Conversation`` (GET /api/v2/conversations/{id}) of a callback."""
    customer = callback.customer
    media = callback_conversation(callback, at)["participants"]
    participants = []
    for party, shown in zip(callback.parties(), media):
        control = callback.control(party.participant_id)
        participants.append(
            Participant(
                id=party.participant_id,
                start_time=_time(callback.created),
                end_time=_time(callback.ended_at),
                name=shown.get("name"),
                purpose=shown["purpose"],
                queue_id=callback.queue_id,
                user_id=callback.agent_user_id if party == callback.agent else None,
                address=shown.get("address"),
                attributes=shown.get("attributes", {}),
                wrapup_required=False,
                wrapup=wrapup_model(control.wrapup),
                media_roles=[],
                callbacks=[_leg(callback, party, at)] if party in (customer, callback.agent) else None,
            )
        )
    return Conversation(
        id=callback.id,
        start_time=_time(callback.created),
        end_time=_time(callback.ended_at),
        participants=participants,
        recording_state="NONE",
        self_uri=f"{CONVERSATIONS_PATH}/{callback.id}",
    )
