"""Contact lists and contacts through the typed client, against the mock in-process or a real org (``target``).

Every resource is uniquely named and registered for deletion before anything else can fail.
"""

from __future__ import annotations

import csv
import io

import pytest

from clients.genesys_client import GenesysApiError
from contracts.outbound import ContactList, ContactListingRequest, EmailColumn
from tests.client.conftest import Target, unique_name


def _new_list(
    target: Target,
    name: str | None = None,
    *,
    columns: tuple[str, ...] = ("firstName", "phone"),
) -> ContactList:
    created = target.client.outbound.create_contact_list(
        {
            "name": name or unique_name(),
            "columnNames": list(columns),
            "phoneColumns": [{"columnName": "phone", "type": "cell"}],
        }
    )
    assert created.id
    target.cleanup.contact_list(created.id)
    return created


def test_contact_list_lifecycle(target: Target) -> None:
    outbound = target.client.outbound
    created = _new_list(target)
    assert created.version == 1 and created.column_names == ["firstName", "phone"]
    assert outbound.get_contact_list(created.id, include_size=True).size == 0
    # A real org may still refuse column changes (facts §5.5, conf L): there, PUT the same definition.
    changes = (
        {
            "column_names": ["firstName", "phone", "email"],
            "email_columns": [EmailColumn(column_name="email", type="work")],
        }
        if target.is_mock
        else {}
    )
    updated = outbound.update_contact_list(created.id, created.model_copy(update=changes))
    assert updated.version == 2
    with pytest.raises(GenesysApiError) as stale:
        outbound.update_contact_list(created.id, created)  # version 1 is stale now
    assert stale.value.status == 409
    outbound.delete_contact_list(created.id)
    with pytest.raises(GenesysApiError) as gone:
        outbound.get_contact_list(created.id)
    assert gone.value.status == 404


def test_a_400_surfaces_with_the_field_name(target: Target) -> None:
    name = unique_name()
    with pytest.raises(GenesysApiError) as caught:
        created = target.client.outbound.create_contact_list(
            {"name": name, "columnNames": ["phone"], "phoneColumns": [{"columnName": "mobile", "type": "cell"}]}
        )
        target.cleanup.contact_list(created.id or "")
    err = caught.value
    assert err.status == 400 and err.code and err.correlation_id
    if target.is_mock:
        assert err.field_names == ["phoneColumns[0].columnName"]
        assert "phoneColumns[0].columnName" in str(err)


def test_contact_list_iterator_returns_every_list_exactly_once(target: Target) -> None:
    prefix = unique_name("gcm-paging")
    created = {_new_list(target, f"{prefix}-{i:02d}").id for i in range(23)}
    pages = target.client.outbound.iter_contact_lists(page_size=5, name=prefix, filter_type="Prefix")
    seen = [contact_list.id for contact_list in pages]
    assert len(seen) == len(set(seen)) == 23
    assert set(seen) == created
    assert pages.pages_fetched == 5 and pages.total == 23


def test_contacts_added_in_batches_and_walked_exactly_once(target: Target) -> None:
    outbound = target.client.outbound
    contact_list = _new_list(target)
    contacts = [{"data": {"firstName": f"N{i}", "phone": f"+1317555{i:04d}"}} for i in range(2345)]
    stored = outbound.add_contacts(contact_list.id, contacts)
    assert len(stored) == 2345 and len({c.id for c in stored}) == 2345
    assert outbound.get_contact_list(contact_list.id, include_size=True).size == 2345
    pages = outbound.iter_contacts(contact_list.id, page_size=100)
    walked = [contact.id for contact in pages]
    assert len(walked) == len(set(walked)) == 2345 and set(walked) == {c.id for c in stored}
    assert pages.pages_fetched == 24

    some = [c.id for c in stored[:120]]
    assert {c.id for c in outbound.get_contacts(contact_list.id, some)} == set(some)  # 3 requests of <= 50
    outbound.delete_contacts(contact_list.id, some[:30])
    outbound.delete_contact(contact_list.id, some[30])
    remaining = outbound.search_contacts(contact_list.id, ContactListingRequest(page_number=1, page_size=1))
    assert remaining.total == 2345 - 31


def test_one_contact_round_trip_and_export(target: Target) -> None:
    outbound = target.client.outbound
    contact_list = _new_list(target)
    [stored] = outbound.add_contacts(contact_list.id, [{"data": {"firstName": "Ann", "phone": "+13175550100"}}])
    fetched = outbound.get_contact(contact_list.id, stored.id)
    assert fetched.data == {"firstName": "Ann", "phone": "+13175550100"}
    updated = outbound.update_contact(
        contact_list.id, stored.id, fetched.model_copy(update={"data": {"firstName": "Anna", "phone": "+13175550100"}})
    )
    assert updated.data["firstName"] == "Anna"
    exported = outbound.download_export(contact_list.id, poll_interval=0.05 if target.is_mock else 2.0)
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert [(r["firstName"], r["phone"]) for r in rows] == [("Anna", "+13175550100")]
    outbound.clear_contact_list(contact_list.id)
