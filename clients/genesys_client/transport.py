"""Sending one request with the retries the Genesys API asks for, and nothing more.

* 429: the API says how long to wait (``Retry-After``, integer seconds, facts §3); waiting less only earns another
  429, so the wait is exactly that value. Above ``max_retry_after`` the request fails at once instead, as the
  official Go SDK does above 180 s: a caller is better served by an error than by a silent three-minute stall.
* 502/503/504 and connection failures are transient: exponential backoff with jitter, so that many clients
  throttled together do not come back in lockstep.
* Every other status is an answer, not a hiccup; in particular a 4xx is never retried.

A connection that failed before the request was sent (connect errors, pool timeouts) is always retried. A failure
after sending (read timeout, dropped connection) is retried only for idempotent methods, since a POST may already
have created something. Request bodies are rebuilt for each attempt by the ``build`` callable.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import httpx
import tenacity

log = logging.getLogger("genesys_client.retry")

RETRY_STATUSES = frozenset({502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAYBE_SENT = (httpx.ReadTimeout, httpx.ReadError, httpx.WriteError, httpx.WriteTimeout, httpx.RemoteProtocolError)

Sleep = Callable[[float], None]


@dataclass
class RetryPolicy:
    """How hard to try. ``sleep`` is injectable so tests can assert the waits without waiting."""

    max_attempts: int = 5
    max_retry_after: float = 180.0
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    jitter: float = 0.5
    sleep: Sleep = field(default=time.sleep, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def backoff(self, attempt: int) -> float:
        """Wait before retry ``attempt`` (1-based): ``initial * 2**(attempt-1)`` capped, plus up to ``jitter``."""
        base = min(self.backoff_max, self.backoff_initial * 2 ** (attempt - 1))
        return base + self.rng.uniform(0, self.jitter)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (integer or decimal); ``inin-ratelimit-reset`` as a fallback; None if neither."""
    for name in ("Retry-After", "inin-ratelimit-reset"):
        value = response.headers.get(name)
        if value is not None:
            try:
                seconds = float(value)
            except ValueError:
                continue
            if seconds >= 0:
                return seconds
    return None


class Throttle:
    """At most one request per ``interval`` seconds across threads: a courtesy to a shared real org."""

    def __init__(self, interval: float, sleep: Sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval, self._sleep, self._clock = interval, sleep, clock
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            now = self._clock()
            delay = self._next - now
            self._next = max(now, self._next) + self.interval
        if delay > 0:
            self._sleep(delay)


class Sender:
    """Sends requests through an ``httpx.Client`` with :class:`RetryPolicy`; knows nothing about tokens."""

    def __init__(self, http: httpx.Client, policy: RetryPolicy | None = None, throttle: float = 0.0) -> None:
        self.http = http
        self.policy = policy or RetryPolicy()
        self.throttle = Throttle(throttle, self.policy.sleep)

    def send(self, build: Callable[[], httpx.Request], *, follow_redirects: bool = False) -> httpx.Response:
        """The final response (any status), or the last transport error once retries are spent."""
        policy = self.policy

        def attempt() -> httpx.Response:
            self.throttle.wait()
            return self.http.send(build(), follow_redirects=follow_redirects)

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(policy.max_attempts),
            wait=self._wait,
            retry=tenacity.retry_if_exception(self._retry_exception) | tenacity.retry_if_result(self._retry_response),
            sleep=policy.sleep,
            before_sleep=self._log_retry,
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
        )
        return retrying(attempt)

    def _retry_response(self, response: httpx.Response) -> bool:
        if response.status_code == 429:
            wait = retry_after_seconds(response)
            retry = wait is None or wait <= self.policy.max_retry_after
            if not retry:
                log.warning(
                    "not retrying %s %s: Retry-After %s s exceeds the maximum of %s s",
                    response.request.method,
                    response.request.url,
                    wait,
                    self.policy.max_retry_after,
                )
        else:
            retry = response.status_code in RETRY_STATUSES
        if retry:
            response.read()
            response.close()  # the next attempt replaces it; free the connection now
        return retry

    @staticmethod
    def _retry_exception(exc: BaseException) -> bool:
        if isinstance(exc, _NOT_SENT):
            return True
        if isinstance(exc, _MAYBE_SENT):
            request = _request_of(exc)
            return request is not None and request.method in IDEMPOTENT_METHODS
        return False

    def _wait(self, state: tenacity.RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            response: httpx.Response = outcome.result()
            if response.status_code == 429:
                wait = retry_after_seconds(response)
                if wait is not None:
                    return wait
        return self.policy.backoff(state.attempt_number)

    def _log_retry(self, state: tenacity.RetryCallState) -> None:
        outcome = state.outcome
        wait = state.next_action.sleep if state.next_action else 0.0
        if outcome is None:
            return
        if outcome.failed:
            exc = outcome.exception()
            request = _request_of(exc)
            what = f"{type(exc).__name__}: {exc}"
        else:
            response = outcome.result()
            request = response.request
            what = f"{response.status_code} ({response.headers.get('ININ-Correlation-Id', 'no correlation id')})"
        target = f"{request.method} {request.url}" if request is not None else "request"
        log.warning(
            "retrying %s after %s; attempt %d of %d in %.2f s",
            target,
            what,
            state.attempt_number + 1,
            self.policy.max_attempts,
            wait,
        )


def _request_of(exc: BaseException | None) -> httpx.Request | None:
    """The request an httpx error belongs to; the property raises when the error was built without one."""
    try:
        return exc.request if isinstance(exc, httpx.RequestError) else None
    except RuntimeError:
        return None
