"""Notes on contacts and organizations, and relationships of organizations (vendor-sdk-docs/ExternalContactsApi.md,
Note.md, Relationship.md; SDK 269 model descriptions): create, read, list, replace, patch, delete.

A note's ``noteText`` is 1 to 32,000 characters (rule EXT-NOTE-TEXT); ``createdBy`` is required by the vendor's
model and only its ``id`` is read ("only User.id is required"); the server sets ``id``, ``entityType``,
``entityId``, the dates, ``selfUri`` and the home division. A relationship links a user to an existing organization
(rule EXT-ORG-UNKNOWN, as a contact's link) with a free-text ``relationship``.

PATCH takes the contact PATCH's body (``ExternalContactsPatchRequest``) on the model's own top-level properties
(``$.noteText``; ``$.relationship``, ``$.user``, ``$.externalOrganization``, ``$.division``) with the actions
``Update``, ``UpdateIfEmpty``, ``UpdateIfExists`` and ``Remove`` (rules EXT-PATCH-FIELD, EXT-PATCH-ACTION); the
result meets the same rules as a PUT. Listings page like the searches (window 1000, rule EXT-SEARCH-WINDOW) and sort
by ``createDate`` (and, for relationships, ``relationship``) (rule EXT-LIST-SORT).
"""

from __future__ import annotations

from typing import Any

from contracts.common import page_envelope
from contracts.externalcontacts import ExternalContactsPatchRequest
from mockserver.core import rules
from mockserver.core.binding import Query
from mockserver.core.context import clock
from mockserver.core.divisions import HOME_DIVISION
from mockserver.core.errors import ApiError, field_detail, not_found
from mockserver.core.ids import random_uuid, uri_segment
from mockserver.externalcontacts import notestate
from mockserver.externalcontacts.search import WINDOW
from mockserver.generic.validation import body_document

Doc = dict[str, Any]
MAX_NOTE = 32000
BASES = {"contact": "/api/v2/externalcontacts/contacts", "organization": "/api/v2/externalcontacts/organizations"}
RELATIONSHIPS_PATH = "/api/v2/externalcontacts/relationships"
NOTE_FIELDS = ("noteText",)
RELATIONSHIP_FIELDS = ("relationship", "user", "externalOrganization", "division")
PATCH_ACTIONS = ("Update", "UpdateIfEmpty", "UpdateIfExists", "Remove")


def _now() -> str:
    return clock().now().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _user(reference: Any) -> Doc:
    """A user reference as the vendor's User shows it: ``id``, ``version`` (required by the vendor's model) and
    ``selfUri``."""
    if not reference:
        return {}
    user_id = str(reference.get("id") or "")
    user: Doc = {"id": user_id} if user_id else {}
    user["version"] = reference.get("version") or 1
    if user_id:
        user["selfUri"] = f"/api/v2/users/{uri_segment(user_id)}"
    return user


def note_uri(entity_type: str, entity_id: str, note_id: str) -> str:
    return f"{BASES[entity_type]}/{uri_segment(entity_id)}/notes/{note_id}"


def _check_text(note: Doc) -> Doc:
    text = note.get("noteText")
    size = len(text) if isinstance(text, str) else 0
    rules.check(
        not 1 <= size <= MAX_NOTE, "EXT-NOTE-TEXT", {"field": "noteText", "max": MAX_NOTE}, field_name="noteText"
    )
    return note


def build_note(sent: Doc, entity_type: str, entity_id: str, stored: Doc | None) -> Doc:
    """The note to store from what the client sent (a create when ``stored`` is None, else a full replace)."""
    if entity_type not in BASES:
        raise not_found(entity_id)
    now = _now()
    note_id = stored["id"] if stored else random_uuid()
    note = {
        "id": note_id,
        "division": sent.get("division") or (stored or {}).get("division") or HOME_DIVISION.dump(),
        "entityId": entity_id,
        "entityType": entity_type,
        "noteText": sent.get("noteText"),
        "createDate": stored["createDate"] if stored else now,
        "modifyDate": now,
        "createdBy": _user(sent.get("createdBy")) or (stored or {}).get("createdBy") or {},
        "selfUri": note_uri(entity_type, entity_id, note_id),
    }
    return _check_text({key: value for key, value in note.items() if value not in (None, {})})


def create_note(entity_type: str, entity_id: str, body: Any) -> Doc:
    return notestate.add_note(build_note(body_document(body), entity_type, entity_id, None))


def replace_note(entity_type: str, entity_id: str, note_id: str, body: Any) -> Doc:
    sent = body_document(body)
    return notestate.replace_note(
        note_id, entity_type, entity_id, lambda stored: build_note(sent, entity_type, entity_id, stored)
    )


def patch_note(entity_type: str, entity_id: str, note_id: str, body: ExternalContactsPatchRequest) -> Doc:
    return notestate.replace_note(
        note_id,
        entity_type,
        entity_id,
        lambda stored: build_note(patched(stored, body, NOTE_FIELDS), entity_type, entity_id, stored),
    )


