"""State of the conversations area: one table of calls (:mod:`.records`) and the named operations on it.

Calls live in the tenant's ``conversations.calls`` table in creation order (which gives listings a stable order).
Routes never touch the backend: they call the operations below. Every change that depends on what is stored —
ending a call, merging calls into a conference, setting the recording state — reads and writes in ONE
``atomic()``, so two requests ending the same call at once end it once (the first ending wins, the second sees a
call that is over). Under a backend that re-runs a conflicting transaction (Redis) the functions given to
``atomic()`` have no effect outside it: fresh participant ids drawn in a re-run simply replace the first draw's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterator

from flask import g

from mockserver.conversations import rendering
from mockserver.conversations.callback_records import CALLBACK_CODEC, StoredCallback
from mockserver.conversations.records import CALL_CODEC, HUNG_UP, MERGED, Ending, FarEnd, StoredCall
from mockserver.core import rules
from mockserver.core.context import clock, settings, tenant_state
from mockserver.core.errors import not_found
from mockserver.core.ids import random_uuid
from mockserver.core.tokens import Token
from mockserver.state import Table, Tx

CALLS: Table[StoredCall] = Table("conversations.calls", CALL_CODEC)
SCAN_BATCH = 1000


def now() -> float:
    return clock().time()


def token() -> Token:
    return g.token


def _get(tx: Tx, conversation_id: str) -> StoredCall:
    """The call, or the real 404 (``not.found``, the generic code every operation declares; facts §2.2, §8.1)."""
    call = tx.get(CALLS, conversation_id)
    if call is None:
        raise not_found(conversation_id)
    return call


def _check_own(call: StoredCall, user_id: str | None) -> StoredCall:
    rules.check(
        user_id not in call.user_ids(),
        "CONV-NOT-PARTICIPANT",
        {"id": call.id},
        hint=f"conversation {call.id} exists, but user {user_id} is not one of "
        "its participants: use the token of the user who placed or received the call",
    )
    return call


def find_call(conversation_id: str) -> StoredCall:
    """The call as stored now, or 404."""
    return _get(tenant_state().view(), conversation_id)


def find_own_call(conversation_id: str) -> StoredCall:
    """The call, when the token's user takes part in it (the ``/conversations/calls`` routes act for the user)."""
    return _check_own(find_call(conversation_id), token().user_id)


def all_calls() -> Iterator[StoredCall]:
    """Every call in creation order, read batch by batch."""
    for batch in tenant_state().scan(CALLS, SCAN_BATCH):
        for _, call in batch:
            yield call


def active_calls_of(user_id: str | None, at: float) -> list[StoredCall]:
    """The user's calls that are still going at ``at``, in creation order."""
    return [call for call in all_calls() if user_id in call.user_ids() and rendering.is_active(call, at)]


def _ended(call: StoredCall, at: float, ending: Ending) -> StoredCall:
    """The call ended from our side at ``at``; a call that is already over keeps the way it ended."""
    if rendering.is_active(call, at):
        return replace(call, ended_at=at, ending=ending)
    return call


def _merged(
    tx: Tx, ids: list[str], user_id: str | None, at: float, into: StoredCall | None
) -> tuple[list[FarEnd], list[StoredCall]]:
    """The live far ends of the user's calls named in ``conversationIds`` and those calls ended as merged.

    ``into`` is the call a PATCH merges them into (it cannot be merged into itself); a create has none. Every id
    is checked before anything is built: a rejected request changes nothing.
    """
    merged: list[StoredCall] = []
    for index, conversation_id in enumerate(ids):
        call = tx.get(CALLS, conversation_id)
        usable = (
            call is not None
            and (into is None or call.id != into.id)
            and user_id in call.user_ids()
            and rendering.is_active(call, at)
        )
        rules.check(
            not usable,
            "CONV-CREATE-MERGE-UNKNOWN",
            {
                "value": conversation_id,
                "fieldType": f"conversationIds[{index}]",
                "allowed": "ids of active calls of the logged-in user"
                + (", other than the call merged into" if into is not None else ""),
            },
            field_name=f"conversationIds[{index}]",
        )
        if usable and call is not None and all(m.id != call.id for m in merged):
            merged.append(call)
    parties: list[FarEnd] = []
    for call in merged:
        _, fars = rendering.legs_at(call, at)
        # The conference gets its own participants; each far end keeps its timeline (dialled_at, outcome).
        parties += [
            replace(far, participant_id=random_uuid(), leg_id=random_uuid())
            for far, snap in zip(call.far_ends, fars)
            if snap.state != "disconnected"
        ]
    return parties, [_ended(call, at, MERGED) for call in merged]


def save_call(call: StoredCall) -> None:
    """Store a newly placed call."""
    tenant_state().atomic(lambda tx: tx.put(CALLS, call.id, call))


