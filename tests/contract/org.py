"""The contract suite against a real Genesys Cloud org, made safe for a shared org.

Enabled by ``GENESYS_CLIENT_ID``, ``GENESYS_CLIENT_SECRET`` and ``GENESYS_REGION`` (skipped otherwise). What may
reach the org is decided here, not by the generator:

* only read operations, and create/delete of test resources this run made: every contact list and external
  contact it creates is named ``gcm-contract-<run id>-…`` (the generated name is replaced before sending),
  references to other entities (divisions, organisations, identifiers) are dropped from create bodies, and a
  scenario that would DELETE something this run did not create is discarded before the request is sent;
* no call is placed unless ``GENESYS_TEST_PHONE_NUMBER`` is set, and then only to that number;
* requests are spaced ``GENESYS_TEST_THROTTLE`` seconds apart (default 0.25, i.e. 240 per minute, below the
  300-per-minute window of a token) and a 429 is retried after its ``Retry-After``;
* everything created is deleted at the end, also after a failure (pytest finalizers), and a final sweep deletes
  whatever still carries the run's prefix.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import requests
from schemathesis import Case, Response

from clients.genesys_client.config import Hosts
from contracts.operations import BY_ID
from tests.contract import valid_bodies
from tests.contract.targets import Target, operation_id

log = logging.getLogger("tests.contract.org")

ENV_PHONE = "GENESYS_TEST_PHONE_NUMBER"
ENV_THROTTLE = "GENESYS_TEST_THROTTLE"
ENV_USER_TOKEN = "GENESYS_USER_TOKEN"
MAX_RETRY_AFTER = 60.0
MAX_429_RETRIES = 5

# POST operations that only read.
_READING_POSTS = frozenset(
    {
        "postOutboundContactlistContactsBulk",
        "postOutboundContactlistContactsSearch",
        "postExternalcontactsIdentifierlookupContacts",
        "postExternalcontactsIdentifierlookup",
    }
)
# Served on other hosts of a real org (login., apps.): the token route is exercised by the auth provider itself,
# and an upload would start an import.
_OTHER_HOSTS = frozenset({"postOauthToken", "postUploadsV2Contactlist"})
READ_OPERATIONS = frozenset(
    op.operation_id for op in BY_ID.values() if op.method == "GET" or op.operation_id in _READING_POSTS
)
CREATES = {"postOutboundContactlists": "contact-list", "postExternalcontactsContacts": "external-contact"}
DELETES = {
    "deleteOutboundContactlist": ("contact-list", "contactListId"),
    "deleteExternalcontactsContact": ("external-contact", "contactId"),
}
CALL_CREATE = "postConversationsCalls"
CALL_ENDS = {"patchConversationsCall": ("call", "conversationId"), "deleteConversation": ("call", "conversationId")}


@dataclass(frozen=True)
class OrgSettings:
    client_id: str
    client_secret: str = field(repr=False)
    hosts: Hosts
    phone_number: str | None = None
    user_token: str | None = field(default=None, repr=False)
    throttle_seconds: float = 0.25

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> OrgSettings | None:
        """The org named by the environment, or None when it names none (the org tests are then skipped)."""
        env = dict(os.environ if environ is None else environ)
        client_id, secret, region = (
            env.get(name, "").strip() for name in ("GENESYS_CLIENT_ID", "GENESYS_CLIENT_SECRET", "GENESYS_REGION")
        )
        if not (client_id and secret and region):
            return None
        return cls(
            client_id,
            secret,
            Hosts.for_region(region),
            phone_number=env.get(ENV_PHONE) or None,
            user_token=env.get(ENV_USER_TOKEN) or None,
            throttle_seconds=float(env.get(ENV_THROTTLE) or 0.25),
        )

    @property
    def places_calls(self) -> bool:
        return self.phone_number is not None

    @property
    def has_user(self) -> bool:
        return self.user_token is not None


def allowed_operations(places_calls: bool, has_user: bool) -> frozenset[str]:
    """Every operation that may reach the org; all others are left out of the generated tests. Routes that need a
    user's token answer a client's one with 400 ``not.a.user``, so they run only with ``GENESYS_USER_TOKEN``."""
    allowed = set(READ_OPERATIONS | set(CREATES) | set(DELETES))
    if places_calls:
        allowed |= {CALL_CREATE, *CALL_ENDS}
    return frozenset(op for op in allowed - _OTHER_HOSTS if has_user or not BY_ID[op].user_context)


def property_operations(places_calls: bool, has_user: bool) -> frozenset[str]:
    """The operations fuzzed one by one: reads and creates. Deletes run only in stateful chains, on what the
    chain created."""
    return frozenset(
        op for op in allowed_operations(places_calls, has_user) if op not in DELETES and op not in CALL_ENDS
    )


class ThrottledSession(requests.Session):
    """Spaces requests at least ``interval`` seconds apart and retries a 429 after its ``Retry-After``.

    Sleeping is the point here: a real org's rate window is shared with the people who use it.
    """

    def __init__(self, interval: float) -> None:
        super().__init__()
        self.trust_env = False
        self.interval = interval
        self._lock = threading.Lock()
        self._next = 0.0

    def _wait_turn(self) -> None:
        with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            time.sleep(wait)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        for _ in range(MAX_429_RETRIES):
            self._wait_turn()
            response = super().request(method, url, *args, **kwargs)
            if response.status_code != 429:
                return response
            retry_after = min(float(response.headers.get("Retry-After") or 1), MAX_RETRY_AFTER)
            log.warning("429 from %s %s; retrying after %.0f s", method, url, retry_after)
            time.sleep(retry_after)
        return response


def _by_kind() -> dict[str, set[str]]:
    return {"contact-list": set(), "external-contact": set(), "call": set()}


@dataclass
class Registry:
    """What this run created, by kind: ``made`` (may be deleted again, harmlessly) and ``alive`` (the cleanup's
    work list)."""

    prefix: str = field(default_factory=lambda: f"gcm-contract-{uuid.uuid4().hex[:12]}")
    made: dict[str, set[str]] = field(default_factory=_by_kind)
    alive: dict[str, set[str]] = field(default_factory=_by_kind)
    counter: int = 0

    def unique_name(self) -> str:
        self.counter += 1
        return f"{self.prefix}-{self.counter}"

    def owns(self, kind: str, entity_id: Any) -> bool:
        return str(entity_id) in self.made[kind]

    def created(self, kind: str, entity_id: str) -> None:
        self.made[kind].add(entity_id)
        self.alive[kind].add(entity_id)


def _prepare_create(case: Case, operation: str, registry: Registry, settings: OrgSettings) -> None:
    """Prefix the name of what is created; drop references to the org's other entities."""
    body = case.body if isinstance(case.body, dict) else {}
    if operation == "postOutboundContactlists":
        valid_bodies.contact_list(body, "x")
        body["name"] = registry.unique_name()
        for name in ("division", "attemptLimits"):
            body.pop(name, None)
    elif operation == "postExternalcontactsContacts":
        valid_bodies.external_contact(body, registry.prefix)
        body["lastName"] = registry.unique_name()
        body["firstName"] = registry.prefix
        for name in ("division", "externalOrganization", "externalIds", "schema", "customFields"):
            body.pop(name, None)
    elif operation == CALL_CREATE:
        assert settings.phone_number is not None
        valid_bodies.call(body, settings.phone_number)
        for name in ("callFromQueueId", "externalContactId"):
            body.pop(name, None)
    case.body = body


