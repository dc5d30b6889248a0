"""State of external organizations: the organizations, the identifiers they claim, and the contacts linked to
each (tables declared in state.py, beside the contacts whose saves keep the links in step).

* ``externalcontacts.organizations``: organization id -> the ``ExternalOrganization`` as stored (creation order).
* ``externalcontacts.org-identifiers``: an identifier's comparison key -> the organization that claimed it.
* ``externalcontacts.org-contacts/<orgId>``: contact id -> True for every contact whose ``externalOrganization``
  references the organization (written by ``state.save_contact``/``remove_contact``).

Every write is ONE ``atomic()``: the identifier conflict check, the record and its indexes change together, and
deleting an organization unlinks its contacts in the same transaction.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from contracts.externalcontacts import ExternalOrganization, ExternalOrganizationIdentifier
from mockserver.core import rules
from mockserver.core.context import tenant_state
from mockserver.core.errors import not_found
from mockserver.externalcontacts.state import (
    CONTACTS,
    ORG_IDENTIFIERS,
    ORG_MEMBERS,
    ORG_RELATIONSHIPS,
    ORGANIZATIONS,
    RELATIONSHIPS,
    SCAN_BATCH,
    drop_notes,
    identifier_key,
)
from mockserver.state import Tx

ORGANIZATIONS_PATH = "/api/v2/externalcontacts/organizations"


def org_uri(org_id: str) -> str:
    return f"{ORGANIZATIONS_PATH}/{org_id}"


def _row(identifier: ExternalOrganizationIdentifier) -> str:
    type_, value = identifier_key(identifier.type, identifier.value)
    return f"{len(type_)}:{type_}\x1f{value}"


def _rows(org: ExternalOrganization | None) -> list[str]:
    return list(dict.fromkeys(_row(i) for i in (org.identifiers or []))) if org is not None else []


# --- reading -------------------------------------------------------------------------------------------------


def find_org(org_id: str) -> ExternalOrganization | None:
    return tenant_state().view().get(ORGANIZATIONS, org_id)


def _require(tx: Tx, org_id: str) -> ExternalOrganization:
    org = tx.get(ORGANIZATIONS, org_id)
    if org is None:
        raise not_found(org_id)
    return org


def require_org(org_id: str) -> ExternalOrganization:
    """The stored organization, or 404 ``not.found``."""
    return _require(tenant_state().view(), org_id)


def all_orgs() -> Iterator[ExternalOrganization]:
    """Every organization in creation order, batch by batch."""
    for batch in tenant_state().scan(ORGANIZATIONS, SCAN_BATCH):
        for _, org in batch:
            yield org


def member_ids(org_id: str) -> list[str]:
    """The ids of the contacts linked to the organization (404 when there is none), in link order."""
    view = tenant_state().view()
    _require(view, org_id)
    return view.keys(ORG_MEMBERS.of(org_id))


def org_identifier_owner(identifier: ExternalOrganizationIdentifier) -> str | None:
    return tenant_state().view().get(ORG_IDENTIFIERS, _row(identifier))


# --- writing -------------------------------------------------------------------------------------------------


def _store(tx: Tx, org: ExternalOrganization, previous: ExternalOrganization | None) -> None:
    assert org.id is not None
    old, new = _rows(previous), _rows(org)
    for row in old:
        if row not in new and tx.get(ORG_IDENTIFIERS, row) == org.id:
            tx.delete(ORG_IDENTIFIERS, row)
    for row in new:
        tx.put(ORG_IDENTIFIERS, row, org.id)
    tx.put(ORGANIZATIONS, org.id, org)


def _check_conflicts(tx: Tx, org: ExternalOrganization) -> None:
    for i, identifier in enumerate(org.identifiers or []):
        owner = tx.get(ORG_IDENTIFIERS, _row(identifier))
        rules.check(
            owner is not None and owner != org.id,
            "EXT-ORG-IDENTIFIER-CONFLICT",
            {"type": identifier.type, "value": identifier.value, "organization": owner},
            field_name=f"identifiers[{i}].value",
        )


def save_org(
    org_id: str | None, prepare: Callable[[ExternalOrganization | None], ExternalOrganization]
) -> ExternalOrganization:
    """Create (``org_id`` None) or replace an organization in one transaction; ``prepare`` turns the stored one
    (None for a create, 404 for an unknown id) into the one to store, raising the first rule it breaks."""

    def save(tx: Tx) -> ExternalOrganization:
        previous = _require(tx, org_id) if org_id is not None else None
        org = prepare(previous)
        _check_conflicts(tx, org)
        _store(tx, org, previous)
        return org

    return tenant_state().atomic(save)


def remove_org(org_id: str) -> ExternalOrganization:
    """Delete the organization (404 when there is none), free its identifiers, delete its notes and relationships,
    and unlink its contacts: they stay, without ``externalOrganization``."""

    def remove(tx: Tx) -> ExternalOrganization:
        org = _require(tx, org_id)
        for row in _rows(org):
            if tx.get(ORG_IDENTIFIERS, row) == org_id:
                tx.delete(ORG_IDENTIFIERS, row)
        members = ORG_MEMBERS.of(org_id)
        for contact_id in tx.keys(members):
            contact = tx.get(CONTACTS, contact_id)
            if contact is not None:
                tx.put(CONTACTS, contact_id, contact.model_copy(update={"external_organization": None}))
        tx.drop(members)
        drop_notes(tx, org_id)
        relationships = ORG_RELATIONSHIPS.of(org_id)
        tx.delete_many(RELATIONSHIPS, tx.keys(relationships))
        tx.drop(relationships)
        tx.delete(ORGANIZATIONS, org_id)
        return org

    return tenant_state().atomic(remove)


def add_orgs(tx: Tx, orgs: Iterable[ExternalOrganization]) -> None:
    """Store organizations inside the caller's transaction (a snapshot's install), indexing their identifiers."""
    for org in orgs:
        _store(tx, org, tx.get(ORGANIZATIONS, org.id or ""))
