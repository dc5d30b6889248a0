"""The benchmark suite stays runnable (a smoke run of its in-process scenario), and the lean-state helpers the
performance work introduced say the same as the pydantic models and libraries they stand in for."""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from benchmarks.__main__ import main
from benchmarks.stats import summary
from benchmarks.wrk import parse
from contracts.outbound import DialerContact
from mockserver.core.phones import e164_problem
from mockserver.outbound.contact_data import _e164_problem, new_contact_id
from mockserver.outbound.state import StoredContact, contact_json


def test_quick_inprocess_run_writes_figures_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figures.json"
    assert main(["--quick", "--only", "inprocess", "--runs", "1", "--json", str(out)]) == 0
    result = json.loads(out.read_text())["scenarios"]["inprocess"]
    assert result["figures"]["mock_post_us"]["runs"] == 1
    assert result["figures"]["mock_post_us"]["median"] > 0
    assert result["ratios"]["mock_post / bare"] > 0
    assert "| inprocess | mock_post_us |" in capsys.readouterr().out


def test_summary_reports_median_and_range() -> None:
    figure = summary([3.0, 1.0, 2.0], "s")
    assert (figure["median"], figure["min"], figure["max"], figure["runs"]) == (2.0, 1.0, 3.0, 3)


def test_wrk_report_is_read_in_milliseconds() -> None:
    output = """Running 2s test @ http://127.0.0.1:1/x
  Latency Distribution
     50%    1.50ms
     75%    2.00ms
     90%    3.00ms
     99%  850.00us
  4000 requests in 2.00s, 1.00MB read
  Non-2xx or 3xx responses: 7
Requests/sec:   2000.50
"""
    result = parse(output)
    assert (result.requests_per_second, result.p50_ms, result.p99_ms, result.non_2xx, result.total) == (
        2000.5,
        1.5,
        0.85,
        7,
        4000,
    )


def test_contact_json_is_the_dialer_contact_dump() -> None:
    contact = StoredContact(
        id="c-1",
        data={"phone": "+13175550100"},
        priority=True,
        date_created=datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc),
        extra={"callable": False, "phoneNumberStatus": {"phone": {"callable": True}}},
    )
    rendered = contact_json("list-1", contact)
    model = DialerContact.model_validate(
        {
            **contact.extra,
            "id": "c-1",
            "contactListId": "list-1",
            "data": contact.data,
            "dateCreated": contact.date_created,
            "configurationOverrides": {"priority": True},
            "selfUri": "/api/v2/outbound/contactlists/list-1/contacts/c-1",
        }
    )
    assert rendered == model.dump()
    DialerContact.model_validate(rendered)


def test_new_contact_ids_are_random_uuid4_text() -> None:
    ids = {new_contact_id() for _ in range(1000)}
    assert len(ids) == 1000
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122


@pytest.mark.parametrize(
    "number",
    [
        "+13175550100",
        "+12125551234",
        "+19999999999",
        "+12005550000",
        "+1317555010",
        "+131755501000",
        "+11175550100",
        "+13171550100",
        "+1 3175550100",
        "+442071234567",
        "13175550100",
        "+0123",
        "+1317555O100",
    ],
)
def test_e164_shortcut_agrees_with_phonenumbers(number: str) -> None:
    assert _e164_problem(number) == e164_problem(number)


def test_scale_measures_each_worker_count_once_and_reads_cpu_time_from_proc() -> None:
    from benchmarks.scale import cpu_seconds, setups

    assert [(s.state, s.workers) for s in setups(2)] == [("memory", 1), ("redis", 1), ("redis", 2)]
    assert [s.workers for s in setups(8) if s.state == "redis"] == [1, 2, 8]
    spent = cpu_seconds(os.getpid())
    sum(i * i for i in range(300_000))  # burn a little CPU in this process
    assert cpu_seconds(os.getpid()) >= spent > 0
    assert cpu_seconds(2**22 + 1) == 0.0  # beyond pid_max's default: a process that is gone


def test_startup_usage_sums_the_server_process_and_its_children() -> None:
    import subprocess
    import sys

    import psutil

    from benchmarks.servers import tree_usage

    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        cpu, rss = tree_usage(os.getpid())
        own = psutil.Process()
        child_rss = psutil.Process(child.pid).memory_info().rss
        assert cpu >= sum(own.cpu_times()[:2]) - 0.05 > 0  # this process's CPU at least (read just before)
        assert rss > own.memory_info().rss + child_rss // 2  # the child's memory is counted too
    finally:
        child.communicate(b"")
