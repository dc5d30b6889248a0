"""Seeded calls: where the seed's user and queue references show up.

The mock has no users or queues API (its users are the login users of the settings), so seeded users and queues
are references (an id and a name) that calls point at, as in a real org's history: each call is placed by one of
the login users, on behalf of a seeded queue when there are any, and reaches either a seeded user (an internal
call) or a customer's number from the seeded contact lists. The calls ended in the past (hung up by the agent),
so they are history: readable with ``GET /api/v2/conversations/calls/{id}``, never in the active-call listings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable

from mockserver.conversations import lifecycle
from mockserver.conversations.records import HUNG_UP, Agent, FarEnd, StoredCall, call_doc
from mockserver.snapshot.document import SnapshotError

MAX_AGE_SECONDS = 7 * 86400.0
MAX_TALK_SECONDS = 600.0


@dataclass(frozen=True)
class Person:
    """A user or queue reference: what a call's participant names."""

    id: str
    name: str | None


def _far_end(
    rng: random.Random, new_id: Callable[[], str], at: float, users: list[Person], numbers: list[str], on_behalf: bool
) -> FarEnd:
    if users and rng.random() < 0.3:
        user = rng.choice(users)
        return FarEnd(new_id(), new_id(), "user", lifecycle.DEFAULT, at, name=user.name, user_id=user.id)
    number = rng.choice(numbers)
    return FarEnd(
        new_id(),
        new_id(),
        "customer" if on_behalf else "external",
        lifecycle.outcome_for_number(number),
        at,
        name=number,
        address=f"tel:{number}",
    )


def seeded_calls(
    rng: random.Random,
    new_id: Callable[[], str],
    count: int,
    *,
    now: float,
    agents: list[Person],
    users: list[Person],
    queues: list[Person],
    numbers: list[str],
) -> list[dict[str, Any]]:
    """``count`` ended calls as snapshot documents; an error when nobody could have placed them."""
    if count and not agents:
        raise SnapshotError("calls", "calls need a login user to place them: configure at least one user")
    calls = []
    for index in range(count):
        agent_person = agents[index % len(agents)]
        queue = rng.choice(queues) if queues else None
        created = round(now - MAX_TALK_SECONDS - rng.uniform(0, MAX_AGE_SECONDS), 3)
        agent = Agent(new_id(), new_id(), agent_person.id, agent_person.name, queue.id if queue else None)
        far = _far_end(rng, new_id, created, users, numbers, on_behalf=queue is not None)
        call = StoredCall(
            new_id(),
            created,
            agent,
            [far],
            ended_at=round(created + rng.uniform(5, MAX_TALK_SECONDS), 3),
            ending=HUNG_UP,
        )
        calls.append(call_doc(call))
    return calls