def _guard(case: Case, registry: Registry, settings: OrgSettings) -> None:
    operation = operation_id(case.operation)
    if operation not in allowed_operations(settings.places_calls, settings.has_user):
        raise AssertionError(f"{operation} must never reach a real org (the suite's filters let it through)")
    if operation in CREATES or operation == CALL_CREATE:
        _prepare_create(case, operation, registry, settings)
        return
    ends = DELETES.get(operation) or CALL_ENDS.get(operation)
    if ends is not None:
        kind, parameter = ends
        parameters = case.path_parameters or {}
        if not registry.owns(kind, parameters.get(parameter)):
            # Not ours (a link the generator chose not to follow): this scenario is not one to run on an org.
            # Rewriting the id instead would look to schemathesis like a link it followed to a missing resource.
            hypothesis.reject()
        if operation == "patchConversationsCall":
            case.body = {"state": "disconnected"}


def _record(case: Case, response: Response, registry: Registry) -> None:
    operation = operation_id(case.operation)
    kind = CREATES.get(operation) or ("call" if operation == CALL_CREATE else None)
    if kind is not None and response.status_code == 200:
        registry.created(kind, str(response.json()["id"]))
    ends = DELETES.get(operation)
    if ends is not None and response.status_code in (200, 204):
        registry.alive[ends[0]].discard(str((case.path_parameters or {}).get(ends[1])))


