"""Scheduling, reading, rescheduling and ending callbacks (issue 16 item 3; vendor-sdk-docs/CreateCallbackCommand.md,
PatchCallbackRequest.md, CallbackConversation.md).

A callback is a conversation with a customer participant (``callbackNumbers``, ``callbackUserName``, the
``data`` as its attributes, the scheduled time) waiting in a queue (the ``acd`` participant). The mock has no
routing API, so any queue id is accepted as a reference; users are the ones :func:`state.known_user` knows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from contracts.common import page_envelope
from mockserver.conversations import callback_rendering
from mockserver.conversations.callback_records import CALLBACKS_PATH, Party, StoredCallback
from mockserver.conversations.control import parse_instant
from mockserver.conversations.records import CONVERSATIONS_PATH
from mockserver.conversations.state import (
    all_callbacks,
    change_callback,
    find_callback,
    known_user,
    now,
    save_callback,
    token,
)
from mockserver.core import rules
from mockserver.core.ids import random_uuid
from mockserver.core.phones import e164_problem, normalise, region_for


def _check_numbers(numbers: list[str], country_code: str | None, validate: bool) -> list[str]:
    """The callback numbers, stripped; CONV-CALLBACK-NUMBERS / -E164 / -VALIDATE refuse the wrong ones."""
    given = [number.strip() for number in numbers if number and number.strip()]
    rules.check(
        not given,
        "CONV-CALLBACK-NUMBERS",
        field_name="callbackNumbers",
        hint='give at least one number to call back, e.g. ["+13175550100"]',
    )
    region = region_for(country_code) if country_code else None
    for index, number in enumerate(given):
        field_name = f"callbackNumbers[{index}]"
        possible = normalise(number, region) is not None
        params = {"value": number, "fieldType": field_name, "allowed": "E.164 numbers such as +13175550100"}
        rules.check(
            validate and not possible,
            "CONV-CALLBACK-VALIDATE",
            params,
            field_name=field_name,
            hint=f"{number} is not a possible phone number" + (f" in {country_code}" if country_code else ""),
        )
        national_ok = region is not None and possible and not number.startswith("+")
        problem = None if national_ok else e164_problem(number, allow_tel_prefix=True)
        rules.check(
            problem is not None,
            "CONV-CALLBACK-E164",
            params,
            field_name=field_name,
            hint=f"{field_name} is not E.164 ({problem}): write it as + country code + number, or give "
            "countryCode for national numbers",
        )
    return given


def _scheduled(value: str | None, field_name: str = "callbackScheduledTime") -> float | None:
    return parse_instant(value, field_name) if value is not None else None


def _answer(callback: StoredCallback) -> dict[str, Any]:
    """``CreateCallbackResponse`` / ``PatchCallbackResponse``: the conversation and the callback legs' ids."""
    legs = [callback.customer] + ([callback.agent] if callback.agent is not None else [])
    return {
        "conversation": {"id": callback.id, "selfUri": f"{CONVERSATIONS_PATH}/{callback.id}"},
        "callbackIdentifiers": [
            {"type": "EXTERNAL" if leg == callback.customer else "ACD", "id": leg.leg_id} for leg in legs
        ],
    }


def create_callback(body: dict[str, Any]) -> dict[str, Any]:
    """``POST /api/v2/conversations/callbacks`` (CreateCallbackCommand -> CreateCallbackResponse)."""
    routing = body.get("routingData") or {}
    queue_id = (body.get("queueId") or routing.get("queueId") or "").strip()
    rules.check(
        not queue_id,
        "CONV-CALLBACK-QUEUE",
        field_name="queueId",
        hint="say which queue handles the callback: queueId, or routingData.queueId",
    )
    numbers = _check_numbers(
        body.get("callbackNumbers") or [], body.get("countryCode"), bool(body.get("validateCallbackNumbers"))
    )
    scheduled = _scheduled(body.get("callbackScheduledTime"))
    callback = StoredCallback(
        random_uuid(),
        now(),
        Party(random_uuid(), random_uuid()),
        Party(random_uuid(), random_uuid()),
        queue_id,
        numbers,
        user_name=body.get("callbackUserName"),
        scheduled_at=scheduled,
        country_code=body.get("countryCode"),
        script_id=body.get("scriptId"),
        data=dict(body.get("data") or {}),
        caller_id=body.get("callerId"),
        caller_id_name=body.get("callerIdName"),
    )
    save_callback(callback)
    return _answer(callback)


