"""One view per generic row, bound through ``binding.bind`` like every deep route; what it does follows the row's
shape (mockserver/generic/resources.py), what it stores goes through mockserver/generic/state.py.

Listings use the one paging helper (``contracts.common.page_envelope``); 404s are ``core.errors.not_found``; a
stale version is rule GENERIC-VERSION (the contact list's 409 code).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable

from flask import Response, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from contracts.common import page_envelope
from contracts.generic import generic_operations, operation_by_id
from contracts.operations import OPERATIONS, Operation
from mockserver.core import rules
from mockserver.core.binding import Query, bind, bound_view
from mockserver.core.errors import not_found
from mockserver.core.ids import random_uuid
from mockserver.core.routing import allowed_methods, resolve_route
from mockserver.generic import state
from mockserver.generic.blueprint import CATCH_ALL, DISPATCH_ENDPOINT, METHODS, generic
from mockserver.generic.render import (
    derived_id,
    encoded_path,
    entity,
    listing_model,
    minimal,
    model_name,
    properties,
    server_fields,
)
from mockserver.generic.resources import Shape, member_id_fields, shape_of, stateful_collections
from mockserver.generic.validation import body_document

Handler = Callable[..., Any]


def _empty_query() -> Query:
    """The query of a row that declares no parameter (the binding passes none then)."""
    query = Query()
    query.given, query.undeclared = {}, {}
    return query


def _self_uri(shape: Shape, path_params: dict[str, str], member_id: str) -> str:
    path = shape.collection
    for name, value in path_params.items():
        path = path.replace("{" + name + "}", value)
    return encoded_path(f"{path}/{member_id}")


def _answer(op: Operation, doc: dict[str, Any], source: str | None = None) -> Any:
    schema = op.vendor_response
    if schema is None:
        return None
    name = model_name(schema)
    if name is None:
        return minimal(schema)
    return entity(name, doc, source)


def _with_ids(name: str | None, shape: Shape, doc: dict[str, Any]) -> dict[str, Any]:
    """The member's id also under the answer's own id field (an analytics job's ``jobId``)."""
    declared = properties(name)
    for field in member_id_fields(shape.collection):
        if field in declared and field not in doc:
            doc[field] = doc["id"]
    return doc


def _create(op: Operation, shape: Shape, path_params: dict[str, str], body: Any) -> Any:
    source = model_name(op.vendor_request)
    data = body_document(body)
    build = _builder(model_name(op.vendor_response), shape, path_params, data if isinstance(data, dict) else {})
    doc = state.create(shape, path_params, build)
    return _answer(op, doc, source)


def _builder(
    name: str | None, shape: Shape, path_params: dict[str, str], data: dict[str, Any]
) -> Callable[[], dict[str, Any]]:
    """Builds a new member of model ``name`` from the request (inside the create transaction: the id is drawn
    there)."""

    def build() -> dict[str, Any]:
        member_id = random_uuid()
        doc = server_fields(
            name, dict(data), member_id, _self_uri(shape, path_params, member_id), version=1, created=None
        )
        return _with_ids(name, shape, doc)

    return build


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _check_version(name: str | None, current: dict[str, Any], data: dict[str, Any]) -> None:
    if "version" in properties(name) and "version" in current:
        rules.check(
            str(data.get("version")) != str(current["version"]),
            "GENERIC-VERSION",
            {"supplied": data.get("version"), "current": current["version"]},
            field_name="version",
        )


def _write(op: Operation, shape: Shape, path_params: dict[str, str], body: Any) -> Any:
    name = model_name(op.vendor_response) or model_name(op.vendor_request)
    data = body_document(body)
    data = data if isinstance(data, dict) else {}
    member_id = path_params[shape.id_param or ""]

    def update(current: dict[str, Any] | None) -> dict[str, Any]:
        base = dict(current or {})
        if shape.kind == "replace":
            if current is not None:
                _check_version(name, base, data)
            merged = {**data}
        else:
            merged = {**base, **data}
        version = _int(base.get("version")) + 1 if "version" in properties(name) else None
        doc = server_fields(
            name,
            merged,
            member_id,
            _self_uri(shape, path_params, member_id),
            version=version,
            created=base.get("dateCreated"),
        )
        return _with_ids(name, shape, doc)

    doc = state.write(shape, path_params, update, must_exist=shape.stateful)
    return _answer(op, doc, model_name(op.vendor_request))


def _read(op: Operation, shape: Shape, path_params: dict[str, str]) -> Any:
    member_id = path_params[shape.id_param or ""]
    doc = state.read(shape, path_params)
    if doc is None:
        if shape.stateful:
            raise not_found(member_id)
        doc = {"id": member_id}  # nothing stored for a member no generic route creates: the smallest answer
    return _answer(op, doc)


def _filtered(docs: list[dict[str, Any]], query: Query) -> list[dict[str, Any]]:
    name = query.get("name")
    if name:
        docs = [doc for doc in docs if str(doc.get("name", "")).lower().startswith(str(name).lower())]
    sort_by = query.get("sortBy")
    if sort_by:
        docs = sorted(docs, key=lambda doc: (doc.get(sort_by) is None, str(doc.get(sort_by, "")).lower()))
    if str(query.get("sortOrder", "")).lower().startswith("desc"):
        docs = list(reversed(docs))
    return docs


def _positive(value: Any, default: int) -> int:
    """A paging value; some vendor listings declare pageSize as a string (cursor listings), read it if it is one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 1 else default


def _list(op: Operation, shape: Shape, path_params: dict[str, str], query: Query, collection: str | None = None) -> Any:
    docs = _filtered(state.members(shape, path_params, collection), query) if shape.stateful or collection else []
    item_model = listing_model(model_name(op.vendor_response))
    size, number = _positive(query.get("pageSize"), 25), _positive(query.get("pageNumber"), 1)
    page = [entity(item_model, doc) for doc in docs[(number - 1) * size : number * size]]
    envelope = page_envelope(
        page, total=len(docs), page_number=number, page_size=size, path=encoded_path(request.path), query=query.given
    )
    declared = properties(model_name(op.vendor_response))
    answer = {key: value for key, value in envelope.items() if key in declared}
    return entity(model_name(op.vendor_response), answer)


def _singleton(op: Operation, shape: Shape, path_params: dict[str, str], body: Any) -> Any:
    path = request.path.rstrip("/")
    if shape.kind == "singleton-delete":
        state.delete_singleton(shape, path_params, path)
        return _answer(op, {})
    if shape.kind == "singleton-read":
        state.parents_exist(shape, path_params)
        return _answer(op, state.singleton(path) or {})
    data = body_document(body)
    data = data if isinstance(data, dict) else {}
    doc = state.put_singleton(
        shape, path_params, path, lambda current: {**(current or {}), **data} if op.method == "PATCH" else dict(data)
    )
    return _answer(op, doc, model_name(op.vendor_request))


_BULK = ("/bulk/add", "/bulk/retrieve", "/bulk")


def _bulk(op: Operation, shape: Shape, path_params: dict[str, str], query: Query, body: Any) -> Any:
    """``C/bulk/add`` (an array of new members), ``C/bulk/retrieve`` (``{"ids": [...]}``) and a ``DELETE`` of
    ``C`` or ``C/bulk`` with ``?id=``, on a stateful collection ``C``; ``NotImplemented`` for any other action."""
    suffix = next((end for end in _BULK if op.path.endswith(end)), "")
    collection = op.path[: len(op.path) - len(suffix)] if suffix else op.path
    if collection not in stateful_collections():
        return NotImplemented
    members = Shape("list", collection, None, shape.parents, True)
    data = body_document(body)
    item_model = listing_model(model_name(op.vendor_response))
    if suffix == "/bulk/add" and isinstance(data, list):
        docs = state.create_many(
            members,
            path_params,
            [_builder(item_model, members, path_params, item) for item in data if isinstance(item, dict)],
        )
    elif suffix == "/bulk/retrieve" and isinstance(data, dict) and isinstance(data.get("ids"), list):
        docs = state.read_many(members, path_params, [str(i) for i in data["ids"]])
    elif op.method == "DELETE" and isinstance(query.get("id"), list):
        state.delete_many(members, path_params, query["id"])
        return _answer(op, {})
    else:
        return NotImplemented
    envelope = page_envelope(
        [entity(item_model, doc) for doc in docs],
        total=len(docs),
        page_number=1,
        page_size=max(len(docs), 1),
        path=encoded_path(request.path),
        query={},
    )
    declared = properties(model_name(op.vendor_response))
    return entity(model_name(op.vendor_response), {k: v for k, v in envelope.items() if k in declared})


def _action(op: Operation, shape: Shape, path_params: dict[str, str], query: Query | None, body: Any) -> Any:
    """An action answers from the request and the stored state: a bulk route of a stateful collection, a listing
    of the collection it sits on, or the smallest answer overlaid with the body's and the member's same-named
    properties."""
    state.parents_exist(shape, path_params)
    bulk = _bulk(op, shape, path_params, query or _empty_query(), body)
    if bulk is not NotImplemented:
        return bulk
    name = model_name(op.vendor_response)
    base = shape.collection.rpartition("/")[0]
    if listing_model(name) is not None and base in stateful_collections():
        return _list(op, shape, path_params, query or _empty_query(), collection=base)
    doc: dict[str, Any] = {}
    if shape.parents and shape.parents[-1].collection in stateful_collections():
        member = shape.parents[-1]
        parent_shape = Shape("read", member.collection, member.param, shape.parents[:-1], True)
        doc.update(state.read(parent_shape, path_params) or {})
    data = body_document(body)
    if isinstance(data, dict):
        doc.update(data)
    if "id" not in doc:
        doc["id"] = derived_id(request.path)
    return _answer(op, doc, None)


def _handler(op: Operation) -> Handler:
    """The view of one row; its shape is looked up per call (shapes are classified on the first request)."""

    def handle(query: Query | None = None, body: Any = None, **path_params: str) -> Any:
        shape = shape_of(op.operation_id)
        query = query if query is not None else _empty_query()
        if shape.kind == "create":
            return _create(op, shape, path_params, body)
        if shape.kind in ("replace", "merge"):
            return _write(op, shape, path_params, body)
        if shape.kind == "read":
            return _read(op, shape, path_params)
        if shape.kind == "delete":
            state.delete(shape, path_params, must_exist=shape.stateful)
            return _answer(op, {"id": path_params[shape.id_param or ""]})
        if shape.kind == "list":
            return _list(op, shape, path_params, query)
        if shape.kind.startswith("singleton"):
            return _singleton(op, shape, path_params, body)
        return _action(op, shape, path_params, query, body)

    handle.__name__ = op.operation_id
    return handle


@functools.lru_cache(maxsize=None)
def _view(operation_id: str) -> Callable[..., Response]:
    """The bound view of one generic row (query and body parsed by the binding), built on its first request."""
    operation = operation_by_id(operation_id)
    assert operation is not None
    return bound_view(operation_id, _handler(operation))


def dispatch(rest: str) -> Response:
    """The catch-all's view: the generic row of this method and path, or the answer of an unserved route."""
    found = resolve_route(request.method, request.path)
    if found is None or not found[0].generic:
        served = allowed_methods(request.path)
        if served is not None:
            raise MethodNotAllowed(valid_methods=served)
        raise NotFound()
    operation, path_params = found
    return _view(operation.operation_id)(**path_params)


def _segment_matcher(segment: str) -> Callable[[str], bool]:
    """A test for one path segment against a deep template's segment: a literal, ``{id}``, or a mix (``{id}.csv``)."""
    if "{" not in segment:
        return segment.__eq__
    if re.fullmatch(r"{\w+}", segment):
        return bool  # a whole-segment parameter matches any non-empty segment
    pattern = re.compile(re.sub(r"\\{\w+\\}", "[^/]+", re.escape(segment)))
    return lambda value: pattern.fullmatch(value) is not None


def shadowed() -> list[str]:
    """Generic rows whose path a deep rule's template also matches: they need a Werkzeug rule of their own.

    Compared segment by segment, only with the deep templates of as many segments whose last segment is this
    path's or a parameter (a parameter never spans a ``/``): a regex per deep row tried on every generic row was
    ~64,000 matches at start-up.
    """
    deep: dict[tuple[int, str | None], list[list[Callable[[str], bool]]]] = {}
    for op in OPERATIONS:
        segments = op.path.split("/")
        key = (len(segments), None if "{" in segments[-1] else segments[-1])
        deep.setdefault(key, []).append([_segment_matcher(segment) for segment in segments])
    found = []
    for op in generic_operations():
        segments = op.path.split("/")
        candidates = deep.get((len(segments), segments[-1]), []) + deep.get((len(segments), None), [])
        if any(all(test(segment) for test, segment in zip(template, segments)) for template in candidates):
            found.append(op.operation_id)
    return found


# Bound at import, once per process, as the areas' route modules bind theirs.
generic.add_url_rule(
    CATCH_ALL, endpoint=DISPATCH_ENDPOINT, view_func=dispatch, methods=METHODS, provide_automatic_options=False
)
for _operation_id in shadowed():
    bind(generic, _operation_id)(_handler(operation_by_id(_operation_id)))  # type: ignore[arg-type]
