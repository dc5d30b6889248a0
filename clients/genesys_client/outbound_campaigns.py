"""Campaigns and contact-list filters of the outbound area (issue 16).

Vendor-schema bodies (``Campaign``, ``ContactListFilter``) travel as plain mappings; the mock validates them.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from clients.genesys_client.base import Area, implements


class OutboundCampaignsMixin(Area):
    """Mixed into ``client.outbound``: campaigns and contact-list filters."""

    @implements("postOutboundCampaigns")
    def create_campaign(
        self,
        body: Mapping[str, Any],
        *,
        use_max_calls_per_agent_decimal: bool | None = None,
    ) -> dict[str, Any]:
        return self._client.call(
            "postOutboundCampaigns",
            params={
                "useMaxCallsPerAgentDecimal": use_max_calls_per_agent_decimal,
            },
            body=dict(body),
        )

    @implements("getOutboundCampaigns")
    def list_campaigns(
        self,
        *,
        page_size: int | None = None,
        page_number: int | None = None,
        filter_type: str | None = None,
        name: str | None = None,
        ids: Sequence[str] | None = None,
        contact_list_id: str | None = None,
        dnc_list_ids: str | None = None,
        distribution_queue_id: str | None = None,
        edge_group_id: str | None = None,
        call_analysis_response_set_id: str | None = None,
        division_ids: Sequence[str] | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
    ) -> dict[str, Any]:
        """One page; ``name`` is matched with ``filter_type``."""
        return self._client.call(
            "getOutboundCampaigns",
            params={
                "pageSize": page_size,
                "pageNumber": page_number,
                "filterType": filter_type,
                "name": name,
                "id": list(ids) if ids else None,
                "contactListId": contact_list_id,
                "dncListIds": dnc_list_ids,
                "distributionQueueId": distribution_queue_id,
                "edgeGroupId": edge_group_id,
                "callAnalysisResponseSetId": call_analysis_response_set_id,
                "divisionId": list(division_ids) if division_ids else None,
                "sortBy": sort_by,
                "sortOrder": sort_order,
            },
        )

    @implements("getOutboundCampaign")
    def get_campaign(self, campaign_id: str) -> dict[str, Any]:
        return self._client.call("getOutboundCampaign", path={"campaignId": campaign_id})

    @implements("putOutboundCampaign")
    def update_campaign(
        self,
        campaign_id: str,
        body: Mapping[str, Any],
        *,
        use_max_calls_per_agent_decimal: bool | None = None,
    ) -> dict[str, Any]:
        """Full replace; ``version`` must be the stored one."""
        path = {"campaignId": campaign_id}
        return self._client.call(
            "putOutboundCampaign",
            path=path,
            params={
                "useMaxCallsPerAgentDecimal": use_max_calls_per_agent_decimal,
            },
            body=dict(body),
        )

    @implements("deleteOutboundCampaign")
    def delete_campaign(self, campaign_id: str) -> dict[str, Any] | None:
        """The vendor declares the deleted campaign as the answer; the mock answers 200 without a body (None)."""
        return self._client.call("deleteOutboundCampaign", path={"campaignId": campaign_id})

    @implements("postOutboundCampaignStart")
    def start_campaign(self, campaign_id: str) -> None:
        """Sets ``campaignStatus`` to ``on``."""
        self._client.call("postOutboundCampaignStart", path={"campaignId": campaign_id})

    @implements("postOutboundCampaignStop")
    def stop_campaign(self, campaign_id: str) -> None:
        """Sets ``campaignStatus`` to ``off``."""
        self._client.call("postOutboundCampaignStop", path={"campaignId": campaign_id})

    @implements("getOutboundCampaignProgress")
    def get_campaign_progress(self, campaign_id: str) -> dict[str, Any]:
        return self._client.call("getOutboundCampaignProgress", path={"campaignId": campaign_id})

    @implements("postOutboundCampaignsProgress")
    def get_campaigns_progress(self, body: Sequence[str]) -> list[dict[str, Any]]:
        """Progress of several campaigns in one request."""
        return self._client.call("postOutboundCampaignsProgress", body=list(body))

    @implements("getOutboundCampaignStats")
    def get_campaign_stats(self, campaign_id: str) -> dict[str, Any]:
        return self._client.call("getOutboundCampaignStats", path={"campaignId": campaign_id})

    @implements("postOutboundContactlistfilters")
    def create_contact_list_filter(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._client.call("postOutboundContactlistfilters", body=dict(body))

    @implements("getOutboundContactlistfilters")
    def list_contact_list_filters(
        self,
        *,
        page_size: int | None = None,
        page_number: int | None = None,
        allow_empty_result: bool | None = None,
        filter_type: str | None = None,
        name: str | None = None,
        contact_list_id: str | None = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
    ) -> dict[str, Any]:
        return self._client.call(
            "getOutboundContactlistfilters",
            params={
                "pageSize": page_size,
                "pageNumber": page_number,
                "allowEmptyResult": allow_empty_result,
                "filterType": filter_type,
                "name": name,
                "contactListId": contact_list_id,
                "sortBy": sort_by,
                "sortOrder": sort_order,
            },
        )

    @implements("getOutboundContactlistfilter")
    def get_contact_list_filter(self, contact_list_filter_id: str) -> dict[str, Any]:
        return self._client.call("getOutboundContactlistfilter", path={"contactListFilterId": contact_list_filter_id})

    @implements("putOutboundContactlistfilter")
    def update_contact_list_filter(self, contact_list_filter_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        path = {"contactListFilterId": contact_list_filter_id}
        return self._client.call("putOutboundContactlistfilter", path=path, body=dict(body))

    @implements("deleteOutboundContactlistfilter")
    def delete_contact_list_filter(self, contact_list_filter_id: str) -> None:
        self._client.call("deleteOutboundContactlistfilter", path={"contactListFilterId": contact_list_filter_id})

    @implements("postOutboundContactlistfiltersPreview")
    def preview_contact_list_filter(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The contacts a filter would select, without storing it."""
        return self._client.call("postOutboundContactlistfiltersPreview", body=dict(body))
