"""Replays the corpus on two targets and judges each entry's pair of outcomes.

Per entry and side: render the steps with the entry's context, run the setup, send the request, read the outcome
(status, ``code``, schema conformance, the import's end state when the entry follows one) and, in a ``finally``,
delete everything the side created. Both sides run the same entry before the next one starts, so a slow real org
never holds resources of many entries at once. Before anything is sent to an HTTP target, a write to a path must
name only resources this entry created, and bulk ids must carry the run's prefix.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol

from mockserver.drift.conformance import Conformance
from mockserver.drift.model import PLACEHOLDER, Entry, Outcome, Request, Step, render
from mockserver.drift.targets import Reply

log = logging.getLogger("mockserver.drift")

LISTS = "/api/v2/outbound/contactlists"
DIALER_PATHS = {
    "dnc-list": "/api/v2/outbound/dnclists",
    "contact-list-filter": "/api/v2/outbound/contactlistfilters",
    "campaign": "/api/v2/outbound/campaigns",
}
SAME, STRICTER, LAXER, DIFFERENT, SETUP_FAILED = (
    "same",
    "mock stricter",
    "mock laxer",
    "different error",
    "setup failed",
)
IMPORT_DEADLINE = {False: 30.0, True: 300.0}
IMPORT_POLL = {False: 0.02, True: 2.0}


class Target(Protocol):
    name: str
    remote: bool
    test_number: str

    def refuses(self, entry: Entry) -> str | None: ...
    def start(self, entry: Entry) -> None: ...
    def send(self, request: Request) -> Reply: ...
    def close(self) -> None: ...


@dataclass
class Result:
    entry: Entry
    a: Outcome
    b: Outcome
    verdict: str


@dataclass
class Run:
    """A finished run: both sides' names, every result, and how long it took."""

    side_a: str
    side_b: str
    run_id: str
    results: list[Result] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    wall_seconds: float = 0.0
    leftovers: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.verdict] = counts.get(result.verdict, 0) + 1
        return dict(sorted(counts.items()))


def verdict(a: Outcome, b: Outcome, b_name: str) -> str:
    """same / mock stricter / mock laxer / different error, from side A's (the mock's) point of view."""
    if b.skipped is not None or a.skipped is not None:
        return f"not run on {b_name if b.skipped is not None else 'mock'}"
    if not (a.ran and b.ran):
        return SETUP_FAILED
    assert a.status is not None and b.status is not None
    a_ok, b_ok = a.status < 400, b.status < 400
    if a_ok and b_ok:
        if a.import_state == b.import_state:
            return SAME
        return STRICTER if a.import_state == "FAILED" else LAXER if b.import_state == "FAILED" else DIFFERENT
    if not a_ok and b_ok:
        return STRICTER
    if a_ok and not b_ok:
        return LAXER
    return SAME if (a.status, a.code) == (b.status, b.code) else DIFFERENT


