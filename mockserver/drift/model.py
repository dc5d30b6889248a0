"""What a corpus entry is: setup steps, one request, and how its outcome is read.

Strings in a step may hold ``{{name}}`` placeholders, filled from the entry's context: ``prefix`` (unique to the run
and entry, so that nothing this run creates can be confused with anyone else's data), ``test_number`` and whatever
earlier steps saved (``save``). Cleanup is not written per entry: every step declares what it ``creates``, the runner
records what each side really created and deletes exactly that, in a ``finally``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
NO_BODY: Any = object()
"""No JSON body at all (``None`` would send ``null``)."""

KINDS = (
    "contact-list",
    "external-contact",
    "external-organization",
    "call",
    "dnc-list",
    "contact-list-filter",
    "campaign",
)


@dataclass(frozen=True)
class Request:
    """One HTTP request as it goes on the wire (a :class:`Step` after rendering)."""

    method: str
    path: str
    json: Any = NO_BODY
    params: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    form: Mapping[str, str] | None = None
    """multipart/form-data fields; with ``file`` the CSV sent as the ``file`` part."""
    file: str | None = None
    user: str | None = None
    """``agent`` or ``other``: sent with that user's token (the call routes act for the logged-in user, facts
    §8.1); None: the client-credentials token."""
    body: str | None = None
    """a raw text body (e.g. a file PUT to a presigned upload URL), sent with the ``Content-Type`` of
    ``headers``; ``path`` may then be the absolute URL an earlier step saved."""


@dataclass(frozen=True)
class Step(Request):
    """One HTTP request of an entry (setup or the request under test), before rendering, and what to do with
    its answer."""

    save: Mapping[str, str] = field(default_factory=dict)
    """context name -> key of the JSON answer (``{"list": "id"}``; dots walk into it: ``conversation.id``), read
    after a 2xx."""
    creates: str | None = None
    """kind of resource a 2xx answer created (its ``id``), deleted by the cleanup."""
    repeat: int = 1
    check: bool = True
    """a setup step must succeed (2xx), or the entry is reported as not reaching its rule."""
    literal: bool = False
    """sent as is, without placeholders (generated requests may contain ``{{`` themselves)."""


@dataclass(frozen=True)
class Entry:
    """One request of the corpus, with the setup that lets it reach its rule."""

    id: str
    request: Step
    rule: str | None = None
    tutorial: str | None = None
    """the tutorial file (``seeds/NNN_….txt``) whose mistake this entry reproduces; "seed" in the JSON report."""
    setup: tuple[Step, ...] = ()
    follow_import: bool = False
    """the outcome includes the final import state of ``{{list}}`` (import-failure rules answer 200 first)."""
    import_status: str = "/api/v2/outbound/contactlists/{{list}}/importstatus"
    """where ``follow_import`` reads the import state (a DNC list's: ``…/dnclists/{{dnc}}/importstatus``)."""
    mock_settings: Mapping[str, Any] = field(default_factory=dict)
    """settings of the in-process mock for this entry (lower limits); an HTTP target cannot take them."""
    remote: str | None = None
    """why the entry never runs on an HTTP target (a real org), or None when it may."""
    places_call: bool = False
    """it may place a call: on a real org only with ``--allow-calls`` and only to ``--test-number``."""
    note: str = ""
    generic: bool = False
    """an entry of the generic operations (corpus_generic.py), built from their shapes."""

    @property
    def source(self) -> str:
        return "rule" if self.rule else "seed" if self.tutorial else "generic" if self.generic else "sample"


def render(value: Any, context: Mapping[str, Any]) -> Any:
    """``value`` with every ``{{name}}`` replaced from ``context``; a string that is one placeholder keeps the
    context value's type (an id list stays a list)."""
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole:
            return context[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: str(context[m.group(1)]), value)
    if isinstance(value, Mapping):
        return {render(k, context): render(v, context) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [render(v, context) for v in value]
    return value


@dataclass
class Outcome:
    """What one side answered to an entry's request."""

    status: int | None = None
    code: str | None = None
    rule: str | None = None
    """the mock's ``X-Mock-Rule`` (absent on a real org)."""
    schema: str = "n/a"
    """``ok``, ``n/a`` (no JSON body or nothing declared) or the first schema violation."""
    import_state: str | None = None
    """``FAILED`` or ``DONE`` when the entry follows an import."""
    skipped: str | None = None
    """why this side did not run the entry."""
    error: str | None = None
    """a setup step or the transport failed: the outcome says nothing about the rule."""
    cleanup: str | None = None
    """what the cleanup could not delete (None: everything created is gone)."""
    elapsed_ms: float = 0.0

    @property
    def ran(self) -> bool:
        return self.skipped is None and self.error is None and self.status is not None

    def as_dict(self) -> dict[str, Any]:
        """camelCase keys, like the rest of the report (and the API)."""
        return {re.sub(r"_(\w)", lambda m: m.group(1).upper(), k): v for k, v in self.__dict__.items()}
