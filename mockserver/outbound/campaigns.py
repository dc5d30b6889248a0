"""Campaigns (vendor-sdk-docs/OutboundApi.md, Campaign.md, CampaignProgress.md, CampaignStats.md).

A campaign names a contact list and, optionally, DNC lists, one contact-list filter and a call analysis response
set; every reference must exist when the campaign is saved, checked in the transaction that saves it (the contact
list, DNC lists and filters; the response set, a generic resource, just before). While a campaign names them, the
contact list, its DNC lists and its filter refuse deletion.

``campaignStatus``: a client sets ``on`` or ``off`` (PUT, or ``POST …/start`` / ``…/stop``). Turning an ``on``
campaign off shows ``stopping`` for :data:`STOP_SECONDS` of the simulated clock, then ``off`` (only an ``on``
campaign refuses DELETE: a stopping one has no call left to finish, the mock placing none). An ``on`` campaign
with no contact left to dial (every contact of its list, after its filter, has no callable number: DNC lists,
the contact's own flag) shows ``complete``. The mock places no calls, so progress counts contacts, not dials:
``totalNumberOfContacts`` is what the campaign would dial (the list after the filter), ``numberOfContactsSkipped``
``{"DNC": n}`` the ones its DNC lists (or their own flag) make uncallable, ``numberOfContactsCalled`` 0.
"""

from __future__ import annotations

from typing import Any

from contracts.dialer import CAMPAIGNS as CAMPAIGN_PATH
from mockserver.core import rules
from mockserver.core.binding import Query, bind
from mockserver.core.context import clock
from mockserver.generic import state as generic_state
from mockserver.generic.resources import shape_of
from mockserver.outbound import dialer_state as store
from mockserver.outbound import state
from mockserver.outbound.blueprint import outbound
from mockserver.outbound.contacts import contact_test, filter_criteria
from mockserver.outbound.dialer_common import Doc, document, listing, new_doc, updated_doc, version_of
from mockserver.outbound.dialer_state import CAMPAIGNS, DNC_LISTS, FILTERS
from mockserver.outbound.dnc_effect import for_list
from mockserver.state import Tx

STOP_SECONDS = 1.0
"""How long (simulated clock) a campaign turned off shows ``stopping`` before ``off``."""
SETTABLE = ("on", "off")
_STOPPING_UNTIL = "stoppingUntil"  # kept in the stored document, never shown


def _ref(data: Doc, field: str) -> str | None:
    ref = data.get(field)
    return str(ref.get("id") or "") if isinstance(ref, dict) else None


def _unknown(field: str, value: str | None) -> None:
    rules.check(True, "OUT-CAMPAIGN-REF-UNKNOWN", {"value": value, "field": field}, field_name=field)


def _check_body(data: Doc) -> None:
    """What needs no other record: required references by dialing mode, the settable statuses."""
    mode = data.get("dialingMode")
    rules.check(
        mode != "agentless" and not _ref(data, "queue"),
        "OUT-CAMPAIGN-QUEUE-REQUIRED",
        {"mode": mode},
        field_name="queue",
    )
    rules.check(
        mode != "preview" and not _ref(data, "callAnalysisResponseSet"),
        "OUT-CAMPAIGN-CARS-REQUIRED",
        {"mode": mode},
        field_name="callAnalysisResponseSet",
    )
    status = data.get("campaignStatus")
    rules.check(
        status is not None and status not in SETTABLE,
        "OUT-CAMPAIGN-STATUS",
        {"value": status},
        field_name="campaignStatus",
    )
    filters = data.get("contactListFilters") or []
    rules.check(len(filters) > 1, "OUT-CAMPAIGN-FILTER", {"value": len(filters)}, field_name="contactListFilters")
    response_set = _ref(data, "callAnalysisResponseSet")
    if (
        response_set
        and generic_state.read(shape_of("getOutboundCallanalysisresponseset"), {"callAnalysisSetId": response_set})
        is None
    ):
        _unknown("callAnalysisResponseSet", response_set)


