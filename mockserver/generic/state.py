"""State of generic resources: the ONLY module that touches the backend for them.

Tables (``docs/state.md``): one per collection template, ``generic/<table_key>`` (``generic/outbound.campaigns``),
and for a sub-collection one per parent, ``Table.of(parent id)`` for each parent
(``generic/externalcontacts.contacts.notes/<contactId>``). Records are the stored entity documents (JSON, so the
Redis backend stores them as they are). Singleton documents (``…/{id}/settings``) live in
``generic/singletons`` keyed by their concrete path; ``generic/tables`` indexes the collection tables in use. Every write is one ``atomic()`` that checks the parents, the
per-collection cap (``settings().generic.max_records``, 400 ``max.entity.count.reached``) and the stored version.
A reset of the tenant clears all of it (``Backend.clear``); deleting a member drops its direct sub-collections.
"""

from __future__ import annotations

from typing import Any, Callable

from mockserver.core import rules
from mockserver.core.context import settings, tenant_state
from mockserver.core.errors import ApiError, not_found
from mockserver.generic.resources import Shape, child_collections, stateful_collections, table_key
from mockserver.state import Table, TenantState, Tx

Doc = dict[str, Any]
SINGLETONS: Table[Doc] = Table("generic/singletons")
TABLES: Table[Doc] = Table("generic/tables")
"""Index of the collection tables in use: table name -> ``{"collection": template, "parents": [ids]}`` (what a
snapshot walks; tables of one parent cannot be listed otherwise)."""

rules.register(
    rules.Rule(
        id="GENERIC-VERSION",
        area="generic",
        summary="PUT of a generic resource whose model has a version, with a version other than the stored one",
        source="facts §5.6 (the contact list's rule, applied to every versioned vendor model)",
        real_org="409 for a stale version (conf M, contact lists); other resources assumed alike (conf L)",
        status=409,
        code="invalid.update.wrong.version",
        message="The version supplied [{supplied}] does not match the current version [{current}].",
    ),
    rules.Rule(
        id="GENERIC-MAX-RECORDS",
        area="generic",
        summary="a generic collection (or singleton store) already holds settings.generic.max_records records",
        source="mock limit (memory bound); the code is the vendor's max.entity.count.reached",
        real_org="the real org's limits differ per resource (unknown)",
        status=400,
        code="max.entity.count.reached",
        message="The maximum number of entities [{max}] has been reached.",
    ),
)


def table(collection: str, parent_ids: tuple[str, ...]) -> Table[Doc]:
    """The table of one collection (of one parent, for a sub-collection)."""
    found: Table[Doc] = Table("generic/" + table_key(collection))
    for parent_id in parent_ids:
        found = found.of(parent_id)
    return found


_DIALER_TABLES = {
    "/api/v2/outbound/dnclists": "DNC_LISTS",
    "/api/v2/outbound/campaigns": "CAMPAIGNS",
    "/api/v2/outbound/contactlistfilters": "FILTERS",
}


def _deep_parent(collection: str, parent_id: str, tx: Tx) -> bool | None:
    """Whether a deep area's resource exists, through that area's own read; None when no area owns it."""
    if collection == "/api/v2/outbound/contactlists":
        from mockserver.outbound.state import get_list

        return get_list(parent_id) is not None
    if collection in _DIALER_TABLES:  # DNC lists, filters and campaigns are deep (mockserver/outbound/dnc.py ...)
        from mockserver.outbound import dialer_state

        return dialer_state.find(getattr(dialer_state, _DIALER_TABLES[collection]), parent_id) is not None
    if collection == "/api/v2/externalcontacts/contacts":
        from mockserver.externalcontacts.state import find_contact

        return find_contact(parent_id) is not None
    if collection == "/api/v2/externalcontacts/organizations":
        from mockserver.externalcontacts.orgstate import find_org

        return find_org(parent_id) is not None
    if collection in ("/api/v2/conversations", "/api/v2/conversations/calls"):
        from mockserver.conversations.state import find_call

        try:
            find_call(parent_id)
            return True
        except ApiError:
            if collection == "/api/v2/conversations/calls":
                return False
        # any media: a conversation created through a generic route (emails, messages, ...)
        return any(
            tx.get(table(media, ()), parent_id) is not None
            for media in stateful_collections()
            if media.startswith("/api/v2/conversations/") and media.count("/") == 4
        )
    return None


def check_parents(tx: Tx, shape: Shape, path_params: dict[str, str]) -> tuple[str, ...]:
    """404 naming the first missing parent; the parent ids (outermost first) of the shape's collection."""
    ids: list[str] = []
    for parent in shape.parents:
        parent_id = path_params[parent.param]
        if parent.collection in stateful_collections():
            grand = tuple(ids[: _stateful_depth(parent.collection)])
            if tx.get(table(parent.collection, grand), parent_id) is None:
                raise not_found(parent_id)
        elif _deep_parent(parent.collection, parent_id, tx) is False:
            raise not_found(parent_id)
        ids.append(parent_id)
    return tuple(ids)


def _stateful_depth(collection: str) -> int:
    return collection.count("{")


def _indexed(tx: Tx, collection: str, parent_ids: tuple[str, ...]) -> Table[Doc]:
    """The collection's table, recorded in :data:`TABLES` on its first write."""
    where = table(collection, parent_ids)
    if tx.get(TABLES, where.name) is None:
        tx.put(TABLES, where.name, {"collection": collection, "parents": list(parent_ids)})
    return where


def _room(tx: Tx, where: Table[Doc], adding: int = 1) -> None:
    limit = settings().generic.max_records
    if tx.count(where) + adding > limit:
        rules.reject("GENERIC-MAX-RECORDS", {"max": limit})


