"""The org's home division: the mock emulates one org, whose resources all live in its one division.

Outbound contact lists and external contacts, organizations, notes and identifiers name it the same way, so it is
defined here once.
"""

from __future__ import annotations

from contracts.common import DomainEntityRef

HOME_DIVISION_ID = "00000000-0000-4000-8000-000000000001"
HOME_DIVISION = DomainEntityRef(
    id=HOME_DIVISION_ID, name="Home", self_uri=f"/api/v2/authorization/divisions/{HOME_DIVISION_ID}"
)
