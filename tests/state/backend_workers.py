"""What each process of the cross-process atomicity tests runs (importable, so ``spawn`` children can load it)."""

from __future__ import annotations

from mockserver.state import Table, Tx, open_backend

COUNTER = Table("counters")
SEATS = Table("seats")


def increment(url: str, tenant: str, times: int) -> int:
    """``times`` read-increment-write transactions on one record; returns how many ran."""
    backend = open_backend(url)

    def bump(tx: Tx) -> None:
        record = tx.get(COUNTER, "shared") or {"value": 0}
        tx.put(COUNTER, "shared", {"value": record["value"] + 1})

    try:
        for _ in range(times):
            backend.atomic(tenant, bump)
    finally:
        backend.close()
    return times


def claim_seats(url: str, tenant: str, worker: int, tries: int, limit: int) -> int:
    """Check-then-insert under a limit: insert a record only while the table holds fewer than ``limit``."""
    backend = open_backend(url)
    won = 0

    def claim(tx: Tx, key: str) -> bool:
        if tx.count(SEATS) >= limit:
            return False
        tx.put(SEATS, key, {"worker": worker})
        return True

    try:
        for attempt in range(tries):
            key = f"{worker}-{attempt}"
            won += backend.atomic(tenant, lambda tx: claim(tx, key))
    finally:
        backend.close()
    return won
