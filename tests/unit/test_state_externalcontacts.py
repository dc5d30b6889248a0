"""The externalcontacts area's state module: the contact codec, and operations whose checks hold under
concurrent requests (one claim per identifier, the creation window's exact limit, the indexes)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import pytest
from flask import Flask

from contracts.externalcontacts import ContactIdentifier, ExternalContact
from mockserver.core.errors import ApiError
from mockserver.externalcontacts import state
from mockserver.externalcontacts.state import CONTACT_CODEC
from tests.unit.concurrency import run_together, yield_on_reads

AT = datetime(2026, 3, 1, 12, 30, 15, 123000, tzinfo=timezone.utc)
PHONE = ContactIdentifier(type="Phone", value="+13175550100")
SOURCE = {"externalSource": {"id": "src-1"}, "value": "crm-1"}


def _contact(contact_id: str, **fields: object) -> ExternalContact:
    return ExternalContact.model_validate({"id": contact_id, "firstName": "Ann", **fields})


def test_contact_codec_round_trips_a_stored_contact() -> None:
    contact = _contact(
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        lastName="Lee",
        type="Curated",
        createDate=AT,
        modifyDate=AT,
        workPhone={"display": "+1 317-555-0100", "e164": "+13175550100", "userInput": "317 555 0100"},
        address={"city": "Indianapolis"},
        externalIds=[SOURCE],
        identifiers=[{"type": "Email", "value": "ann@example.com", "dateCreated": AT.isoformat()}],
        customFields={"tier": "gold", "score": 3},
    )
    data = CONTACT_CODEC.dump(contact)
    assert CONTACT_CODEC.load(data) == contact
    assert CONTACT_CODEC.dump(CONTACT_CODEC.load(data)) == data


def test_one_identifier_is_claimed_by_one_contact_under_concurrent_creates(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Strict: of 16 creations claiming one phone at once, one wins and 15 get the conflict."""
    app = make_app()

    def create(index: int) -> ExternalContact:
        with app.app_context():
            contact = _contact(f"c-{index}", identifiers=[PHONE.dump()])
            return state.save_contact(None, lambda _: contact)

    yield_on_reads(monkeypatch)
    results = run_together(16, create)
    won = [r for r in results if isinstance(r, ExternalContact)]
    lost = [r for r in results if isinstance(r, ApiError)]
    assert len(won) == 1 and len(lost) == 15, results
    assert {error.status for error in lost} == {409}
    with app.app_context():
        assert state.identifier_owner(PHONE) == won[0].id
        assert [c.id for c in state.all_contacts()] == [won[0].id]


def test_a_moved_identifier_ends_with_one_holder_under_concurrent_claims(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the conflict rule off, each claim takes the phone from its holder; afterwards exactly one contact
    holds it and the index names that one."""
    app = make_app(rules={"EXT-IDENTIFIER-CONFLICT": False})
    with app.app_context():
        for index in range(16):
            state.save_contact(None, lambda _, i=index: _contact(f"c-{i}"))

    def claim(index: int) -> ContactIdentifier:
        with app.app_context():
            return state.claim_identifier(f"c-{index}", PHONE, AT)

    yield_on_reads(monkeypatch)
    results = run_together(16, claim)
    assert all(isinstance(result, ContactIdentifier) for result in results), results
    with app.app_context():
        holders = [c.id for c in state.all_contacts() if c.identifiers]
        assert len(holders) == 1 and state.identifier_owner(PHONE) == holders[0]


def test_creation_window_allows_exactly_its_limit_under_concurrent_creates(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()

    def hit(_: int) -> bool:
        with app.app_context():
            return state.hit_creation_window("token-digest", 100, 60).exceeded

    yield_on_reads(monkeypatch)
    results = run_together(150, hit)
    assert results.count(False) == 100 and results.count(True) == 50


def test_the_next_holder_takes_a_duplicated_external_id(make_app: Callable[..., Flask]) -> None:
    """Faithful stores duplicate external ids; once the first holder is deleted, a strict check finds the next."""
    app = make_app(profile="faithful")
    with app.app_context():
        for contact_id in ("first", "second"):
            state.save_contact(None, lambda _, i=contact_id: _contact(i, externalIds=[SOURCE]))
        state.remove_contact("first")
    strict = make_app()
    with strict.app_context():
        for contact_id in ("first", "second"):
            state.save_contact(
                None, lambda _, i=contact_id: _contact(i, externalIds=[SOURCE]) if i == "second" else _contact(i)
            )
        state.remove_contact("first")
        try:
            state.save_contact(None, lambda _: _contact("third", externalIds=[SOURCE]))
        except ApiError as error:
            assert error.status == 409 and error.params["contact"] == "second"
        else:
            raise AssertionError("the external id's next holder was not found")


def test_a_snapshot_install_indexes_what_it_installs(make_app: Callable[..., Flask]) -> None:
    """``replace`` makes the area exactly the document (old claims gone, the document's claimed); without it the
    document's contacts are added to those stored, and their claims are found too."""
    from mockserver.core.context import tenant_state
    from mockserver.externalcontacts import snapshot

    app = make_app()
    email = ContactIdentifier(type="Email", value="Bo@Example.com")
    with app.app_context():
        state.save_contact(None, lambda _: _contact("old", identifiers=[PHONE.dump()]))
        claimed = snapshot.parse({"contacts": [_contact("new", identifiers=[email.dump()]).dump()]}, "areas.x")
        tenant_state().atomic(lambda tx: snapshot.install(tx, claimed, replace=True))
        assert state.identifier_owner(PHONE) is None
        assert state.identifier_owner(ContactIdentifier(type="Email", value="bo@example.com")) == "new"
        added = snapshot.parse({"contacts": [_contact("more", identifiers=[PHONE.dump()]).dump()]}, "areas.x")
        tenant_state().atomic(lambda tx: snapshot.install(tx, added, replace=False))
        assert [c.id for c in state.all_contacts()] == ["new", "more"] and state.identifier_owner(PHONE) == "more"
        assert snapshot.parse({}, "areas.x") == ([], [], [], [])


def test_external_ids_that_differ_only_in_where_the_separator_falls_do_not_conflict(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    with app.app_context():
        for contact_id, source, value in (("one", "a\x1fb", "c"), ("two", "a", "b\x1fc")):
            external_id = {"externalSource": {"id": source}, "value": value}
            state.save_contact(None, lambda _, i=contact_id, e=external_id: _contact(i, externalIds=[e]))
        assert [c.id for c in state.all_contacts()] == ["one", "two"]
