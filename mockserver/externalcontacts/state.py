"""State of the externalcontacts area: the contacts, indexes of what they claim, and the creation windows.

Contacts are stored as the full ``ExternalContact`` the service computed (identifiers included); what a route
shows is derived by service.view according to ``expand``. Two indexes make conflicts and lookups O(1): external
ids by (source id, value) and claimed identifiers by (type, comparison key). Every write goes through
:meth:`ExternalContactsState.save` / :meth:`remove` under ``store.lock``, so the indexes never drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from contracts.common import DomainEntityRef
from contracts.externalcontacts import ContactIdentifier, ExternalContact, ExternalId
from mockserver.core.context import settings, store  # noqa: F401 (the area's accessors)
from mockserver.core.errors import ApiError
from mockserver.core.phones import DEFAULT_REGION, normalise
from mockserver.externalcontacts.ratelimit import CreationWindows

CONTACTS_PATH = "/api/v2/externalcontacts/contacts"
# The org's home division; the same id as the outbound area's, since both live in the mock's one org.
HOME_DIVISION_ID = "00000000-0000-4000-8000-000000000001"
HOME_DIVISION = DomainEntityRef(
    id=HOME_DIVISION_ID, name="Home", self_uri=f"/api/v2/authorization/divisions/{HOME_DIVISION_ID}"
)

ExternalIdKey = tuple[str, str]
IdentifierKey = tuple[str, str]


def external_id_key(external_id: ExternalId) -> ExternalIdKey:
    """An external id is the pair (source, value); a source given without id is compared by name."""
    source = external_id.external_source
    return (source.id or f"name:{source.name or ''}", external_id.value)


def identifier_key(type_: str, value: str) -> IdentifierKey:
    """How identifiers compare: phones by E.164 (default US), e-mails ignoring case, the rest exactly."""
    value = value.strip()
    if type_ == "Phone":
        number = normalise(value, DEFAULT_REGION)
        return (type_, number.e164 if number else value)
    if type_ == "Email":
        return (type_, value.casefold())
    return (type_, value)


@dataclass
class ExternalContactsState:
    """Contacts in creation order (dicts keep it: the default order of a search)."""

    contacts: dict[str, ExternalContact] = field(default_factory=dict)
    external_ids: dict[ExternalIdKey, str] = field(default_factory=dict)
    identifiers: dict[IdentifierKey, str] = field(default_factory=dict)
    creation_windows: CreationWindows = field(default_factory=CreationWindows)

    def save(self, contact: ExternalContact) -> None:
        """Store (or replace) a contact and re-index what it holds."""
        assert contact.id is not None
        self.remove(contact.id)
        self.contacts[contact.id] = contact
        for external_id in contact.external_ids or []:
            self.external_ids.setdefault(external_id_key(external_id), contact.id)
        for identifier in contact.identifiers or []:
            self.identifiers[identifier_key(identifier.type, identifier.value)] = contact.id

    def remove(self, contact_id: str) -> ExternalContact | None:
        """Drop a contact and release everything it held.

        Every index entry a contact owns comes from its own external ids and identifiers (only :meth:`save` and
        the re-index write them), so only those keys are looked at instead of scanning both indexes.
        """
        contact = self.contacts.pop(contact_id, None)
        if contact is None:
            return None
        freed = self._unindex(self.external_ids, (external_id_key(e) for e in contact.external_ids or []), contact_id)
        self._unindex(self.identifiers, (identifier_key(i.type, i.value) for i in contact.identifiers or []),
                      contact_id)
        if freed:
            self._reindex_external_ids()
        return contact

    @staticmethod
    def _unindex(index: dict, keys: Iterable[tuple[str, str]], contact_id: str) -> bool:
        """Delete the entries of ``keys`` that ``contact_id`` owns; whether there were any."""
        freed = False
        for key in keys:
            if index.get(key) == contact_id:
                del index[key]
                freed = True
        return freed

    def _reindex_external_ids(self) -> None:
        """Faithful allows duplicate external ids; when the first holder goes, the next one takes the key."""
        for contact in self.contacts.values():
            for external_id in contact.external_ids or []:
                self.external_ids.setdefault(external_id_key(external_id), contact.id or "")

    def identifier_owner(self, identifier: ContactIdentifier) -> str | None:
        return self.identifiers.get(identifier_key(identifier.type, identifier.value))


def state() -> ExternalContactsState:
    return store().area("externalcontacts", ExternalContactsState)


def self_uri(contact_id: str) -> str:
    return f"{CONTACTS_PATH}/{contact_id}"


def require_contact(contact_id: str) -> ExternalContact:
    """The stored contact, or the real 404 (facts §9.1: ``not.found``)."""
    contact = state().contacts.get(contact_id)
    if contact is None:
        raise ApiError(404, "not.found", entity_id=contact_id, hint=_not_found_hint(contact_id))
    return contact


def _not_found_hint(contact_id: str) -> str | None:
    """Seed 003 looks contacts up by its own externalContactId; the path takes the server's id."""
    looks_like_uuid = len(contact_id) == 36 and contact_id.count("-") == 4
    if looks_like_uuid:
        return None
    return ("the path takes the contact's `id` (a UUID returned by POST), not an id of your own; find a contact "
            "by your id with POST /api/v2/externalcontacts/identifierlookup/contacts or GET ?q=")
