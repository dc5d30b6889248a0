"""Bulk contact jobs (facts §6.1, §6.3): POST …/contacts/bulk/remove and …/bulk/update start a job that works
through the selected contacts on the mock's clock (a frozen clock here: the job only moves when it is advanced);
GET …/bulk/jobs and …/bulk/jobs/{jobId} show it; the backup of the contacts is downloadable at downloadURI.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask

from tests.conftest import assert_error, assert_rejected, get_token

LISTS = "/api/v2/outbound/contactlists"
RATE = 10  # contacts per second of the mock's clock


class Org:
    """A frozen-clock app with one list of ``count`` contacts: c-0 … c-(count-1), tier gold for even numbers."""

    def __init__(self, app: Flask, count: int) -> None:
        self.client = app.test_client()
        self.auth = {"Authorization": f"Bearer {get_token(self.client)}"}
        body = {
            "name": "Bulk",
            "columnNames": ["name", "tier", "phone"],
            "phoneColumns": [{"columnName": "phone", "type": "cell"}],
        }
        created = self.client.post(LISTS, json=body, headers=self.auth)
        assert created.status_code == 200, created.get_json()
        self.list_id = created.get_json()["id"]
        contacts = [
            {
                "id": f"c-{i}",
                "data": {"name": f"N{i}", "tier": "gold" if i % 2 == 0 else "blue", "phone": f"+1202555{i:04d}"},
            }
            for i in range(count)
        ]
        for start in range(0, count, 1000):
            added = self.client.post(f"{self.contacts}", json=contacts[start : start + 1000], headers=self.auth)
            assert added.status_code == 200, added.get_json()

    @property
    def contacts(self) -> str:
        return f"{LISTS}/{self.list_id}/contacts"

    def post(self, action: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"{self.contacts}/bulk/{action}", json=body, headers=self.auth)

    def start(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.post(action, body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def job(self, job_id: str) -> dict[str, Any]:
        response = self.client.get(f"{self.contacts}/bulk/jobs/{job_id}", headers=self.auth)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def advance(self, seconds: float) -> None:
        assert self.client.post("/__mock/clock/advance", json={"seconds": seconds}).status_code == 200

    def ids(self) -> list[str]:
        """Every contact id of the list, through the search route (pages of 100)."""
        found, page = [], 1
        while True:
            body = {"pageNumber": page, "pageSize": 100}
            response = self.client.post(f"{self.contacts}/search", json=body, headers=self.auth).get_json()
            found += [contact["id"] for contact in response["entities"]]
            if page >= response["pageCount"]:
                return found
            page += 1

    def contact(self, contact_id: str) -> dict[str, Any]:
        return self.client.get(f"{self.contacts}/{contact_id}", headers=self.auth).get_json()


GOLD = {
    "criteria": {
        "filterType": "AND",
        "clauses": [
            {
                "filterType": "AND",
                "predicates": [{"column": "tier", "columnType": "alphabetic", "operator": "EQUALS", "value": "gold"}],
            }
        ],
    }
}


@pytest.fixture
def org(make_app: Any) -> Org:
    return Org(make_app(clock={"mode": "frozen"}, outbound={"bulk_records_per_second": RATE}), 40)


def test_remove_works_through_the_selected_contacts_on_the_clock(org: Org) -> None:
    job = org.start("remove", GOLD)
    assert job["state"] == "InProgress" and job["type"] == "BulkDelete"
    assert (job["totalRecords"], job["completedRecords"], job["percentComplete"]) == (20, 0, 0)
    assert job["selfUri"] == f"{org.contacts}/bulk/jobs/{job['id']}"
    assert len(org.ids()) == 40  # nothing removed before the clock moves

    org.advance(1)  # 10 contacts per second: half of the 20
    halfway = org.job(job["id"])
    assert (halfway["state"], halfway["completedRecords"], halfway["percentComplete"]) == ("InProgress", 10, 50)
    assert len(org.ids()) == 30

    org.advance(5)
    done = org.job(job["id"])
    assert (done["state"], done["completedRecords"], done["percentComplete"]) == ("Complete", 20, 100)
    remaining = org.ids()
    assert sorted(remaining) == sorted(f"c-{i}" for i in range(1, 40, 2))  # exactly the blue ones are left


def test_progress_is_applied_by_any_request_on_the_list(org: Org) -> None:
    """A client that never polls the job still sees the contacts go once the clock has passed."""
    org.start("remove", GOLD)
    org.advance(60)
    assert len(org.ids()) == 20


def test_update_patches_ids_and_criteria_selection(org: Org) -> None:
    body = {"contactIds": ["c-0", "c-1", "c-2", "c-404"], "contact": {"data": {"tier": "platinum"}, "callable": False}}
    job = org.start("update", body)
    assert (job["type"], job["totalRecords"]) == ("BulkEdit", 3)  # c-404 is not in the list
    org.advance(1)
    assert org.job(job["id"])["state"] == "Complete"
    patched = org.contact("c-1")
    assert patched["data"] == {"name": "N1", "tier": "platinum", "phone": "+12025550001"}  # other columns kept
    assert patched["callable"] is False
    assert org.contact("c-3")["data"]["tier"] == "blue"

    both = org.start("update", {**GOLD, "contactIds": ["c-4", "c-5"], "contact": {"data": {"name": "Renamed"}}})
    assert both["totalRecords"] == 1  # c-4 is gold, c-5 is not
    org.advance(1)
    assert org.contact("c-4")["data"]["name"] == "Renamed" and org.contact("c-5")["data"]["name"] == "N5"


def test_jobs_listing_newest_first_and_backup_download(org: Org) -> None:
    first = org.start("update", {"contactIds": ["c-0"], "contact": {"data": {"name": "X"}}})
    second = org.start("remove", {**GOLD, "generateDownloadURI": False})
    org.advance(10)
    listing = org.client.get(f"{org.contacts}/bulk/jobs", headers=org.auth).get_json()
    assert listing["total"] == 2 and [job["id"] for job in listing["entities"]] == [second["id"], first["id"]]
    assert listing["selfUri"] == f"{org.contacts}/bulk/jobs"
    assert "downloadURI" not in listing["entities"][0]

    uri = listing["entities"][1]["downloadURI"]
    download = org.client.get(urlsplit(uri).path)  # the backup: the contact as it was, before the patch
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows == [["inin-outbound-id", "name", "tier", "phone"], ["c-0", "N0", "gold", "+12025550000"]]


def test_ten_jobs_are_kept(org: Org) -> None:
    ids = [
        org.start("update", {"contactIds": ["c-1"], "contact": {"data": {"name": f"v{n}"}}})["id"] for n in range(10)
    ]
    assert_rejected(
        org.post("update", {"contactIds": ["c-1"], "contact": {"data": {"name": "v10"}}}),
        400,
        "max.entity.count.reached",
        "OUT-BULK-JOB-LIMIT",
        None,
    )
    org.advance(1)
    newest = org.start("update", {"contactIds": ["c-1"], "contact": {"data": {"name": "v10"}}})
    listing = org.client.get(f"{org.contacts}/bulk/jobs", headers=org.auth).get_json()
    assert [job["id"] for job in listing["entities"]] == [newest["id"], *reversed(ids[1:])]
    assert_error(org.client.get(f"{org.contacts}/bulk/jobs/{ids[0]}", headers=org.auth), 404, "not.found")


@pytest.mark.parametrize(
    ("action", "body", "status", "code", "rule", "field"),
    [
        ("remove", {}, 400, "invalid.value", "OUT-BULK-NO-SELECTION", "criteria"),
        ("remove", {"criteria": {"clauses": []}}, 400, "invalid.value", "OUT-BULK-NO-SELECTION", "criteria"),
        ("update", {"contact": {"data": {}}}, 400, "invalid.value", "OUT-BULK-NO-SELECTION", "contactIds"),
        ("update", {"contactIds": ["c-1"]}, 400, "invalid.value", "OUT-BULK-EDIT-NO-CONTACT", "contact"),
        (
            "update",
            {"contactIds": ["c-1"], "contact": {"data": {"nope": "x"}}},
            400,
            "invalid.contact.columns",
            "OUT-CONTACT-UNKNOWN-COLUMNS",
            "contact.data.nope",
        ),
        (
            "update",
            {"contactIds": ["c-1"], "contact": {"data": {"phone": "12"}}},
            400,
            "invalid.value",
            "OUT-CONTACT-E164",
            "contact.data.phone",
        ),
        ("remove", {"contactListFilterId": "f-1"}, 400, "invalid.value", "OUT-FILTER-UNKNOWN", "contactListFilterId"),
    ],
)
def test_requests_that_start_nothing(
    org: Org, action: str, body: dict, status: int, code: str, rule: str, field: str
) -> None:
    assert_rejected(org.post(action, body), status, code, rule, field)
    listing = org.client.get(f"{org.contacts}/bulk/jobs", headers=org.auth).get_json()
    assert listing["total"] == 0


def test_bad_criteria_and_unknown_list(org: Org) -> None:
    bad = {"criteria": {"clauses": [{"predicates": [{"column": "missing", "operator": "EQUALS", "value": "x"}]}]}}
    response = org.post("remove", bad)
    assert_error(response, 400, "invalid.value")
    assert response.get_json()["details"][0]["fieldName"] == "criteria.clauses[0].predicates[0].column"
    unknown = org.client.post(f"{LISTS}/nope/contacts/bulk/remove", json=GOLD, headers=org.auth)
    assert_error(unknown, 404, "not.found")
    assert_error(org.client.get(f"{LISTS}/nope/contacts/bulk/jobs", headers=org.auth), 404, "not.found")
    assert_error(org.client.get(f"{org.contacts}/bulk/jobs/nope", headers=org.auth), 404, "not.found")


def test_deleting_the_list_drops_its_jobs(org: Org) -> None:
    job = org.start("remove", GOLD)
    assert org.client.delete(f"{LISTS}/{org.list_id}", headers=org.auth).status_code == 200
    assert_error(org.client.get(f"{org.contacts}/bulk/jobs/{job['id']}", headers=org.auth), 404, "not.found")
    with org.client.application.app_context():
        from mockserver.core.context import tenant_state
        from mockserver.outbound.state import BULK_JOBS, BULK_TARGETS

        view = tenant_state().view()
        assert view.count(BULK_JOBS.of(org.list_id)) == 0 and view.count(BULK_TARGETS.of(org.list_id)) == 0


def test_a_large_job_settles_chunk_by_chunk(make_app: Any) -> None:
    """2,500 contacts (three chunks of ids) removed in three steps of the clock."""
    org = Org(make_app(clock={"mode": "frozen"}, outbound={"bulk_records_per_second": 1000}), 2500)
    job = org.start(
        "remove",
        {
            "criteria": {"clauses": [{"predicates": [{"column": "name", "operator": "BEGINS_WITH", "value": "N"}]}]},
            "generateDownloadURI": False,
        },
    )
    assert job["totalRecords"] == 2500
    org.advance(1.5)
    assert org.job(job["id"])["completedRecords"] == 1500
    org.advance(1)
    assert org.job(job["id"])["state"] == "Complete" and org.ids() == []
