"""The shape of each generic operation, recognised from the vendor's paths (no hand-written list).

A **collection** is a path ``C`` that some vendor operation (deep or generic) extends with one ``{id}``
parameter: ``/api/v2/outbound/campaigns`` because ``/api/v2/outbound/campaigns/{campaignId}`` exists. A
collection is **stateful** when a generic ``POST C`` creates its members (its answer has an ``id``, or the item's
parameter, e.g. an analytics job's ``jobId``). Then, for an operation on path ``P`` with method ``M``:

* ``P = C/{id}``: ``GET`` read, ``PUT`` replace, ``PATCH`` merge, ``DELETE`` delete, ``POST`` action;
* ``P = C``: ``GET`` answering a listing (``entities``) is ``list``, ``POST`` is ``create`` (above), others action;
* any other ``P`` is a **singleton** document under its parent (``GET``/``PUT``/``PATCH``/``DELETE``
  ``…/{id}/settings``), except ``POST`` (and anything else the rules above do not cover), an ``action``.

Every path parameter before the last names a **parent**; a parent whose collection is stateful must exist (404).
:func:`shape_of` and :func:`shapes` are the public names (the coverage page and the SDK suite read them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from contracts.generic import all_operations, generic_operations
from contracts.operations import Operation
from contracts.vendor import vendor_models

Kind = Literal[
    "create",
    "list",
    "read",
    "replace",
    "merge",
    "delete",
    "singleton-read",
    "singleton-write",
    "singleton-delete",
    "action",
]
_PARAM = re.compile(r"^{(\w+)}$")


@dataclass(frozen=True)
class Parent:
    """One parent of a resource: its collection template and the path parameter holding its id."""

    collection: str
    param: str


@dataclass(frozen=True)
class Shape:
    """How a generic operation touches state.

    ``collection`` is the collection template the operation works on (``list``/``create``/item kinds) or the
    resource path (singletons, actions); ``id_param`` the item's path parameter; ``parents`` the ids above it,
    outermost first; ``stateful`` whether the collection's members are created by a generic ``POST``.
    """

    kind: Kind
    collection: str
    id_param: str | None
    parents: tuple[Parent, ...]
    stateful: bool

    @property
    def table_key(self) -> str:
        """The collection's table name under ``generic/``: its literal segments after ``/api/v2``, dot-joined."""
        return table_key(self.collection)


def table_key(template: str) -> str:
    parts = [part for part in template.split("/") if part and not _PARAM.match(part)]
    if parts[:2] == ["api", "v2"]:
        parts = parts[2:]
    return ".".join(re.sub(r"[^A-Za-z0-9_-]", "_", part) for part in parts)


def _split(path: str) -> tuple[str, str]:
    head, _, last = path.rpartition("/")
    return head, last


@lru_cache(maxsize=1)
def collections() -> frozenset[str]:
    """Every collection template of the three families (see the module docstring)."""
    found = set()
    for op in all_operations():
        head, last = _split(op.path)
        if _PARAM.match(last):
            found.add(head)
    return frozenset(found)


def _model_of(schema: object) -> dict | None:
    if isinstance(schema, dict) and isinstance(schema.get("ref"), str):
        return vendor_models().get(schema["ref"])
    return None


def creates_members(op: Operation) -> bool:
    """A generic ``POST C`` whose answer identifies the new member (``id``, or the item's own parameter)."""
    if op.method != "POST" or not op.generic or op.path not in collections():
        return False
    model = _model_of(op.vendor_response)
    return model is not None and any(name in model["properties"] for name in member_id_fields(op.path))


@lru_cache(maxsize=None)
def member_id_fields(collection: str) -> tuple[str, ...]:
    """The answer fields that carry a member's id: ``id``, then the item's parameter names (``jobId``)."""
    names = ["id"]
    for op in all_operations():
        head, last = _split(op.path)
        match = _PARAM.match(last)
        if head == collection and match and match.group(1) not in names:
            names.append(match.group(1))
    return tuple(names)


@lru_cache(maxsize=1)
def stateful_collections() -> frozenset[str]:
    return frozenset(op.path for op in generic_operations() if creates_members(op))


def _parents(path: str) -> tuple[Parent, ...]:
    parents = []
    parts = path.split("/")
    for index, part in enumerate(parts):
        match = _PARAM.match(part)
        if match:
            parents.append(Parent("/".join(parts[:index]), match.group(1)))
    return tuple(parents)


def _is_listing(op: Operation) -> bool:
    model = _model_of(op.vendor_response)
    return model is not None and "entities" in model["properties"]


def classify(op: Operation) -> Shape:
    """The shape of one generic row (see the module docstring)."""
    head, last = _split(op.path)
    parents = _parents(op.path)
    item = _PARAM.match(last)
    if item:
        stateful = head in stateful_collections()
        kind: Kind = {"GET": "read", "PUT": "replace", "PATCH": "merge", "DELETE": "delete"}.get(op.method, "action")  # type: ignore[assignment]
        return Shape(kind, head, item.group(1), parents[:-1], stateful)
    if op.path in collections():
        stateful = op.path in stateful_collections()
        if op.method == "GET" and _is_listing(op):
            return Shape("list", op.path, None, parents, stateful)
        if creates_members(op):
            return Shape("create", op.path, None, parents, True)
        return Shape("action", op.path, None, parents, stateful)
    kind = {
        "GET": "singleton-read",
        "PUT": "singleton-write",
        "PATCH": "singleton-write",
        "DELETE": "singleton-delete",
    }.get(op.method, "action")  # type: ignore[assignment]
    return Shape(kind, op.path, None, parents, False)


@lru_cache(maxsize=1)
def shapes() -> dict[str, Shape]:
    """operationId -> shape, for every generic row."""
    return {op.operation_id: classify(op) for op in generic_operations()}


def shape_of(operation_id: str) -> Shape:
    return shapes()[operation_id]


def child_collections(collection: str) -> tuple[str, ...]:
    """Stateful collections directly under a member of ``collection`` (``C/{id}/notes``): dropped with it."""
    return tuple(
        sorted(
            child
            for child in stateful_collections()
            if _parents(child) and _parents(child)[-1].collection == collection
        )
    )
