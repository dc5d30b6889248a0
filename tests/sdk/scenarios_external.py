"""SDK scenarios of the external-contact rows: contacts, search, patch, identifiers and lookups."""

from __future__ import annotations

from datetime import datetime

import PureCloudPlatformClientV2 as sdk
import pytest

from tests.sdk.helpers import (
    Ctx,
    assert_gone,
    claim,
    model,
    new_external_contact,
    scenario,
)

# --- external contacts -----------------------------------------------------------------------------------------


@scenario("postExternalcontactsContacts")
def _create_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    assert isinstance(created.create_date, datetime) and created.type in ("Ephemeral", "Identified", "Curated")


@scenario("getExternalcontactsContacts")
def _search_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    page = c.api.accept(
        c.api.external.get_externalcontacts_contacts(q=created.last_name, page_size=5), "ContactListing"
    )
    assert page.total == 1 and [(e.id, e.last_name) for e in page.entities] == [(created.id, created.last_name)]


@scenario("getExternalcontactsContact")
def _get_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    found = c.api.accept(
        c.api.external.get_externalcontacts_contact(created.id, expand=["identifiers"]), "ExternalContact"
    )
    assert (found.id, found.first_name, found.work_email) == (created.id, "Grace", created.work_email)
    assert claimed.value in [identifier.value for identifier in found.identifiers or []]


@scenario("putExternalcontactsContact")
def _put_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    created.title = "Commodore"
    updated = c.api.accept(c.api.external.put_externalcontacts_contact(created.id, created), "ExternalContact")
    assert (updated.id, updated.title, updated.last_name) == (created.id, "Commodore", created.last_name)


@scenario("patchExternalcontactsContact")
def _patch_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    body = model(
        sdk.ExternalContactsPatchRequest,
        changes=[model(sdk.ContactsPatchChange, field="$.title", value="Admiral", action="Update")],
    )
    patched = c.api.accept(c.api.external.patch_externalcontacts_contact(created.id, body), "ExternalContact")
    assert (patched.id, patched.title, patched.first_name) == (created.id, "Admiral", "Grace")


@scenario("deleteExternalcontactsContact")
def _delete_external(c: Ctx) -> None:
    created = new_external_contact(c.api)
    assert c.api.accept(c.api.external.delete_externalcontacts_contact(created.id), "object") == {}
    assert_gone(c.api.external.get_externalcontacts_contact, created.id)


@scenario("getExternalcontactsContactIdentifiers")
def _list_identifiers(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    listing = c.api.accept(
        c.api.external.get_externalcontacts_contact_identifiers(created.id), "ContactIdentifierListing"
    )
    assert ("Cookie", claimed.value) in [(i.type, i.value) for i in listing.entities]


@scenario("patchExternalcontactsContactIdentifiers")
def _claim_identifier(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    assert isinstance(claimed.date_created, datetime)


@scenario("postExternalcontactsIdentifierlookupContacts")
def _lookup(c: Ctx) -> None:
    created = new_external_contact(c.api)
    claimed = claim(c.api, created.id)
    body = model(sdk.ContactIdentifier, type="Cookie", value=claimed.value)
    found = c.api.accept(c.api.external.post_externalcontacts_identifierlookup_contacts(body), "ExternalContact")
    assert (found.id, found.last_name) == (created.id, created.last_name)


@scenario("postExternalcontactsIdentifierlookup")
def _old_lookup(c: Ctx) -> None:
    created = new_external_contact(c.api)
    body = model(sdk.ContactIdentifier, type="Email", value=created.work_email.upper())
    with pytest.warns(DeprecationWarning):  # the SDK marks the older route deprecated; the mock still serves it
        found = c.api.accept(c.api.external.post_externalcontacts_identifierlookup(body), "ExternalContact")
    assert (found.id, found.work_email) == (created.id, created.work_email)
