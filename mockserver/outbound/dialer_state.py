"""State of the dialer's configuration: DNC lists and their entries, contact-list filters, campaigns.

Tables (tenant namespace; records are the JSON documents the API shows, so both backends store them as they are):

- :data:`DNC_LISTS`: DNC list id -> the ``DncList`` document (without ``size``/``importStatus``: derived on read);
- :data:`DNC_ENTRIES` ``.of(dncListId)``: ``phone:<digits>`` / ``email:<address>`` -> ``{"expires": epoch|None}``;
- :data:`DNC_IMPORTS`: DNC list id -> its latest ``ImportStatus`` document;
- :data:`FILTERS`: filter id -> the ``ContactListFilter`` document;
- :data:`CAMPAIGNS`: campaign id -> the ``Campaign`` document.

Every check that spans records (a reference that must exist, a resource a campaign still uses) runs in the
transaction that writes, so a concurrent delete cannot leave a campaign pointing at nothing. The functions given
to ``atomic()`` only read and decide: a Redis backend may run them again.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from mockserver.core import rules
from mockserver.core.context import clock, settings, tenant_state
from mockserver.core.errors import not_found
from mockserver.outbound.state import LISTS
from mockserver.state import Table, Tx

Doc = dict[str, Any]
DNC_LISTS: Table[Doc] = Table("outbound.dnclists")
DNC_ENTRIES: Table[Doc] = Table("outbound.dnc-entries")
DNC_IMPORTS: Table[Doc] = Table("outbound.dnc-imports")
FILTERS: Table[Doc] = Table("outbound.filters")
CAMPAIGNS: Table[Doc] = Table("outbound.campaigns")
Check = Callable[[Tx], None]


def _require(tx: Tx, table: Table[Doc], record_id: str) -> Doc:
    doc = tx.get(table, record_id)
    if doc is None:
        raise not_found(record_id)
    return doc


def _ref_ids(doc: Doc, field: str) -> list[str]:
    return [ref.get("id", "") for ref in doc.get(field) or [] if isinstance(ref, dict)]


def _users(tx: Tx, field: str, record_id: str) -> list[Doc]:
    """Campaigns whose ``field`` (a reference or a list of references) names ``record_id``."""
    found = []
    for _, campaign in tx.items(CAMPAIGNS):
        ref = campaign.get(field)
        ids = [ref.get("id")] if isinstance(ref, dict) else _ref_ids(campaign, field)
        if record_id in ids:
            found.append(campaign)
    return found


# --- documents of one table ---------------------------------------------------------------------------------------


def get(table: Table[Doc], record_id: str) -> Doc:
    """A DNC list, filter or campaign document, or the real 404."""
    return _require(tenant_state().view(), table, record_id)


def all_docs(table: Table[Doc]) -> list[Doc]:
    """Every document of the table in creation order."""
    return [doc for _, doc in tenant_state().view().items(table)]


def create(table: Table[Doc], doc: Doc, check: Check | None = None) -> Doc:
    """Store a new document after ``check`` (references, read in the same transaction) and the org's limit: the
    contact lists' ``max_contact_lists`` (1000) per kind, the real per-kind limits not being documented."""
    limit = settings().outbound.max_contact_lists

    def write(tx: Tx) -> Doc:
        if check is not None:
            check(tx)
        rules.check(tx.count(table) >= limit, "OUT-DIALER-MAX-ENTITIES", {"max": limit})
        tx.put(table, doc["id"], doc)
        return doc

    return tenant_state().atomic(write)


def replace(table: Table[Doc], record_id: str, build: Callable[[Doc, Tx], Doc]) -> Doc:
    """Replace a document with what ``build`` makes of the stored one (it checks version and references)."""

    def write(tx: Tx) -> Doc:
        doc = build(_require(tx, table, record_id), tx)
        tx.put(table, record_id, doc)
        return doc

    return tenant_state().atomic(write)