def place_conference(call: StoredCall, merge_ids: list[str], user_id: str | None, at: float) -> StoredCall:
    """Place ``call`` with the live far ends of the user's calls ``merge_ids`` (``CreateCallRequest
    .conversationIds``); those calls end ``transfer.conference``. Returns the call as stored."""

    def merge(tx: Tx) -> StoredCall:
        parties, ended = _merged(tx, merge_ids, user_id, at, None)
        placed = replace(call, far_ends=[*call.far_ends, *parties])
        tx.put_many(CALLS, [(c.id, c) for c in ended] + [(placed.id, placed)])
        return placed

    return tenant_state().atomic(merge)


def update_call(
    conversation_id: str,
    at: float,
    *,
    user_id: str | None,
    merge_ids: list[str],
    recording_state: str | None,
    hang_up: bool,
) -> StoredCall:
    """``PATCH …/calls/{id}`` as one transaction: merge the user's other calls into this one (it must be going),
    set the recording state (a call that is over keeps its own), then hang up. Returns the call as stored."""

    def change(tx: Tx) -> StoredCall:
        call = _check_own(_get(tx, conversation_id), user_id)
        ended: list[StoredCall] = []
        if merge_ids:
            rules.check(
                not rendering.is_active(call, at),
                "CONV-CREATE-MERGE-UNKNOWN",
                {
                    "value": conversation_id,
                    "fieldType": "conversationId",
                    "allowed": "an active call of the logged-in user",
                },
                field_name="conversationId",
            )
            parties, ended = _merged(tx, merge_ids, user_id, at, call)
            call = replace(call, far_ends=[*call.far_ends, *parties])
        if recording_state is not None and rendering.is_active(call, at):
            call = replace(call, recording_state=recording_state.lower())
        if hang_up:
            call = _ended(call, at, HUNG_UP)
        tx.put_many(CALLS, [(c.id, c) for c in ended] + [(call.id, call)])
        return call

    return tenant_state().atomic(change)


def end_call(conversation_id: str, at: float, ending: Ending) -> StoredCall:
    """End the call from our side (404 when there is none); ending a call that is over changes nothing, so of two
    requests ending it at once the first one's time and ending stay."""

    def end(tx: Tx) -> StoredCall:
        call = _get(tx, conversation_id)
        ended = _ended(call, at, ending)
        if ended is not call:
            tx.put(CALLS, call.id, ended)
        return ended

    return tenant_state().atomic(end)


def change_call(conversation_id: str, edit: Callable[[StoredCall], StoredCall]) -> StoredCall:
    """Read the call, apply ``edit`` (a pure function: it returns the new record or raises the rule's error) and
    store its result, in one transaction: two participant updates at once never lose each other's change."""

    def change(tx: Tx) -> StoredCall:
        call = _get(tx, conversation_id)
        changed = edit(call)
        if changed != call:
            tx.put(CALLS, changed.id, changed)
        return changed

    return tenant_state().atomic(change)


def known_user(user_id: str) -> tuple[str, str | None] | None:
    """``(id, name)`` of a user the mock knows: a login user of the settings, or a user a stored (e.g. seeded)
    call names; None otherwise. The mock has no users API: these are the user ids a client can have learnt."""
    user = next((u for u in settings().users if u.id == user_id), None)
    if user is not None:
        return user_id, user.name
    for call in all_calls():
        if call.agent.user_id == user_id:
            return user_id, call.agent.name
        for far in call.far_ends:
            if far.user_id == user_id:
                return user_id, far.name
    return None


# --- callbacks ---------------------------------------------------------------------------------------------------

CALLBACKS: Table[StoredCallback] = Table("conversations.callbacks", CALLBACK_CODEC)


def _get_callback(tx: Tx, conversation_id: str) -> StoredCallback:
    callback = tx.get(CALLBACKS, conversation_id)
    if callback is None:
        raise not_found(conversation_id)
    return callback


def save_callback(callback: StoredCallback) -> None:
    tenant_state().atomic(lambda tx: tx.put(CALLBACKS, callback.id, callback))


def find_callback(conversation_id: str) -> StoredCallback:
    """The callback as stored now, or 404."""
    return _get_callback(tenant_state().view(), conversation_id)


def find_conversation(conversation_id: str) -> StoredCall | StoredCallback:
    """A call or a callback (the ``/api/v2/conversations/{id}`` routes serve any media), or 404."""
    state = tenant_state().view()
    call = state.get(CALLS, conversation_id)
    return call if call is not None else _get_callback(state, conversation_id)


def change_callback(conversation_id: str, edit: Callable[[StoredCallback], StoredCallback]) -> StoredCallback:
    """Read the callback, apply the pure ``edit`` and store the result, in one transaction (see change_call)."""

    def change(tx: Tx) -> StoredCallback:
        callback = _get_callback(tx, conversation_id)
        changed = edit(callback)
        if changed != callback:
            tx.put(CALLBACKS, changed.id, changed)
        return changed

    return tenant_state().atomic(change)


def all_callbacks() -> Iterator[StoredCallback]:
    """Every callback in creation order, read batch by batch."""
    for batch in tenant_state().scan(CALLBACKS, SCAN_BATCH):
        for _, callback in batch:
            yield callback
