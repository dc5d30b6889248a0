"""``python -m benchmarks.inspector_pages [STATE_URL]``: render times of the inspector's Requests page (issue 18)
with a journal of 5,000 entries, in-process (Flask test client), in memory or over the Redis URL given.

A standalone script, not a ``python -m benchmarks`` scenario: it prints one line per URL (the first render, which
compiles the templates, and the median of the next four).
"""

from __future__ import annotations

import statistics
import sys
import time

from mockserver.app import create_app
from mockserver.settings import Settings

ENTRIES = 5000
URLS = (
    "/__mock/ui/requests",
    "/__mock/ui/requests?status=400",
    "/__mock/ui/requests?path=/api/v2/outbound/*&method=POST&page=5",
    "/__mock/ui/requests/rows",
    "/__mock/requests?limit=50",
)


def main(state: str = "memory") -> None:
    app = create_app(
        Settings(
            log_requests=False,
            state=state,
            journal={"max_entries": ENTRIES},
            rate_limit={"requests": 10**9, "window_seconds": 60},
        )
    )
    client = app.test_client()
    token = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("mock-client-id", "mock-client-secret")
    ).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for i in range(ENTRIES - 1):
        if i % 10 == 0:  # one in ten refused by a catalogue rule
            client.post("/api/v2/outbound/contactlists", json={"name": "", "columnNames": ["p"]}, headers=headers)
        else:
            client.get("/api/v2/outbound/contactlists", headers=headers)
    print(f"journal: {client.get('/__mock/requests?limit=1').get_json()['total']} entries, state {state}")
    for url in URLS:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{url:70s} first {times[0]:7.1f} ms, median of the next 4 {statistics.median(times[1:]):7.1f} ms, "
            f"{len(response.data) / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main(*sys.argv[1:2])
