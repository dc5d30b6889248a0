"""What the DNC lists of the campaigns dialling a contact list do to its contacts (vendor-sdk-docs/DialerContact.md:
``phoneNumberStatus``, ``contactableStatus``; facts §6.3, §7.3).

A number on an active (not expired) entry of a DNC list that a campaign dialling the list uses is not callable:
the contact shows ``phoneNumberStatus[<column>].callable`` false and, when none of its phone numbers is left,
``contactableStatus.Voice.contactable`` false; an address on such a list does the same for ``Email``. The stored
contact is not changed (removing the entry, or the DNC list from the campaign, makes the number callable again),
and the contact's own ``callable`` flag stays what the client wrote. Lists no campaign dials cost one read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contracts.outbound import ContactList
from mockserver.outbound import dialer_state, state
from mockserver.outbound.dnc import email_key, phone_key
from mockserver.outbound.stored import StoredContact


@dataclass(frozen=True)
class CampaignView:
    """The DNC entries that apply to one contact list, and its phone and email columns."""

    phone_columns: tuple[str, ...]
    email_columns: tuple[str, ...]
    blocked: frozenset[str]

    def number_callable(self, contact: StoredContact, column: str) -> bool:
        stored = ((contact.extra.get("phoneNumberStatus") or {}).get(column) or {}).get("callable", True)
        key = phone_key(contact.data.get(column, ""))
        return bool(stored) and (key is None or key not in self.blocked)

    def callable(self, contact: StoredContact) -> bool:
        """The contact may be dialled: its own flag, and some phone number that has a value and is not DNC."""
        if not contact.extra.get("callable", True):
            return False
        return any(contact.data.get(column) and self.number_callable(contact, column) for column in self.phone_columns)

    def overlay(self, shown: dict[str, Any], contact: StoredContact) -> dict[str, Any]:
        """The contact's JSON with the DNC lists' verdict in ``phoneNumberStatus`` and ``contactableStatus``."""
        numbers = {
            column: {"callable": self.number_callable(contact, column)}
            for column in self.phone_columns
            if contact.data.get(column)
        }
        emails = {
            column: {"contactable": (email_key(contact.data[column]) or "") not in self.blocked}
            for column in self.email_columns
            if contact.data.get(column)
        }
        status = dict(shown.get("contactableStatus") or {})
        status["Voice"] = {
            "contactable": any(entry["callable"] for entry in numbers.values()),
            "columnStatus": {column: {"contactable": entry["callable"]} for column, entry in numbers.items()},
        }
        if self.email_columns:
            status["Email"] = {
                "contactable": any(entry["contactable"] for entry in emails.values()),
                "columnStatus": emails,
            }
        return {**shown, "phoneNumberStatus": numbers, "contactableStatus": status}

    def export_columns(self) -> list[str]:
        return ["ContactCallable", *(f"Callable-{column}" for column in self.phone_columns)]

    def export_values(self, contact: StoredContact) -> list[str]:
        return [
            "1" if self.callable(contact) else "0",
            *("1" if self.number_callable(contact, column) else "0" for column in self.phone_columns),
        ]


def for_list(contact_list: ContactList, campaigns: list[dict[str, Any]]) -> CampaignView:
    """The view of a list given the campaigns dialling it (their DNC lists' active entries)."""
    dnc_ids = dict.fromkeys(ref.get("id", "") for campaign in campaigns for ref in campaign.get("dncLists") or [])
    blocked: set[str] = set()
    for dnc_id in dnc_ids:
        blocked |= dialer_state.active_entries(dnc_id)
    return CampaignView(
        tuple(column.column_name or "" for column in contact_list.phone_columns or []),
        tuple(column.column_name or "" for column in contact_list.email_columns or []),
        frozenset(blocked),
    )


def campaign_view(list_id: str) -> CampaignView | None:
    """The view of a list some campaign dials, or None (then contacts and exports show no dialer columns)."""
    campaigns = dialer_state.campaigns_of_list(list_id)
    if not campaigns:
        return None
    record = state.get_list(list_id)
    return None if record is None else for_list(record.contact_list, campaigns)
