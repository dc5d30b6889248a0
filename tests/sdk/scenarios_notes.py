"""SDK scenarios of notes, relationships and their bulk routes (issue 16 items 10 and 11)."""

from __future__ import annotations

from typing import Any, Callable

import PureCloudPlatformClientV2 as sdk

from tests.sdk.helpers import Ctx, assert_gone, model, new_external_contact, scenario, unique
from tests.sdk.scenarios_orgs import _ids, _org

AUTHOR_ID = "8d7c2d0e-4d4c-4a7c-9b8e-000000000001"


def _author() -> sdk.User:
    return model(sdk.User, id=AUTHOR_ID, version=1)


def _note_body(text: str, **attributes: Any) -> sdk.Note:
    return model(sdk.Note, note_text=text, created_by=_author(), **attributes)


def _parents(c: Ctx, owner: str) -> tuple[str, str]:
    """A new contact's or organization's id, and the SDK method infix of its note routes."""
    if owner == "Contact":
        return new_external_contact(c.api).id, "contact"
    return _org(c).id, "organization"


def _call(c: Ctx, name: str) -> Callable[..., Any]:
    return getattr(c.api.external, name)


def _add_note(c: Ctx, infix: str, parent: str, text: str = "called back") -> sdk.Note:
    note = c.api.accept(_call(c, f"post_externalcontacts_{infix}_notes")(parent, _note_body(text)), "Note")
    assert note.id and note.note_text == text and note.entity_id == parent
    return note


def _note_scenarios(owner: str) -> None:
    @scenario(f"postExternalcontacts{owner}Notes")
    def _create(c: Ctx) -> None:
        parent, infix = _parents(c, owner)
        _add_note(c, infix, parent)

    @scenario(f"getExternalcontacts{owner}Notes")
    def _list(c: Ctx) -> None:
        parent, infix = _parents(c, owner)
        for i in range(3):
            _add_note(c, infix, parent, f"note {i}")
        page = c.api.accept(
            _call(c, f"get_externalcontacts_{infix}_notes")(parent, page_size=2, sort_order="createDate:desc"),
            "NoteListing",
        )
        assert page.total == 3 and [n.note_text for n in page.entities] == ["note 2", "note 1"]

    @scenario(f"getExternalcontacts{owner}Note")
    def _get(c: Ctx) -> None:
        parent, infix = _parents(c, owner)
        note = _add_note(c, infix, parent)
        found = c.api.accept(_call(c, f"get_externalcontacts_{infix}_note")(parent, note.id), "Note")
        assert (found.id, found.note_text, found.created_by.id) == (note.id, "called back", AUTHOR_ID)

    @scenario(f"putExternalcontacts{owner}Note")
    def _put(c: Ctx) -> None:
        parent, infix = _parents(c, owner)
        note = _add_note(c, infix, parent)
        updated = c.api.accept(
            _call(c, f"put_externalcontacts_{infix}_note")(parent, note.id, _note_body("rewritten")), "Note"
        )
        assert (updated.id, updated.note_text) == (note.id, "rewritten")

    @scenario(f"patchExternalcontacts{owner}Note")
    def _patch(c: Ctx) -> None:
        parent, infix = _parents(c, owner)
        note = _add_note(c, infix, parent)
        body = model(
            sdk.ExternalContactsPatchRequest,
            changes=[model(sdk.ContactsPatchChange, field="$.noteText", value="patched", action="Update")],
        )
        patched = c.api.accept(_call(c, f"patch_externalcontacts_{infix}_note")(parent, note.id, body), "Note")
        assert patched.note_text == "patched"

    @scenario(f"deleteExternalcontacts{owner}Note")
    def _delete(c: Ctx) -> None:
        parent, infix = _parents(c, owner)
        note = _add_note(c, infix, parent)
        assert c.api.accept(_call(c, f"delete_externalcontacts_{infix}_note")(parent, note.id), "object") == {}
        assert_gone(_call(c, f"get_externalcontacts_{infix}_note"), parent, note.id)


_note_scenarios("Contact")
_note_scenarios("Organization")


def _relationship(c: Ctx, org: sdk.ExternalOrganization, kind: str = "supplier") -> sdk.Relationship:
    body = model(
        sdk.Relationship,
        relationship=kind,
        user=_author(),
        external_organization=model(sdk.ExternalOrganization, id=org.id, name=org.name),
    )
    made = c.api.accept(c.api.external.post_externalcontacts_relationships(body), "Relationship")
    assert made.id and made.relationship == kind and made.external_organization.id == org.id
    return made


@scenario("postExternalcontactsRelationships")
def _create_relationship(c: Ctx) -> None:
    _relationship(c, _org(c))


@scenario("getExternalcontactsRelationship")
def _get_relationship(c: Ctx) -> None:
    made = _relationship(c, _org(c))
    found = c.api.accept(c.api.external.get_externalcontacts_relationship(made.id), "Relationship")
    assert (found.id, found.relationship) == (made.id, "supplier")


