"""Corpus entries of DNC lists, contact-list filters and campaigns (mockserver/outbound/catalogue_dialer.py).

Every DNC list, filter and campaign an entry creates is named with the entry's prefix and deleted by the runner
(kinds ``dnc-list``, ``contact-list-filter``, ``campaign``; newest first, so a campaign goes before what it names).
Entries that need a campaign run on the mock only: a campaign on a real org needs a queue and a call analysis
response set of that org, which a drift run does not create.
"""

from __future__ import annotations

from typing import Any

from mockserver.drift.corpus_outbound import ONE_LIST, add_contacts, new_list
from mockserver.drift.model import Entry, Step

DNC = "/api/v2/outbound/dnclists"
ONE_DNC = DNC + "/{{dnc}}"
FILTERS = "/api/v2/outbound/contactlistfilters"
CAMPAIGNS = "/api/v2/outbound/campaigns"
UPLOAD = "/uploads/v2/contactlist"
DNC_LIST = {"name": "{{prefix}}dnc", "dncSourceType": "rds", "contactMethod": "Phone"}
FILTER: dict[str, Any] = {
    "name": "{{prefix}}filter",
    "contactList": {"id": "{{list}}"},
    "clauses": [{"predicates": [{"column": "firstName", "operator": "EQUALS", "value": "Ann"}]}],
}
CAMPAIGN: dict[str, Any] = {
    "name": "{{prefix}}campaign",
    "contactList": {"id": "{{list}}"},
    "queue": {"id": "{{prefix}}queue"},
    "dialingMode": "preview",
    "callerName": "Drift",
    "callerAddress": "+12025550100",
    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
}
NEEDS_CAMPAIGN = "a campaign needs a queue of the org; the drift run creates none"


def new_dnc(**changes: Any) -> Step:
    return Step("POST", DNC, json={**DNC_LIST, **changes}, save={"dnc": "id"}, creates="dnc-list")


def new_filter() -> Step:
    return Step(
        "POST", FILTERS, json=FILTER, save={"filter": "id", "filterVersion": "version"}, creates="contact-list-filter"
    )


def new_campaign(**changes: Any) -> Step:
    return Step("POST", CAMPAIGNS, json={**CAMPAIGN, **changes}, save={"campaign": "id"}, creates="campaign")


def campaign(**changes: Any) -> Step:
    """POST a campaign; a change to None leaves the field out (the API rejects an explicit JSON null)."""
    body = {name: value for name, value in {**CAMPAIGN, **changes}.items() if value is not None}
    return Step("POST", CAMPAIGNS, json=body, creates="campaign")


def _rule(rule: str, request: Step, *setup: Step, **kw: Any) -> Entry:
    return Entry(id=rule.lower(), rule=rule, request=request, setup=tuple(setup), **kw)


