"""SDK scenarios of DNC lists, contact-list filters and campaigns (issue 16, items 4-6), and their helpers."""

from __future__ import annotations

import csv
import io
from typing import Any

import PureCloudPlatformClientV2 as sdk

from tests.sdk.conftest import SdkSession
from tests.sdk.helpers import Ctx, assert_gone, model, new_list, scenario, unique
from tests.server.conftest import http_client


def number(n: int) -> str:
    return f"+1317555{n:04d}"


def new_dnc(api: SdkSession) -> sdk.DncList:
    body = model(sdk.DncListCreate, name=unique("sdk-dnc"), dnc_source_type="rds", contact_method="Phone")
    created = api.accept(api.outbound.post_outbound_dnclists(body), "DncList")
    assert created.id and created.version == 1 and created.dnc_source_type == "rds"
    return created


def dnc_size(api: SdkSession, dnc_id: str) -> int:
    return api.accept(api.outbound.get_outbound_dnclist(dnc_id, include_size=True), "DncList").size


def filled_list(api: SdkSession, count: int) -> sdk.ContactList:
    """A list of ``count`` contacts; every 4th has firstName ``Gold``."""
    created = new_list(api)
    body = [
        model(
            sdk.WritableDialerContact,
            contact_list_id=created.id,
            id=f"c{n}",
            data={"firstName": "Gold" if n % 4 == 0 else f"Ann{n}", "phone": number(n), "email": f"a{n}@example.com"},
        )
        for n in range(count)
    ]
    api.accept(api.outbound.post_outbound_contactlist_contacts(created.id, body), "list[DialerContact]")
    return created


def gold_filter(api: SdkSession, list_id: str, name: str | None = None) -> sdk.ContactListFilter:
    predicate = model(
        sdk.ContactListFilterPredicate, column="firstName", column_type="alphabetic", operator="EQUALS", value="Gold"
    )
    body = model(
        sdk.ContactListFilter,
        name=name or unique("sdk-filter"),
        filter_type="AND",
        contact_list=model(sdk.DomainEntityRef, id=list_id),
        clauses=[model(sdk.ContactListFilterClause, filter_type="AND", predicates=[predicate])],
    )
    return body


def new_campaign(api: SdkSession, list_id: str, **attributes: Any) -> sdk.Campaign:
    cars = api.accept(
        api.outbound.post_outbound_callanalysisresponsesets(
            model(sdk.ResponseSet, name=unique("sdk-cars"), responses={})
        ),
        "ResponseSet",
    )
    body = model(
        sdk.Campaign,
        name=unique("sdk-campaign"),
        contact_list=model(sdk.DomainEntityRef, id=list_id),
        queue=model(sdk.DomainEntityRef, id="queue-1"),
        dialing_mode="preview",
        caller_name="Acme",
        call_analysis_response_set=model(sdk.DomainEntityRef, id=cars.id),
        caller_address="+13175550000",
        phone_columns=[model(sdk.PhoneColumn, column_name="phone", type="cell")],
        **attributes,
    )
    created = api.accept(api.outbound.post_outbound_campaigns(body), "Campaign")
    assert created.id and created.campaign_status == "off" and created.version == 1
    return created


def export_rows(api: SdkSession, list_id: str, body: Any = None) -> list[dict[str, str]]:
    api.accept(api.outbound.post_outbound_contactlist_export(list_id, body=body), "DomainEntityRef")
    uri = api.accept(api.outbound.get_outbound_contactlist_export(list_id), "ExportUri").uri
    with http_client(api.base_url) as client:
        text = client.get(uri).text
    return list(csv.DictReader(io.StringIO(text)))


# --- DNC lists ---------------------------------------------------------------------------------------------------


@scenario("postOutboundDnclists")
def _create_dnc(c: Ctx) -> None:
    assert new_dnc(c.api).self_uri.startswith("/api/v2/outbound/dnclists/")


