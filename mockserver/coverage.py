"""Implementation coverage: how the mock serves each vendor operation of the three families (docs/coverage.md).

Like moto's per-service coverage pages, one section per API family (the SDK's ``OutboundApi``, ``ConversationsApi``
and ``ExternalContactsApi``), grouped by the path's resource family (``outbound/contactlists``,
``conversations/calls`` ...), one row per operation of contracts/vendor/operations.json:

* ``deep``: a hand-written row of contracts/operations.py (``OUTBOUND``, ``CONVERSATIONS`` and the rows it imports,
  ``EXTERNAL_CONTACTS``)
  answers it, with the area's own behaviour and catalogue rules;
* ``generic``: any other row of the operations table answers it (validated from the vendor models, state from the
  path shape);
* ``not served``: the app routes the vendor's method and path to no row of that operation (404/405), or to another
  operation's row (``shadowed by``).

The depth is read from what the app really routes (its URL map, matched with the vendor's method and path), never
from a hand list, so a route that is declared but shadowed by another shows as not served.

Rules: the catalogue (mockserver/core/rules.py) has no operation field, so the link is derived from two recorded
facts: a query parameter of the row that names its rule (``QueryParam.rule``), and the drift corpus, which holds one
entry per rule (tests/drift enforces it) whose request is sent to one operation. A rule that applies to several
operations (create and update, say) therefore shows under the operation its corpus entry uses. The ``CORE-*`` rules
of the binding apply to every operation with a JSON body and are stated once, not per row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "coverage.md"
COMMAND = "genesys-mock coverage --write"
FAMILIES = ("OutboundApi", "ConversationsApi", "ExternalContactsApi")
DEEP, GENERIC, NOT_SERVED = "deep", "generic", "not served"
DEPTHS = (DEEP, GENERIC, NOT_SERVED)
_SAMPLE_ID = "x1"  # what a path parameter holds when a vendor path is matched against the app's routes


@dataclass(frozen=True)
class Row:
    """One vendor operation and how the mock serves it."""

    operation_id: str
    family: str
    group: str
    method: str
    path: str
    depth: str
    rules: tuple[str, ...] = ()
    note: str = ""


def group_of(path: str) -> str:
    """The resource family of a vendor path: its two segments after ``/api/v2/`` (``outbound/contactlists``)."""
    return "/".join(path.split("/")[3:5])


def _concrete(path: str) -> str:
    return re.sub(r"{\w+}", _SAMPLE_ID, path)


def hand_written() -> set[str]:
    """The operationIds with hand-written behaviour: every row of contracts/operations.py's table (the generic rows
    live apart, in contracts/generic.py)."""
    from contracts.operations import OPERATIONS

    return {op.operation_id for op in OPERATIONS if not op.generic}


class Router:
    """The app's own routing: which table row a method and path reach (a Werkzeug rule, or the generic catch-all
    rule's dispatch through the table's templates), exactly as a request would."""

    def __init__(self) -> None:
        from mockserver.app import create_app
        from mockserver.settings import Settings

        self._app = create_app(Settings())

    def operation_at(self, method: str, path: str) -> str | None:
        from flask import request

        from mockserver.core.routing import operation_for_endpoint

        with self._app.test_request_context(path, method=method):
            if request.url_rule is None:  # 404 or 405: no rule takes this method and path
                return None
            operation = operation_for_endpoint(request.url_rule.endpoint)
        return operation.operation_id if operation is not None else None


def rules_by_operation(router: Router) -> dict[str, set[str]]:
    """Rule ids per operationId, from the rows' query parameters and the drift corpus (see the module docstring)."""
    from contracts.operations import BY_ID
    from mockserver.drift.corpus import FIXED
    from mockserver.drift.model import PLACEHOLDER

    linked: dict[str, set[str]] = {}
    for op in BY_ID.values():
        for param in op.query:
            if param.rule:
                linked.setdefault(op.operation_id, set()).add(param.rule)
    for entry in FIXED:
        if not entry.rule:
            continue
        path = PLACEHOLDER.sub(_SAMPLE_ID, entry.request.path)
        operation_id = router.operation_at(entry.request.method, path)
        if operation_id is not None and not entry.rule.startswith("CORE-"):  # stated once, on the page
            linked.setdefault(operation_id, set()).add(entry.rule)
    return linked


def build_rows(*, with_rules: bool = True) -> tuple[list[Row], list[Row]]:
    """Every vendor operation of the three families with its depth, sorted by family, group and path; then the
    deep rows no method of the SDK's three API classes calls (the upload host). ``with_rules=False`` leaves the
    rules out (they come from the drift corpus, which a running server does not load)."""
    from contracts.operations import BY_ID
    from contracts.vendor import vendor_operations

    router = Router()
    deep = hand_written()
    linked = rules_by_operation(router) if with_rules else {}
    rows = []
    for operation_id, vendor in vendor_operations().items():
        method, path = vendor["method"], vendor["path"]
        reached = router.operation_at(method, _concrete(path))
        note = ""
        if reached == operation_id:
            depth = DEEP if operation_id in deep else GENERIC
        else:
            depth = NOT_SERVED
            note = f"shadowed by `{reached}`" if reached else ""
        rules = tuple(sorted(linked.get(operation_id, ()))) if depth == DEEP else ()
        rows.append(Row(operation_id, vendor["api"], group_of(path), method, path, depth, rules, note))
    rows.sort(key=lambda r: (FAMILIES.index(r.family), r.group, r.path, r.method, r.operation_id))
    outside = [
        Row(op, "", "", BY_ID[op].method, BY_ID[op].path, DEEP, tuple(sorted(linked.get(op, ()))), BY_ID[op].summary)
        for op in sorted(deep - set(vendor_operations()))
    ]
    return rows, outside


