"""Corpus entries of the external-contacts and conversations areas: one per catalogue rule (facts §8, §9; tutorials
002 and 003), and the tutorials' wrong payloads and routes.

Every external contact an entry creates carries the entry's prefix as ``lastName``. Every request to the call
creation route is marked ``places_call``: on a real org it runs only with ``--allow-calls``, and only the entries
whose single reachable number is ``{{test_number}}`` (a malformed number is never sent to a real org).
"""

from __future__ import annotations

from typing import Any

from mockserver.drift.model import Entry, Step

EXTERNAL = "/api/v2/externalcontacts/contacts"
ONE_EXTERNAL = EXTERNAL + "/{{contact}}"
CALLS = "/api/v2/conversations/calls"
TUTORIAL_002, TUTORIAL_003 = "seeds/002_d54abf44b23f1b46.txt", "seeds/003_2907997b021aba65.txt"
NO_REAL_CALL = "would dial a number other than --test-number: never sent to a real org"
MISSING_CONVERSATION = "00000000-0000-4000-8000-00000000d41f"
MISSING_ORGANIZATION = "00000000-0000-4000-8000-00000000d42f"
ORGS = "/api/v2/externalcontacts/organizations"
BULK = "/api/v2/externalcontacts/bulk"


def organization() -> dict[str, Any]:
    """An organization of this entry, claiming the entry's own identifier."""
    return {"name": "{{prefix}}org", "identifiers": [{"type": "ExternalId", "value": "{{prefix}}org-id"}]}


def _email(length: int) -> str:
    """A syntactically valid address of exactly ``length`` characters (labels of at most 63)."""
    local, labels, left = "a" * 60, [], length - 61 - 4
    while left > 61:
        labels.append("b" * 60)
        left -= 61
    return local + "@" + ".".join([*labels, "c" * left]) + ".com"


def contact(**fields: Any) -> dict[str, Any]:
    return {"lastName": "{{prefix}}contact", **fields}


def create(**fields: Any) -> Step:
    return Step("POST", EXTERNAL, json=contact(**fields), creates="external-contact")


def new_contact(**fields: Any) -> Step:
    """Setup: an external contact of this entry, known as ``{{contact}}``."""
    return Step("POST", EXTERNAL, json=contact(**fields), save={"contact": "id"}, creates="external-contact")


def place_call() -> Step:
    """Setup: a call of the logged-in user to the test number, known as ``{{call}}``."""
    return Step(
        "POST", CALLS, json={"phoneNumber": "{{test_number}}"}, save={"call": "id"}, creates="call", user="agent"
    )


def call(body: dict[str, Any]) -> Step:
    return Step("POST", CALLS, json=body, creates="call", user="agent")


def _rule(rule: str, request: Step, *setup: Step, **kw: Any) -> Entry:
    return Entry(id=rule.lower(), rule=rule, request=request, setup=tuple(setup), **kw)


def _ids(count: int, size: int = 1) -> list[dict[str, Any]]:
    return [{"externalSource": {"id": "gcm-drift-source"}, "value": "v" * size + str(i)} for i in range(count)]