class EntryRun:
    """One entry on one side: its context, what it created, and the guard for remote targets."""

    def __init__(self, entry: Entry, target: Target, prefix: str, conformance: Conformance) -> None:
        self.entry, self.target, self.prefix, self.conformance = entry, target, prefix, conformance
        self.context: dict[str, Any] = {"prefix": prefix, "test_number": target.test_number}
        self.owned: set[str] = set()
        self.created: list[tuple[str, str]] = []

    def execute(self) -> Outcome:
        refused = self.target.refuses(self.entry)
        if refused is not None:
            return Outcome(skipped=refused)
        outcome = Outcome()
        try:
            self.target.start(self.entry)
            for step in self.entry.setup:
                for _ in range(step.repeat):
                    _, reply = self._send(step)
                    if step.check and reply.status >= 300:
                        outcome.error = f"setup {step.method} {step.path}: {reply.status} {_code(reply)}"
                        return outcome
            started = time.perf_counter()
            request, reply = self._send(self.entry.request)
            outcome.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
            outcome.status, outcome.code = reply.status, _code(reply)
            outcome.rule = reply.headers.get("X-Mock-Rule")
            outcome.schema = self.conformance.check(
                request.method, request.path, reply.status, reply.content_type, reply.body
            )
            if self.entry.follow_import and reply.status < 300:
                outcome.import_state = self._import_state(render(self.entry.import_status, self.context))
        except Exception as exc:  # the report shows it; one broken entry does not end the run
            log.exception("entry %s on %s", self.entry.id, self.target.name)
            outcome.error = f"{type(exc).__name__}: {exc}"[:300]
        finally:
            outcome.cleanup = self.cleanup()
        return outcome

    def _render(self, step: Step) -> Request:
        def fill(value: Any) -> Any:
            return value if step.literal else render(value, self.context)

        return Request(
            step.method,
            fill(step.path),
            step.json if step.literal else fill(step.json),
            fill(step.params),
            step.headers,
            fill(step.form),
            step.file,
            step.user,
            step.body,
        )

    def _send(self, step: Step) -> tuple[Request, Reply]:
        """The step rendered with the current context, and its answer (read into the context)."""
        request = self._render(step)
        if self.target.remote and not step.literal:
            self._guard(step, request)
        reply = self.target.send(request)
        if reply.status < 300 and isinstance(reply.body, dict):
            if step.creates is not None and reply.body.get("id"):
                self.created.append((step.creates, str(reply.body["id"])))
            for name, key in step.save.items():
                self.context[name] = pick(reply.body, key)
                if step.creates is not None:
                    self.owned.add(name)
        return request, reply

    def _guard(self, step: Step, request: Request) -> None:
        """No write on a shared server to anything this entry did not create (safe mode of issue 6)."""
        if step.method == "GET":
            return
        named = PLACEHOLDER.findall(step.path + " ".join((step.form or {}).values()))
        foreign = [name for name in named if name not in self.owned and name != "prefix"]
        if foreign:
            raise PermissionError(f"{step.method} {step.path}: {foreign} not created by this entry")
        for name, value in (request.params or {}).items():
            if step.method == "DELETE" and any(not v.startswith(self.prefix) for v in str(value).split(",")):
                raise PermissionError(f"DELETE {step.path}: {name} names ids this run did not make")

    def _import_state(self, path: str) -> str:
        remote = self.target.remote
        give_up = time.monotonic() + IMPORT_DEADLINE[remote]
        while True:
            reply = self.target.send(Request("GET", path))
            if reply.status != 200:
                return f"status {reply.status}"
            body = reply.body or {}
            state = body.get("state")
            # No success value exists: a finished import still reads IN_PROGRESS, at 100 percent (csv_import.py).
            if state != "IN_PROGRESS" or body.get("percentComplete") == 100:
                return "DONE" if state in (None, "IN_PROGRESS") else str(state)
            if time.monotonic() > give_up:
                return "IN_PROGRESS"
            time.sleep(IMPORT_POLL[remote])  # an import runs on its own; the API offers only polling

    def _stop_campaign(self, path: str) -> None:
        """Turn a campaign off and wait (bounded) until it no longer reads on (a stopping one may be deleted)."""
        self.target.send(Request("POST", f"{path}/stop"))
        give_up = time.monotonic() + IMPORT_DEADLINE[self.target.remote]
        while time.monotonic() < give_up:
            reply = self.target.send(Request("GET", path))
            if reply.status != 200 or (reply.body or {}).get("campaignStatus") != "on":
                return
            time.sleep(IMPORT_POLL[self.target.remote])  # the dialer stops on its own; only polling shows it

    def cleanup(self) -> str | None:
        """Delete what this side created, newest first; returns what could not be deleted."""
        problems = []
        for kind, ident in reversed(self.created):
            try:
                if kind == "contact-list":
                    self._import_state(f"{LISTS}/{ident}/importstatus")  # no DELETE while it imports
                    reply = self.target.send(Request("DELETE", f"{LISTS}/{ident}"))
                elif kind in DIALER_PATHS:
                    if kind == "campaign":
                        self._stop_campaign(f"{DIALER_PATHS[kind]}/{ident}")  # a running one refuses DELETE
                    reply = self.target.send(Request("DELETE", f"{DIALER_PATHS[kind]}/{ident}"))
                elif kind == "external-contact":
                    reply = self.target.send(Request("DELETE", f"/api/v2/externalcontacts/contacts/{ident}"))
                elif kind == "external-organization":
                    reply = self.target.send(Request("DELETE", f"/api/v2/externalcontacts/organizations/{ident}"))
                else:
                    reply = self.target.send(
                        Request(
                            "PATCH",
                            f"/api/v2/conversations/calls/{ident}",
                            json={"state": "disconnected"},
                            user="agent",
                        )
                    )
                if reply.status not in (200, 202, 204, 404):
                    problems.append(f"{kind} {ident}: {reply.status} {_code(reply)}")
            except Exception as exc:
                problems.append(f"{kind} {ident}: {type(exc).__name__}: {exc}")
        self.created.clear()
        return "; ".join(problems) or None


