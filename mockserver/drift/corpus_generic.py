"""Corpus entries of the generic area (mockserver/generic): one per catalogue rule.

Both run on the mock only: generic resources (call analysis response sets here) have no cleanup kind in the drift runner, and the
record cap is the mock's own memory bound, not a limit of the real org.
"""

from __future__ import annotations

from mockserver.drift.model import Entry, Step

RESPONSE_SETS = "/api/v2/outbound/callanalysisresponsesets"
RESPONSE_SET = {"name": "{{prefix}}cars", "responses": {}}
MOCK_ONLY = "generic emulation: its resources have no cleanup on a real org"


def _new_response_set() -> Step:
    return Step("POST", RESPONSE_SETS, json=RESPONSE_SET, save={"cars": "id"})


RULE_ENTRIES: tuple[Entry, ...] = (
    Entry(
        id="generic-version",
        rule="GENERIC-VERSION",
        setup=(_new_response_set(),),
        request=Step("PUT", RESPONSE_SETS + "/{{cars}}", json={**RESPONSE_SET, "version": 7}),
        remote=MOCK_ONLY,
    ),
    Entry(
        id="generic-max-records",
        rule="GENERIC-MAX-RECORDS",
        setup=(_new_response_set(),),
        request=Step("POST", RESPONSE_SETS, json=RESPONSE_SET),
        mock_settings={"generic": {"max_records": 1}},
        remote=MOCK_ONLY,
    ),
)
