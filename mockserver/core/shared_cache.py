"""The configuration generation: one read of the backend per request for the rarely-changing shared things.

Over a backend shared across processes (Redis) the request chain would otherwise read, on every request, the clock,
the tenant of unmarked requests, whether any client is bound to a tenant, whether the tenant exists, whether it has
faults, and the request's token. They change rarely, so each process caches them, keyed by a SHARED counter, the
**configuration generation**, that every change of one of them bumps *after* the change: the clock (advance, mode,
reset epoch), ``route_unmarked``, a client bound to a tenant, a tenant created or removed or reset, a fault added,
removed, cleared or used up, a tenant's first bulk contact job (outbound/job_state.py), tokens revoked (tokens are
immutable once issued, so a found one can be cached; one not found is never cached, as issuing does not bump).

:meth:`SharedCache.sync` (once per request, from the app's before-request) reads the generation; when it differs
from the one the cache was filled under, the cache starts afresh. A value cached under generation ``g`` was read
after ``g`` was, so it is at least as new as every change that ``g`` counts; a later change bumps past ``g``. Each
request (thread) keeps the entries of the generation it read, so a request that read an older generation never
fills the newer one's cache. A change made by this process drops the cache too (:meth:`SharedCache.changed`), and
the rest of that request reads directly.

**Confirmed late, in the rate window's round trip** (:meth:`SharedCache.begin`): reading the generation alone costs
a round trip per request, and redis-server charges CPU per round trip whatever it carries (docs/performance.md).
So a request starts on the entries of the generation this process last read, *unconfirmed*, and the rate window's
hit confirms them: the backend adds the hit only if the generation still holds that value, atomically
(:meth:`~mockserver.state.backend.Backend.incr_unless_moved`). Everything the request chain read from the cache was
then valid at that moment, exactly as if the generation had been read there. If it moved, nothing was added: the
cache starts afresh under the new generation and the request chain runs again from the start
(:class:`GenerationMoved`). A request that ends before any hit (admin routes, the token endpoint, a 401) confirms
with a plain read (:meth:`confirm`), and so does the chain before anything it would write (a fault taken, a tenant
created); so nothing is written on the strength of an unconfirmed entry.

With a backend that is not shared across processes (memory) this is all off: :meth:`get` just calls the loader and
nothing is read or bumped.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, TypeVar

from mockserver.state import SHARED, Backend

T = TypeVar("T")

GENERATION_COUNTER = "config.generation"
"""SHARED counter: bumped after every change of what :class:`SharedCache` caches."""
MAX_ENTRIES = 10_000
"""Past this many entries (tokens, mostly) the cache starts afresh: it is a cache, not a second store."""
_MISSING = object()


class GenerationMoved(Exception):
    """The generation the request started on had moved when it was confirmed: run the request chain again (on a
    cache filled afresh under the new generation; nothing was written)."""


def bump_generation(backend: Backend) -> None:
    """Bump the generation after a change of something cached, where no :class:`SharedCache` is at hand (core state
    functions: faults, token revocations). Every process, this one included, drops its cache at its next request."""
    if backend.shared_across_processes:
        backend.incr(SHARED, GENERATION_COUNTER, 1)


class SharedCache:
    """One process's cache of the shared configuration, valid for one generation."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self.enabled = backend.shared_across_processes
        self._generation: int | None = None
        self._entries: dict[Any, Any] = {}
        self._local = threading.local()

    def sync(self) -> None:
        """Read the generation (one round trip) and pick this request's entries: the current ones when nothing
        changed, fresh ones otherwise. Nothing with a backend that is not shared across processes."""
        if not self.enabled:
            return
        generation = self._backend.incr(SHARED, GENERATION_COUNTER, 0)
        if generation != self._generation:
            self._entries = {}
            self._generation = generation
        self._local.entries = self._entries
        self._local.unconfirmed = None

    def begin(self) -> None:
        """Start a request on this process's entries, unconfirmed (confirmed by the rate window's hit or
        :meth:`confirm`); on no entries at all, :meth:`sync` at once."""
        if not self.enabled:
            return
        generation = self._generation  # read before the entries: a sync replaces the entries first
        if generation is None:
            self.sync()
            return
        self._local.entries = self._entries
        self._local.unconfirmed = generation

    def unconfirmed(self) -> int | None:
        """The generation this request's entries belong to while it is not confirmed yet, else None."""
        return getattr(self._local, "unconfirmed", None) if self.enabled else None

    def confirmed(self, generation: int) -> None:
        """Take the generation a guarded write read (or :meth:`confirm`'s read): the one the request started on, or
        :class:`GenerationMoved` after starting the cache afresh under ``generation``."""
        expected, self._local.unconfirmed = self.unconfirmed(), None
        if generation == expected:
            return
        if generation != self._generation:
            self._entries = {}
            self._generation = generation
        self._local.entries = self._entries
        raise GenerationMoved(f"configuration generation {expected} -> {generation}")

    def confirm(self) -> None:
        """Confirm the request's entries with one read of the generation (nothing when confirmed already)."""
        if self.unconfirmed() is not None:
            self.confirmed(self._backend.incr(SHARED, GENERATION_COUNTER, 0))

    def get(self, key: Any, load: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
        """The cached value of ``key``, else ``load()`` (cached unless ``keep`` says no). Outside a synced request
        (or after a change made by this request) it always loads."""
        entries = getattr(self._local, "entries", None) if self.enabled else None
        if entries is None:
            return load()
        value = entries.get(key, _MISSING)
        if value is _MISSING:
            value = load()
            if keep is None or keep(value):
                if len(entries) >= MAX_ENTRIES:
                    entries.clear()
                entries[key] = value
        return value

    def changed(self) -> None:
        """Call after changing something cached: bumps the generation (other processes drop their caches on their
        next request) and drops this process's."""
        if not self.enabled:
            return
        self._entries = {}
        self._generation = None
        self._local.entries = None
        self._local.unconfirmed = None
        self._backend.incr(SHARED, GENERATION_COUNTER, 1)

    def done(self) -> None:
        """The request is over: its thread holds no entries until the next :meth:`sync`."""
        if self.enabled:
            self._local.entries = None
            self._local.unconfirmed = None
