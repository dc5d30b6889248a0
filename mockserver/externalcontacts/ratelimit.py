"""Rule EXT-CREATE-RATE (seed 003, strict): at most 100 contact creations per 60 s per token.

The window is counted like the core's rate windows (fixed windows on real time) and answered like them (429
``too.many.requests.retry.after`` with ``Retry-After``). It lives in the tenant's state (the area's state module:
:func:`~mockserver.externalcontacts.state.hit_creation_window`), so ``/__mock/reset`` clears it with the contacts
and the limit holds exactly when several processes share the state.

It is a resource limit of the contacts service, not of the gateway: the token's general window (core) counts
every request, this one counts the creation attempts that reach the service, i.e. whose body deserialised (bad
JSON or an unknown property is answered 400 first and does not use the budget). An attempt that a contact rule
then rejects (a bad phone, a conflict) does count.
"""

from __future__ import annotations

from flask import g

from mockserver.core import rules
from mockserver.core.limits import too_many_requests
from mockserver.externalcontacts.state import hit_creation_window

RULE = "EXT-CREATE-RATE"
CREATIONS_PER_WINDOW = 100
WINDOW_SECONDS = 60


def check_creation_rate() -> None:
    """Count a creation attempt and answer 429 once the token's window is spent.

    The app's after-request writes ``g.rate_state`` into the ``inin-ratelimit-*`` headers, so on a 429 this
    window becomes the reported one: the headers then agree with ``Retry-After``.
    """
    token = getattr(g, "token", None)
    if token is None or not rules.active(RULE):
        return
    window = hit_creation_window(token.window_key, CREATIONS_PER_WINDOW, WINDOW_SECONDS)
    if window.exceeded:
        g.rate_state = window
        error = too_many_requests(window)
        error.rule = RULE
        raise error
