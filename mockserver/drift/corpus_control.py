"""Corpus entries of issue 16's conversation rules: calls for a user, participant control, wrap-up, callbacks.

On a real org these entries do not run (``remote``): a call placed for a user or a callback would reach a real
phone or queue, and the drift cleanup removes only contact lists, external contacts and calls it placed on
``/conversations/calls``; the participant entries write to a participant id read from a call, which the safe-mode
guard (writes only to what the entry created) refuses. They run against the in-process mock and any mock URL.
"""

from __future__ import annotations

from typing import Any

from mockserver.drift.corpus_external import MISSING_CONVERSATION, place_call
from mockserver.drift.model import Entry, Step

CONVERSATIONS = "/api/v2/conversations"
CALLBACKS = CONVERSATIONS + "/callbacks"
PARTICIPANT = CONVERSATIONS + "/{{call}}/participants/{{participant}}"
REAL_CALLBACK = "would schedule a real callback if the org accepted it; the drift cleanup cannot remove callbacks"
READ_PARTICIPANT = (
    "writes to a participant read from the call, which the safe-mode guard refuses on a real org "
    "(it writes only to what the entry created)"
)


def read_participant(index: int) -> Step:
    """Setup: participant ``index`` of ``{{call}}`` (0 the agent, 1 the far end), known as ``{{participant}}``."""
    return Step("GET", CONVERSATIONS + "/{{call}}", save={"participant": f"participants.{index}.id"})


def schedule(**fields: Any) -> Step:
    return Step(
        "POST", CALLBACKS, json={"queueId": "{{prefix}}queue", "callbackNumbers": ["{{test_number}}"], **fields}
    )


def _rule(rule: str, request: Step, *setup: Step, **kw: Any) -> Entry:
    return Entry(id=rule.lower(), rule=rule, request=request, setup=tuple(setup), **kw)


RULE_ENTRIES: tuple[Entry, ...] = (
    _rule(
        "CONV-USER-UNKNOWN",
        Step(
            "POST", "/api/v2/conversations/calls/user/" + MISSING_CONVERSATION, json={"phoneNumber": "{{test_number}}"}
        ),
        places_call=True,
        remote="POST calls/user/{userId} places a real call for a user who exists",
    ),
    _rule(
        "CONV-PARTICIPANT-STATE",
        Step("PATCH", PARTICIPANT, json={"state": "parked"}),
        place_call(),
        read_participant(1),
        places_call=True,
        remote=READ_PARTICIPANT,
    ),
    _rule(
        "CONV-PARTICIPANT-ENDED",
        Step("PATCH", PARTICIPANT, json={"held": True}),
        place_call(),
        read_participant(1),
        Step("DELETE", CONVERSATIONS + "/{{call}}"),
        places_call=True,
        remote=READ_PARTICIPANT,
    ),
    _rule(
        "CONV-WRAPUP-CODE",
        Step("PATCH", PARTICIPANT, json={"wrapup": {"notes": "no code"}}),
        place_call(),
        read_participant(0),
        places_call=True,
        remote=READ_PARTICIPANT,
    ),
    _rule("CORE-INVALID-DATE", schedule(callbackScheduledTime="tomorrow at nine"), remote=REAL_CALLBACK),
    _rule(
        "CONV-CALLBACK-QUEUE",
        Step("POST", CALLBACKS, json={"callbackNumbers": ["{{test_number}}"]}),
        remote=REAL_CALLBACK,
    ),
    _rule("CONV-CALLBACK-NUMBERS", schedule(callbackNumbers=[" "]), remote=REAL_CALLBACK),
    _rule("CONV-CALLBACK-E164", schedule(callbackNumbers=["5551234567"]), remote=REAL_CALLBACK),
    _rule(
        "CONV-CALLBACK-VALIDATE",
        schedule(callbackNumbers=["call me"], validateCallbackNumbers=True),
        remote=REAL_CALLBACK,
    ),
    _rule(
        "CONV-CALLBACK-ENDED",
        Step("PATCH", CALLBACKS, json={"conversationId": "{{callback}}", "agentId": "{{prefix}}agent"}),
        Step(
            "POST",
            CALLBACKS,
            json={"queueId": "{{prefix}}queue", "callbackNumbers": ["{{test_number}}"]},
            save={"callback": "conversation.id"},
        ),
        Step("PATCH", CALLBACKS + "/{{callback}}", json={"state": "disconnected"}),
        remote=REAL_CALLBACK,
    ),
)
