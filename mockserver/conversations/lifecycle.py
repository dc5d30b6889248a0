"""The call state machine: what a dialled party does, derived from the clock alone (no background threads).

A party's state is a pure function of the seconds elapsed since it was dialled and of when (if ever) the call was
ended from our side, so any request can compute it lazily and a frozen clock makes it exactly reproducible.

Every party goes ``dialing`` (the first second, while the edge places the call) -> ``contacting`` (the far end
rings) -> ``connected`` (it answered) -> ``disconnected``; an outcome may end it before it answers (busy, no answer,
an unroutable number). Which outcome applies is decided by the dialled number: the fictional 555-01xx numbers of
North America (``+1 NPA 555 01XX``, any area code) are reserved for tests, see :data:`RESERVED` and the table in
docs/emulated.md. Every other number answers after :data:`DEFAULT_ANSWER_SECONDS` and stays connected until hung up.

The timings and disconnect types are the mock's choice (the facts sheet documents the states and the enum values,
not what a real edge reports for a busy line); they are meant to be plausible and easy to remember.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from contracts.conversations import CallDisconnectType, ParticipantDisconnectType
from mockserver.core.phones import e164_problem

DIAL_SECONDS = 1.0
"""How long every party stays ``dialing`` before it rings (or fails)."""
DEFAULT_ANSWER_SECONDS = 2.0
NO_ANSWER_TIMEOUT_SECONDS = 30.0
VOICEMAIL_ANSWER_SECONDS = 3.0
VOICEMAIL_LENGTH_SECONDS = 30.0
HANGUP_ANSWER_SECONDS = 2.0

LegState = Literal["dialing", "contacting", "connected", "disconnected"]
Q850 = tuple[int, str]
NORMAL_CLEARING: Q850 = (16, "Normal call clearing")


@dataclass(frozen=True)
class Outcome:
    """What the far end does, in seconds from the moment it is dialled.

    ``answer_at`` None: it never answers. ``hangup_at`` None: it never ends the call by itself. ``party_type`` is
    the ``disconnectType`` of the far end's ``CallMediaParticipant`` when it ends the call, ``call_type`` that of
    its ``Call`` leg (the two enums differ: only ``Call`` has ``timeout``), ``reason`` the Q.850 cause.
    """

    name: str
    answer_at: float | None
    hangup_at: float | None = None
    party_type: ParticipantDisconnectType = "endpoint"
    call_type: CallDisconnectType = "endpoint"
    reason: Q850 = NORMAL_CLEARING


DEFAULT = Outcome("answers", DEFAULT_ANSWER_SECONDS)
BUSY = Outcome("busy", None, DIAL_SECONDS, reason=(17, "User busy"))
NO_ANSWER = Outcome(
    "no answer", None, NO_ANSWER_TIMEOUT_SECONDS, "system", "timeout", (19, "No answer from user (user alerted)")
)
VOICEMAIL = Outcome("voicemail", VOICEMAIL_ANSWER_SECONDS, VOICEMAIL_ANSWER_SECONDS + VOICEMAIL_LENGTH_SECONDS)
INVALID = Outcome("invalid number", None, DIAL_SECONDS, "error", "error", (1, "Unallocated (unassigned) number"))


def _answers_after(seconds: int) -> Outcome:
    return Outcome(f"answers after {seconds} s", float(seconds))


def _hangs_up_after(seconds: int) -> Outcome:
    return Outcome(f"hangs up after {seconds} s of talk", HANGUP_ANSWER_SECONDS, HANGUP_ANSWER_SECONDS + seconds)


RESERVED: dict[str, Outcome] = {
    "00": DEFAULT,
    **{f"0{n}": _answers_after(n) for n in range(1, 10)},
    "10": NO_ANSWER,
    **{f"1{n}": _hangs_up_after(n) for n in range(1, 10)},
    "20": VOICEMAIL,
    "30": INVALID,
    "40": BUSY,
}
"""Outcomes of ``+1 NPA 555 01XX`` by ``XX``; other 01XX numbers get :data:`DEFAULT`.

``0100`` is the number examples use most (``+13175550100``), so it behaves like any other number: it answers.
"""

_RESERVED_NUMBER = re.compile(r"\+1[2-9]\d{2}55501(\d{2})")
_FORMATTING = re.compile(r"[\s\-().]")


def routable_number(value: str) -> str | None:
    """The E.164 number a dial string reaches, or None when the edge could not route it.

    ``tel:`` and visual separators (spaces, dashes, dots, parentheses) are dropped, as a dial plan would; without
    a leading ``+`` there is no country to route to (the mock has no site dial plan).
    """
    number = value.strip()
    number = number[4:] if number.startswith("tel:") else number
    number = _FORMATTING.sub("", number)
    return number if e164_problem(number) is None else None


def outcome_for_number(value: str) -> Outcome:
    """The outcome of dialling ``value`` (a phone number as the client sent it)."""
    number = routable_number(value)
    if number is None:
        return INVALID
    match = _RESERVED_NUMBER.fullmatch(number)
    if match is None:
        return DEFAULT
    return RESERVED.get(match.group(1), DEFAULT)


@dataclass(frozen=True)
class LegStatus:
    """A party's call leg at one instant; times are seconds since it was dialled."""

    state: LegState
    alerting_at: float | None = None
    connected_at: float | None = None
    ended_at: float | None = None
    ended_by_far_end: bool = False


def leg_status(outcome: Outcome, elapsed: float, ended_here_at: float | None = None) -> LegStatus:
    """The far end's leg ``elapsed`` seconds after it was dialled.

    ``ended_here_at`` is when our side ended the call (hang-up, merge), if it did; whichever end comes first wins.
    """
    far_end = outcome.hangup_at if outcome.hangup_at is not None else math.inf
    ours = ended_here_at if ended_here_at is not None else math.inf
    end = min(far_end, ours)
    answer = outcome.answer_at if outcome.answer_at is not None else math.inf
    alerting_at = DIAL_SECONDS if DIAL_SECONDS < min(answer, end) and elapsed >= DIAL_SECONDS else None
    connected_at = answer if answer < end and elapsed >= answer else None
    if elapsed >= end:
        return LegStatus("disconnected", alerting_at, connected_at, end, ended_by_far_end=far_end < ours)
    if connected_at is not None:
        return LegStatus("connected", alerting_at, connected_at)
    if alerting_at is not None:
        return LegStatus("contacting", alerting_at)
    return LegStatus("dialing")


STATE_ORDER: dict[str, int] = {"dialing": 0, "contacting": 1, "connected": 2}


def most_advanced(states: list[LegState]) -> LegState:
    """The state our (agent) side shows for several live far ends: the furthest one along."""
    live = [s for s in states if s != "disconnected"]
    if not live:
        return "disconnected"
    return max(live, key=lambda s: STATE_ORDER[s])
