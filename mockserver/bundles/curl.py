"""A shell script with the ``curl`` command of one recorded request.

Credentials are never in it: a bearer token comes from ``$GENESYS_TOKEN``, a token request's Basic credentials
from ``$GENESYS_CLIENT_ID``/``$GENESYS_CLIENT_SECRET``, the target from ``$GENESYS_BASE_URL`` (the mock by default).
"""

from __future__ import annotations

import shlex
from typing import Any

from mockserver.bundles.portable import NOT_REPLAYED, expected_outcome

DEFAULT_BASE_URL = "http://127.0.0.1:8080"


def curl_script(index: int, exchange: dict[str, Any]) -> str:
    method, path = exchange["method"].upper(), exchange["path"]
    query = exchange.get("query") or ""
    url = f'"${{GENESYS_BASE_URL:-{DEFAULT_BASE_URL}}}"' + shlex.quote(path + (f"?{query}" if query else ""))
    request = exchange["request"]
    headers = request.get("headers") or {}
    args = [f"curl -sS -i -X {method} {url}"]  # one option per line of the script
    for name, value in headers.items():
        lowered = name.lower()
        if lowered == "authorization":
            scheme = str(value).split(" ", 1)[0].lower()
            args.append(
                '-u "$GENESYS_CLIENT_ID:$GENESYS_CLIENT_SECRET"'
                if scheme == "basic"
                else '-H "Authorization: Bearer $GENESYS_TOKEN"'
            )
        elif lowered not in NOT_REPLAYED:
            args.append("-H " + shlex.quote(f"{name}: {value}"))
    if request.get("body") is not None:
        args.append("--data-binary " + shlex.quote(request["body"]))
    lines = [
        "#!/bin/sh",
        f"# exchange-{index}: {method} {path} answered {expected_outcome(exchange)} "
        f"(correlation id {exchange.get('correlationId')})",
        "# Set GENESYS_TOKEN (a bearer token; for the mock: genesys-mock's /oauth/token) and optionally",
        f"# GENESYS_BASE_URL (default {DEFAULT_BASE_URL}; a real org: https://api.<your region>).",
    ]
    if request.get("bodyTruncated"):
        lines.append("# WARNING: the recorded body was truncated; this command sends only its beginning.")
    return "\n".join(lines) + "\n" + " \\\n  ".join(args) + "\n"