def delete(table: Table[Doc], record_id: str, check: Callable[[Tx, Doc], None] | None = None) -> Doc:
    """Delete a document after ``check`` (e.g. no campaign uses it); a DNC list's entries go with it. Returns the
    document as it was: the campaign's DELETE answers it (the vendor's Campaign response)."""

    def write(tx: Tx) -> Doc:
        doc = _require(tx, table, record_id)
        if check is not None:
            check(tx, doc)
        tx.delete(table, record_id)
        if table is DNC_LISTS:
            tx.drop(DNC_ENTRIES.of(record_id))
            tx.delete(DNC_IMPORTS, record_id)
        return doc

    return tenant_state().atomic(write)


# --- references -------------------------------------------------------------------------------------------------


def list_exists(tx: Tx, list_id: str) -> bool:
    return tx.get(LISTS, list_id) is not None


def doc_in(tx: Tx, table: Table[Doc], record_id: str) -> Doc | None:
    return tx.get(table, record_id)


def campaigns_using(tx: Tx, field: str, record_id: str) -> list[Doc]:
    """The campaigns that reference ``record_id`` in ``field`` (``contactList``, ``dncLists``, ...)."""
    return _users(tx, field, record_id)


def campaigns_of_list(list_id: str) -> list[Doc]:
    """The campaigns dialling a contact list (one read)."""
    return _users(tenant_state().view(), "contactList", list_id)


# --- DNC entries --------------------------------------------------------------------------------------------------


def add_entries(dnc_id: str, keys: Iterable[str], expires: float | None, check: Callable[[Doc], None]) -> None:
    """Add (or renew) entries; ``check`` sees the list first (only internal lists take entries)."""
    keys = list(dict.fromkeys(keys))

    def write(tx: Tx) -> None:
        check(_require(tx, DNC_LISTS, dnc_id))
        tx.put_many(DNC_ENTRIES.of(dnc_id), [(key, {"expires": expires}) for key in keys])

    tenant_state().atomic(write)


def remove_entries(dnc_id: str, keys: Iterable[str], check: Callable[[Doc], None]) -> None:
    def write(tx: Tx) -> None:
        check(_require(tx, DNC_LISTS, dnc_id))
        tx.delete_many(DNC_ENTRIES.of(dnc_id), list(keys))

    tenant_state().atomic(write)


def clear_entries(dnc_id: str, prefix: str, expired_only: bool, check: Callable[[Doc], None]) -> None:
    """Delete every entry of one kind (``phone:``/``email:``), or only the expired ones (simulated clock)."""
    now = clock().time()

    def write(tx: Tx) -> None:
        check(_require(tx, DNC_LISTS, dnc_id))
        table = DNC_ENTRIES.of(dnc_id)
        gone = [
            key
            for key, entry in tx.items(table)
            if key.startswith(prefix) and (not expired_only or _expired(entry, now))
        ]
        tx.delete_many(table, gone)

    tenant_state().atomic(write)


def _expired(entry: Doc, now: float) -> bool:
    expires = entry.get("expires")
    return expires is not None and expires <= now


def active_entries(dnc_id: str) -> set[str]:
    """The list's entries that have not expired (as of the simulated clock)."""
    now = clock().time()
    return {
        key
        for batch in tenant_state().scan(DNC_ENTRIES.of(dnc_id), 2000)
        for key, entry in batch
        if not _expired(entry, now)
    }


def entry_count(dnc_id: str) -> int:
    return tenant_state().view().count(DNC_ENTRIES.of(dnc_id))


def set_import_status(dnc_id: str, status: Doc) -> None:
    def write(tx: Tx) -> None:
        _require(tx, DNC_LISTS, dnc_id)
        tx.put(DNC_IMPORTS, dnc_id, status)

    tenant_state().atomic(write)


def import_status(dnc_id: str) -> Doc | None:
    return tenant_state().view().get(DNC_IMPORTS, dnc_id)


def find(table: Table[Doc], record_id: str) -> Doc | None:
    """A document, or None (one read)."""
    return tenant_state().view().get(table, record_id)
