"""Every operation of the table and the common error statuses, through the official JavaScript SDK.

driver.js (with its modules under scenarios/) has one scenario per operationId of contracts/operations.py; the
tests here are parametrised over the table, not over the driver, so a new row without a JS scenario fails. For each
scenario: the SDK's calls succeeded and its key fields came back as sent (the driver's checks), the operation under
test was really sent, and every body the SDK received fits the type its method declares in index.d.ts
(tests/sdk_js/dts.py), apart from the
known defects listed below.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contracts.operations import BY_ID
from tests.sdk_js.conftest import HERE, JsRun, node_environment, operations_sent, pinned_version

pytestmark = [pytest.mark.server, pytest.mark.js_sdk]

# The upload host has no SDK method; the driver posts the form through ApiClient.callApi. The route answers an
# object the SDK does not type (Promise<object> is what callApi's callers get), so only its status is checked.
UNTYPED = {("ApiClient", "callApi:postUploadsV2Contactlist"): "object"}


@dataclass(frozen=True)
class KnownDefect:
    """A finding that another part of issue 12 is fixing in the mock: delete the entry once that fix is merged
    (``test_each_known_defect_still_occurs`` says which). ``line`` is one problem line as the tests print it,
    ``Api.method [status]: path (Interface): kind: detail`` or ``driver: <failed check>``, where ``*`` (only)
    matches anything."""

    line: str
    reason: str

    def excuses(self, problem: str) -> bool:
        return re.fullmatch(re.escape(self.line).replace(r"\*", ".*"), problem) is not None


KNOWN_DEFECTS: list[KnownDefect] = []
"""Empty since issue 12's fixes landed (ImportStatus without ``state``, ``{}`` before any import, no
``totalRecords`` while the rows were being counted): a new finding goes here only while its fix is under way."""


def problems_of(run: JsRun, record: dict[str, Any]) -> list[str]:
    """One scenario's failed checks and every audit finding of the bodies its SDK calls received."""
    problems = [f"driver: {failure}" for failure in record["failures"]]
    for exchange in record["exchanges"]:
        key = (exchange["api"], exchange["method"])
        status = exchange["status"]
        if status is not None and status >= 400:
            declared = "Models.ErrorBody"
        else:
            declared = UNTYPED.get(key) or run.declarations.returns(*key)
        problems += [
            f"{key[0]}.{key[1]} [{status}]: {finding}" for finding in run.declarations.audit(exchange["body"], declared)
        ]
    return problems


def unexcused(problems: list[str]) -> list[str]:
    return [problem for problem in problems if not any(defect.excuses(problem) for defect in KNOWN_DEFECTS)]


def all_problems(run: JsRun) -> list[str]:
    return [
        problem for record in [*run.scenarios.values(), *run.errors.values()] for problem in problems_of(run, record)
    ]


def test_each_known_defect_still_occurs(js_run: JsRun) -> None:
    """An entry that excuses nothing any more is stale: its fix has landed, so the entry must go."""
    problems = all_problems(js_run)
    stale = [defect.line for defect in KNOWN_DEFECTS if not any(defect.excuses(p) for p in problems)]
    assert not stale, "fixed now, delete from KNOWN_DEFECTS:\n" + "\n".join(stale)


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
    problems = unexcused(problems_of(js_run, record))
    assert not problems, f"{operation_id} through the JS SDK:\n" + "\n".join(problems)
    assert operation_id in operations_sent(record), f"the scenario never sent {operation_id}"
    assert record["target"] is not None, "the scenario marked no exchange as the operation's"
    assert 200 <= record["exchanges"][record["target"]]["status"] < 300


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
    problems = unexcused(problems_of(js_run, record))
    assert not problems, f"{name} through the JS SDK:\n" + "\n".join(problems)
    status, code = ERRORS[name]
    rejection = record["exchanges"][-1]
    assert rejection["status"] == status
    body = rejection["body"]
    assert isinstance(body, dict), body
    assert (body.get("status"), body.get("code")) == (status, code), body
    assert body.get("message") and isinstance(body.get("details"), list) and isinstance(body.get("errors"), list)
    correlation_id = rejection["headers"].get("inin-correlation-id")
    assert correlation_id and body.get("contextId") == correlation_id
    if status == 403:  # the message names what is missing, and only that
        assert ("outbound:contactList:add" if code == "missing.any.permissions" else "outbound:contact:view") in body[
            "message"
        ] and "contactList:view" not in body["message"], body
    if status == 429:
        retry_after = rejection["headers"]["retry-after"]
        assert int(retry_after) > 0 and body["messageParams"]["retryAfter"] == retry_after, body


def test_the_driver_refuses_any_host_but_loopback(js_sdk: Path, tmp_path: Path) -> None:
    """The first thing driver.js does is check where the SDK is aimed: nothing but 127.0.0.1 is accepted."""
    driver_input = {"baseUrl": "http://example.com:8080", "client": {"id": "x", "secret": "y"}}
    result = subprocess.run(
        ["node", str(HERE / "driver.js")],
        input=json.dumps(driver_input),
        cwd=HERE,
        env=node_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "refusing to aim the SDK at http://example.com:8080: not 127.0.0.1" in result.stderr
