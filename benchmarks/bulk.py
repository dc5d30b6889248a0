"""Scenario 3: a million contacts into one list over HTTP (1,000 requests of 1,000), then search and export.

While the batches go in, a second connection polls ``GET /__mock/health`` and records the slowest answer: the
longest pause a client of a busy mock sees (garbage collection of a large heap, a lock held too long).
Memory is the server process's resident set, sampled every 20 ms.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from benchmarks import servers
from benchmarks.api import LISTS, Session, contact_batch
from benchmarks.config import Config
from benchmarks.stats import summary

BATCH = 1000
TARGET_SECONDS = 60.0
TARGET_RSS_MB = 1536.0
TARGET_PAUSE_MS = 100.0
SEARCH = {
    "pageNumber": 1,
    "pageSize": 25,
    "criteria": {
        "filterType": "AND",
        "clauses": [
            {
                "filterType": "AND",
                "predicates": [{"column": "city", "columnType": "alphabetic", "operator": "EQUALS", "value": "Denver"}],
            }
        ],
    },
}
SORTED_SEARCH = {**SEARCH, "contactSorts": [{"fieldName": "lastName", "direction": "DESC"}]}


_PROBE = """
import http.client, sys, threading, time
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=120)
done = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), done.set()), daemon=True).start()
longest, count = 0.0, 0
while not done.wait(0.01):  # pacing between probes, so that the probe does not load the server itself
    started = time.perf_counter()
    conn.request("GET", sys.argv[2])
    conn.getresponse().read()
    longest = max(longest, time.perf_counter() - started)
    count += 1
print(longest, count, flush=True)
"""


class HealthProbe:
    """Polls the health route every 10 ms from a process of its own (the load generator's own pauses must not
    count); ``stop()`` returns the slowest answer in seconds."""

    def __init__(self, port: int) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _PROBE, str(port), servers.HEALTH],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> float:
        out, _ = self._process.communicate("stop\n", timeout=120)
        return float(out.split()[0])


def _one_run(batches: int) -> dict[str, float]:
    with servers.started("mock") as mock:
        session = Session.open(mock.base_url)
        list_id = session.create_list()
        path = f"{LISTS}/{list_id}/contacts"
        bodies = (contact_batch(i * BATCH, BATCH) for i in range(batches))
        with servers.PeakRss(mock.pid) as rss:
            probe = HealthProbe(mock.port)
            started = time.perf_counter()
            for body in bodies:
                response = session.client.post(path, content=body, headers={"Content-Type": "application/json"})
                if response.status_code != 200:
                    raise RuntimeError(f"POST {path}: {response.status_code} {response.text[:300]}")
            load_seconds = time.perf_counter() - started
            longest_pause = probe.stop()
            size = session.client.get(f"{LISTS}/{list_id}", params={"includeSize": "true"}).json()["size"]
            if size != batches * BATCH:
                raise RuntimeError(f"the list holds {size} contacts, {batches * BATCH} were added")
            figures = {
                "load_s": load_seconds,
                "peak_rss_mb": rss.peak / 2**20,
                "longest_health_pause_ms": longest_pause * 1000,
            }
            figures.update(_search_and_export(session, list_id))
        session.close()
    return figures


def _timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _search_and_export(session: Session, list_id: str) -> dict[str, float]:
    search = f"{LISTS}/{list_id}/contacts/search"
    seconds, response = _timed(lambda: session.client.post(search, json=SEARCH))
    response.raise_for_status()
    sorted_seconds, response = _timed(lambda: session.client.post(search, json=SORTED_SEARCH))
    response.raise_for_status()

    def export() -> int:
        session.client.post(f"{LISTS}/{list_id}/export").raise_for_status()
        uri = session.client.get(f"{LISTS}/{list_id}/export").json()["uri"]
        download = session.client.get(uri)
        download.raise_for_status()
        return len(download.content)

    export_seconds, _size = _timed(export)
    return {"search_s": seconds, "sorted_search_s": sorted_seconds, "export_s": export_seconds}


def run(config: Config) -> dict[str, Any]:
    batches = 20 if config.quick else 1000
    runs = [_one_run(batches) for _ in range(config.runs)]
    units = {
        "load_s": "s",
        "peak_rss_mb": "MB",
        "longest_health_pause_ms": "ms",
        "search_s": "s",
        "sorted_search_s": "s",
        "export_s": "s",
    }
    figures = {name: summary([r[name] for r in runs], unit) for name, unit in units.items()}

    def target(name: str, figure: str, limit: float, unit: str) -> dict[str, Any]:
        value = figures[figure]["median"]
        return {"name": name, "value": value, "target": f"< {limit:g} {unit}", "met": value < limit}

    return {
        "figures": figures,
        "targets": [
            target("bulk wall time", "load_s", TARGET_SECONDS, "s"),
            target("bulk peak RSS", "peak_rss_mb", TARGET_RSS_MB, "MB"),
            target("bulk longest health pause", "longest_health_pause_ms", TARGET_PAUSE_MS, "ms"),
        ],
        "notes": [
            f"{batches} requests of {BATCH} contacts (6 columns, one phone) per run, a fresh server each run; "
            "search: 25 of the list by city (and sorted by lastName); export: POST, GET URI, download"
        ],
    }
