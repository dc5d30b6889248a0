"""The served document describes generic rows as the mock treats them: every vendor operation is listed, marked
generic, and a generic body the mock accepts is valid against the document's (closed) request schema, while an
unknown property is not."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from contracts.generic import generic_operations
from contracts.openapi import load_document
from contracts.vendor import vendor_operations
from mockserver.generic.samples import sample_body


def _validator(schema: dict) -> Draft202012Validator:
    document = load_document()
    return Draft202012Validator({**schema, "components": document["components"]})


def test_every_vendor_operation_is_in_the_document() -> None:
    paths = load_document()["paths"]
    listed = {(method.upper(), path) for path, item in paths.items() for method in item}
    assert {(op["method"], op["path"]) for op in vendor_operations().values()} <= listed
    for op in generic_operations():
        assert paths[op.path][op.method.lower()]["x-mock-emulation"] == "generic"


def test_sample_bodies_fit_the_document_and_extras_do_not() -> None:
    paths = load_document()["paths"]
    checked = 0
    for op in generic_operations():
        if op.vendor_request is None:
            continue
        schema = paths[op.path][op.method.lower()]["requestBody"]["content"]["application/json"]["schema"]
        validator = _validator(schema)
        body = sample_body(op)
        assert not list(validator.iter_errors(body)), op.operation_id
        if isinstance(body, dict) and "ref" in op.vendor_request:
            assert list(validator.iter_errors({**body, "notAVendorProperty": 1})), op.operation_id
        checked += 1
    assert checked > 200  # 226 generic operations with a body once issue 16 made 130 deep
