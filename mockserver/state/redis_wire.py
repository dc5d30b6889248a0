"""Batches of Redis commands sent in one write on a pooled connection: one round trip each, without redis-py's
per-command layers.

Why not ``client.execute_command``: redis-py 8 spends more of the worker's CPU per command on its retry wrapper,
observability hooks and pool bookkeeping than packing, sending and parsing on the connection itself costs. And
redis-server spends CPU of its own per round trip whatever the command (figures: docs/performance.md), so commands that can travel together (a WATCH with the read it guards, MULTI…EXEC with the writes) are
written at once and their replies read back in order.

Replies are what redis-py's parser gives (decoded strings, ints, lists, ``None``), without its response callbacks.
An error reply is raised once every reply of the batch has been read, so the connection stays in step.
"""

from __future__ import annotations

import socket
import struct
import threading
import weakref
from typing import Any, Sequence

import redis

UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)  # BusyLoadingError included

Command = Sequence[Any]


class LostInTransaction(Exception):
    """The connection of a transaction failed after its first WATCH: an EXEC may have been applied before the
    answer was lost, so the transaction must not run again (503, see docs/state.md)."""


def _kernel_timeouts(sock: socket.socket, seconds: float) -> None:
    """Make ``sock`` blocking, with ``seconds`` as the kernel's read and write timeouts (``SO_RCVTIMEO``,
    ``SO_SNDTIMEO``).

    Why: a Python socket with a timeout is non-blocking underneath, so every read is ``recvfrom`` (EAGAIN), ``poll``,
    ``recvfrom``; a blocking one reads with one ``recvfrom``. Every system call releases the GIL (a hand-over under
    granian), so this saves two per round trip. A read that times out fails with EAGAIN, which redis-py reports
    as a ``ConnectionError``: 503, as before.
    """
    whole = int(seconds)
    timeval = struct.pack("ll", whole, int((seconds - whole) * 1_000_000))
    sock.settimeout(None)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)


class _KernelTimeouts:
    """Connects as the redis-py class it is mixed into, then hands the socket the kernel's timeouts."""

    kernel_timeout: float = 5.0

    def _connect(self) -> socket.socket:
        sock: socket.socket = super()._connect()  # type: ignore[misc]
        _kernel_timeouts(sock, self.kernel_timeout)
        return sock


class BlockingConnection(_KernelTimeouts, redis.Connection):
    """A TCP connection read with blocking ``recvfrom`` (see :func:`_kernel_timeouts`)."""


class BlockingUnixConnection(_KernelTimeouts, redis.UnixDomainSocketConnection):
    """A Unix-socket connection read with blocking ``recvfrom`` (see :func:`_kernel_timeouts`)."""


_BLOCKING = {redis.Connection: BlockingConnection, redis.UnixDomainSocketConnection: BlockingUnixConnection}


def use_kernel_timeouts(pool: redis.ConnectionPool) -> None:
    """Make the pool's plain TCP and Unix connections blocking sockets with the kernel's timeouts, ``socket_timeout``
    seconds each way (TLS connections keep Python's timeouts: a TLS read may need several socket reads)."""
    blocking = _BLOCKING.get(pool.connection_class)
    if blocking is None:
        return
    seconds = pool.connection_kwargs.get("socket_timeout")
    if seconds is None:
        return
    pool.connection_class = type(blocking.__name__, (blocking,), {"kernel_timeout": float(seconds)})
    pool.connection_kwargs["socket_timeout"] = None  # redis-py then leaves the socket blocking


def _exchange(connection: Any, commands: Sequence[Command]) -> list[Any]:
    connection.send_packed_command(connection.pack_commands(commands), check_health=False)  # connects if need be
    replies: list[Any] = []
    error: redis.exceptions.ResponseError | None = None
    for _ in commands:
        try:
            replies.append(connection.read_response())
        except redis.exceptions.ResponseError as exc:  # the connection is fine: read the remaining replies
            error = error or exc
            replies.append(exc)
    if error is not None:
        raise error
    return replies