@scenario("putExternalcontactsRelationship")
def _put_relationship(c: Ctx) -> None:
    made = _relationship(c, _org(c))
    made.relationship = "partner"
    updated = c.api.accept(c.api.external.put_externalcontacts_relationship(made.id, made), "Relationship")
    assert (updated.id, updated.relationship) == (made.id, "partner")


@scenario("patchExternalcontactsRelationship")
def _patch_relationship(c: Ctx) -> None:
    made = _relationship(c, _org(c))
    body = model(
        sdk.ExternalContactsPatchRequest,
        changes=[model(sdk.ContactsPatchChange, field="$.relationship", value="ally", action="Update")],
    )
    patched = c.api.accept(c.api.external.patch_externalcontacts_relationship(made.id, body), "Relationship")
    assert patched.relationship == "ally"


@scenario("deleteExternalcontactsRelationship")
def _delete_relationship(c: Ctx) -> None:
    made = _relationship(c, _org(c))
    assert c.api.accept(c.api.external.delete_externalcontacts_relationship(made.id), "object") == {}
    assert_gone(c.api.external.get_externalcontacts_relationship, made.id)


@scenario("getExternalcontactsOrganizationRelationships")
def _org_relationships(c: Ctx) -> None:
    org = _org(c)
    for kind in ("supplier", "advisor"):
        _relationship(c, org, kind)
    page = c.api.accept(
        c.api.external.get_externalcontacts_organization_relationships(org.id, sort_order="relationship:asc"),
        "RelationshipListing",
    )
    assert page.total == 2 and [r.relationship for r in page.entities] == ["advisor", "supplier"]


@scenario("postExternalcontactsBulkNotes")
def _bulk_fetch_notes(c: Ctx) -> None:
    contact = new_external_contact(c.api)
    note = _add_note(c, "contact", contact.id)
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_notes(_ids(note.id, "missing")), "BulkFetchNotesResponse"
    )
    assert answer.results[0].entity.note_text == "called back" and answer.error_indexes == [1]


@scenario("postExternalcontactsBulkNotesAdd")
def _bulk_add_notes(c: Ctx) -> None:
    contact = new_external_contact(c.api)
    body = model(
        sdk.BulkNotesRequest,
        entities=[_note_body(unique("n"), entity_type="contact", entity_id=contact.id), _note_body("orphan")],
    )
    answer = c.api.accept(c.api.external.post_externalcontacts_bulk_notes_add(body), "BulkNotesResponse")
    assert (answer.error_count, answer.error_indexes) == (1, [1]) and answer.results[0].entity.entity_id == contact.id


@scenario("postExternalcontactsBulkNotesUpdate")
def _bulk_update_notes(c: Ctx) -> None:
    contact = new_external_contact(c.api)
    note = _add_note(c, "contact", contact.id)
    note.note_text = "bulk edited"
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_notes_update(model(sdk.BulkNotesRequest, entities=[note])),
        "BulkNotesResponse",
    )
    assert answer.error_count == 0 and answer.results[0].entity.note_text == "bulk edited"


@scenario("postExternalcontactsBulkNotesRemove")
def _bulk_remove_notes(c: Ctx) -> None:
    contact = new_external_contact(c.api)
    note = _add_note(c, "contact", contact.id)
    answer = c.api.accept(c.api.external.post_externalcontacts_bulk_notes_remove(_ids(note.id)), "BulkDeleteResponse")
    assert answer.error_count == 0
    assert_gone(c.api.external.get_externalcontacts_contact_note, contact.id, note.id)


@scenario("postExternalcontactsBulkRelationships")
def _bulk_fetch_relationships(c: Ctx) -> None:
    made = _relationship(c, _org(c))
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_relationships(_ids(made.id)), "BulkFetchRelationshipsResponse"
    )
    assert answer.error_count == 0 and answer.results[0].entity.relationship == "supplier"


@scenario("postExternalcontactsBulkRelationshipsAdd")
def _bulk_add_relationships(c: Ctx) -> None:
    org = _org(c)
    body = model(
        sdk.BulkRelationshipsRequest,
        entities=[
            model(
                sdk.Relationship,
                relationship="owner",
                user=_author(),
                external_organization=model(sdk.ExternalOrganization, id=org.id, name=org.name),
            )
        ],
    )
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_relationships_add(body), "BulkRelationshipsResponse"
    )
    assert answer.error_count == 0 and answer.results[0].entity.external_organization.id == org.id


@scenario("postExternalcontactsBulkRelationshipsUpdate")
def _bulk_update_relationships(c: Ctx) -> None:
    made = _relationship(c, _org(c))
    made.relationship = "buyer"
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_relationships_update(
            model(sdk.BulkRelationshipsRequest, entities=[made])
        ),
        "BulkRelationshipsResponse",
    )
    assert answer.error_count == 0 and answer.results[0].entity.relationship == "buyer"


@scenario("postExternalcontactsBulkRelationshipsRemove")
def _bulk_remove_relationships(c: Ctx) -> None:
    made = _relationship(c, _org(c))
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_relationships_remove(_ids(made.id)), "BulkDeleteResponse"
    )
    assert answer.error_count == 0
    assert_gone(c.api.external.get_externalcontacts_relationship, made.id)
