"""The conversations area's state module: the call codec, and operations that hold under concurrent requests."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import pytest
from flask import Flask

from mockserver.conversations import lifecycle, state
from mockserver.conversations.records import CALL_CODEC, HUNG_UP, MERGED, Agent, FarEnd, StoredCall
from tests.unit.concurrency import run_together, yield_on_reads


def _call() -> StoredCall:
    agent = Agent("p-agent", "l-agent", "u-1", "Agent One", "q-1")
    far = FarEnd(
        "p-far",
        "l-far",
        "external",
        lifecycle.NO_ANSWER,
        1000.5,
        name="+13175550110",
        address="tel:+13175550110",
        attributes={"crm": "42"},
        uui_data="00ff",
        external_contact_id="x-1",
    )
    user = FarEnd("p-user", "l-user", "user", lifecycle.DEFAULT, 1001.0, name="Two", user_id="u-2")
    return StoredCall("c-1", 1000.0, agent, [far, user], caller_id="+13175550199", caller_id_name="Desk")


def test_call_codec_round_trips_every_field() -> None:
    placed = _call()
    for call in (
        placed,
        replace(placed, ended_at=1010.25, ending=HUNG_UP, recording_state="paused"),
        replace(placed, ending=MERGED, ended_at=1002.0, far_ends=[]),
    ):
        data = CALL_CODEC.dump(call)
        assert CALL_CODEC.load(data) == call
        assert CALL_CODEC.dump(CALL_CODEC.load(data)) == data
    assert CALL_CODEC.load(CALL_CODEC.dump(placed)).far_ends[0].outcome == lifecycle.NO_ANSWER  # Q.850 a tuple


def test_ending_a_call_from_many_threads_at_once_ends_it_once(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each request ends the call at its own instant; the first ending stays, so every request answers the same
    end time (two that both saw the call going would each write their own). Several calls, for the interleaving
    to have many chances."""
    app = make_app(clock={"mode": "frozen"})
    yield_on_reads(monkeypatch)
    for round_ in range(20):
        call_id = f"c-live-{round_}"
        with app.app_context():
            start = state.now()
            state.save_call(_live_call(call_id, start))

        def end(index: int, call_id: str = call_id, start: float = start) -> StoredCall:
            with app.app_context():
                return state.end_call(call_id, start + 5 + index, HUNG_UP)

        results = run_together(8, end)
        assert all(isinstance(result, StoredCall) for result in results), results
        ended_at = {result.ended_at for result in results}  # type: ignore[union-attr]
        assert len(ended_at) == 1, ended_at
        with app.app_context():
            stored = state.find_call(call_id)
        assert stored.ended_at in ended_at and stored.ending == HUNG_UP


def _live_call(call_id: str, at: float) -> StoredCall:
    agent = Agent("p-agent", "l-agent", "u-1", "Agent One")
    return StoredCall(call_id, at, agent, [FarEnd("p-far", "l-far", "external", lifecycle.DEFAULT, at)])
