"""Where the mock's mutable state lives: one backend protocol (:mod:`.backend`), in memory by default
(:mod:`.memory`) or in Redis (:mod:`.redis`), chosen by ``--state`` / ``state:`` / ``GENESYS_MOCK_STATE``.

Areas never talk to a backend directly: each area's state module declares its tables and offers named operations
(e.g. ``outbound.state.upsert_contacts``) built on :class:`TenantState`, the request tenant's handle.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, TypeVar

from mockserver.state.backend import IDENTITY, SHARED, Backend, Codec, StateConflict, StateUnavailable, Table, Tx

T = TypeVar("T")
R = TypeVar("R")

__all__ = [
    "IDENTITY",
    "SHARED",
    "Backend",
    "Codec",
    "StateConflict",
    "StateUnavailable",
    "Table",
    "TenantState",
    "Tx",
    "check_reachable",
    "open_backend",
]


class TenantState:
    """One namespace of a backend (a tenant's, or :data:`SHARED`): what areas' state modules call."""

    __slots__ = ("backend", "tenant")

    def __init__(self, backend: Backend, tenant: str) -> None:
        self.backend = backend
        self.tenant = tenant

    def atomic(self, fn: Callable[[Tx], R]) -> R:
        return self.backend.atomic(self.tenant, fn)

    def view(self) -> Tx:
        return self.backend.view(self.tenant)

    def scan(self, table: Table[T], batch: int = 1000) -> Iterator[list[tuple[str, T]]]:
        return self.backend.scan(self.tenant, table, batch)

    def incr(self, name: str, by: int = 1, ttl: float | None = None) -> int:
        return self.backend.incr(self.tenant, name, by, ttl)

    def incr_unless_moved(
        self, name: str, by: int, ttl: float | None, guard: str, expected: int
    ) -> tuple[int, int | None]:
        return self.backend.incr_unless_moved(self.tenant, name, by, ttl, guard, expected)

    def push(self, log: str, record: Any, cap: int, codec: Codec[Any] = IDENTITY) -> None:
        self.backend.push(self.tenant, log, record, cap, codec)

    def log(self, log: str, codec: Codec[T] = IDENTITY, last: int | None = None) -> list[T]:
        return self.backend.log(self.tenant, log, codec, last)

    def log_length(self, log: str) -> int:
        return self.backend.log_length(self.tenant, log)

    def clear(self) -> None:
        self.backend.clear(self.tenant)


def open_backend(url: str) -> Backend:
    """The backend named by ``--state``: ``memory`` or ``redis://HOST:PORT/DB`` (``rediss://`` for TLS)."""
    if url == "memory":
        from mockserver.state.memory import MemoryBackend

        return MemoryBackend()
    if url.startswith(("redis://", "rediss://", "unix://")):
        from mockserver.state.redis import RedisBackend

        return RedisBackend(url)
    raise ValueError(f"unknown state backend {url!r}: use 'memory' or redis://HOST:PORT/DB")


def check_reachable(url: str) -> None:
    """At start-up: a Redis backend must answer PING, else :class:`~mockserver.settings.SettingsError` (the CLI
    exits 2 naming the URL) rather than a server whose every request fails."""
    if url == "memory":
        return
    from mockserver.settings import SettingsError

    try:
        backend = open_backend(url)
    except ValueError as exc:
        raise SettingsError(f"state: {exc}") from None
    try:
        backend.ping()
    except StateUnavailable as exc:
        raise SettingsError(f"cannot reach the state backend {backend.url}: {exc.__cause__ or exc}") from None
    finally:
        backend.close()
