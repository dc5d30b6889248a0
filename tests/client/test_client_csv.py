"""CSV helpers (header -> ContactList, E.164, batches) and the import workflow, 2,500 rows with exact counts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from clients.genesys_client import (
    ImportTimeout,
    batches,
    contact_list_from_header,
    import_csv,
    prepare_csv,
    to_e164,
    upload_file,
)
from clients.genesys_client.phones import PhoneNumberError
from clients.genesys_client.uploads import wait_for_import
from contracts.outbound import ImportStatus
from tests.client.conftest import Target, unique_name

# --- phones ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, region, e164",
    [
        ("(317) 555-0100", "US", "+13175550100"),
        ("317.555.0100", "US", "+13175550100"),
        ("+1 317 555 0100", "GB", "+13175550100"),
        ("tel:+13175550100", None, "+13175550100"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("0044 20 7946 0958", "DE", "+442079460958"),
    ],
)
def test_to_e164(raw: str, region: str | None, e164: str) -> None:
    assert to_e164(raw, region) == e164


@pytest.mark.parametrize("raw", ["12", "", "not a number", "+999 1234"])
def test_unusable_numbers_say_why(raw: str) -> None:
    with pytest.raises(PhoneNumberError):
        to_e164(raw, "US")


def test_require_valid_rejects_unassigned_ranges() -> None:
    assert to_e164("+1 123 456 7890") == "+11234567890"  # possible (area code 123 is not), accepted by default
    with pytest.raises(PhoneNumberError, match="assigned"):
        to_e164("+1 123 456 7890", require_valid=True)


# --- header -> contact list, batches, prepared files --------------------------------------------------------


def test_contact_list_from_header_guesses_phone_and_email_columns() -> None:
    contact_list = contact_list_from_header(
        "Spring", ["inin-outbound-id", "First Name", "mobilePhone", "home_phone", "E-mail", "emailOptIn", "zip"]
    )
    assert contact_list.column_names == ["First Name", "mobilePhone", "home_phone", "E-mail", "emailOptIn", "zip"]
    assert [(c.column_name, c.type) for c in contact_list.phone_columns] == [
        ("mobilePhone", "cell"),
        ("home_phone", "home"),
    ]
    assert [(c.column_name, c.type) for c in contact_list.email_columns] == [("E-mail", "work")]
    assert set(contact_list.dump()) == {"name", "columnNames", "phoneColumns", "emailColumns"}


def test_explicit_columns_override_the_guess() -> None:
    contact_list = contact_list_from_header(
        "x", ["name", "Móvil", "correo"], phone_columns=["Móvil:Móvil"], email_columns=["correo"]
    )
    assert [(c.column_name, c.type) for c in contact_list.phone_columns] == [("Móvil", "Móvil")]
    assert [(c.column_name, c.type) for c in contact_list.email_columns] == [("correo", "work")]


@pytest.mark.parametrize(
    "header, phones, message",
    [
        (["a", "a", "phone"], None, "repeats"),
        (["name", "city"], None, "no phone or e-mail column"),
        (["name", "phone"], ["mobile"], "not in the header"),
        ([f"c{i}" for i in range(50)] + ["phone"], None, "at most 50"),
    ],
)
def test_unusable_headers_are_refused(header: list[str], phones: list[str] | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        contact_list_from_header("x", header, phone_columns=phones)


def test_batches_of_at_most_1000() -> None:
    assert [len(b) for b in batches(range(2500))] == [1000, 1000, 500]
    assert [len(b) for b in batches(range(3), 2)] == [2, 1]


def test_prepare_csv_normalises_and_reports_rows_it_leaves_out() -> None:
    source = io.StringIO("name,phone\r\nA,(317) 555-0100\r\nB,12\r\n\r\nC,\r\nD,+44 20 7946 0958,extra\r\n")
    prepared = prepare_csv(source, ["phone"], default_region="US")
    assert (prepared.rows, prepared.accepted) == (4, 2)
    assert [(p.row, p.column) for p in prepared.rejected] == [(3, "phone"), (6, "*")]
    assert "impossible length" in str(prepared.rejected[0])
    rows = list(csv.reader(io.TextIOWrapper(prepared.file, encoding="utf-8", newline="")))
    assert rows == [["name", "phone"], ["A", "+13175550100"], ["C", ""]]


# --- the import workflow ----------------------------------------------------------------------------------

FORMATS = ("({a}) 555-{n:04d}", "{a}.555.{n:04d}", "+1 {a} 555 {n:04d}", "1-{a}-555-{n:04d}")


def _write_people(path: Path, count: int, *, bad: int = 0) -> list[tuple[str, str, str]]:
    """A CSV of ``count`` good rows in assorted phone formats (plus ``bad`` unusable ones); the expected data."""
    expected = []
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["First Name", "Mobile", "Email"])
        for i in range(count):
            area = 200 + i % 700
            writer.writerow([f"N{i}", FORMATS[i % 4].format(a=area, n=i % 10000), f"n{i}@example.com"])
            expected.append((f"N{i}", f"+1{area}555{i % 10000:04d}", f"n{i}@example.com"))
        for i in range(bad):
            writer.writerow([f"Bad{i}", "12", f"bad{i}@example.com"])
    return expected


def _poll(target: Target) -> dict[str, float]:
    return {"poll_interval": 0.02, "max_poll_interval": 0.1} if target.is_mock else {"poll_interval": 2.0}


def test_2500_row_csv_round_trips_through_import_with_the_exact_count(target: Target, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    expected = _write_people(path, 2500)
    uploaded: list[tuple[int, int]] = []
    report = import_csv(
        target.client, path, unique_name("gcm-import"), on_upload=lambda s, t: uploaded.append((s, t)), **_poll(target)
    )
    target.cleanup.contact_list(report.contact_list.id or "")
    assert not report.failed, report.summary()
    assert (report.rows, report.accepted, report.rejected) == (2500, 2500, [])
    assert report.status is not None and report.status.total_records == report.status.completed_records == 2500
    assert report.size == 2500
    assert uploaded and uploaded[-1][0] == uploaded[-1][1] > 0  # the progress callback saw the whole file
    assert [c.column_name for c in report.contact_list.phone_columns] == ["Mobile"]
    assert [c.column_name for c in report.contact_list.email_columns] == ["Email"]

    exported = target.client.outbound.download_export(
        report.contact_list.id, **({"poll_interval": 0.02} if target.is_mock else {})
    )
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert len(rows) == 2500
    assert sorted((r["First Name"], r["Mobile"], r["Email"]) for r in rows) == sorted(expected)


def test_rows_that_cannot_be_normalised_are_reported_and_left_out(target: Target, tmp_path: Path) -> None:
    path = tmp_path / "some-bad.csv"
    _write_people(path, 8, bad=2)
    report = import_csv(target.client, path, unique_name("gcm-import"), **_poll(target))
    target.cleanup.contact_list(report.contact_list.id or "")
    assert (report.rows, report.accepted, len(report.rejected), report.size) == (10, 8, 2, 8)
    assert [p.row for p in report.rejected] == [10, 11]
    summary = report.summary()
    assert summary["rejected"] == 2 and summary["imported"] == 8 and summary["state"] == "FINISHED"


def test_a_failed_import_is_reported_not_hidden(target: Target, tmp_path: Path) -> None:
    if not target.is_mock:
        pytest.skip("depends on the mock's strict header rule (OUT-IMPORT-HEADER)")
    contact_list = target.client.outbound.create_contact_list(
        {"name": unique_name(), "columnNames": ["phone"], "phoneColumns": [{"columnName": "phone", "type": "cell"}]}
    )
    target.cleanup.contact_list(contact_list.id or "")
    path = tmp_path / "wrong-header.csv"
    path.write_text("phone,surprise\n+13175550100,x\n", encoding="utf-8")
    report = upload_file(target.client, contact_list.id or "", path, **_poll(target))
    assert report.failed and report.status is not None and "surprise" in (report.status.failure_reason or "")
    assert report.size == 0 and report.summary()["state"] == "FAILED"


def test_uploading_the_same_file_again_does_not_wait_out_the_grace_period(target: Target, tmp_path: Path) -> None:
    path = tmp_path / "same.csv"
    _write_people(path, 5)
    report = import_csv(target.client, path, unique_name("gcm-import"), **_poll(target))
    target.cleanup.contact_list(report.contact_list.id or "")
    # Identical counts: on the mock only the upload's answer (state IN_PROGRESS) tells the two imports apart.
    grace = {"start_grace": 600, "timeout": 120} if target.is_mock else {}
    again = upload_file(target.client, report.contact_list.id or "", path, **grace, **_poll(target))
    assert again.status == report.status and again.size == 10


# --- waiting for an import, scripted (what a real org may show right after the upload) --------------------------


class _Scripted:
    """Stands in for the client: ``outbound.get_import_status`` answers from a script; time is fake."""

    def __init__(self, *statuses: ImportStatus) -> None:
        self.script = list(statuses)
        self.outbound = self
        self.now = 0.0
        self.sleeps: list[float] = []

    def get_import_status(self, contact_list_id: str) -> ImportStatus:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


DONE = ImportStatus(state="IN_PROGRESS", total_records=5, completed_records=5, percent_complete=100)


def test_a_stale_status_is_not_taken_for_the_new_import() -> None:
    fake = _Scripted(DONE, DONE, ImportStatus(state="IN_PROGRESS", total_records=5, completed_records=2), DONE)
    final = wait_for_import(fake, "l", previous=DONE, sleep=fake.sleep, clock=lambda: fake.now)  # type: ignore[arg-type]
    assert final == DONE and fake.sleeps == [1.0, 1.5, 2.25]


def test_an_unchanged_status_counts_after_the_grace_period() -> None:
    fake = _Scripted(DONE)
    final = wait_for_import(
        fake,
        "l",
        previous=DONE,
        start_grace=5,
        sleep=fake.sleep,  # type: ignore[arg-type]
        clock=lambda: fake.now,
    )
    assert final == DONE and sum(fake.sleeps) >= 5


def test_failed_is_final_and_a_deadline_is_kept() -> None:
    failed = ImportStatus(state="FAILED", completed_records=0, failure_reason="row 3: bad phone")
    fake = _Scripted(ImportStatus(state="IN_PROGRESS"), failed)
    assert wait_for_import(fake, "l", sleep=fake.sleep, clock=lambda: fake.now) == failed  # type: ignore[arg-type]
    stuck = _Scripted(ImportStatus(state="IN_PROGRESS", total_records=5, completed_records=1))
    with pytest.raises(ImportTimeout, match="not finished after 30 s"):
        wait_for_import(stuck, "l", timeout=30, sleep=stuck.sleep, clock=lambda: stuck.now)  # type: ignore[arg-type]
