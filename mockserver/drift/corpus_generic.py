"""Corpus entries of the generic area (mockserver/generic): one per catalogue rule.

Both run on the mock only: generic resources (DNC lists here) have no cleanup kind in the drift runner, and the
record cap is the mock's own memory bound, not a limit of the real org.
"""

from __future__ import annotations

from mockserver.drift.model import Entry, Step

DNC_LISTS = "/api/v2/outbound/dnclists"
DNC_LIST = {"name": "{{prefix}}dnc", "dncSourceType": "rds"}
MOCK_ONLY = "generic emulation: its resources have no cleanup on a real org"


def _new_dnc_list() -> Step:
    return Step("POST", DNC_LISTS, json=DNC_LIST, save={"dnc": "id"})


RULE_ENTRIES: tuple[Entry, ...] = (
    Entry(id="generic-version", rule="GENERIC-VERSION", setup=(_new_dnc_list(),),
          request=Step("PUT", DNC_LISTS + "/{{dnc}}", json={**DNC_LIST, "version": 7}), remote=MOCK_ONLY),
    Entry(id="generic-max-records", rule="GENERIC-MAX-RECORDS", setup=(_new_dnc_list(),),
          request=Step("POST", DNC_LISTS, json=DNC_LIST), mock_settings={"generic": {"max_records": 1}},
          remote=MOCK_ONLY),
)