def pick(body: Any, key: str) -> Any:
    """``key`` of a JSON answer; dots walk into objects and lists (``conversation.id``, ``participants.1.id``)."""
    value = body
    for part in key.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _code(reply: Reply) -> str | None:
    return (
        str(reply.body.get("code"))
        if reply.status >= 400 and isinstance(reply.body, dict) and reply.body.get("code")
        else None
    )


def run(
    entries: Iterable[Entry],
    side_a: Target,
    side_b: Target,
    *,
    side_b_label: str | None = None,
    progress: Callable[[int, Result], None] | None = None,
    run_id: str | None = None,
) -> Run:
    """Every entry on A then on B; ``side_b_label`` names B in ``not run on …`` verdicts (``real``)."""
    run_id = run_id or uuid.uuid4().hex[:8]
    result = Run(side_a.name, side_b.name, run_id)
    conformance = Conformance()
    clock = time.perf_counter()
    try:
        for index, entry in enumerate(entries):
            prefix = f"gcm-drift-{run_id}-{index:03d}-"
            a = EntryRun(entry, side_a, prefix, conformance).execute()
            b = EntryRun(entry, side_b, prefix, conformance).execute()
            item = Result(entry, a, b, verdict(a, b, side_b_label or side_b.name))
            result.results.append(item)
            if progress is not None:
                progress(index, item)
    finally:
        for side in (side_a, side_b):
            if side.remote:
                result.leftovers += sweep(side, f"gcm-drift-{run_id}-")
    result.wall_seconds = round(time.perf_counter() - clock, 2)
    return result


def sweep(target: Target, prefix: str) -> list[str]:
    """Delete whatever still carries the run's prefix (a create whose answer was lost); returns what stayed."""
    stayed: list[str] = []
    lists = target.send(Request("GET", LISTS, params={"name": prefix, "filterType": "Prefix", "pageSize": 100}))
    found = [
        f"{LISTS}/{e['id']}"
        for e in (lists.body or {}).get("entities", [])
        if lists.status == 200 and str(e.get("name", "")).startswith(prefix)
    ]
    contacts = target.send(Request("GET", "/api/v2/externalcontacts/contacts", params={"q": prefix, "pageSize": 100}))
    found += [
        f"/api/v2/externalcontacts/contacts/{e['id']}"
        for e in (contacts.body or {}).get("entities", [])
        if contacts.status == 200 and str(e.get("lastName", "")).startswith(prefix)
    ]
    for path in found:
        reply = target.send(Request("DELETE", path))
        if reply.status not in (200, 202, 204, 404):
            stayed.append(f"{path}: {reply.status}")
    return stayed
