"""Issued access tokens: the core's state module for them (issue, look up, revoke), in the SHARED namespace.

Every worker reads one table, so a token issued by one process works at every other. The table is keyed by a
digest of the token (:func:`token_key`): the secret itself is never stored, only handed to the client once. A
token's expiry is decided on the mock's clock (``/__mock/clock/advance`` can expire it), so the backend's real-time
TTLs cannot decide it; and revoking a tenant's tokens or every token has to enumerate them. Hence a table rather
than expiring values, garbage-collected by the issuer: every :data:`SWEEP_EVERY` issues, tokens already expired on
the mock clock (which never moves back, so they can never become valid again) are deleted.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver.core.shared_cache import bump_generation
from mockserver.state import Codec, Table, TenantState, Tx

if TYPE_CHECKING:
    from mockserver.core.shared_cache import SharedCache

SWEEP_EVERY = 1024
"""Issues between two sweeps of expired tokens (amortised O(1) per issue)."""


def token_key(value: str) -> str:
    """What tokens and their rate windows are keyed by: a digest, so the secret never sits in the state."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Token:
    """An issued access token and what it may do (the secret itself is not kept: ``key`` is its digest)."""

    key: str
    client_id: str
    permissions: frozenset[str]
    expires_at: float
    user_id: str | None = None
    user_name: str | None = None
    tenant: str | None = None
    """The tenant the token's requests land in without ``X-Mock-Tenant`` (a tenant's own client issued it)."""

    @property
    def window_key(self) -> str:
        """What rate windows are keyed by (the digest: computed once, at issue or lookup)."""
        return self.key

    @property
    def is_user_context(self) -> bool:
        return self.user_id is not None


def _dump(token: Token) -> dict[str, Any]:
    return {
        "key": token.key,
        "clientId": token.client_id,
        "permissions": sorted(token.permissions),
        "expiresAt": token.expires_at,
        "userId": token.user_id,
        "userName": token.user_name,
        "tenant": token.tenant,
    }


def _load(data: dict[str, Any]) -> Token:
    return Token(
        data["key"],
        data["clientId"],
        frozenset(data["permissions"]),
        data["expiresAt"],
        data.get("userId"),
        data.get("userName"),
        data.get("tenant"),
    )


TOKEN_CODEC: Codec[Token] = Codec(_dump, _load)
TOKENS: Table[Token] = Table("tokens", TOKEN_CODEC)
"""SHARED: token key -> :class:`Token`."""

_issued = itertools.count(1)


def issue_token(shared: TenantState, token: Token, now: float) -> bool:
    """Store a newly issued token; now and then drop the tokens that expired before ``now`` (mock clock). True when
    some were dropped (then the configuration generation is bumped: cached tokens go too)."""
    sweep = next(_issued) % SWEEP_EVERY == 0

    def store(tx: Tx) -> bool:
        tx.put(TOKENS, token.key, token)
        if not sweep:
            return False
        expired = [key for key, held in tx.items(TOKENS) if held.expires_at <= now]
        tx.delete_many(TOKENS, expired)
        return bool(expired)

    swept = shared.atomic(store)
    if swept:
        bump_generation(shared.backend)
    return swept


def find_token(shared: TenantState, value: str, cache: "SharedCache | None" = None) -> Token | None:
    """The token whose secret is ``value``, expired or not (the caller compares ``expires_at`` with the clock).

    With ``cache`` a found token is kept for the configuration generation (tokens never change once issued, and
    revoking them bumps it: core/shared_cache.py); one not found is looked up again next time."""
    key = token_key(value)
    if cache is None:
        return shared.view().get(TOKENS, key)
    return cache.get((TOKENS, key), lambda: shared.view().get(TOKENS, key), _found)


def _found(token: Token | None) -> bool:
    return token is not None


def revoke_tokens_of_tenant(shared: TenantState, tenant: str) -> int:
    """Forget the tokens bound to ``tenant`` (its removal): they would bring it back on their next request."""

    def revoke(tx: Tx) -> int:
        keys = [key for key, token in tx.items(TOKENS) if token.tenant == tenant]
        tx.delete_many(TOKENS, keys)
        return len(keys)

    revoked = shared.atomic(revoke)
    bump_generation(shared.backend)  # found tokens are cached per generation (core/shared_cache.py)
    return revoked


def revoke_all_tokens(shared: TenantState) -> None:
    """Forget every token (``/__mock/reset?tokens=true``)."""
    shared.atomic(lambda tx: tx.drop(TOKENS))
    bump_generation(shared.backend)
