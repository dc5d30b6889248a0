"""Every stateful generic collection: create -> get -> list -> update -> delete with exact counts, and every
generic operation answering (no 5xx; success bodies checked against the served document by the app).

Table-driven from the classified shapes (tests/api/generic_support.py): a collection the vendor adds is tested
without a line here. The Redis pass (GENESYS_MOCK_TEST_STATE=redis) runs the same over the Redis backend.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask

from contracts.generic import generic_operations
from contracts.operations import Operation
from contracts.vendor import vendor_models
from mockserver.generic.resources import member_id_fields
from mockserver.generic.samples import sample_body
from tests.api.generic_support import UNLIMITED, Caller, Collection, collections, fill
from tests.conftest import PASSWORD, USER, assert_error, get_token

COLLECTIONS = collections()


@pytest.fixture
def caller(make_app: Callable[..., Flask]) -> Caller:
    app = make_app(log_requests=False, rate_limit=UNLIMITED)  # responses checked against the document
    client = app.test_client()
    token = get_token(client, grant_type="password", username=USER, password=PASSWORD)
    return Caller(client, {"Authorization": f"Bearer {token}"})


def _request_properties(op: Operation) -> dict[str, Any]:
    ref = (op.vendor_request or {}).get("ref")
    return vendor_models()[ref]["properties"] if ref in vendor_models() else {}


def _ids(listing: dict[str, Any]) -> list[str]:
    return [entity.get("id") for entity in listing["entities"]]


def _total(caller: Caller, collection: Collection, values: dict[str, str]) -> tuple[int, list[str]]:
    assert collection.list is not None
    response = caller.call(collection.list, values, pageSize="100")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return body.get("total", len(body["entities"])), _ids(body)


def test_the_table_covers_every_kind() -> None:
    """The table is not empty by accident: 40 and more stateful collections, most with reads and deletes (DNC lists,
    contact-list filters, campaigns, external organizations, notes and relationships went deep in issue 16)."""
    assert len(COLLECTIONS) >= 40
    assert sum(1 for c in COLLECTIONS if c.read and c.delete) >= 25
    assert sum(1 for c in COLLECTIONS if c.list) >= 25


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.create.operation_id)
def test_round_trip(caller: Caller, collection: Collection) -> None:
    values: dict[str, str] = {}
    first = caller.create(collection.path, values)
    second = caller.create(collection.path, values)
    assert first != second
    param = collection.read or collection.delete or collection.replace or collection.merge
    id_param = param.path.rsplit("{", 1)[1].rstrip("}") if param else None
    if collection.list is not None and "id" in member_id_fields(collection.path):
        total, ids = _total(caller, collection, values)
        assert total == 2 and {first, second} <= set(ids)
    if id_param is None:
        return
    one = {**values, id_param: first}
    if collection.read is not None:
        read = caller.call(collection.read, one)
        assert read.status_code == 200, read.get_json()
        got = read.get_json()
        shown = [got[name] for name in member_id_fields(collection.path) if name in got]
        assert shown in ([], [first]) or first in shown, got  # a job's status model has no id field
    for update in (collection.replace, collection.merge):
        if update is None:
            continue
        body = sample_body(update)
        if isinstance(body, dict) and collection.read is not None:
            current = caller.call(collection.read, one).get_json()
            if "version" in current and "version" in _request_properties(update):
                body["version"] = current["version"]
        response = caller.call(update, one, body=body)
        assert response.status_code == update.success_status, (update.operation_id, response.get_json())
        if update.vendor_response is not None and "version" in response.get_json():
            assert str(response.get_json()["version"]) == str(
                2 if update is collection.replace or collection.replace is None else 3
            )
    if collection.delete is not None:
        deleted = caller.call(collection.delete, one)
        assert deleted.status_code in (200, 204), deleted.get_json()
        if collection.read is not None:
            assert_error(caller.call(collection.read, one), 404, "not.found")
        if collection.list is not None and "id" in member_id_fields(collection.path):
            total, ids = _total(caller, collection, values)
            assert total == 1 and ids == [second]
        assert_error(caller.call(collection.delete, one), 404, "not.found")


def test_every_generic_operation_answers(caller: Caller) -> None:
    """All 602: parents made to exist, sample bodies; never a 5xx (the app checks every success answer against
    the served document and fails with 500 when it does not fit), and a 2xx wherever no id is unknown."""
    failures = []
    values: dict[str, str] = {}
    for op in generic_operations():
        caller.parents(op.path + ("/x" if not op.path.endswith("}") else ""), values)
        response = caller.call(op, values)
        if response.status_code >= 500:
            failures.append((op.operation_id, fill(op.path, values), response.get_data(as_text=True)[:200]))
    assert not failures, failures
