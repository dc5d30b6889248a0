"""Helpers of the generic tests: the table of generic collections and the requests that exercise them.

Everything is derived from the classified shapes (mockserver/generic/resources.py), so a new vendor collection
is tested without a line added here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient

from contracts.generic import generic_operations
from contracts.operations import Operation
from mockserver.generic.resources import Parent, member_id_fields, shape_of, stateful_collections
from mockserver.generic.samples import sample_body

UNLIMITED = {"requests": 10**9, "window_seconds": 60}
SEED_PHONE = "+15551234567"


@dataclass(frozen=True)
class Collection:
    """A stateful generic collection and its operations (None where the vendor has no such operation)."""

    path: str
    create: Operation
    list: Operation | None
    read: Operation | None
    replace: Operation | None
    merge: Operation | None
    delete: Operation | None


def _find(kind: str, collection: str) -> Operation | None:
    found = [
        op
        for op in generic_operations()
        if shape_of(op.operation_id).kind == kind and shape_of(op.operation_id).collection == collection
    ]
    return found[0] if found else None


def collections() -> list[Collection]:
    """Every stateful collection (a generic POST creates its members), sorted by path."""
    return [
        Collection(
            path,
            _find("create", path),
            _find("list", path),
            _find("read", path),
            _find("replace", path),
            _find("merge", path),
            _find("delete", path),
        )
        for path in sorted(stateful_collections())
    ]


def query_for(op: Operation) -> dict[str, str]:
    """Values for the operation's required query parameters."""
    values: dict[str, str] = {}
    for param in op.query:
        if param.required:
            if param.enum:
                values[param.name] = param.enum[0]
            elif param.type == "integer":
                values[param.name] = "1"
            elif param.type == "boolean":
                values[param.name] = "true"
            else:
                values[param.name] = (
                    "2024-01-01T00:00:00Z/2024-01-02T00:00:00Z" if "interval" in param.name.lower() else "sample"
                )
    return values


def fill(template: str, values: dict[str, str]) -> str:
    """A concrete path: known parameters from ``values``, the others ``p-<name>``."""
    return re.sub(r"{(\w+)}", lambda match: values.get(match.group(1), "p-" + match.group(1)), template)


class Caller:
    """Calls generic operations as a user with every permission, creating parents as needed."""

    def __init__(self, client: FlaskClient, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    def call(self, op: Operation, values: dict[str, str], body: Any = None, **query: str) -> Any:
        sent = sample_body(op) if body is None else body
        kwargs = {"json": sent} if sent is not None else {}
        return self.client.open(
            fill(op.path, values),
            method=op.method,
            headers=self.headers,
            query_string={**query_for(op), **query},
            **kwargs,
        )

    def create(self, collection: str, values: dict[str, str]) -> str:
        """Create one member of a stateful collection (its parents first); its id."""
        op = _find("create", collection)
        assert op is not None
        self.parents(op.path, values)
        response = self.call(op, values)
        assert response.status_code == 200, (op.operation_id, response.get_json())
        answer = response.get_json()
        return next(answer[field] for field in member_id_fields(collection) if field in answer)

    def parents(self, template: str, values: dict[str, str]) -> None:
        """Make every parent of ``template`` exist, filling ``values`` with their ids."""
        for parent in shape_of_path(template):
            if parent.param in values:
                continue
            values[parent.param] = self.parent(parent, values)

    def parent(self, parent: Parent, values: dict[str, str]) -> str:
        if parent.collection in stateful_collections():
            return self.create(parent.collection, values)
        if parent.collection == "/api/v2/outbound/contactlists":
            response = self.client.post(
                parent.collection,
                json={
                    "name": "generic parent",
                    "columnNames": ["phone"],
                    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
                },
                headers=self.headers,
            )
        elif parent.collection == "/api/v2/externalcontacts/contacts":
            response = self.client.post(
                parent.collection, json={"firstName": "Generic", "lastName": "Parent"}, headers=self.headers
            )
        elif parent.collection in ("/api/v2/conversations", "/api/v2/conversations/calls"):
            response = self.client.post(
                "/api/v2/conversations/calls", json={"phoneNumber": SEED_PHONE}, headers=self.headers
            )
        else:
            return "p-" + parent.param  # nobody owns it: any id is accepted
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        return body.get("id") or body["conversationId"]


def shape_of_path(template: str) -> tuple[Parent, ...]:
    """The parents of a path template, outermost first."""
    parts = template.split("/")
    return tuple(
        Parent("/".join(parts[:index]), part[1:-1])
        for index, part in enumerate(parts)
        if part.startswith("{") and index < len(parts) - 1
    )
