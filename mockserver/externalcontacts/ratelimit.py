"""Rule EXT-CREATE-RATE (seed 003, strict): at most 100 contact creations per 60 s per token.

The window is counted like the core's rate windows (``core.limits.FixedWindows``) and answered like them (429 ``too.many.requests.retry.after`` with ``Retry-After``). It lives in the
area's state, so ``/__mock/reset`` clears it with the contacts.

It is a resource limit of the contacts service, not of the gateway: the token's general window (core) counts
every request, this one counts the creation attempts that reach the service, i.e. whose body deserialised (bad
JSON or an unknown property is answered 400 first and does not use the budget). An attempt that a contact rule
then rejects (a bad phone, a conflict) does count.
"""

from __future__ import annotations

from flask import g

from mockserver.core import rules
from mockserver.core.limits import FixedWindows, WindowState, too_many_requests

RULE = "EXT-CREATE-RATE"
CREATIONS_PER_WINDOW = 100
WINDOW_SECONDS = 60


class CreationWindows:
    """One fixed window per token for contact creations."""

    def __init__(self, requests: int = CREATIONS_PER_WINDOW, seconds: int = WINDOW_SECONDS) -> None:
        self._windows = FixedWindows()
        self._requests = requests
        self._seconds = seconds

    def hit(self, window_key: str) -> WindowState:
        """Count one creation for the token (``Token.window_key``) and report its window."""
        return self._windows.hit(window_key, self._requests, self._seconds)


def check_creation_rate() -> None:
    """Count a creation attempt and answer 429 once the token's window is spent.

    The app's after-request writes ``g.rate_state`` into the ``inin-ratelimit-*`` headers, so on a 429 this
    window becomes the reported one: the headers then agree with ``Retry-After``.
    """
    token = getattr(g, "token", None)
    if token is None or not rules.active(RULE):
        return
    from mockserver.externalcontacts.state import state

    window = state().creation_windows.hit(token.window_key)
    if window.exceeded:
        g.rate_state = window
        error = too_many_requests(window)
        error.rule = RULE
        raise error