def create(shape: Shape, path_params: dict[str, str], build: Callable[[], Doc]) -> Doc:
    """Store a new member built by ``build`` (it carries its ``id``)."""

    def run(tx: Tx) -> Doc:
        where = _indexed(tx, shape.collection, check_parents(tx, shape, path_params))
        _room(tx, where)
        doc = build()
        tx.put(where, doc["id"], doc)
        return doc

    return tenant_state().atomic(run)


def create_many(shape: Shape, path_params: dict[str, str], builds: list[Callable[[], Doc]]) -> list[Doc]:
    """Store several new members at once (a bulk add): all or none."""

    def run(tx: Tx) -> list[Doc]:
        where = _indexed(tx, shape.collection, check_parents(tx, shape, path_params))
        _room(tx, where, len(builds))
        docs = [build() for build in builds]
        tx.put_many(where, [(doc["id"], doc) for doc in docs])
        return docs

    return tenant_state().atomic(run)


def read_many(shape: Shape, path_params: dict[str, str], ids: list[str]) -> list[Doc]:
    """The members with these ids that exist, in the order asked."""
    tx = tenant_state().view()
    where = table(shape.collection, check_parents(tx, shape, path_params))
    return [doc for doc in tx.get_many(where, ids) if doc is not None]


def delete_many(shape: Shape, path_params: dict[str, str], ids: list[str]) -> None:
    """Remove the members with these ids (absent ones ignored, as a bulk delete does)."""

    def run(tx: Tx) -> None:
        tx.delete_many(table(shape.collection, check_parents(tx, shape, path_params)), ids)

    tenant_state().atomic(run)


def read(shape: Shape, path_params: dict[str, str]) -> Doc | None:
    """The member, None when absent; 404 for a missing parent."""
    tx = tenant_state().view()
    where = table(shape.collection, check_parents(tx, shape, path_params))
    return tx.get(where, path_params[shape.id_param or ""])


def write(shape: Shape, path_params: dict[str, str], update: Callable[[Doc | None], Doc], *, must_exist: bool) -> Doc:
    """Replace or merge a member: ``update(current)`` gives the new document (it may raise, e.g. 409)."""
    member_id = path_params[shape.id_param or ""]

    def run(tx: Tx) -> Doc:
        parent_ids = check_parents(tx, shape, path_params)
        where = table(shape.collection, parent_ids)
        current = tx.get(where, member_id)
        if current is None:
            if must_exist:
                raise not_found(member_id)
            _room(tx, _indexed(tx, shape.collection, parent_ids))
        doc = update(current)
        tx.put(where, member_id, doc)
        return doc

    return tenant_state().atomic(run)


def delete(shape: Shape, path_params: dict[str, str], *, must_exist: bool) -> None:
    """Remove a member and its direct sub-collections."""
    member_id = path_params[shape.id_param or ""]

    def run(tx: Tx) -> None:
        parent_ids = check_parents(tx, shape, path_params)
        where = table(shape.collection, parent_ids)
        if tx.get(where, member_id) is None:
            if must_exist:
                raise not_found(member_id)
            return
        tx.delete(where, member_id)
        for child in child_collections(shape.collection):
            dropped = table(child, parent_ids + (member_id,))
            tx.drop(dropped)
            tx.delete(TABLES, dropped.name)

    tenant_state().atomic(run)


def members(shape: Shape, path_params: dict[str, str], collection: str | None = None) -> list[Doc]:
    """Every member of the shape's collection (at most ``max_records``: listings filter and sort in memory)."""
    tx = tenant_state().view()
    parent_ids = check_parents(tx, shape, path_params)
    where = table(collection or shape.collection, parent_ids)
    return [doc for _, doc in tx.items(where)]


def parents_exist(shape: Shape, path_params: dict[str, str]) -> None:
    """404 for a missing parent (actions and singletons under a member)."""
    check_parents(tenant_state().view(), shape, path_params)


def singleton(path: str) -> Doc | None:
    return tenant_state().view().get(SINGLETONS, path)


def put_singleton(shape: Shape, path_params: dict[str, str], path: str, update: Callable[[Doc | None], Doc]) -> Doc:
    def run(tx: Tx) -> Doc:
        check_parents(tx, shape, path_params)
        current = tx.get(SINGLETONS, path)
        if current is None:
            _room(tx, SINGLETONS)
        doc = update(current)
        tx.put(SINGLETONS, path, doc)
        return doc

    return tenant_state().atomic(run)


def delete_singleton(shape: Shape, path_params: dict[str, str], path: str) -> None:
    def run(tx: Tx) -> None:
        check_parents(tx, shape, path_params)
        tx.delete(SINGLETONS, path)

    tenant_state().atomic(run)


# --- snapshots (mockserver/generic/snapshot.py) -------------------------------------------------------------


def tables_in_use(state: TenantState) -> list[tuple[str, str, list[str]]]:
    """(table name, collection template, parent ids) of every indexed collection table."""
    return [(name, entry["collection"], entry["parents"]) for name, entry in state.view().items(TABLES)]


def drop_all(tx: Tx) -> None:
    """Forget every generic record (a snapshot installed with ``replace``)."""
    for name in tx.keys(TABLES):
        tx.drop(Table(name))
    tx.drop(TABLES)
    tx.drop(SINGLETONS)


def install_collection(tx: Tx, collection: str, parent_ids: tuple[str, ...], docs: list[Doc]) -> None:
    where = _indexed(tx, collection, parent_ids)
    tx.put_many(where, [(doc["id"], doc) for doc in docs])


def install_singletons(tx: Tx, docs: list[tuple[str, Doc]]) -> None:
    tx.put_many(SINGLETONS, docs)