def _references(data: Doc) -> Any:
    """The check of the references held by the outbound area, run in the writing transaction."""

    def check(tx: Tx) -> None:
        list_id = _ref(data, "contactList") or ""
        record = tx.get(state.LISTS, list_id)
        if record is None:
            _unknown("contactList", list_id)
        for index, ref in enumerate(data.get("dncLists") or []):
            if store.doc_in(tx, DNC_LISTS, ref.get("id", "")) is None:
                _unknown(f"dncLists[{index}]", ref.get("id"))
        for index, ref in enumerate(data.get("contactListFilters") or []):
            saved = store.doc_in(tx, FILTERS, ref.get("id", ""))
            if saved is None:
                _unknown(f"contactListFilters[{index}]", ref.get("id"))
            elif _ref(saved, "contactList") != list_id:
                rules.check(
                    True, "OUT-CAMPAIGN-FILTER", {"value": ref.get("id")}, field_name=f"contactListFilters[{index}]"
                )
        if record is not None:
            phones = {column.column_name for column in record.contact_list.phone_columns or []}
            for index, column in enumerate(data.get("phoneColumns") or []):
                name = column.get("columnName")
                rules.check(
                    name not in phones,
                    "OUT-CAMPAIGN-PHONE-COLUMN",
                    {"value": name},
                    field_name=f"phoneColumns[{index}].columnName",
                )

    return check


def status_of(doc: Doc) -> str:
    """The status shown now: ``stopping`` turns ``off`` on the simulated clock; ``on`` with nothing to dial is
    ``complete``."""
    status = doc.get("campaignStatus", "off")
    if status == "stopping" and clock().time() >= doc.get(_STOPPING_UNTIL, 0):
        return "off"
    if status == "on" and counts(doc)[2] == 0:
        return "complete"
    return status


def show(doc: Doc) -> Doc:
    shown = {key: value for key, value in doc.items() if key != _STOPPING_UNTIL}
    shown["campaignStatus"] = status_of(doc)
    return shown


def _moved(stored: Doc, wanted: str | None) -> Doc:
    """``wanted`` on/off applied to the stored status (off from on, or from stopping, goes through stopping)."""
    current = status_of(stored)
    doc = {key: value for key, value in stored.items() if key != _STOPPING_UNTIL}
    if wanted == "off" and current in ("on", "complete", "stopping"):
        until = stored.get(_STOPPING_UNTIL) if current == "stopping" else clock().time() + STOP_SECONDS
        return {**doc, "campaignStatus": "stopping", _STOPPING_UNTIL: until}
    return {**doc, "campaignStatus": wanted or ("off" if current == "stopping" else doc.get("campaignStatus"))}


def counts(doc: Doc) -> tuple[int, int, int]:
    """``(list size, contacts the campaign would dial after its filter, of those the callable ones)``."""
    list_id = _ref(doc, "contactList") or ""
    record = state.get_list(list_id)
    if record is None:
        return 0, 0, 0
    filters = doc.get("contactListFilters") or []
    saved = filter_criteria(list_id, filters[0].get("id")) if filters else None
    test = contact_test(record.contact_list, saved, "") if saved is not None else None
    dialer = for_list(record.contact_list, [doc])
    size = in_campaign = callable_ = 0
    for batch in state.contact_batches(list_id):
        size += len(batch)
        for contact in batch:
            if test is None or test(contact.data):
                in_campaign += 1
                callable_ += dialer.callable(contact)
    return size, in_campaign, callable_


def refuse_list_in_use(tx: Tx, list_id: str) -> None:
    """OUT-LIST-IN-USE: a contact list a campaign names cannot be deleted (read in the deleting transaction)."""
    users = store.campaigns_using(tx, "contactList", list_id)
    rules.check(bool(users), "OUT-LIST-IN-USE", {"id": list_id, "campaign": users[0]["id"] if users else ""})


# --- routes ---------------------------------------------------------------------------------------------------------


@bind(outbound, "postOutboundCampaigns")
def post_campaign(body: Any, query: Query) -> Doc:
    data = document(body)
    _check_body(data)
    doc = new_doc({**data, "campaignStatus": data.get("campaignStatus") or "off"}, CAMPAIGN_PATH)
    return show(store.create(CAMPAIGNS, doc, _references(data)))


