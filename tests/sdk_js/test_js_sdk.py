"""Every operation of the table and the common error statuses, through the official JavaScript SDK.

driver.js has one scenario per operationId of contracts/operations.py; the tests here are parametrised over the
table, not over the driver, so a new row without a JS scenario fails. For each scenario: the SDK's calls succeeded
and its key fields came back as sent (the driver's checks), the operation under test was really sent, and every
body the SDK received fits the type its method declares in index.d.ts (tests/sdk_js/dts.py), apart from the
known defects listed below.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

import pytest

from contracts.operations import BY_ID
from tests.sdk_js.conftest import JsRun, operations_sent, pinned_version
from tests.sdk_js.dts import Finding

pytestmark = [pytest.mark.server, pytest.mark.js_sdk]

# The upload host has no SDK method; the driver posts the form through ApiClient.callApi. The route answers an
# object the SDK does not type (Promise<object> is what callApi's callers get), so only its status is checked.
UNTYPED = {("ApiClient", "callApi:postUploadsV2Contactlist"): "object"}


@dataclass(frozen=True)
class KnownDefect:
    """A finding of the audit that another part of issue 12 is fixing in the mock; delete the entry once merged."""

    type_name: str
    path: str  # a glob over the finding's JSON path
    kind: str
    reason: str

    def excuses(self, finding: Finding) -> bool:
        return (finding.type_name, finding.kind) == (self.type_name, self.kind) and fnmatchcase(finding.path,
                                                                                                self.path)


KNOWN_DEFECTS: list[KnownDefect] = []


def findings_of(run: JsRun, record: dict[str, Any]) -> list[str]:
    """Every audit finding of one scenario's exchanges, as ``api.method -> finding`` lines."""
    problems = []
    for exchange in record["exchanges"]:
        key = (exchange["api"], exchange["method"])
        status = exchange["status"]
        if status is not None and status >= 400:
            declared = "Models.ErrorBody"
        else:
            declared = UNTYPED.get(key) or run.declarations.returns(*key)
        for finding in run.declarations.audit(exchange["body"], declared):
            problems.append((f"{key[0]}.{key[1]} [{status}]", finding))
    return problems


def unexcused(problems: list[tuple[str, Finding]]) -> list[str]:
    return [f"{where}: {finding}" for where, finding in problems
            if not any(defect.excuses(finding) for defect in KNOWN_DEFECTS)]


def test_the_pinned_sdk_ran(js_run: JsRun) -> None:
    assert js_run.sdk_version == pinned_version()
    assert js_run.guard == [], "the SDK tried to leave 127.0.0.1"


def test_every_operation_has_a_js_scenario(js_run: JsRun) -> None:
    assert sorted(js_run.scenarios) == sorted(BY_ID), {
        "operations without a scenario": sorted(set(BY_ID) - set(js_run.scenarios)),
        "scenarios of unknown operations": sorted(set(js_run.scenarios) - set(BY_ID)),
    }


@pytest.mark.parametrize("operation_id", list(BY_ID))
def test_operation_through_the_js_sdk(js_run: JsRun, operation_id: str) -> None:
    record = js_run.scenarios.get(operation_id)
    assert record is not None, f"no scenario for {operation_id} in tests/sdk_js/driver.js: add one"
    assert record["failures"] == [], "\n".join(record["failures"])
    assert operation_id in operations_sent(record), f"the scenario never sent {operation_id}"
    assert record["target"] is not None, "the scenario marked no exchange as the operation's"
    assert 200 <= record["exchanges"][record["target"]]["status"] < 300
    problems = unexcused(findings_of(js_run, record))
    assert not problems, "bodies that do not fit index.d.ts:\n" + "\n".join(problems)


ERRORS = {  # driver.js scenario -> (status, ErrorBody code)
    "400 no.contacts.specified": (400, "no.contacts.specified"),
    "400 not.a.user": (400, "not.a.user"),
    "400 invalid.value": (400, "invalid.value"),
    "401 bad.credentials": (401, "bad.credentials"),
    "403 missing.any.permissions": (403, "missing.any.permissions"),
    "403 missing.permissions": (403, "missing.permissions"),
    "404 not.found": (404, "not.found"),
    "409 invalid.update.wrong.version": (409, "invalid.update.wrong.version"),
    "429 too.many.requests.retry.after": (429, "too.many.requests.retry.after"),
}


def test_every_error_case_ran(js_run: JsRun) -> None:
    assert sorted(js_run.errors) == sorted(ERRORS)


@pytest.mark.parametrize("name", list(ERRORS))
def test_error_through_the_js_sdk(js_run: JsRun, name: str) -> None:
    """The SDK's rejection carries the status, a Genesys ErrorBody and ININ-Correlation-Id (= its contextId)."""
    record = js_run.errors[name]
    assert record["failures"] == [], "\n".join(record["failures"])
    status, code = ERRORS[name]
    rejection = record["exchanges"][-1]
    assert rejection["status"] == status
    body = rejection["body"]
    assert isinstance(body, dict), body
    assert (body.get("status"), body.get("code")) == (status, code), body
    assert body.get("message") and isinstance(body.get("details"), list) and isinstance(body.get("errors"), list)
    correlation_id = rejection["headers"].get("inin-correlation-id")
    assert correlation_id and body.get("contextId") == correlation_id
    if status == 429:
        assert int(rejection["headers"]["retry-after"]) > 0
    problems = unexcused(findings_of(js_run, record))
    assert not problems, "bodies that do not fit index.d.ts:\n" + "\n".join(problems)