def _counts(rows: Iterable[Row]) -> Counter[str]:
    return Counter(row.depth for row in rows)


@lru_cache(maxsize=1)
def family_counts() -> dict[str, dict[str, int]]:
    """Operations per family and depth (the Totals table), computed once per process: it routes every vendor
    operation through an app of its own (about a second), and the answer depends on the code only."""
    rows, _ = build_rows(with_rules=False)
    return {
        family: {depth: _counts(r for r in rows if r.family == family)[depth] for depth in DEPTHS}
        for family in FAMILIES
    }


def _summary(counts: Counter[str]) -> str:
    total = sum(counts.values())
    return ", ".join(f"{counts[d]} {d}" for d in DEPTHS if counts[d]) + f" (of {total})"


def _generic_rules_line() -> list[str]:
    """The generic area's rules (they apply by shape to every generic operation, so they are stated once)."""
    from mockserver.app import load_areas
    from mockserver.core import rules

    load_areas()
    generic = [f"`{rule.id}`" for rule in rules.catalogue() if rule.area == "generic"]
    if not generic:
        return []
    return [f"Every generic operation follows the generic rules where its shape applies: {', '.join(generic)}.", ""]


def render(rows: list[Row], outside: list[Row]) -> str:
    """The Markdown page: totals, one section per family, one table per group."""
    lines = [
        "# Implementation coverage",
        "",
        f"Generated by `{COMMAND}` from contracts/vendor/operations.json and the operations table the app routes;",
        "a test fails when it is stale. Every operation of the official SDK's `OutboundApi`, `ConversationsApi` and",
        "`ExternalContactsApi` (PureCloudPlatformClientV2, the pinned version) is one row:",
        "",
        "- **deep**: hand-written behaviour (contracts/operations.py, the area's service) with its catalogue rules;",
        "- **generic**: validated from the vendor's models, state kept by the path's shape (collection, item,",
        "  sub-resource, action), through the same core (auth, permissions, limits, journal, faults, tenants);",
        "- **not served**: the app has no route for the vendor's method and path (or another operation's route",
        "  answers it).",
        "",
        "Rules: the catalogue has no operation field; a row lists the rules named by its query parameters and the",
        "rules whose drift-corpus entry (one per rule) is sent to this operation, so a rule shared by create and",
        "update appears once. `CORE-UNKNOWN-PROPERTY` and `CORE-STRICT-TYPES` apply to every operation with a JSON",
        "body. See docs/rules.md.",
        "",
        *_generic_rules_line(),
        "## Totals",
        "",
        "| family | deep | generic | not served | operations |",
        "|---|---|---|---|---|",
    ]
    for family in FAMILIES:
        counts = _counts(r for r in rows if r.family == family)
        lines.append(
            f"| {family} | {counts[DEEP]} | {counts[GENERIC]} | {counts[NOT_SERVED]} | {sum(counts.values())} |"
        )
    total = _counts(rows)
    lines.append(f"| **all** | {total[DEEP]} | {total[GENERIC]} | {total[NOT_SERVED]} | {len(rows)} |")
    for family in FAMILIES:
        family_rows = [r for r in rows if r.family == family]
        lines += ["", f"## {family}", "", _summary(_counts(family_rows)) + ".", ""]
        lines += ["| group | deep | generic | not served | operations |", "|---|---|---|---|---|"]
        groups = sorted({r.group for r in family_rows})
        for group in groups:
            counts = _counts(r for r in family_rows if r.group == group)
            lines.append(
                f"| `{group}` | {counts[DEEP]} | {counts[GENERIC]} | {counts[NOT_SERVED]} | {sum(counts.values())} |"
            )
        for group in groups:
            group_rows = [r for r in family_rows if r.group == group]
            lines += [
                "",
                f"### {group}",
                "",
                _summary(_counts(group_rows)) + ".",
                "",
                "| operation | method | path | depth | rules |",
                "|---|---|---|---|---|",
            ]
            for r in group_rows:
                rules = ", ".join(f"`{rule}`" for rule in r.rules)
                depth = f"{r.depth} ({r.note})" if r.note else r.depth
                lines.append(f"| `{r.operation_id}` | {r.method} | `{r.path}` | {depth} | {rules} |")
    if outside:
        lines += [
            "",
            "## Outside the SDK's API classes",
            "",
            "Deep rows of the mock that no method of the three API classes calls:",
            "",
            "| operation | method | path | what | rules |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{r.operation_id}` | {r.method} | `{r.path}` | {r.note} | "
            + ", ".join(f"`{rule}`" for rule in r.rules)
            + " |"
            for r in outside
        ]
    return "\n".join(lines) + "\n"
