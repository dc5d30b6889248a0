"""Placing, listing and ending calls (facts §8.1, §8.2) and the rules of a ``CreateCallRequest``.

The rules run in the order the real service would meet them: the body's shape (binding: unknown properties such as
the seed's ``participantAddress``), then exactly one destination style, then each destination's address. What a
number then does (answer, busy, no answer …) is not a request error but the call's lifecycle (lifecycle.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from contracts.common import page_envelope
from contracts.conversations import CallConversation, Conversation, CreateCallRequest, CreateCallResponse, Destination
from mockserver.conversations import callback_rendering, lifecycle, rendering
from mockserver.conversations.callback_records import StoredCallback
from mockserver.conversations.callbacks import end_callback
from mockserver.conversations.records import CALLS_PATH, CONVERSATIONS_PATH, HUNG_UP, Agent, FarEnd, StoredCall
from mockserver.conversations.state import (
    active_calls_of,
    end_call,
    find_conversation,
    find_own_call,
    known_user,
    now,
    place_conference,
    save_call,
    token,
    update_call,
)
from mockserver.core import rules
from mockserver.core.context import settings
from mockserver.core.ids import random_uuid
from mockserver.core.phones import e164_problem

DESTINATION_FIELDS = ("phoneNumber", "callUserId", "callQueueId", "participants", "conversationIds")
"""The destination styles of a CreateCallRequest, in the order the mock prefers them (facts §8.2)."""
E164_EXAMPLE = "E.164 numbers such as +15551234567 or tel:+15551234567"


def _given_destinations(body: CreateCallRequest) -> list[str]:
    """Destination fields that carry something; blank strings and empty lists count as absent."""
    values = {
        "phoneNumber": body.phone_number,
        "callUserId": body.call_user_id,
        "callQueueId": body.call_queue_id,
        "participants": body.participants,
        "conversationIds": body.conversation_ids,
    }
    return [name for name in DESTINATION_FIELDS if _present(values[name])]


def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def _check_destination_count(given: list[str]) -> None:
    rules.check(
        len(given) > 1,
        "CONV-CREATE-TOO-MANY-DESTINATIONS",
        {"given": ", ".join(given)},
        field_name=given[1] if len(given) > 1 else None,
        hint="send exactly one of phoneNumber, callUserId, callQueueId, participants or conversationIds",
    )
    if not given and rules.active("CONV-CREATE-NO-DESTINATION"):
        rules.reject(
            "CONV-CREATE-NO-DESTINATION",
            field_name="phoneNumber",
            hint="say whom to call: phoneNumber (E.164, e.g. +15551234567), callUserId, callQueueId, "
            "participants [{address|userId|queueId}] or conversationIds",
        )


def _check_number(value: str, field_name: str) -> None:
    """Seed 002: in strict, a number to dial must be well-formed E.164 (``tel:`` allowed)."""
    problem = e164_problem(value, allow_tel_prefix=True)
    rules.check(
        problem is not None,
        "CONV-CREATE-E164",
        {"value": value, "fieldType": field_name, "allowed": E164_EXAMPLE},
        field_name=field_name,
        hint=f"{field_name} is not E.164 ({problem}): write it as + country code + number, no spaces, "
        "e.g. +15551234567",
    )


def _check_destinations(body: CreateCallRequest, style: str) -> None:
    if style == "phoneNumber":
        _check_number(body.phone_number or "", "phoneNumber")
    elif style == "participants":
        for index, destination in enumerate(body.participants or []):
            _check_destination(destination, index)


def _check_destination(destination: Destination, index: int) -> None:
    field_name = f"participants[{index}].address"
    if destination.address is not None and destination.address.strip():
        _check_number(destination.address, field_name)
        return
    rules.check(
        not (destination.user_id or destination.queue_id),
        "CONV-DESTINATION-EMPTY",
        {"message": f"{field_name} may not be null"},
        field_name=field_name,
        hint="a Destination is flat: set address (E.164), userId or queueId",
    )


# --- building the call ---------------------------------------------------------------------------------------------


_new_id = random_uuid


def _phone_party(value: str, purpose: str, body: CreateCallRequest, at: float) -> FarEnd:
    number = lifecycle.routable_number(value)
    address = f"tel:{number}" if number else f"tel:{value.strip().removeprefix('tel:')}"
    return FarEnd(
        _new_id(),
        _new_id(),
        purpose,
        lifecycle.outcome_for_number(value),
        at,
        name=number or value.strip(),
        address=address,
        attributes=dict(body.attributes or {}),
        uui_data=body.uui_data,
        external_contact_id=body.external_contact_id,
    )


def _user_party(user_id: str, at: float) -> FarEnd:
    user = next((u for u in settings().users if u.id == user_id), None)
    return FarEnd(
        _new_id(), _new_id(), "user", lifecycle.DEFAULT, at, name=user.name if user else None, user_id=user_id
    )


def _queue_party(queue_id: str, at: float) -> FarEnd:
    return FarEnd(_new_id(), _new_id(), "acd", lifecycle.DEFAULT, at, queue_id=queue_id)


def _destination_party(destination: Destination, purpose: str, body: CreateCallRequest, at: float) -> FarEnd:
    if destination.address is not None and destination.address.strip():
        party = _phone_party(destination.address, purpose, body, at)
        return replace(party, name=destination.name or party.name)
    if destination.user_id:
        return _user_party(destination.user_id, at)
    if destination.queue_id:
        return _queue_party(destination.queue_id, at)
    # Only reachable with CONV-DESTINATION-EMPTY switched off: nothing to dial, so the call fails like a bad number.
    return FarEnd(_new_id(), _new_id(), purpose, lifecycle.INVALID, at, name=destination.name)


def _far_ends(body: CreateCallRequest, style: str | None, at: float) -> list[FarEnd]:
    # A user calling a number on behalf of a queue reaches a customer; a private call reaches an external party.
    purpose = "customer" if body.call_from_queue_id else "external"
    if style == "phoneNumber":
        return [_phone_party(body.phone_number or "", purpose, body, at)]
    if style == "callUserId":
        return [_user_party(body.call_user_id or "", at)]
    if style == "callQueueId":
        return [_queue_party(body.call_queue_id or "", at)]
    if style == "participants":
        return [_destination_party(d, purpose, body, at) for d in body.participants or []]
    return []  # conversationIds: the merged calls' far ends join in state.place_conference


def create_call(body: CreateCallRequest, for_user: tuple[str, str | None] | None = None) -> CreateCallResponse:
    """``POST /api/v2/conversations/calls``: 200 ``{id, selfUri}``; the call then runs on the clock.

    ``for_user`` (``calls/user/{userId}``) is the ``(id, name)`` of the user the call is placed for: they are its
    agent, whatever the token (client credentials, usually); otherwise the token's user is.
    """
    given = _given_destinations(body)
    _check_destination_count(given)
    style = given[0] if given else None
    if style is not None:
        _check_destinations(body, style)
    user_id, user_name = for_user if for_user is not None else (token().user_id, token().user_name)
    at = now()
    agent = Agent(_new_id(), _new_id(), user_id or "", user_name, body.call_from_queue_id)
    call = StoredCall(
        _new_id(), at, agent, _far_ends(body, style, at), caller_id=body.caller_id, caller_id_name=body.caller_id_name
    )
    if style == "conversationIds":
        place_conference(call, list(body.conversation_ids or []), user_id, at)
    else:
        save_call(call)
    return CreateCallResponse(id=call.id, self_uri=f"{CALLS_PATH}/{call.id}")


def create_call_for_user(user_id: str, body: CreateCallRequest) -> CreateCallResponse:
    """``POST /api/v2/conversations/calls/user/{userId}``: a call placed on behalf of a user the mock knows
    (CONV-USER-UNKNOWN before the body's rules, as a path that names nothing is a 404 first)."""
    user = known_user(user_id)
    if user is None and rules.active("CONV-USER-UNKNOWN"):
        rules.reject(
            "CONV-USER-UNKNOWN",
            hint=f"user {user_id} is not known to the mock: use the id of a login "
            "user of the settings (or of a user a seeded call names)",
        )
    return create_call(body, user or (user_id, None))


# --- reading and ending calls ------------------------------------------------------------------------------------


def get_call(conversation_id: str) -> CallConversation:
    return rendering.call_conversation(find_own_call(conversation_id), now())


def get_conversation(conversation_id: str) -> Conversation:
    """A call or a callback as ``Conversation``."""
    found = find_conversation(conversation_id)
    if isinstance(found, StoredCallback):
        return callback_rendering.conversation(found, now())
    return rendering.conversation(found, now())


def list_calls() -> dict[str, Any]:
    """The logged-in user's active calls, all on one page (the route takes no paging parameters)."""
    at = now()
    entities = [rendering.call_conversation(c, at).dump() for c in active_calls_of(token().user_id, at)]
    return _one_page(entities, CALLS_PATH, {})


def list_conversations(communication_type: str | None) -> dict[str, Any]:
    """The logged-in user's active conversations; calls are the only media the mock has, so any other
    ``communicationType`` (a free string at the vendor, "Call or Chat communication filtering") lists nothing."""
    at = now()
    wanted = communication_type is None or communication_type.lower() == "call"
    calls = active_calls_of(token().user_id, at) if wanted else []
    entities = [rendering.conversation(c, at).dump() for c in calls]
    query = {"communicationType": communication_type} if communication_type else {}
    return _one_page(entities, CONVERSATIONS_PATH, query)


def _one_page(entities: list[dict[str, Any]], path: str, query: dict[str, Any]) -> dict[str, Any]:
    size = max(25, len(entities))
    return page_envelope(entities, total=len(entities), page_number=1, page_size=size, path=path, query=query)


SECURE_PAUSE_STATUS = 202
"""PATCH with ``recordingState: PAUSED`` starts a secure pause; the vendor answers it 202 (facts §8.1: "200 (202 for
secure pause)", SW18/SW25)."""


def patch_call(conversation_id: str, body: Conversation) -> tuple[Conversation, int]:
    """``PATCH …/calls/{id}`` (vendor: "Update a conversation by setting its recording state, merging in other
    conversations to create a conference, or disconnecting all of the participants", ConversationsApi.md).

    ``state: disconnected`` hangs up (facts §8.4: the only state an update accepts); ``recordingState`` is applied
    as given, ``PAUSED`` being a secure pause (202); ``conversationIds`` merges the user's other active calls into
    this one, which becomes the conference (Conversation.md: "A list of conversations to merge into this
    conversation to create a conference"): their live far ends join it and those calls end ``transfer.conference``.
    """
    merge_ids = [i for i in body.conversation_ids or [] if i.strip()]
    user = token().user_id
    find_own_call(conversation_id)  # 404 / not a participant come before the body's rules
    nothing = body.state is None and body.recording_state is None and not merge_ids
    rules.check(
        (body.state is not None and body.state != "disconnected") or nothing,
        "CONV-PATCH-STATE",
        {"value": body.state or "null", "fieldType": "state", "allowed": "disconnected"},
        field_name="state",
        hint='to hang up, PATCH {"state": "disconnected"}; to merge calls, '
        '{"conversationIds": [...]}; to pause recording, '
        '{"recordingState": "PAUSED"}',
    )
    at = now()
    call = update_call(
        conversation_id,
        at,
        user_id=user,
        merge_ids=merge_ids,
        recording_state=body.recording_state,
        hang_up=body.state == "disconnected",
    )
    status = SECURE_PAUSE_STATUS if body.recording_state == "PAUSED" else 200
    return rendering.conversation(call, at), status


def delete_conversation(conversation_id: str) -> None:
    """``DELETE /api/v2/conversations/{id}`` and ``POST …/{id}/disconnect``: every participant of the call or
    callback is disconnected; a conversation that is over stays as it ended."""
    if isinstance(find_conversation(conversation_id), StoredCallback):
        end_callback(conversation_id)
    else:
        end_call(conversation_id, now(), HUNG_UP)
