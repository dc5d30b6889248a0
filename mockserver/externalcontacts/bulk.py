"""Bulk routes of contacts and organizations (vendor-sdk-docs/ExternalContactsApi.md, BulkContactsResponse.md,
BulkDeleteResponse.md …): fetch, add, update and remove up to :data:`MAX_ITEMS` entities per request.

The request as a whole is refused only when it cannot be parsed or holds too many entities (rule EXT-BULK-SIZE);
otherwise every entity is one operation with a result of its own, ``{id, success, status, entity | error}``, in the
request's order, and ``errorCount``/``errorIndexes`` name the failures. Each operation is the single route's, in
its own transaction: the same rules (an e-mail that is no e-mail, an identifier another contact claimed, an
unknown id), and an entity that fails changes nothing while the others are applied. A failure's ``error`` is the
``ErrorBody`` the single route would have answered, as a ``BulkEntityError`` carrying the entity sent.

Notes and relationships: the same per-item results; a bulk note names its parent (``entityType``, ``entityId``).

Bulk adds do not count against the creation window of EXT-CREATE-RATE (the seed asked it of the single route).
"""

from __future__ import annotations

from typing import Any, Callable

from pydantic import ValidationError

from contracts.externalcontacts import ExternalContact, ExternalOrganization
from mockserver.core import rules
from mockserver.core.binding import validation_error
from mockserver.core.errors import ApiError, field_detail, not_found
from mockserver.externalcontacts import notes, notestate, organizations, orgstate, service
from mockserver.externalcontacts.state import contacts_by_ids, remove_contact, save_contact
from mockserver.generic.validation import body_document

MAX_ITEMS = 100
WRITE_EXPAND = service.WRITE_EXPAND
Result = dict[str, Any]


def _entities(body: Any) -> list[dict[str, Any]]:
    """The request's entities as JSON documents; more than MAX_ITEMS is rule EXT-BULK-SIZE."""
    entities = body_document(body).get("entities") or []
    rules.check(
        len(entities) > MAX_ITEMS, "EXT-BULK-SIZE", {"field": "entities", "max": MAX_ITEMS}, field_name="entities"
    )
    return entities


def _run(entities: list[dict[str, Any]], operation: Callable[[dict[str, Any]], Result]) -> dict[str, Any]:
    results: list[Result] = []
    for entity in entities:
        try:
            results.append(operation(entity))
        except ApiError as error:
            results.append(_failure(entity, error))
    failed = [i for i, result in enumerate(results) if not result["success"]]
    return {"results": results, "errorCount": len(failed), "errorIndexes": failed}


def _failure(entity: dict[str, Any], error: ApiError) -> Result:
    details = [{"fieldName": d["fieldName"], "message": error.message} for d in error.details if "fieldName" in d]
    failure: dict[str, Any] = {
        "code": error.code,
        "message": error.message,
        "status": error.status,
        "retryable": error.status in (429, 503),
        "entity": entity,
    }
    if details:
        failure["details"] = details
    result: Result = {"success": False, "status": error.status, "error": failure}
    if entity.get("id"):
        result["id"] = entity["id"]
    return result


def _success(entity: Any, status: int = 200) -> Result:
    data = entity.dump() if entity is not None and not isinstance(entity, dict) else entity
    result: Result = {"id": data["id"], "success": True, "status": status} if data else {"success": True}
    if data:
        result["entity"] = data
    return result


def _model(model: type[ExternalContact] | type[ExternalOrganization], entity: dict[str, Any]) -> Any:
    """An entity as the single route's body model (the vendor's shape was checked by the binding); a refusal is the
    binding's answer for a body, its fields named within the entity (the result carries the entity)."""
    try:
        return model.model_validate(entity)
    except ValidationError as exc:
        raise validation_error(exc, model) from None


def _require_id(entity: dict[str, Any]) -> str:
    entity_id = entity.get("id")
    if not entity_id:
        # not a catalogue rule: it fails one entity's result, never the request (the vendor's ExternalContactsEntity
        # is read by id; the code follows the area's convention for a missing required field)
        raise _missing("id")
    return str(entity_id)


# --- contacts --------------------------------------------------------------------------------------------------


def fetch_contacts(body: Any) -> dict[str, Any]:
    entities = _entities(body)
    ids = [str(entity.get("id") or "") for entity in entities]
    found = dict(zip(ids, contacts_by_ids([i for i in ids if i])))

    def fetch(entity: dict[str, Any]) -> Result:
        contact = found.get(_require_id(entity))
        if contact is None:
            raise not_found(entity["id"])
        return _success(service.view(contact, frozenset()))

    return _run(entities, fetch)


def add_contacts(body: Any) -> dict[str, Any]:
    def add(entity: dict[str, Any]) -> Result:
        sent = _model(ExternalContact, entity)
        return _success(service.view(save_contact(None, lambda _: service.prepare(sent, None)), WRITE_EXPAND))

    return _run(_entities(body), add)


