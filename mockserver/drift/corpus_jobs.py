"""Corpus entries of presigned uploads and bulk contact jobs: one per rule of mockserver/outbound/job_catalogue.py.

The PUT entries send the file to the URL the setup's ``POST …/uploads`` handed out (saved as ``{{url}}``). They never
run on an HTTP target: a real org's URL is on its storage service, whose 403 is an XML body rather than an
ErrorBody, and the expiry entry moves the mock's clock.
"""

from __future__ import annotations

from typing import Any

from mockserver.drift.corpus_outbound import CONTACTS, GOOD_CSV, LISTS, add_contacts, new_list
from mockserver.drift.model import Entry, Step

URLS = LISTS + "/uploads"
STORAGE = "the URL is on the real org's storage service (S3: an XML 403, not an ErrorBody)"


def _rule(rule: str, request: Step, *setup: Step, **kw: Any) -> Entry:
    return Entry(id=rule.lower(), rule=rule, request=request, setup=tuple(setup), **kw)


def _url_request(**body: Any) -> Step:
    return Step("POST", URLS, json={"contentType": "text/csv", "id": "{{list}}", **body})


_HAND_OUT = Step("POST", URLS, json={"contentType": "text/csv", "id": "{{list}}"}, save={"url": "url"})


def _put(content_type: str) -> Step:
    return Step("PUT", "{{url}}", headers={"Content-Type": content_type}, body=GOOD_CSV)


def _patch_one() -> Step:
    return Step(
        "POST",
        CONTACTS + "/bulk/update",
        json={"contactIds": ["{{prefix}}c1"], "contact": {"data": {"firstName": "Renamed"}}},
    )


RULE_ENTRIES: tuple[Entry, ...] = (
    _rule("OUT-PRESIGN-CONTENT-TYPE", _url_request(contentType="application/pdf"), new_list()),
    _rule("OUT-PRESIGN-TIMEOUT", _url_request(signedUrlTimeoutSeconds=0), new_list()),
    _rule("OUT-PRESIGN-TARGET", Step("POST", URLS, json={"contentType": "text/csv"})),
    _rule(
        "OUT-PRESIGN-EXPIRED",
        _put("text/csv"),
        new_list(),
        _HAND_OUT,
        Step("POST", "/__mock/clock/advance", json={"seconds": 601}),
        remote=STORAGE + "; the entry moves the mock's clock past the URL's 600 seconds",
    ),
    _rule("OUT-PRESIGN-HEADERS", _put("application/octet-stream"), new_list(), _HAND_OUT, remote=STORAGE),
    _rule("OUT-BULK-NO-SELECTION", Step("POST", CONTACTS + "/bulk/remove", json={}), new_list()),
    _rule(
        "OUT-BULK-EDIT-NO-CONTACT",
        Step("POST", CONTACTS + "/bulk/update", json={"contactIds": ["{{prefix}}c1"]}),
        new_list(),
    ),
    _rule(
        "OUT-BULK-JOB-LIMIT",
        _patch_one(),
        new_list(),
        add_contacts({"id": "{{prefix}}c1", "data": {"firstName": "Ann", "phone": "+12025550101"}}),
        Step("POST", CONTACTS + "/bulk/update", json=_patch_one().json, repeat=10),
        mock_settings={"outbound": {"bulk_records_per_second": 0.001}},
        remote="the mock keeps 10 jobs per list; a real org's jobs finish long before 10 pile up",
    ),
)