class ThreadConnections:
    """Each thread's own connection (made with the pool's settings) for batches outside a transaction.

    Why not the pool: checking a connection out runs a health check (``poll`` and two ``ioctl``), and every system
    call releases the GIL; under granian, whose own threads wait for the GIL, each release is a hand-over, and worker
    CPU per request follows system calls per request (figures: docs/performance.md). A thread's
    connection needs no check-out: it is only ever used by that thread, one batch at a time. A connection whose
    thread ends is closed when it is collected.
    """

    def __init__(self, pool: redis.ConnectionPool) -> None:
        self._pool = pool
        self._local = threading.local()
        self._made: weakref.WeakSet[Any] = weakref.WeakSet()

    def _new(self) -> Any:
        connection = self._pool.connection_class(**self._pool.connection_kwargs)
        self._made.add(connection)
        return connection

    def borrow(self) -> Any:
        """A connection of this thread's own for a transaction (:class:`Pinned`), apart from the one :meth:`call`
        uses: WATCH state lives on the connection, and a transaction may run inside another. Without the pool's
        check-out health check (``ioctl``, ``recvfrom``, ``ioctl``: three system calls, each a GIL hand-over): a
        dead socket fails the first batch, which :class:`Pinned` retries on a fresh one."""
        spare: list[Any] | None = getattr(self._local, "spare", None)
        if spare:
            return spare.pop()
        return self._new()

    def give_back(self, connection: Any) -> None:
        """Return a borrowed connection, with no WATCH left on it (or disconnected)."""
        spare: list[Any] | None = getattr(self._local, "spare", None)
        if spare is None:
            spare = self._local.spare = []
        spare.append(connection)

    def call(self, commands: Sequence[Command]) -> list[Any]:
        """Run ``commands`` in one round trip and return their replies. A failed socket is retried once at once on
        a fresh connection (a socket is dead after a Redis restart), as the client's ``Retry(NoBackoff(), 1)`` does
        for a single command."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._new()
        for attempt in (0, 1):
            try:
                return _exchange(connection, commands)
            except UNAVAILABLE:
                connection.disconnect()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close every thread's connection (the backend is closed)."""
        for connection in list(self._made):
            connection.disconnect()


class Pinned:
    """One connection held for a whole optimistic transaction (WATCH state lives on the connection).

    Keys to WATCH are queued and sent in the same write as the read they guard, so a read under WATCH is one round
    trip. :meth:`release` leaves the connection clean for the pool: after EXEC (or when nothing was watched) as is,
    otherwise after an UNWATCH; a connection in an unknown state is closed instead.
    """

    def __init__(self, wire: ThreadConnections) -> None:
        self._wire = wire
        self._connection: Any = wire.borrow()
        self._pending: list[str] = []
        self.watching = False
        """Whether a WATCH reached Redis (from then on a lost connection is :class:`LostInTransaction`)."""

    def watch(self, *keys: str) -> None:
        self._pending.extend(keys)

    def call(self, commands: Sequence[Command]) -> list[Any]:
        """The replies of ``commands``, sent after the queued WATCH (whose reply is dropped)."""
        watch: list[Command] = [("WATCH", *self._pending)] if self._pending else []
        batch = [*watch, *commands]
        for attempt in (0, 1):
            try:
                replies = _exchange(self._connection, batch)
                break
            except UNAVAILABLE as exc:
                self._connection.disconnect()
                if self.watching:
                    raise LostInTransaction(str(exc)) from exc
                if attempt:
                    raise
        self.watching = self.watching or bool(watch)
        self._pending = []
        return replies[len(watch) :]

    def release(self, *, clean: bool) -> None:
        """Give the connection back; ``clean``: EXEC ran (or DISCARD), so no WATCH is left on it."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if self.watching and not clean:
                _exchange(connection, [("UNWATCH",)])
        except (*UNAVAILABLE, redis.exceptions.ResponseError):
            connection.disconnect()
        finally:
            self._wire.give_back(connection)
