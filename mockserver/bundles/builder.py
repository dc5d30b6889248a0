"""Build a bug-report bundle from journal entries: the files, their zip, and reading one back.

A bundle is a flat folder (or a zip of one) that explains and reproduces a failing exchange on its own:
``exchange-N.json`` (redacted request + response), ``request-N.curl.sh``, ``meta.json`` (versions, profile, the
rules in force, the settings minus secrets), ``state.json`` when the mock can snapshot state, ``test_replay.py``
and ``README.md``.
"""

from __future__ import annotations

import contextlib
import io
import json
import platform
import tempfile
import zipfile
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from mockserver.bundles.curl import curl_script
from mockserver.bundles.portable import expected_outcome
from mockserver.core.redact import MASK, redact_exchange
from mockserver.settings import Settings

FORMAT = "genesys-mock-bundle"
CHANGED_STATE_NOTE = (
    "the bundled exchanges changed state themselves, so a snapshot taken now is not the state "
    "they started from; a replay starts from an empty mock and maps the ids it creates onto the "
    "recorded ones"
)
NO_STATE_NOTE = (
    "this mock has no GET /__mock/state, so a replay starts from an empty mock "
    "and requests on recorded ids (a contact list id, a conversation id) may answer 404 instead"
)


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def settings_without_secrets(settings: Settings) -> dict[str, Any]:
    data = settings.model_dump(mode="json")
    for client in data.get("clients", []):
        client["client_secret"] = MASK
    for user in data.get("users", []):
        user["password"] = MASK
    return data


def changes_state(entry: Mapping[str, Any]) -> bool:
    """Whether an exchange changed the mock's state: a write that succeeded (a token request does not count)."""
    response = entry.get("response") or {}
    return (
        entry.get("method") in ("POST", "PUT", "PATCH", "DELETE")
        and int(response.get("status", 500)) < 400
        and not str(entry.get("path", "")).startswith("/oauth/")
    )


def bundle_meta(
    settings: Settings,
    exchanges: list[dict[str, Any]],
    *,
    tenant: str | None,
    has_state: bool,
    state_note: str | None = None,
) -> dict[str, Any]:
    from mockserver import __version__
    from mockserver.core import rules

    in_force = [
        rule.as_dict() for rule in rules.catalogue() if rules.is_active(rule.id, settings.profile, settings.rules)
    ]
    return {
        "format": FORMAT,
        "version": 1,
        "createdAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mock": {"version": __version__, "profile": settings.profile},
        "versions": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            **{name: _version(name) for name in ("flask", "werkzeug", "pydantic", "httpx")},
        },
        "tenant": tenant,
        "exchanges": [
            {
                "file": f"exchange-{i}.json",
                "correlationId": e.get("correlationId"),
                "method": e.get("method"),
                "path": e.get("path"),
                "rule": e.get("rule"),
                "fault": e.get("fault"),
                "outcome": str(expected_outcome(e)),
            }
            for i, e in enumerate(exchanges, start=1)
        ],
        "state": "state.json" if has_state else None,
        "stateNote": None if has_state else state_note or NO_STATE_NOTE,
        "ruleOverrides": dict(settings.rules),
        "rulesInForce": in_force,
        "settings": settings_without_secrets(settings),
    }


def _readme(meta: dict[str, Any]) -> str:
    lines = [
        "# genesys-mock bug-report bundle",
        "",
        f"Created {meta['createdAt']} by genesys-cloud-mock {meta['mock']['version']} "
        f"(profile `{meta['mock']['profile']}`, tenant `{meta['tenant'] or 'default'}`).",
        "",
        "| file | request | answer | rule | correlation id |",
        "|---|---|---|---|---|",
    ]
    for i, item in enumerate(meta["exchanges"], start=1):
        lines.append(
            f"| exchange-{i}.json, request-{i}.curl.sh | {item['method']} {item['path']} | "
            f"{item['outcome']} | {item['rule'] or ''} | {item['correlationId']} |"
        )
    lines += [
        "",
        "Secrets are redacted (`***`): tokens, client secrets, passwords. `meta.json` has the versions, the",
        "rules in force and the settings; `test_replay.py` replays the requests.",
        "",
        "## Replay",
        "",
        "    genesys-mock replay .                 # in-process mock; prints match / MISMATCH per exchange",
        "    genesys-mock replay . --url http://127.0.0.1:8080",
        "    python -m pytest test_replay.py       # the same as a test; add GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET",
        "                                         # and GENESYS_REGION to replay against a real org too",
        "",
        "The real-org replay never sends `POST /api/v2/conversations/calls` (it would place a call); call routes",
        "need `GENESYS_USER_TOKEN`. Recorded ids only exist in the mock, so a real org may answer 404 for them.",
        "",
        "## State",
        "",
        "The recorded state snapshot (`state.json`) is restored before the replay."
        if meta["state"]
        else f"This bundle has no state snapshot: {meta['stateNote']}.",
        "",
    ]
    return "\n".join(lines)


@lru_cache(maxsize=1)
def portable_test() -> bytes:
    """The bundle's ``test_replay.py`` (this package's portable.py), read once: ``serve`` reads it at start
    (mockserver/serving/preload.py), so that replacing the installed files under a running server spares bundles."""
    return resources.files("mockserver.bundles").joinpath("portable.py").read_bytes()


def build_files(
    entries: Sequence[Mapping[str, Any]],
    settings: Settings,
    *,
    tenant: str | None = None,
    state: dict[str, Any] | None = None,
    state_note: str | None = None,
) -> dict[str, bytes]:
    """File name -> content of the bundle for ``entries`` (journal entries, oldest first); ``state_note`` says
    why there is no ``state`` when there is none."""
    exchanges = [redact_exchange(entry) for entry in entries]
    meta = bundle_meta(settings, exchanges, tenant=tenant, has_state=state is not None, state_note=state_note)
    files: dict[str, bytes] = {}
    for i, exchange in enumerate(exchanges, start=1):
        files[f"exchange-{i}.json"] = json.dumps(exchange, indent=2).encode()
        files[f"request-{i}.curl.sh"] = curl_script(i, exchange).encode()
    files["meta.json"] = json.dumps(meta, indent=2).encode()
    if state is not None:
        files["state.json"] = json.dumps(state, indent=2).encode()
    files["test_replay.py"] = portable_test()
    files["README.md"] = _readme(meta).encode()
    return files


def zip_bytes(files: Mapping[str, bytes], folder: str = "genesys-mock-bundle") -> bytes:
    """A zip with every file under one top folder, so unzipping never scatters files into the current one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name.endswith(".sh") else 0o644) << 16
            archive.writestr(info, content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def save(zip_data: bytes, out: Path) -> Path:
    """Write a bundle's zip to ``out`` (a ``.zip`` path) or unpack it into ``out`` (any other path, a folder)."""
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(zip_data)
        return out
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(zip_data)) as archive:
        for info in archive.infolist():
            name = Path(info.filename).name  # flatten; refuses any path component, ".." included
            if name and not info.is_dir():
                target = out / name
                target.write_bytes(archive.read(info))
                target.chmod((info.external_attr >> 16) & 0o777 or 0o644)
    return out


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Path]:
    """The folder of a bundle given as a folder or a zip (unpacked into a temporary folder meanwhile)."""
    if path.is_dir():
        yield path
        return
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path} is neither a bundle folder nor a zip")
    with tempfile.TemporaryDirectory(prefix="genesys-bundle-") as tmp:
        yield save(path.read_bytes(), Path(tmp) / "bundle")
