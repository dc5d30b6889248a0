"""The issue's example through the SDK's own methods: 100 contacts, 10 numbers on a DNC list the campaign uses,
exactly 90 callable in the progress, the contacts and the export."""

from __future__ import annotations

import PureCloudPlatformClientV2 as sdk
import pytest

from tests.sdk.conftest import SdkSession
from tests.sdk.helpers import model
from tests.sdk.scenarios_dialer import export_rows, filled_list, new_campaign, new_dnc, number


@pytest.mark.server
def test_hundred_contacts_ten_on_dnc_through_the_sdk(api: SdkSession) -> None:
    created = filled_list(api, 100)
    dnc = new_dnc(api)
    api.outbound.post_outbound_dnclist_phonenumbers(dnc.id, [number(n) for n in range(0, 100, 10)])
    campaign = new_campaign(api, created.id, dnc_lists=[model(sdk.DomainEntityRef, id=dnc.id)])
    progress = api.accept(api.outbound.get_outbound_campaign_progress(campaign.id), "CampaignProgress")
    assert (progress.total_number_of_contacts, progress.number_of_contacts_skipped) == (100, {"DNC": 10})
    rows = export_rows(api, created.id)
    assert len(rows) == 100 and sum(row["ContactCallable"] == "1" for row in rows) == 90
    blocked = api.accept(api.outbound.get_outbound_contactlist_contact(created.id, "c20"), "DialerContact")
    assert blocked.phone_number_status["phone"].callable is False
    assert blocked.contactable_status["Voice"].contactable is False
    with pytest.raises(sdk.rest.ApiException) as refused:
        api.outbound.delete_outbound_contactlist(created.id)
    assert refused.value.status == 400 and "contact.list.in.use" in refused.value.body