def get_callback(conversation_id: str) -> dict[str, Any]:
    return callback_rendering.callback_conversation(find_callback(conversation_id), now())


def list_callbacks() -> dict[str, Any]:
    """The logged-in user's callbacks (assigned to them with PATCH callbacks ``agentId``) that are still going."""
    at, user = now(), token().user_id
    entities = [
        callback_rendering.callback_conversation(c, at)
        for c in all_callbacks()
        if c.is_active() and c.agent_user_id == user
    ]
    size = max(25, len(entities))
    return page_envelope(entities, total=len(entities), page_number=1, page_size=size, path=CALLBACKS_PATH, query={})


def disconnect_callback(conversation_id: str, state: str | None) -> Any:
    """``PATCH /api/v2/conversations/callbacks/{id}``: only ``state: disconnected`` (CONV-PATCH-STATE)."""
    find_callback(conversation_id)
    rules.check(
        state != "disconnected",
        "CONV-PATCH-STATE",
        {"value": state or "null", "fieldType": "state", "allowed": "disconnected"},
        field_name="state",
        hint='to end a callback, PATCH {"state": "disconnected"}',
    )
    at = now()
    ended = change_callback(conversation_id, lambda c: replace(c, ended_at=at) if c.is_active() else c)
    return callback_rendering.conversation(ended, at)


def end_callback(conversation_id: str) -> None:
    at = now()
    change_callback(conversation_id, lambda c: replace(c, ended_at=at) if c.is_active() else c)


def _check_going(callback: StoredCallback) -> None:
    rules.check(
        not callback.is_active(),
        "CONV-CALLBACK-ENDED",
        {"conversationId": callback.id},
        hint="a disconnected callback keeps its last schedule; schedule a new one",
    )


def patch_callback(body: dict[str, Any]) -> dict[str, Any]:
    """``PATCH /api/v2/conversations/callbacks`` (PatchCallbackRequest): reschedule, move to another queue,
    replace the numbers, assign to an agent (``agentId``, a user the mock knows: CONV-USER-UNKNOWN)."""
    conversation_id = body["conversationId"]
    _check_going(find_callback(conversation_id))  # before the body's rules: nothing about it can change
    agent_id = (body.get("agentId") or "").strip()
    agent = known_user(agent_id) if agent_id else None
    rules.check(
        bool(agent_id) and agent is None,
        "CONV-USER-UNKNOWN",
        field_name="agentId",
        hint=f"user {agent_id} is not known to the mock: use a login user's id (settings users)",
    )
    numbers = body.get("callbackNumbers")
    checked = (
        _check_numbers(numbers, body.get("countryCode"), bool(body.get("validateCallbackNumbers")))
        if numbers is not None
        else None
    )
    scheduled = _scheduled(body.get("callbackScheduledTime"))

    def edit(callback: StoredCallback) -> StoredCallback:
        _check_going(callback)  # again in the transaction: it may have ended since
        changed = callback
        if checked is not None:
            changed = replace(changed, numbers=checked, country_code=body.get("countryCode") or changed.country_code)
        if scheduled is not None:
            changed = replace(changed, scheduled_at=scheduled)
        if (body.get("queueId") or "").strip():
            changed = replace(changed, queue_id=body["queueId"].strip())
        if agent is not None:
            party = changed.agent or Party(random_uuid(), random_uuid())
            changed = replace(changed, agent=party, agent_user_id=agent[0], agent_name=agent[1])
        return changed

    return _answer(change_callback(conversation_id, edit))