RULE_ENTRIES: tuple[Entry, ...] = (
    _rule("EXT-NAME-LENGTH", create(title="t" * 1001)),
    _rule("EXT-EMAIL-LENGTH", create(workEmail=_email(257))),
    _rule("EXT-EMAIL-VALID", create(personalEmail="not-an-email")),
    _rule("EXT-PHONE-DISPLAY-LENGTH", create(cellPhone={"display": "1" * 513})),
    _rule("EXT-ADDRESS-LENGTH", create(address={"city": "c" * 101})),
    _rule("EXT-URL-LENGTH", create(externalSystemUrl="https://crm.example.com/" + "p" * 977)),
    _rule("EXT-URL-VALID", create(externalSystemUrl="crm record 42")),
    _rule("EXT-EXTERNAL-IDS-COUNT", create(externalIds=_ids(11))),
    _rule("EXT-EXTERNAL-ID-VALUE-LENGTH", create(externalIds=_ids(1, 256))),
    _rule("EXT-APPLE-IDS-COUNT", create(appleOpaqueIds=[{"value": str(i)} for i in range(11)])),
    _rule("EXT-IDENTIFIER-VALUE-LENGTH", create(identifiers=[{"type": "Cookie", "value": "c" * 256}])),
    _rule("EXT-PHONE-POSSIBLE", create(workPhone={"display": "call me maybe"}), tutorial=TUTORIAL_003),
    _rule("EXT-PHONE-COUNTRY", create(otherPhone={"display": "020 7946 0018", "normalizationCountryCode": "XX"})),
    _rule(
        "EXT-EXTERNAL-ID-CONFLICT",
        create(externalIds=[{"externalSource": {"id": "crm"}, "value": "{{prefix}}ext"}]),
        new_contact(externalIds=[{"externalSource": {"id": "crm"}, "value": "{{prefix}}ext"}]),
        tutorial=TUTORIAL_003,
    ),
    # 100 creation attempts that a contact rule refuses (they count, facts §9 ratelimit.py) spend the window
    # without creating anything; the 101st, valid, meets the limit.
    _rule(
        "EXT-CREATE-RATE",
        create(firstName="over the limit"),
        Step("POST", EXTERNAL, json=contact(workEmail="not-an-email"), repeat=100, check=False),
        tutorial=TUTORIAL_003,
        remote="provokes a 429 on purpose: never done to a real org's rate limits",
    ),
    _rule(
        "EXT-IDENTIFIER-CONFLICT",
        create(identifiers=[{"type": "Cookie", "value": "{{prefix}}cookie"}]),
        new_contact(identifiers=[{"type": "Cookie", "value": "{{prefix}}cookie"}]),
    ),
    _rule("EXT-SEARCH-WINDOW", Step("GET", EXTERNAL, params={"pageSize": 100, "pageNumber": 11})),
    _rule("EXT-SEARCH-SORT", Step("GET", EXTERNAL, params={"sortOrder": "nickname:asc"})),
    _rule(
        "EXT-SEARCH-DIVISIONS",
        Step("GET", EXTERNAL, params={"divisionIds": ",".join(f"00000000-0000-4000-8000-{i:012d}" for i in range(51))}),
    ),
    _rule("EXT-EXPAND-VALUE", Step("GET", EXTERNAL, params={"expand": "everything"})),
    _rule(
        "EXT-PATCH-FIELD",
        Step("PATCH", ONE_EXTERNAL, json={"changes": [{"field": "$.nickname", "action": "Update", "value": "x"}]}),
        new_contact(),
    ),
    _rule(
        "EXT-PATCH-ACTION",
        Step("PATCH", ONE_EXTERNAL, json={"changes": [{"field": "$.title", "action": "Update"}]}),
        new_contact(),
    ),
    _rule("CORE-UNKNOWN-PROPERTY", create(nickname="Ed")),
    # --- organizations, POST search, bulk (issue 16 items 9 and 11) --------------------------------------------------
    _rule("EXT-ORG-NAME", Step("POST", ORGS, json={"name": "n" * 1001}, creates="external-organization")),
    _rule("EXT-ORG-UNKNOWN", create(externalOrganization={"id": MISSING_ORGANIZATION})),
    _rule(
        "EXT-ORG-IDENTIFIER-CONFLICT",
        Step("POST", ORGS, json=organization(), creates="external-organization"),
        Step("POST", ORGS, json=organization(), creates="external-organization"),
    ),
    _rule("EXT-ORG-SEARCH-SORT", Step("GET", ORGS, params={"sortOrder": "revenue:asc"})),
    _rule(
        "EXT-SEARCH-IDS",
        Step(
            "POST",
            EXTERNAL + "/search",
            json={"operation": {"simpleSearch": {"ids": [f"00000000-0000-4000-8000-{i:012d}" for i in range(101)]}}},
        ),
    ),
    _rule(
        "EXT-NOTE-TEXT",
        Step("POST", ONE_EXTERNAL + "/notes", json={"noteText": "", "createdBy": {"version": 1}}),
        new_contact(),
    ),
    _rule("EXT-LIST-SORT", Step("GET", ONE_EXTERNAL + "/notes", params={"sortOrder": "noteText:asc"}), new_contact()),
    _rule(
        "EXT-BULK-SIZE",
        Step(
            "POST",
            BULK + "/contacts",
            json={"entities": [{"id": f"00000000-0000-4000-8000-{i:012d}"} for i in range(101)]},
        ),
    ),
    # --- conversations (facts §8) -------------------------------------------------------------------------------
    _rule(
        "CONV-CREATE-TOO-MANY-DESTINATIONS",
        call({"phoneNumber": "{{test_number}}", "conversationIds": [MISSING_CONVERSATION]}),
        places_call=True,
    ),
    _rule("CONV-CREATE-NO-DESTINATION", call({"phoneNumber": "  "}), places_call=True),
    _rule(
        "CONV-CREATE-E164",
        call({"phoneNumber": "5551234567"}),
        places_call=True,
        tutorial=TUTORIAL_002,
        remote=NO_REAL_CALL,
    ),
    _rule("CONV-DESTINATION-EMPTY", call({"participants": [{"name": "nobody"}]}), places_call=True),
    _rule("CONV-CREATE-MERGE-UNKNOWN", call({"conversationIds": [MISSING_CONVERSATION]}), places_call=True),
    _rule(
        "CONV-NOT-PARTICIPANT",
        Step("GET", CALLS + "/{{call}}", user="other"),
        place_call(),
        places_call=True,
        remote="needs a second user of the org",
    ),
    _rule(
        "CONV-PATCH-STATE",
        Step("PATCH", CALLS + "/{{call}}", json={"state": "connected"}, user="agent"),
        place_call(),
        places_call=True,
    ),
)

SEED_ENTRIES: tuple[Entry, ...] = (
    Entry(
        "seed-002-participant-address",
        tutorial=TUTORIAL_002,
        places_call=True,
        note="facts §11 (c)",
        request=call(
            {"participants": [{"type": "external", "participantAddress": {"id": "{{test_number}}", "type": "phone"}}]}
        ),
    ),
    Entry(
        "seed-003-external-contact-shape",
        tutorial=TUTORIAL_003,
        note="facts §11 (d)",
        request=Step(
            "POST",
            EXTERNAL,
            creates="external-contact",
            json={
                "externalContactId": "{{prefix}}crm-1",
                "name": "{{prefix}}seed003",
                "channels": {"voice": {"phoneNumber": "+15551234567"}},
                "interactionDurationSeconds": 300,
            },
        ),
    ),
    Entry(
        "seed-003-post-conversations",
        tutorial=TUTORIAL_003,
        note="facts §11 (f): the route does not exist",
        request=Step(
            "POST",
            "/api/v2/conversations",
            json={"contactId": "{{prefix}}contact", "type": "voice", "initialMessage": "hello"},
        ),
    ),
)