RULE_ENTRIES: tuple[Entry, ...] = (
    _rule(
        "OUT-DNC-SOURCE-FIELDS",
        Step("POST", DNC, json={"name": "{{prefix}}dnc", "dncSourceType": "rds"}, creates="dnc-list"),
    ),
    _rule(
        "OUT-DNC-NOT-INTERNAL",
        Step("POST", ONE_DNC + "/phonenumbers", json=["+12025550101"]),
        new_dnc(dncSourceType="gryphon", licenseId="{{prefix}}licence"),
    ),
    _rule("OUT-DNC-ENTRY-INVALID", Step("POST", ONE_DNC + "/phonenumbers", json=["call me"]), new_dnc()),
    _rule(
        "OUT-DNC-EXPIRATION",
        Step("POST", ONE_DNC + "/phonenumbers", json=["+12025550101"], params={"expirationDateTime": "soon"}),
        new_dnc(),
    ),
    _rule(
        "OUT-DNC-PATCH-ACTION",
        Step("PATCH", ONE_DNC + "/phonenumbers", json={"phoneNumbers": ["+12025550101"]}),
        new_dnc(),
    ),
    _rule(
        "OUT-DNC-IN-USE",
        Step("DELETE", ONE_DNC),
        new_list(),
        new_dnc(),
        new_campaign(dncLists=[{"id": "{{dnc}}"}]),
        remote=NEEDS_CAMPAIGN,
    ),
    _rule("OUT-DNC-VERSION", Step("PUT", ONE_DNC, json={**DNC_LIST, "version": 7}), new_dnc()),
    _rule(
        "OUT-DNC-IMPORT-ROW",
        Step(
            "POST",
            UPLOAD,
            form={"id": "{{dnc}}", "fileType": "dnclist", "phoneColumns": "phone"},
            file="phone\nnot a number\n",
        ),
        new_dnc(),
        follow_import=True,
        import_status=ONE_DNC + "/importstatus",
    ),
    _rule(
        "OUT-DIALER-MAX-ENTITIES",
        Step("POST", DNC, json=DNC_LIST, creates="dnc-list"),
        new_dnc(),
        mock_settings={"outbound": {"max_contact_lists": 1}},
        remote="the mock reaches this limit through a lowered setting; a real org needs 1000 DNC lists",
    ),
    _rule(
        "OUT-FILTER-LIST-UNKNOWN",
        Step("POST", FILTERS, json={**FILTER, "contactList": {"id": "{{prefix}}none"}}, creates="contact-list-filter"),
    ),
    _rule(
        "OUT-FILTER-IN-USE",
        Step("DELETE", FILTERS + "/{{filter}}"),
        new_list(),
        new_filter(),
        new_campaign(contactListFilters=[{"id": "{{filter}}"}]),
        remote=NEEDS_CAMPAIGN,
    ),
    _rule(
        "OUT-FILTER-VERSION",
        Step("PUT", FILTERS + "/{{filter}}", json={**FILTER, "version": 7}),
        new_list(),
        new_filter(),
    ),
    _rule("OUT-CAMPAIGN-REF-UNKNOWN", campaign(dncLists=[{"id": "{{prefix}}none"}]), new_list(), remote=NEEDS_CAMPAIGN),
    _rule(
        "OUT-CAMPAIGN-QUEUE-REQUIRED", campaign(queue=None, dialingMode="preview"), new_list(), remote=NEEDS_CAMPAIGN
    ),
    _rule("OUT-CAMPAIGN-CARS-REQUIRED", campaign(dialingMode="power"), new_list(), remote=NEEDS_CAMPAIGN),
    _rule("OUT-CAMPAIGN-STATUS", campaign(campaignStatus="complete"), new_list(), remote=NEEDS_CAMPAIGN),
    _rule(
        "OUT-CAMPAIGN-FILTER",
        campaign(contactListFilters=[{"id": "{{filter}}"}, {"id": "{{filter}}"}]),
        new_list(),
        new_filter(),
        remote=NEEDS_CAMPAIGN,
    ),
    _rule(
        "OUT-CAMPAIGN-PHONE-COLUMN",
        campaign(phoneColumns=[{"columnName": "email", "type": "work"}]),
        new_list(),
        remote=NEEDS_CAMPAIGN,
    ),
    _rule(
        "OUT-CAMPAIGN-VERSION",
        Step("PUT", CAMPAIGNS + "/{{campaign}}", json={**CAMPAIGN, "version": 7}),
        new_list(),
        new_campaign(),
        remote=NEEDS_CAMPAIGN,
    ),
    _rule(
        "OUT-CAMPAIGN-DELETE-RUNNING",
        Step("DELETE", CAMPAIGNS + "/{{campaign}}"),
        new_list(),
        add_contacts({"data": {"firstName": "Ann", "phone": "+12025550101"}}),  # else it is complete at once
        new_campaign(campaignStatus="on"),
        remote=NEEDS_CAMPAIGN,
    ),
    _rule("OUT-LIST-IN-USE", Step("DELETE", ONE_LIST), new_list(), new_campaign(), remote=NEEDS_CAMPAIGN),
)
