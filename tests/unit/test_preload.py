"""``serve``'s preload imports the server's modules but leaves the Redis backend (and redis-py, ~6 MB and a third
of a second of CPU) to the apps that open one."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.servers import REPO_ROOT

_PROBE = """
import json, sys
from mockserver.serving.preload import preload
names = preload()
print(json.dumps({"names": names, "loaded": sorted(sys.modules)}))
"""


def test_preload_imports_the_server_but_not_redis() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    probe = json.loads(out.stdout)
    assert "mockserver.generic.routes" in probe["names"] and "mockserver.state.memory" in probe["names"]
    redis = [
        name
        for name in probe["loaded"]
        if name.partition(".")[0] == "redis" or name.startswith("mockserver.state.redis")
    ]
    assert redis == []