@bind(outbound, "getOutboundCampaigns")
def get_campaigns(query: Query) -> Doc:
    """Filters: ``id`` (any of), ``contactListId``, ``dncListIds`` (one DNC list the campaign uses), the queue
    (``distributionQueueId``), edge group, call analysis response set and ``divisionId`` (any of)."""
    ids, dnc_id, divisions = set(query.get("id") or []), query.get("dncListIds"), set(query.get("divisionId") or [])
    refs = {
        "contactList": query.get("contactListId"),
        "queue": query.get("distributionQueueId"),
        "edgeGroup": query.get("edgeGroupId"),
        "callAnalysisResponseSet": query.get("callAnalysisResponseSetId"),
    }

    def keep(doc: Doc) -> bool:
        dnc_ids = {ref.get("id") for ref in doc.get("dncLists") or []}
        return (
            (not ids or doc["id"] in ids)
            and (not dnc_id or dnc_id in dnc_ids)
            and (not divisions or _ref(doc, "division") in divisions)
            and all(not wanted or _ref(doc, field) == wanted for field, wanted in refs.items())
        )

    return listing(store.all_docs(CAMPAIGNS), query, CAMPAIGN_PATH, keep=keep, show=show)


@bind(outbound, "getOutboundCampaign")
def get_campaign(campaignId: str) -> Doc:
    return show(store.get(CAMPAIGNS, campaignId))


@bind(outbound, "putOutboundCampaign")
def put_campaign(campaignId: str, body: Any, query: Query) -> Doc:
    data = document(body)
    _check_body(data)
    check = _references(data)

    def build(stored: Doc, tx: Tx) -> Doc:
        check(tx)
        moved = _moved(stored, data.get("campaignStatus"))
        fields = {**data, "campaignStatus": moved["campaignStatus"]}
        if _STOPPING_UNTIL in moved:
            fields[_STOPPING_UNTIL] = moved[_STOPPING_UNTIL]
        return updated_doc(stored, fields, version_of(body), "OUT-CAMPAIGN-VERSION")

    return show(store.replace(CAMPAIGNS, campaignId, build))


@bind(outbound, "deleteOutboundCampaign")
def delete_campaign(campaignId: str) -> Doc:
    """Answers the deleted campaign: the vendor's DELETE returns a Campaign (OutboundApi.md, the SDK's types)."""

    def check(_tx: Tx, doc: Doc) -> None:
        status = status_of(doc)
        rules.check(status == "on", "OUT-CAMPAIGN-DELETE-RUNNING", {"status": status}, field_name="campaignStatus")

    return show(store.delete(CAMPAIGNS, campaignId, check))


@bind(outbound, "postOutboundCampaignStart")
def post_start(campaignId: str) -> None:
    store.replace(CAMPAIGNS, campaignId, lambda stored, _tx: _moved(stored, "on"))


@bind(outbound, "postOutboundCampaignStop")
def post_stop(campaignId: str) -> None:
    store.replace(CAMPAIGNS, campaignId, lambda stored, _tx: _moved(stored, "off"))


def progress(doc: Doc) -> Doc:
    _, in_campaign, callable_ = counts(doc)
    return {
        "campaign": {"id": doc["id"], "selfUri": doc.get("selfUri")},
        "contactList": {
            "id": _ref(doc, "contactList"),
            "selfUri": f"{state.CONTACT_LISTS_PATH}/{_ref(doc, 'contactList')}",
        },
        "numberOfContactsCalled": 0,
        "numberOfContactsMessaged": 0,
        "totalNumberOfContacts": in_campaign,
        "percentage": 100 if in_campaign and not callable_ else 0,
        "numberOfContactsSkipped": {"DNC": in_campaign - callable_},
    }


@bind(outbound, "getOutboundCampaignProgress")
def get_progress(campaignId: str) -> Doc:
    return progress(store.get(CAMPAIGNS, campaignId))


@bind(outbound, "postOutboundCampaignsProgress")
def post_progress(body: Any) -> list[Doc]:
    """The progress of the campaigns among these ids that exist (unknown ids are skipped)."""
    found = [store.find(CAMPAIGNS, str(campaign_id)) for campaign_id in body.root]
    return [progress(doc) for doc in found if doc is not None]


@bind(outbound, "getOutboundCampaignStats")
def get_stats(campaignId: str) -> Doc:
    size, in_campaign, _ = counts(store.get(CAMPAIGNS, campaignId))
    return {
        "contactRate": {"attempts": 0, "connects": 0, "connectRatio": 0.0},
        "idleAgents": 0,
        "effectiveIdleAgents": 0.0,
        "adjustedCallsPerAgent": 0.0,
        "outstandingCalls": 0,
        "scheduledCalls": 0,
        "timeZoneRescheduledCalls": 0,
        "filteredOutContactsCount": size - in_campaign,
        "validAttempts": 0,
        "rightPartyContactsCount": 0,
    }