@scenario("getOutboundDnclists")
def _query_dnc(c: Ctx) -> None:
    created = new_dnc(c.api)
    page = c.api.accept(
        c.api.outbound.get_outbound_dnclists(name=created.name, filter_type="Equals", include_size=True),
        "DncListEntityListing",
    )
    assert (page.total, [(e.id, e.size) for e in page.entities]) == (1, [(created.id, 0)])


@scenario("getOutboundDnclist")
def _get_dnc(c: Ctx) -> None:
    created = new_dnc(c.api)
    found = c.api.accept(c.api.outbound.get_outbound_dnclist(created.id, include_import_status=True), "DncList")
    assert found.name == created.name and found.import_status.percent_complete == 100


@scenario("putOutboundDnclist")
def _put_dnc(c: Ctx) -> None:
    created = new_dnc(c.api)
    body = model(sdk.DncList, name="renamed", dnc_source_type="rds", contact_method="Phone", version=1)
    updated = c.api.accept(c.api.outbound.put_outbound_dnclist(created.id, body), "DncList")
    assert (updated.name, updated.version) == ("renamed", 2)


@scenario("deleteOutboundDnclist")
def _delete_dnc(c: Ctx) -> None:
    created = new_dnc(c.api)
    c.api.outbound.delete_outbound_dnclist(created.id)
    assert_gone(c.api.outbound.get_outbound_dnclist, created.id)


@scenario("postOutboundDnclistPhonenumbers")
def _add_numbers(c: Ctx) -> None:
    created = new_dnc(c.api)
    c.api.outbound.post_outbound_dnclist_phonenumbers(
        created.id, [number(1), number(2)], expiration_date_time="2099-01-01T00:00Z"
    )
    assert dnc_size(c.api, created.id) == 2


@scenario("patchOutboundDnclistPhonenumbers")
def _patch_numbers(c: Ctx) -> None:
    created = new_dnc(c.api)
    for action, numbers in (("Add", [number(1), number(2)]), ("Remove", [number(1)])):
        c.api.outbound.patch_outbound_dnclist_phonenumbers(
            created.id, model(sdk.DncPatchPhoneNumbersRequest, action=action, phone_numbers=numbers)
        )
    assert dnc_size(c.api, created.id) == 1


@scenario("deleteOutboundDnclistPhonenumbers")
def _clear_numbers(c: Ctx) -> None:
    created = new_dnc(c.api)
    c.api.outbound.post_outbound_dnclist_phonenumbers(created.id, [number(1)])
    c.api.outbound.delete_outbound_dnclist_phonenumbers(created.id, expired_only=True)
    assert dnc_size(c.api, created.id) == 1  # not expired
    c.api.outbound.delete_outbound_dnclist_phonenumbers(created.id)
    assert dnc_size(c.api, created.id) == 0


@scenario("postOutboundDnclistEmailaddresses")
def _add_emails(c: Ctx) -> None:
    created = new_dnc(c.api)
    c.api.outbound.post_outbound_dnclist_emailaddresses(created.id, ["a@example.com", "b@example.com"])
    assert dnc_size(c.api, created.id) == 2


@scenario("patchOutboundDnclistEmailaddresses")
def _patch_emails(c: Ctx) -> None:
    created = new_dnc(c.api)
    c.api.outbound.patch_outbound_dnclist_emailaddresses(
        created.id, model(sdk.DncPatchEmailsRequest, action="Add", email_addresses=["a@example.com"])
    )
    assert dnc_size(c.api, created.id) == 1


@scenario("deleteOutboundDnclistEmailaddresses")
def _clear_emails(c: Ctx) -> None:
    created = new_dnc(c.api)
    c.api.outbound.post_outbound_dnclist_emailaddresses(created.id, ["a@example.com"])
    c.api.outbound.delete_outbound_dnclist_emailaddresses(created.id)
    assert dnc_size(c.api, created.id) == 0


