"""The official JavaScript SDK (npm ``purecloud-platform-client-v2``, pinned in package-lock.json) against a real
``genesys-mock serve`` on 127.0.0.1.

Once per session: ``npm ci`` installs the pinned SDK into tests/sdk_js/node_modules (gitignored; a tree that is
already exactly the locked one is reused), two mocks start (the SDK suite's settings, and one with a tiny rate
window for the 429 case), and ``node driver.js`` runs every scenario in one process, printing what each SDK call
answered. The tests then read that result. Without ``node``
or ``npm``, or when ``npm ci`` cannot reach the registry, the tests are skipped with the reason; ``.ci/run``
installs node first and sets ``GENESYS_JS_SDK_REQUIRED=1``, which turns such a skip into a failure.

How the driver aims the SDK at the mock and keeps it there is described at the top of driver.js.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.sdk.common import SERVER_CONFIG, USER, VIEWER, operation_of
from tests.sdk_js.dts import Declarations
from tests.server.conftest import DEFAULT_CLIENT, http_client, running_server

HERE = Path(__file__).parent
PACKAGE = "purecloud-platform-client-v2"
RATE_LIMIT = 3  # requests per token and window on the rate-limited mock
MIN_NODE = 18
# Set by .ci/run once node is there: CI must not quietly skip this suite, so a skip becomes a failure.
REQUIRED = os.environ.get("GENESYS_JS_SDK_REQUIRED") == "1"
NPM_TIMEOUT = 300.0
DRIVER_TIMEOUT = 300.0

JS_SERVER_CONFIG: dict[str, Any] = {
    **SERVER_CONFIG,
    # One node process runs every scenario; each logs in afresh, but the user's token is shared by the call
    # scenarios and import polling is quick: a wide window keeps the default 300/min from ever being the story.
    "rate_limit": {"requests": 100_000, "window_seconds": 60},
}


@dataclass
class JsRun:
    """What ``node driver.js`` printed, plus the index.d.ts of the SDK it ran."""

    sdk_version: str
    guard: list[str]
    scenarios: dict[str, dict[str, Any]]
    errors: dict[str, dict[str, Any]]
    declarations: Declarations


def pinned_version() -> str:
    return json.loads((HERE / "package.json").read_text(encoding="utf-8"))["dependencies"][PACKAGE]


def node_environment(home: Path) -> dict[str, str]:
    """The environment of the driver: no proxy variables, HOME in a scratch directory (so no developer's
    ``~/.genesyscloudjavascript/config``, which may name a gateway, is read)."""
    environment = {key: value for key, value in os.environ.items() if not key.lower().endswith("_proxy")}
    environment["HOME"] = str(home)
    return environment


def _installed_as_locked() -> bool:
    """node_modules is exactly what package-lock.json pins: npm's own record of the installed tree
    (node_modules/.package-lock.json) lists the same packages, versions and integrity hashes."""
    try:
        installed = json.loads((HERE / "node_modules" / ".package-lock.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    locked = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    return installed.get("packages") == {name: entry for name, entry in locked["packages"].items() if name}


@pytest.fixture(scope="session")
def js_sdk() -> Path:
    """tests/sdk_js/node_modules holding the pinned SDK, installed by ``npm ci`` unless it already is exactly that
    (skips when it cannot be installed)."""
    skip = pytest.fail if REQUIRED else pytest.skip
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        skip(f"the JavaScript SDK suite needs {' and '.join(missing)} on PATH (.ci/run installs them)")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    if int(version.lstrip("v").split(".")[0] or 0) < MIN_NODE:
        skip(f"the JavaScript SDK suite needs node >= {MIN_NODE} (global fetch, FormData), found {version}")
    if not _installed_as_locked():
        # The npm registry is the one outside address this suite uses: installing the SDK, as a user would.
        # npm runs in the user's own environment (their ~/.npmrc, registry mirror and proxy apply).
        result = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT,
        )
        if result.returncode != 0:
            skip(f"`npm ci` could not install {PACKAGE} {pinned_version()} (offline?):\n{result.stderr[-2000:]}")
    return HERE / "node_modules" / PACKAGE


def _user_token(base_url: str) -> str:
    """A user's token: the SDK has no password grant (see tests/sdk/conftest.py: user_login)."""
    with http_client(base_url) as client:
        response = client.post(
            "/oauth/token",
            data={"grant_type": "password", **USER},
            auth=(DEFAULT_CLIENT["client_id"], DEFAULT_CLIENT["client_secret"]),
        )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture(scope="session")
def js_run(js_sdk: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JsRun]:
    """Every scenario of driver.js, run once against two fresh mocks."""
    workdir = tmp_path_factory.mktemp("js-sdk")
    limited = {"log_requests": False, "rate_limit": {"requests": RATE_LIMIT, "window_seconds": 3600}}
    with (
        running_server(tmp_path_factory.mktemp("js-sdk-server"), config=JS_SERVER_CONFIG) as server,
        running_server(tmp_path_factory.mktemp("js-sdk-limited"), config=limited) as limited_server,
    ):
        driver_input = {
            "baseUrl": server.base_url,
            "limitedBaseUrl": limited_server.base_url,
            "rateLimit": RATE_LIMIT,
            "client": {"id": DEFAULT_CLIENT["client_id"], "secret": DEFAULT_CLIENT["client_secret"]},
            "viewer": {"id": VIEWER["client_id"], "secret": VIEWER["client_secret"]},
            "userToken": _user_token(server.base_url),
        }
        result = subprocess.run(
            ["node", str(HERE / "driver.js")],
            input=json.dumps(driver_input),
            cwd=HERE,
            env=node_environment(workdir),
            capture_output=True,
            text=True,
            timeout=DRIVER_TIMEOUT,
        )
        assert result.returncode == 0, f"driver.js failed:\n{result.stderr[-4000:]}"
        output = json.loads(result.stdout)
        yield JsRun(
            output["sdkVersion"],
            output["guard"],
            output["scenarios"],
            output["errors"],
            Declarations.from_file(js_sdk / "index.d.ts"),
        )


def operations_sent(record: dict[str, Any]) -> set[str]:
    """The operationIds of the table that the SDK sent during one scenario (recorded by the driver's pre-hook)."""
    return {op for method, path in record["requests"] if (op := operation_of(method, path))}