def update_contacts(body: Any) -> dict[str, Any]:
    """Each entity is a full replace of the contact its ``id`` names (the PUT route's behaviour)."""

    def update(entity: dict[str, Any]) -> Result:
        contact_id = _require_id(entity)
        sent = _model(ExternalContact, entity)
        saved = save_contact(contact_id, lambda existing: service.prepare(sent, existing))
        return _success(service.view(saved, WRITE_EXPAND))

    return _run(_entities(body), update)


def remove_contacts(body: Any) -> dict[str, Any]:
    def remove(entity: dict[str, Any]) -> Result:
        contact_id = _require_id(entity)
        remove_contact(contact_id)
        return {"id": contact_id, "success": True, "status": 200}

    return _run(_entities(body), remove)


# --- organizations ---------------------------------------------------------------------------------------------


def fetch_orgs(body: Any) -> dict[str, Any]:
    def fetch(entity: dict[str, Any]) -> Result:
        org = orgstate.find_org(_require_id(entity))
        if org is None:
            raise not_found(entity["id"])
        return _success(organizations.view(org, frozenset()))

    return _run(_entities(body), fetch)


def add_orgs(body: Any) -> dict[str, Any]:
    def add(entity: dict[str, Any]) -> Result:
        sent = _model(ExternalOrganization, entity)
        return _success(
            organizations.view(
                orgstate.save_org(None, lambda _: organizations.prepare(sent, None)), frozenset({"identifiers"})
            )
        )

    return _run(_entities(body), add)


def update_orgs(body: Any) -> dict[str, Any]:
    def update(entity: dict[str, Any]) -> Result:
        org_id = _require_id(entity)
        sent = _model(ExternalOrganization, entity)
        saved = orgstate.save_org(org_id, lambda existing: organizations.prepare(sent, existing))
        return _success(organizations.view(saved, frozenset({"identifiers"})))

    return _run(_entities(body), update)


def remove_orgs(body: Any) -> dict[str, Any]:
    def remove(entity: dict[str, Any]) -> Result:
        org_id = _require_id(entity)
        orgstate.remove_org(org_id)
        return {"id": org_id, "success": True, "status": 200}

    return _run(_entities(body), remove)


# --- notes and relationships -----------------------------------------------------------------------------------


def _missing(field: str) -> ApiError:
    return ApiError(
        400,
        "constraint.validation",
        "{field} may not be null",
        {"field": field},
        details=[field_detail(field, "constraint.validation")],
    )


def fetch_notes(body: Any) -> dict[str, Any]:
    return _run(_entities(body), lambda entity: _success(notestate.get_note(_require_id(entity))))


def add_notes(body: Any) -> dict[str, Any]:
    """A bulk note names its parent itself (Note.md: ``entityType`` and ``entityId`` "for the Bulk APIs")."""

    def add(entity: dict[str, Any]) -> Result:
        for field in ("entityType", "entityId"):
            if not entity.get(field):
                raise _missing(field)
        note = notes.build_note(entity, entity["entityType"], str(entity["entityId"]), None)
        return _success(notestate.add_note(note))

    return _run(_entities(body), add)


def update_notes(body: Any) -> dict[str, Any]:
    def update(entity: dict[str, Any]) -> Result:
        note_id = _require_id(entity)
        return _success(
            notestate.replace_note(
                note_id,
                None,
                None,
                lambda stored: notes.build_note(entity, stored["entityType"], stored["entityId"], stored),
            )
        )

    return _run(_entities(body), update)


def remove_notes(body: Any) -> dict[str, Any]:
    def remove(entity: dict[str, Any]) -> Result:
        note_id = _require_id(entity)
        notestate.remove_note(note_id)
        return {"id": note_id, "success": True, "status": 200}

    return _run(_entities(body), remove)


def fetch_relationships(body: Any) -> dict[str, Any]:
    return _run(_entities(body), lambda entity: _success(notes.shown(notestate.get_relationship(_require_id(entity)))))


def add_relationships(body: Any) -> dict[str, Any]:
    def add(entity: dict[str, Any]) -> Result:
        return _success(
            notes.shown(notestate.save_relationship(None, lambda _: notes.build_relationship(entity, None)))
        )

    return _run(_entities(body), add)


def update_relationships(body: Any) -> dict[str, Any]:
    def update(entity: dict[str, Any]) -> Result:
        relationship_id = _require_id(entity)
        return _success(
            notes.shown(
                notestate.save_relationship(relationship_id, lambda stored: notes.build_relationship(entity, stored))
            )
        )

    return _run(_entities(body), update)


def remove_relationships(body: Any) -> dict[str, Any]:
    def remove(entity: dict[str, Any]) -> Result:
        relationship_id = _require_id(entity)
        notestate.remove_relationship(relationship_id)
        return {"id": relationship_id, "success": True, "status": 200}

    return _run(_entities(body), remove)