@scenario("getOutboundDnclistImportstatus")
def _dnc_import_status(c: Ctx) -> None:
    created = new_dnc(c.api)
    path = c.tmp_path / "dnc.csv"
    path.write_text("phone\n" + "".join(f"{number(n)}\n" for n in range(3)), encoding="utf-8")
    c.api.api_client.call_api(
        "/uploads/v2/contactlist",
        "POST",
        header_params={"Content-Type": "multipart/form-data", "Accept": "application/json"},
        post_params=[("id", created.id), ("fileType", "dnclist"), ("phoneColumns", "phone")],
        files={"file": str(path)},
        response_type="object",
        auth_settings=["PureCloud OAuth"],
    )
    status = c.api.accept(c.api.outbound.get_outbound_dnclist_importstatus(created.id), "ImportStatus")
    assert (status.state, status.completed_records, status.percent_complete) == ("IN_PROGRESS", 3, 100)
    assert dnc_size(c.api, created.id) == 3


# --- filters -------------------------------------------------------------------------------------------------------


@scenario("postOutboundContactlistfilters")
def _create_filter(c: Ctx) -> None:
    created = filled_list(c.api, 8)
    saved = c.api.accept(
        c.api.outbound.post_outbound_contactlistfilters(gold_filter(c.api, created.id)), "ContactListFilter"
    )
    assert saved.id and saved.version == 1 and saved.contact_list.id == created.id
    search = model(sdk.ContactListingRequest, page_number=1, page_size=100, contact_list_filter_id=saved.id)
    found = c.api.accept(
        c.api.outbound.post_outbound_contactlist_contacts_search(created.id, search), "ContactListingResponse"
    )
    assert sorted(e.id for e in found.entities) == ["c0", "c4"]