def org_target(settings: OrgSettings, registry: Registry, session: requests.Session) -> Target:
    """Requests go to the org's API host through ``session``; ``registry`` learns what they create."""
    return Target(
        "org",
        call_kwargs={"base_url": settings.hosts.api, "session": session},
        reapply_auth=True,
        before_call=lambda case: _guard(case, registry, settings),
        after_call=lambda case, response: _record(case, response, registry),
    )


def cleanup(
    registry: Registry, session: requests.Session, api: str, token: str, user_token: str | None = None
) -> list[str]:
    """Delete what the run created, then whatever still carries its prefix; returns the problems met."""
    headers = {"Authorization": f"Bearer {token}"}
    problems: list[str] = []

    def delete(kind: str, path: str, method: str = "DELETE", **kwargs: Any) -> None:
        response = session.request(method, api + path, timeout=30, **kwargs)
        if response.status_code not in (200, 202, 204, 404):
            problems.append(f"{kind} {path}: {response.status_code} {response.text[:200]}")

    for list_id in sorted(registry.alive["contact-list"]):
        delete("contact list", f"/api/v2/outbound/contactlists/{list_id}", headers=headers)
    for contact_id in sorted(registry.alive["external-contact"]):
        delete("external contact", f"/api/v2/externalcontacts/contacts/{contact_id}", headers=headers)
    call_headers = {"Authorization": f"Bearer {user_token or token}"}
    for call_id in sorted(registry.alive["call"]):
        delete(
            "call",
            f"/api/v2/conversations/calls/{call_id}",
            "PATCH",
            headers=call_headers,
            json={"state": "disconnected"},
        )
    for kind, path in _leftovers(registry.prefix, session, api, headers):
        delete(kind, path, headers=headers)
    for alive in registry.alive.values():
        alive.clear()
    return problems


def _leftovers(prefix: str, session: requests.Session, api: str, headers: dict[str, str]) -> list[tuple[str, str]]:
    """Resources named with the run's prefix that are still there (a create whose answer was lost)."""
    found: list[tuple[str, str]] = []
    lists = session.get(
        f"{api}/api/v2/outbound/contactlists",
        headers=headers,
        timeout=30,
        params={"name": prefix, "filterType": "Prefix", "pageSize": 100},
    )
    if lists.status_code == 200:
        found += [
            ("contact list", f"/api/v2/outbound/contactlists/{e['id']}")
            for e in lists.json()["entities"]
            if str(e.get("name", "")).startswith(prefix)
        ]
    contacts = session.get(
        f"{api}/api/v2/externalcontacts/contacts", headers=headers, timeout=30, params={"q": prefix, "pageSize": 100}
    )
    if contacts.status_code == 200:
        found += [
            ("external contact", f"/api/v2/externalcontacts/contacts/{e['id']}")
            for e in contacts.json()["entities"]
            if str(e.get("lastName", "")).startswith(prefix)
        ]
    return found


class OrgRun:
    """One run against an org: its target, what it created, and the cleanup that deletes it."""

    def __init__(self, settings: OrgSettings, token: str) -> None:
        self.settings = settings
        self.token = token
        self.registry = Registry()
        self.session = ThrottledSession(settings.throttle_seconds)
        self.target: Target = org_target(settings, self.registry, self.session)

    def cleanup(self) -> list[str]:
        return cleanup(self.registry, self.session, self.settings.hosts.api, self.token, self.settings.user_token)


def finish(run: OrgRun) -> None:
    """Delete everything the run created; fail loudly (after trying all of it) if something stayed."""
    try:
        problems = run.cleanup()
    finally:
        run.session.close()
    assert not problems, "cleanup left resources behind:\n" + "\n".join(problems)
