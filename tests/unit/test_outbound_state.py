"""The outbound state module's operations: exact limits under concurrency (memory backend), the name index, the
import claim and its lease, and the codecs of every stored record (JSON round trips)."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

import pytest
from flask import Flask

from contracts.outbound import ContactList, ImportStatus
from mockserver.core.errors import ApiError
from mockserver.outbound import state
from mockserver.outbound.records import EXPORT_CODEC, LIST_CODEC, NAME_CODEC, ExportFile, ListRecord
from mockserver.outbound.stored import CONTACT_CODEC, StoredContact
from tests.conftest import get_token

NOW = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
THREADS = 16


def _list(name: str, list_id: str | None = None) -> Callable[[state.NameTaken], ContactList]:
    """A ``create_list`` build that checks the name as lists.py does (OUT-LIST-NAME-DUPLICATE)."""

    def build(name_taken: state.NameTaken) -> ContactList:
        if name_taken(name):
            raise ApiError(400, "duplicate")
        return ContactList(id=list_id or state.random_uuid(), name=name, column_names=["phone"], version=1)

    return build


@pytest.fixture
def app_ctx(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    app = make_app(outbound={"max_contact_lists": 5, "max_contacts_per_list": 100})
    with app.app_context():
        yield app


def _concurrently(app: Flask, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in THREADS threads started together; each result is its value or the ApiError raised."""
    results: list[Any] = [None] * THREADS
    barrier = threading.Barrier(THREADS)

    def run(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = work(index)
            except ApiError as error:
                results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _errors(results: list[Any]) -> list[ApiError]:
    return [result for result in results if isinstance(result, ApiError)]


def test_max_contact_lists_is_exact_under_concurrency(app_ctx: Flask) -> None:
    results = _concurrently(app_ctx, lambda i: state.create_list(_list(f"list {i}")))
    assert len(state.all_lists()) == 5
    assert {error.code for error in _errors(results)} == {"max.entity.count.reached"}
    assert len(_errors(results)) == THREADS - 5


def test_duplicate_names_are_refused_exactly_under_concurrency(app_ctx: Flask) -> None:
    results = _concurrently(app_ctx, lambda i: state.create_list(_list("same")))
    assert len(state.all_lists()) == 1 and len(_errors(results)) == THREADS - 1


def test_max_contacts_per_list_is_exact_under_concurrency(app_ctx: Flask) -> None:
    state.create_list(_list("l", "l1"))

    def ten_new(i: int) -> list[StoredContact]:
        return state.upsert_contacts("l1", [StoredContact(f"c{i}-{n}", {"phone": "1"}, NOW) for n in range(10)])

    results = _concurrently(app_ctx, ten_new)
    assert state.list_size("l1") == 100
    assert len(_errors(results)) == THREADS - 10
    assert {error.code for error in _errors(results)} == {"max.entity.count.reached"}


def test_one_import_claim_wins_under_concurrency(app_ctx: Flask) -> None:
    state.create_list(_list("l", "l1"))
    results = _concurrently(app_ctx, lambda i: state.claim_import("l1"))
    assert len(_errors(results)) == THREADS - 1


def test_name_index_follows_creates_renames_and_deletes(app_ctx: Flask) -> None:
    state.create_list(_list("A", "a"))
    state.create_list(_list("B", "b"))
    with pytest.raises(ApiError):
        state.create_list(_list("A"))
    state.replace_list("a", lambda current, taken: current.model_copy(update={"name": "C"}))
    state.create_list(_list("A", "a2"))  # the old name is free again
    with pytest.raises(ApiError):
        state.create_list(_list("C"))
    state.delete_lists(["a", "b"], must_exist=True)
    state.create_list(_list("C", "c"))
    state.create_list(_list("B", "b2"))
    assert [record.contact_list.name for record in state.all_lists()] == ["A", "C", "B"]


def test_upsert_keeps_date_created_and_applies_priority_semantics(app_ctx: Flask) -> None:
    state.create_list(_list("l", "l1"))
    later = datetime(2026, 2, 1, tzinfo=timezone.utc)
    (first,) = state.upsert_contacts(
        "l1", [StoredContact("c", {"phone": "1"}, NOW, extra={"callable": False})], priority=True
    )
    assert first.priority is True
    (kept,) = state.upsert_contacts("l1", [StoredContact("c", {"phone": "2"}, later)], do_not_queue=True)
    assert (kept.date_created, kept.priority, dict(kept.extra), kept.data) == (
        NOW,
        True,
        {"callable": False},
        {"phone": "2"},
    )
    (cleared,) = state.upsert_contacts("l1", [StoredContact("c", {"phone": "3"}, later)], clear_system_data=True)
    assert (cleared.priority, dict(cleared.extra)) == (False, {})
    assert state.get_contact("l1", "c") == cleared
    assert first.data == {"phone": "1"}  # records are values: the first version is unchanged


def test_contact_batches_read_the_list_in_insertion_order(app_ctx: Flask) -> None:
    state.create_list(_list("l", "l1"))
    state.upsert_contacts("l1", [StoredContact(f"c{n}", {"phone": str(n)}, NOW) for n in range(25)])
    batches = list(state.contact_batches("l1", batch=10))
    assert [len(batch) for batch in batches] == [10, 10, 5]
    assert [c.id for batch in batches for c in batch] == [f"c{n}" for n in range(25)]


def test_an_import_whose_lease_expired_is_read_as_failed(
    make_app: Callable[..., Flask], contact_list_body: dict[str, Any]
) -> None:
    """The worker that ran it died: readers mark it FAILED, and a new import may claim the list."""
    app = make_app()
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    list_id = client.post(state.CONTACT_LISTS_PATH, json=contact_list_body, headers=auth).get_json()["id"]
    with app.app_context():
        claim, _ = state.claim_import(list_id, lease_seconds=-1)  # a lease already in the past
    listed = client.get(f"{state.CONTACT_LISTS_PATH}/{list_id}?includeImportStatus=true", headers=auth).get_json()
    expected = {
        "state": "FAILED",
        "totalRecords": 0,
        "completedRecords": 0,
        "percentComplete": 0,
        "failureReason": state.LEASE_LOST,
    }
    assert listed["importStatus"] == expected
    assert client.get(f"{state.CONTACT_LISTS_PATH}/{list_id}/importstatus", headers=auth).get_json() == expected
    with app.app_context():
        assert not state.publish_import_status(list_id, claim, state.IMPORT_STARTED)  # the dead worker's claim
        state.claim_import(list_id)  # a new import is not refused
    assert client.delete(f"{state.CONTACT_LISTS_PATH}/{list_id}", headers=auth).status_code == 400  # it runs


def test_a_live_lease_refuses_a_second_import_until_it_ends(app_ctx: Flask) -> None:
    state.create_list(_list("l", "l1"))
    claim, _ = state.claim_import("l1")
    with pytest.raises(ApiError):
        state.claim_import("l1")
    assert state.import_status("l1").state == "IN_PROGRESS"
    done = ImportStatus(state="IN_PROGRESS", total_records=1, completed_records=1, percent_complete=100)
    state.finish_import("l1", claim, done)
    assert state.import_status("l1") == done
    state.claim_import("l1")


def _round_trip(codec: Any, record: Any) -> Any:
    return codec.load(json.loads(json.dumps(codec.dump(record))))


@pytest.mark.parametrize(
    "contact",
    [
        StoredContact("c1", {"phone": "+13175550100", "name": "Ann"}, NOW),
        StoredContact(
            "c2",
            {"phone": "a\x1fb"},
            NOW,
            priority=True,
            extra={"callable": False, "phoneNumberStatus": {"phone": {"callable": True}}},
        ),
        StoredContact("c3", {}, NOW),
    ],
)
def test_contact_codec_round_trips(contact: StoredContact) -> None:
    assert _round_trip(CONTACT_CODEC, contact) == contact
    assert len(CONTACT_CODEC.dump(contact)) == (5 if contact.extra else 4)  # compact: a short list


def test_list_export_and_name_codecs_round_trip() -> None:
    contact_list = ContactList(
        id="l1",
        name="x",
        column_names=["a", "phone"],
        version=3,
        date_created=NOW,
        date_modified=NOW,
        self_uri="/api/v2/outbound/contactlists/l1",
    )
    status = ImportStatus(
        state="FAILED", total_records=2, completed_records=0, percent_complete=0, failure_reason="bad row"
    )
    for record in (ListRecord(contact_list), ListRecord(contact_list, status, "claim", 1_800_000_000.5, "export-1")):
        assert _round_trip(LIST_CODEC, record) == record
    export = ExportFile("e1", "l1", "inin-outbound-id,a\r\nc1,é\r\n".encode(), NOW)
    assert _round_trip(EXPORT_CODEC, export) == export
    assert _round_trip(NAME_CODEC, ("l1", "l2")) == ("l1", "l2")


def test_memory_scan_reads_the_table_as_it_was_when_it_started() -> None:
    """Batches in insertion order; a write made while the scan runs does not change what it reads."""
    from mockserver.state import Table
    from mockserver.state.memory import MemoryBackend

    backend, table = MemoryBackend(), Table("t")
    backend.atomic("x", lambda tx: tx.put_many(table, [(str(n), n) for n in range(5)]))
    scan = backend.scan("x", table, batch=2)
    first = next(scan)
    backend.atomic("x", lambda tx: (tx.delete(table, "3"), tx.put(table, "9", 9)))
    assert [first, *scan] == [[("0", 0), ("1", 1)], [("2", 2), ("3", 3)], [("4", 4)]]


def test_snapshot_install_replaces_or_adds(app_ctx: Flask) -> None:
    """replace=True makes the area exactly the document (contacts of dropped lists go too); replace=False adds
    to what is there and keeps the name index true."""
    from mockserver.outbound import snapshot
    from mockserver.snapshot.document import to_plain

    state.create_list(_list("A", "a"))
    state.upsert_contacts("a", [StoredContact("c", {"phone": "1"}, NOW)])
    document = to_plain(snapshot.dump(state.tenant_state()))
    parsed = snapshot.parse(document, "areas.outbound")
    tenant = state.tenant_state()
    tenant.atomic(lambda tx: snapshot.install(tx, snapshot.parse({}, "areas.outbound"), replace=True))
    assert state.all_lists() == [] and state.list_size("a") == 0
    state.create_list(_list("A", "a2"))
    tenant.atomic(lambda tx: snapshot.install(tx, parsed, replace=False))
    assert [r.contact_list.id for r in state.all_lists()] == ["a2", "a"] and state.list_size("a") == 1
    state.replace_list("a2", lambda current, taken: current.model_copy(update={"name": "B"}))
    with pytest.raises(ApiError):  # "A" is still taken by the installed list
        state.create_list(_list("A"))
    assert to_plain(snapshot.dump(tenant))["contactLists"][1] == document["contactLists"][0]
