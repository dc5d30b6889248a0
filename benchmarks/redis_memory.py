"""Scenario ``redis_memory``: bytes per stored outbound contact in Redis (docs/state.md quotes it).

A list gets ``contacts`` contacts (the bulk scenario's rows: six columns, ~140 bytes of data as JSON) through the
API of an in-process app over a real redis-server; Redis's ``used_memory`` before and after, divided by the count,
is what one contact costs there: its record (JSON of the contact codec) in the list's hash plus its member in the
order set.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.api import contact_batch
from benchmarks.config import Config

CONTACTS = 100_000
QUICK_CONTACTS = 10_000
BASIC = "Basic bW9jay1jbGllbnQtaWQ6bW9jay1jbGllbnQtc2VjcmV0"  # the default client's id:secret


def run(config: Config) -> dict[str, Any]:
    from mockserver import create_app
    from mockserver.settings import Settings
    from mockserver.state.redis import RedisBackend
    from mockserver.testing.redis_server import redis_server_path, running_redis

    if redis_server_path() is None:
        return {"error": "redis-server is not installed (apt-get install redis-server)"}
    count = QUICK_CONTACTS if config.quick else CONTACTS
    with tempfile.TemporaryDirectory(prefix="genesys-mock-bench-redis-") as tmp, running_redis(Path(tmp)) as server:
        app = create_app(
            Settings(state=server.url, log_requests=False, rate_limit={"requests": 10**6, "window_seconds": 60})
        )
        client = app.test_client()
        token = client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": BASIC}
        ).get_json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        list_id = client.post(
            "/api/v2/outbound/contactlists",
            headers=headers,
            json={
                "name": "memory",
                "columnNames": ["firstName", "lastName", "phone", "city", "email", "note"],
                "phoneColumns": [{"columnName": "phone", "type": "cell"}],
            },
        ).get_json()["id"]
        backend = RedisBackend(server.url)
        before = backend.used_memory()
        for start in range(0, count, 1000):
            response = client.post(
                f"/api/v2/outbound/contactlists/{list_id}/contacts", headers=headers, data=contact_batch(start, 1000)
            )
            assert response.status_code == 200, response.get_data(as_text=True)[:200]
        per_contact = (backend.used_memory() - before) / count
        backend.close()
    return {
        "figures": {
            "bytes_per_contact": {
                "unit": "B",
                "runs": 1,
                "median": round(per_contact),
                "min": round(per_contact),
                "max": round(per_contact),
                "values": [per_contact],
            }
        },
        "notes": [f"{count:,} contacts through POST …/contacts; Redis INFO used_memory difference / count"],
    }