def list_notes(entity_type: str, entity_id: str, query: Query) -> Doc:
    notes = notestate.notes_of(entity_type, entity_id)
    path = f"{BASES[entity_type]}/{uri_segment(entity_id)}/notes"
    return page(notes, query, path, ("createDate",))


# --- relationships ---------------------------------------------------------------------------------------------


def build_relationship(sent: Doc, stored: Doc | None) -> Doc:
    relationship_id = stored["id"] if stored else random_uuid()
    org_id = str((sent.get("externalOrganization") or {}).get("id") or "")
    relationship = {
        "id": relationship_id,
        "division": sent.get("division") or (stored or {}).get("division") or HOME_DIVISION.dump(),
        "user": _user(sent.get("user")),
        "externalOrganization": {"id": org_id, "selfUri": f"{BASES['organization']}/{uri_segment(org_id)}"},
        "relationship": (sent.get("relationship") or "").strip(),
        "selfUri": f"{RELATIONSHIPS_PATH}/{relationship_id}",
        "createDate": stored["createDate"] if stored else _now(),  # kept for sorting; not shown (no such field)
    }
    if not relationship["relationship"] or not relationship["user"]:
        field = "relationship" if not relationship["relationship"] else "user"
        raise ApiError(
            400,
            "constraint.validation",
            "{field} may not be null",
            {"field": field},
            details=[field_detail(field, "constraint.validation")],
        )
    return relationship


def shown(relationship: Doc) -> Doc:
    return {key: value for key, value in relationship.items() if key != "createDate"}


def create_relationship(body: Any) -> Doc:
    sent = body_document(body)
    return shown(notestate.save_relationship(None, lambda _: build_relationship(sent, None)))


def replace_relationship(relationship_id: str, body: Any) -> Doc:
    sent = body_document(body)
    return shown(notestate.save_relationship(relationship_id, lambda stored: build_relationship(sent, stored)))


def patch_relationship(relationship_id: str, body: ExternalContactsPatchRequest) -> Doc:
    def build(stored: Doc | None) -> Doc:
        assert stored is not None  # save_relationship answers 404 for an id that names none
        return build_relationship(patched(shown(stored), body, RELATIONSHIP_FIELDS), stored)

    return shown(notestate.save_relationship(relationship_id, build))


def list_relationships(org_id: str, query: Query) -> Doc:
    found = notestate.relationships_of(org_id)
    path = f"{BASES['organization']}/{uri_segment(org_id)}/relationships"
    listing = page(found, query, path, ("createDate", "relationship"))
    listing["entities"] = [shown(r) for r in listing["entities"]]
    return listing


# --- shared ----------------------------------------------------------------------------------------------------


def patched(stored: Doc, body: ExternalContactsPatchRequest, fields: tuple[str, ...]) -> Doc:
    """``stored`` with the changes applied in order, as the body a PUT would send."""
    data = dict(stored)
    for index, change in enumerate(body.changes or []):
        name = change.field[2:] if change.field.startswith("$.") else ""
        if name not in fields:
            rules.check(
                True,
                "EXT-PATCH-FIELD",
                {"value": change.field, "field": f"changes[{index}].field"},
                field_name=f"changes[{index}].field",
            )
            continue
        problem = None
        if change.action not in PATCH_ACTIONS:
            problem = "collection actions apply to lists only"
        elif change.action != "Remove" and change.value is None:
            problem = "a value is required"
        if problem is not None:
            rules.check(
                True,
                "EXT-PATCH-ACTION",
                {"action": change.action, "path": change.field, "problem": problem},
                field_name=f"changes[{index}].action",
            )
            continue
        present = data.get(name) not in (None, "", {})
        if change.action == "Remove":
            data.pop(name, None)
        elif (
            change.action == "Update"
            or (change.action == "UpdateIfEmpty" and not present)
            or (change.action == "UpdateIfExists" and present)
        ):
            data[name] = change.value
    return data


def page(records: list[Doc], query: Query, path: str, sort_fields: tuple[str, ...]) -> Doc:
    size, number = query["pageSize"], query["pageNumber"]
    parameter, value = ("pageSize", size) if size > WINDOW else ("pageNumber", number)
    rules.check(
        size * number > WINDOW, "EXT-SEARCH-WINDOW", {"value": value, "parameter": parameter}, field_name=parameter
    )
    order = query["sortOrder"]
    if order is not None:
        name, _, direction = order.partition(":")
        if name in sort_fields and direction in ("asc", "desc"):
            # ties (two notes in one millisecond) in the order they were added, newest first when descending
            ranked = sorted(
                enumerate(records),
                key=lambda pair: (str(pair[1].get(name) or "").casefold(), pair[0]),
                reverse=direction == "desc",
            )
            records = [record for _, record in ranked]
        else:
            allowed = ", ".join(f"{field}:asc|desc" for field in sort_fields)
            rules.check(
                True,
                "EXT-LIST-SORT",
                {"value": order, "parameter": "sortOrder", "allowed": allowed},
                field_name="sortOrder",
            )
    envelope = page_envelope(
        records[(number - 1) * size : number * size],
        total=len(records),
        page_number=number,
        page_size=size,
        path=path,
        query=query.given,
    )
    envelope["partialResults"] = False
    return envelope
