"""Realistic data from Faker as a state document, reproducible from (seed, locale, now).

Everything random comes from one ``random.Random(seed)`` (ids, times, numbers) and one Faker seeded with the same
seed (names, e-mails, addresses), in a fixed order, so the same inputs give byte-identical documents. Dates lie
before ``now`` (the mock clock unless the spec fixes it). Phone numbers are the fictional North American
``+1 NPA 555 01XX`` range: they can never ring a real person, and the mock's call lifecycle gives some of them
their documented behaviour (busy, voicemail ...) when dialled.

The document is what a snapshot of the same data would be, so seeding is "merge this document into the state"
and goes through the same validation as ``PUT /__mock/state``.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from contracts.externalcontacts import ContactAddress, ExternalContact, PhoneNumber
from contracts.outbound import ContactList, ContactPhoneNumberColumn, EmailColumn
from mockserver.core.divisions import HOME_DIVISION
from mockserver.core.phones import normalise
from mockserver.externalcontacts.state import CONTACTS_PATH
from mockserver.outbound.state import CONTACT_LISTS_PATH
from mockserver.seeding.calls import Person, seeded_calls
from mockserver.seeding.spec import SeedSpec
from mockserver.snapshot.document import FORMAT, VERSION

LIST_COLUMNS = ["firstName", "lastName", "phone", "email", "city"]
AREA_CODES = (201, 212, 305, 312, 415, 503, 617, 702, 713, 808, 917, 972)
DAY = 86400.0
POOL_SIZE = 500


@dataclass
class Seeded:
    """A generated document and the summary a client gets back (ids of what was created)."""

    document: dict[str, Any]
    summary: dict[str, Any] = field(default_factory=dict)


class _Source:
    """The seeded randomness: ids, instants and numbers from ``rng``, people and places from ``fake``."""

    def __init__(self, spec: SeedSpec, seed: int, now: datetime) -> None:
        from faker import Faker  # imported here: Faker's import is slow and only seeding needs it

        self.rng = random.Random(seed)
        self.fake = Faker(spec.locale)
        self.fake.seed_instance(seed)
        self.now = now

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def before(self, latest: datetime, max_seconds: float) -> datetime:
        """An instant up to ``max_seconds`` before ``latest``, in whole milliseconds as the API shows them."""
        return latest - timedelta(milliseconds=self.rng.randrange(int(max_seconds * 1000) + 1))

    def phone(self) -> str:
        return f"+1{self.rng.choice(AREA_CODES)}55501{self.rng.randrange(100):02d}"


def _contact_list(source: _Source, index: int) -> ContactList:
    created = source.before(source.now, 30 * DAY)
    list_id = source.uuid()
    words = source.fake.catch_phrase()[:48].strip()
    return ContactList(
        id=list_id,
        name=f"{words} #{index + 1}",
        version=1,
        date_created=created,
        date_modified=created,
        division=HOME_DIVISION,
        column_names=LIST_COLUMNS,
        phone_columns=[ContactPhoneNumberColumn(column_name="phone", type="cell")],
        email_columns=[EmailColumn(column_name="email", type="work")],
        trim_whitespace=True,
        automatic_time_zone_mapping=False,
        self_uri=f"{CONTACT_LISTS_PATH}/{list_id}",
    )


def _pool(source: _Source, draw: Callable[[], str], count: int) -> list[str]:
    """Up to POOL_SIZE Faker values drawn once: a Faker value per contact is too slow for a million contacts
    (docs/performance.md)."""
    return [draw() for _ in range(min(count, POOL_SIZE))]


def _list_contacts(source: _Source, contact_list: ContactList, count: int) -> list[dict[str, Any]]:
    """Contacts in the snapshot's contact shape, each created between its list's creation and now."""
    assert contact_list.date_created is not None
    span = (source.now - contact_list.date_created).total_seconds()
    fake, rng = source.fake, source.rng
    firsts, lasts = _pool(source, fake.first_name, count), _pool(source, fake.last_name, count)
    cities, emails = _pool(source, fake.city, count), _pool(source, fake.email, count)
    contacts = []
    for index in range(count):
        local, domain = rng.choice(emails).split("@", 1)
        data = {
            "firstName": rng.choice(firsts),
            "lastName": rng.choice(lasts),
            "phone": source.phone(),
            "email": f"{local}{index}@{domain}",
            "city": rng.choice(cities),
        }
        created = source.before(source.now, span)
        contacts.append({"id": source.uuid(), "data": data, "dateCreated": created.isoformat(), "priority": False})
    return contacts


def _phone(number: str) -> PhoneNumber:
    """The stored form of a phone a client sent as ``number`` (what the area's normalisation computes)."""
    parsed = normalise(number, "US")
    assert parsed is not None, number
    return PhoneNumber(display=parsed.international, user_input=number, e164=parsed.e164, country_code=parsed.region)


def _external_contact(source: _Source) -> ExternalContact:
    created = source.before(source.now, 90 * DAY)
    contact_id = source.uuid()
    fake = source.fake
    return ExternalContact(
        id=contact_id,
        division=HOME_DIVISION.model_dump(by_alias=True),
        first_name=fake.first_name(),
        last_name=fake.last_name(),
        title=fake.job()[:100],
        work_email=fake.company_email(),
        personal_email=fake.free_email(),
        cell_phone=_phone(source.phone()),
        work_phone=_phone(source.phone()),
        address=ContactAddress(
            address1=fake.street_address(),
            city=fake.city(),
            postal_code=fake.postcode(),
            country_code=fake.current_country_code(),
        ),
        create_date=created,
        modify_date=created,
        type="Curated",
        self_uri=f"{CONTACTS_PATH}/{contact_id}",
    )


def generate(spec: SeedSpec, *, now: datetime, agents: list[Person]) -> Seeded:
    """The document and summary for ``spec``; ``agents`` are the users who can log in (they place the calls)."""
    seed = spec.seed if spec.seed is not None else random.SystemRandom().randrange(2**63)
    now = (spec.now or now).astimezone(timezone.utc)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # the API's precision: dates stay whole ms
    source = _Source(spec, seed, now)
    lists: list[dict[str, Any]] = []
    contact_list_ids: list[str | None] = []  # ContactList.id is optional in the model; generated lists have one
    contact_count = 0
    for index in range(spec.contact_lists):
        contact_list = _contact_list(source, index)
        contacts = _list_contacts(source, contact_list, spec.contacts_per_list)
        lists.append({"contactList": contact_list.dump(), "contacts": contacts})
        contact_list_ids.append(contact_list.id)
        contact_count += len(contacts)
    externals = [_external_contact(source) for _ in range(spec.external_contacts)]
    users = [Person(source.uuid(), source.fake.name()) for _ in range(spec.users)]
    queues = [Person(source.uuid(), f"{source.fake.job()[:40]} queue") for _ in range(spec.queues)]
    numbers = [c["data"]["phone"] for item in lists for c in item["contacts"]] or [source.phone()]
    calls = seeded_calls(
        source.rng,
        source.uuid,
        spec.calls,
        now=now.timestamp(),
        agents=agents,
        users=users,
        queues=queues,
        numbers=numbers,
    )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "areas": {
            "outbound": {"contactLists": lists, "exports": []},
            "conversations": {"calls": calls},
            "externalcontacts": {"contacts": [contact.dump() for contact in externals]},
        },
    }
    summary = {
        "seed": seed,
        "locale": spec.locale,
        "contactListIds": contact_list_ids,
        "contacts": contact_count,
        "externalContactIds": [contact.id for contact in externals],
        "users": [{"id": p.id, "name": p.name} for p in users],
        "queues": [{"id": p.id, "name": p.name} for p in queues],
        "callIds": [call["id"] for call in calls],
    }
    return Seeded(document, summary)
