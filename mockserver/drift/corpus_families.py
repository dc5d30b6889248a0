"""Corpus entries of the generic operations per resource family: what every family answers the same way (the
generic rules' own entries are in corpus_generic.py).

Built from the operations table and the shape of each generic row (:func:`mockserver.generic.resources.shapes`),
not by hand, so a family the vendor adds gets its entries. Per resource family (``outbound/campaigns``,
``externalcontacts/organizations`` ...), using its first top-level operation of each kind (no parent to create):

* ``generic-list-<op>``: a GET answering a listing (``entities``), first page (the envelope and its schema);
* ``generic-missing-<op>``: an item of a stateful collection that does not exist (404 ``not.found``);
* ``generic-unknown-property-<op>``: a create whose body holds a property no model defines (400
  ``invalid.property``). Never sent to a real org: an org that ignored the property would create a resource of a
  kind the runner cannot clean up.

The first two only read, so they are safe on a shared org; their ids carry the run's prefix.
"""

from __future__ import annotations

from functools import lru_cache

from contracts.operations import Operation
from mockserver.drift.model import Entry, Step

UNKNOWN_PROPERTY = "gcmDriftUnknownProperty"
NOT_ON_ORG = "a create the org might accept (an unknown property ignored) would leave a resource no cleanup knows"


def family(path: str) -> str:
    """The resource family of a path: its two segments after ``/api/v2/``."""
    return "/".join(path.split("/")[3:5])


def _is_listing(op: Operation) -> bool:
    """A GET without path parameters that answers a listing (``entities``): the family's first page."""
    from contracts.vendor import vendor_models

    model = vendor_models().get((op.vendor_response or {}).get("ref", ""), {})
    return op.method == "GET" and not op.path_params and "entities" in model.get("properties", {})


@lru_cache(maxsize=1)
def generic_entries() -> tuple[Entry, ...]:
    """One entry per resource family and kind (see the module docstring), in a stable order."""
    from contracts.generic import generic_operations
    from mockserver.generic.resources import shapes

    chosen: dict[tuple[str, str], Entry] = {}
    for op in sorted(generic_operations(), key=lambda o: (o.path, o.method, o.operation_id)):
        shape = shapes()[op.operation_id]
        if shape.parents or op.user_context:
            continue  # a parent would have to be created first; user routes need a user token
        kind = "list" if _is_listing(op) else shape.kind
        key = (family(op.path), kind)
        if key in chosen:
            continue
        if kind == "list":
            chosen[key] = Entry(
                id=f"generic-list-{op.operation_id}",
                request=Step("GET", op.path),
                note="generic listing: first page",
                generic=True,
            )
        elif shape.kind == "read" and shape.stateful and op.path_params == [shape.id_param]:
            path = op.path.replace("{" + str(shape.id_param) + "}", "{{prefix}}missing")
            chosen[key] = Entry(
                id=f"generic-missing-{op.operation_id}",
                request=Step("GET", path),
                note="generic item that does not exist",
                generic=True,
            )
        elif shape.kind == "create" and not op.path_params:
            chosen[key] = Entry(
                id=f"generic-unknown-property-{op.operation_id}",
                request=Step("POST", op.path, json={UNKNOWN_PROPERTY: "{{prefix}}"}),
                remote=NOT_ON_ORG,
                note="generic create with an unknown property",
                generic=True,
            )
    return tuple(entry for _, entry in sorted(chosen.items()))
