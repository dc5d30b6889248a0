"""Safe mode on an HTTP side: what is refused before sending, and cleanup that runs even after a failure."""

from __future__ import annotations

from typing import Any

import pytest

from clients.genesys_client.config import Hosts
from mockserver.drift.conformance import Conformance
from mockserver.drift.corpus import FIXED
from mockserver.drift.model import Entry, Step
from mockserver.drift.runner import EntryRun
from mockserver.drift.targets import HttpTarget, MockTarget, Reply, Request, guard_real_call

LISTS = "/api/v2/outbound/contactlists"
BY_ID = {entry.id: entry for entry in FIXED}


class Recorder:
    """A remote target that records what would have been sent and answers 200 with an id."""

    name, remote, test_number = "recorder", True, "+15550100123"

    def __init__(self) -> None:
        self.sent: list[Request] = []

    def refuses(self, entry: Entry) -> str | None:
        return None

    def start(self, entry: Entry) -> None:
        pass

    def send(self, request: Request) -> Reply:
        self.sent.append(request)
        return Reply(200, {}, {"id": f"made-{len(self.sent)}", "entities": []}, "application/json")

    def close(self) -> None:
        pass


def _real(**kw: Any) -> HttpTarget:
    return HttpTarget(Hosts.for_region("mypurecloud.ie"), "id", "secret", real=True, **kw)


def test_real_org_refuses_mock_only_calls_and_user_entries() -> None:
    target = _real()
    try:
        assert "429" in (target.refuses(BY_ID["ext-create-rate"]) or "")
        assert "--allow-calls" in (target.refuses(BY_ID["conv-create-no-destination"]) or "")
        assert target.refuses(BY_ID["out-list-name-blank"]) is None
    finally:
        target.close()
    with_calls = _real(allow_calls=True, test_number="+15550100123")
    try:
        assert "GENESYS_USER_TOKEN" in (with_calls.refuses(BY_ID["conv-create-no-destination"]) or "")
        with_calls.user_tokens["agent"] = "token"
        assert with_calls.refuses(BY_ID["conv-create-no-destination"]) is None
        assert with_calls.refuses(BY_ID["conv-create-e164"]) is not None  # a malformed number: never
        assert with_calls.refuses(BY_ID["conv-not-participant"]) is not None
    finally:
        with_calls.close()


@pytest.mark.parametrize(
    "body",
    [
        {"phoneNumber": "+15551234567"},
        {"participants": [{"address": "+15551234567"}]},
        {"participants": [{"participantAddress": {"id": "+15551234567"}}]},
        {"phoneNumber": "+15550100123", "callQueueId": "q"},
    ],
)
def test_a_real_call_goes_to_the_test_number_only(body: dict) -> None:
    request = Request("POST", "/api/v2/conversations/calls", json=body)
    with pytest.raises(PermissionError):
        guard_real_call(request, allow_calls=True, test_number="+15550100123")
    with pytest.raises(PermissionError):
        guard_real_call(
            Request("POST", "/api/v2/conversations/calls", json={"phoneNumber": "+15550100123"}),
            allow_calls=False,
            test_number="+15550100123",
        )
    guard_real_call(
        Request("POST", "/api/v2/conversations/calls", json={"phoneNumber": "+15550100123"}),
        allow_calls=True,
        test_number="+15550100123",
    )


def test_no_write_to_what_the_entry_did_not_create() -> None:
    """An id read from the org (here: a listing) is someone else's: no DELETE may name it."""
    foreign = Entry(
        "foreign", setup=(Step("GET", LISTS, save={"list": "id"}),), request=Step("DELETE", LISTS + "/{{list}}")
    )
    target = Recorder()
    outcome = EntryRun(foreign, target, "gcm-drift-t-000-", Conformance()).execute()
    assert outcome.error and "PermissionError" in outcome.error
    assert [r.method for r in target.sent] == ["GET"]
    target.sent.clear()
    bulk = Entry("bulk", request=Step("DELETE", LISTS, params={"id": "gcm-drift-t-000-a,someone-elses"}))
    outcome = EntryRun(bulk, target, "gcm-drift-t-000-", Conformance()).execute()
    assert outcome.error and "PermissionError" in outcome.error and target.sent == []


def test_the_entry_deletes_what_it_created_on_a_remote_side() -> None:
    target = Recorder()
    entry = BY_ID["out-contact-email"]
    outcome = EntryRun(entry, target, "gcm-drift-t-000-", Conformance()).execute()
    assert outcome.cleanup is None
    methods = [(r.method, r.path) for r in target.sent]
    assert methods[0] == ("POST", LISTS) and methods[-1] == ("DELETE", f"{LISTS}/made-1")
    assert target.sent[0].json["name"] == "gcm-drift-t-000-list"


def test_cleanup_runs_after_a_failing_request() -> None:
    """The request cannot even be rendered; the list made by the setup is deleted all the same."""
    broken = Entry(
        "broken", setup=BY_ID["out-contact-email"].setup, request=Step("POST", LISTS + "/{{nothing}}/contacts", json=[])
    )
    target = MockTarget("strict")
    try:
        outcome = EntryRun(broken, target, "gcm-drift-t-000-", Conformance()).execute()
        assert outcome.error and "KeyError" in outcome.error and outcome.cleanup is None
        assert target.send(Request("GET", LISTS)).body["total"] == 0
    finally:
        target.close()