@scenario("getOutboundContactlistfilters")
def _query_filters(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    saved = c.api.outbound.post_outbound_contactlistfilters(gold_filter(c.api, created.id))
    page = c.api.accept(
        c.api.outbound.get_outbound_contactlistfilters(contact_list_id=created.id), "ContactListFilterEntityListing"
    )
    assert [e.id for e in page.entities] == [saved.id]


@scenario("getOutboundContactlistfilter")
def _get_filter(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    saved = c.api.outbound.post_outbound_contactlistfilters(gold_filter(c.api, created.id))
    found = c.api.accept(c.api.outbound.get_outbound_contactlistfilter(saved.id), "ContactListFilter")
    assert found.clauses[0].predicates[0].value == "Gold"


@scenario("putOutboundContactlistfilter")
def _put_filter(c: Ctx) -> None:
    created = filled_list(c.api, 12)
    saved = c.api.outbound.post_outbound_contactlistfilters(gold_filter(c.api, created.id))
    body = gold_filter(c.api, created.id, name="not gold")
    body.version = 1
    body.clauses[0].predicates[0].inverted = True
    updated = c.api.accept(c.api.outbound.put_outbound_contactlistfilter(saved.id, body), "ContactListFilter")
    assert updated.version == 2
    rows = export_rows(c.api, created.id, model(sdk.ContactsExportRequest, contact_list_filter_id=saved.id))
    assert len(rows) == 9  # 12 contacts, 3 gold


@scenario("deleteOutboundContactlistfilter")
def _delete_filter(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    saved = c.api.outbound.post_outbound_contactlistfilters(gold_filter(c.api, created.id))
    c.api.outbound.delete_outbound_contactlistfilter(saved.id)
    assert_gone(c.api.outbound.get_outbound_contactlistfilter, saved.id)


@scenario("postOutboundContactlistfiltersPreview")
def _preview_filter(c: Ctx) -> None:
    created = filled_list(c.api, 20)
    preview = c.api.accept(
        c.api.outbound.post_outbound_contactlistfilters_preview(gold_filter(c.api, created.id)), "FilterPreviewResponse"
    )
    assert (preview.filtered_contacts, preview.total_contacts, len(preview.preview)) == (5, 20, 5)


# --- campaigns -----------------------------------------------------------------------------------------------------


@scenario("postOutboundCampaigns")
def _create_campaign(c: Ctx) -> None:
    created = filled_list(c.api, 2)
    assert new_campaign(c.api, created.id).contact_list.id == created.id


@scenario("getOutboundCampaigns")
def _query_campaigns(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    campaign = new_campaign(c.api, created.id)
    page = c.api.accept(c.api.outbound.get_outbound_campaigns(contact_list_id=created.id), "CampaignEntityListing")
    assert [e.id for e in page.entities] == [campaign.id]


@scenario("getOutboundCampaign")
def _get_campaign(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    campaign = new_campaign(c.api, created.id)
    found = c.api.accept(c.api.outbound.get_outbound_campaign(campaign.id), "Campaign")
    assert (found.name, found.dialing_mode, found.campaign_status) == (campaign.name, "preview", "off")


@scenario("putOutboundCampaign")
def _put_campaign(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    campaign = new_campaign(c.api, created.id)
    campaign.campaign_status = "on"
    updated = c.api.accept(c.api.outbound.put_outbound_campaign(campaign.id, campaign), "Campaign")
    assert (updated.campaign_status, updated.version) == ("on", 2)


@scenario("deleteOutboundCampaign")
def _delete_campaign(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    campaign = new_campaign(c.api, created.id)
    c.api.outbound.delete_outbound_campaign(campaign.id)
    assert_gone(c.api.outbound.get_outbound_campaign, campaign.id)
    c.api.outbound.delete_outbound_contactlist(created.id)  # no campaign names it now


@scenario("postOutboundCampaignStart")
def _start_campaign(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    campaign = new_campaign(c.api, created.id)
    c.api.outbound.post_outbound_campaign_start(campaign.id)
    assert c.api.outbound.get_outbound_campaign(campaign.id).campaign_status == "on"


@scenario("postOutboundCampaignStop")
def _stop_campaign(c: Ctx) -> None:
    created = filled_list(c.api, 1)
    campaign = new_campaign(c.api, created.id)
    c.api.outbound.post_outbound_campaign_start(campaign.id)
    c.api.outbound.post_outbound_campaign_stop(campaign.id)
    assert c.api.outbound.get_outbound_campaign(campaign.id).campaign_status == "stopping"
    c.api.advance_clock(5)
    assert c.api.outbound.get_outbound_campaign(campaign.id).campaign_status == "off"


@scenario("getOutboundCampaignProgress")
def _campaign_progress(c: Ctx) -> None:
    created = filled_list(c.api, 10)
    progress = c.api.accept(
        c.api.outbound.get_outbound_campaign_progress(new_campaign(c.api, created.id).id), "CampaignProgress"
    )
    assert (progress.total_number_of_contacts, progress.number_of_contacts_skipped) == (10, {"DNC": 0})


@scenario("postOutboundCampaignsProgress")
def _campaigns_progress(c: Ctx) -> None:
    created = filled_list(c.api, 3)
    ids = [new_campaign(c.api, created.id).id for _ in range(2)]
    found = c.api.accept(c.api.outbound.post_outbound_campaigns_progress(ids), "list[CampaignProgress]")
    assert [p.campaign.id for p in found] == ids and all(p.total_number_of_contacts == 3 for p in found)


@scenario("getOutboundCampaignStats")
def _campaign_stats(c: Ctx) -> None:
    created = filled_list(c.api, 8)
    saved = c.api.outbound.post_outbound_contactlistfilters(gold_filter(c.api, created.id))
    campaign = new_campaign(c.api, created.id, contact_list_filters=[model(sdk.DomainEntityRef, id=saved.id)])
    stats = c.api.accept(c.api.outbound.get_outbound_campaign_stats(campaign.id), "CampaignStats")
    assert stats.filtered_out_contacts_count == 6
