"""SDK scenarios of external organizations, the POST contact search and the bulk routes (issue 16 items 9, 11)."""

from __future__ import annotations

import PureCloudPlatformClientV2 as sdk

from tests.sdk.helpers import Ctx, assert_gone, model, new_external_contact, scenario, unique


def _org(c: Ctx, **attributes: object) -> sdk.ExternalOrganization:
    body = model(sdk.ExternalOrganization, name=unique("Acme"), industry="Tools", **attributes)
    created = c.api.accept(c.api.external.post_externalcontacts_organizations(body), "ExternalOrganization")
    assert created.id and created.name == body.name and created.self_uri.endswith(created.id)
    return created


def _ids(*ids: str) -> sdk.BulkIdsRequest:
    return model(sdk.BulkIdsRequest, entities=[model(sdk.ExternalContactsEntity, id=i) for i in ids])


@scenario("postExternalcontactsOrganizations")
def _create_org(c: Ctx) -> None:
    _org(c)


@scenario("getExternalcontactsOrganizations")
def _search_orgs(c: Ctx) -> None:
    created = _org(c)
    page = c.api.accept(
        c.api.external.get_externalcontacts_organizations(q=created.name, sort_order="name:asc"),
        "ExternalOrganizationListing",
    )
    assert page.total == 1 and [o.id for o in page.entities] == [created.id]


@scenario("getExternalcontactsOrganization")
def _get_org(c: Ctx) -> None:
    created = _org(c)
    found = c.api.accept(c.api.external.get_externalcontacts_organization(created.id), "ExternalOrganization")
    assert (found.id, found.name, found.industry) == (created.id, created.name, "Tools")


@scenario("putExternalcontactsOrganization")
def _put_org(c: Ctx) -> None:
    created = _org(c)
    created.industry = "Banking"
    updated = c.api.accept(
        c.api.external.put_externalcontacts_organization(created.id, created), "ExternalOrganization"
    )
    assert (updated.id, updated.industry) == (created.id, "Banking")


@scenario("deleteExternalcontactsOrganization")
def _delete_org(c: Ctx) -> None:
    created = _org(c)
    assert c.api.accept(c.api.external.delete_externalcontacts_organization(created.id), "object") == {}
    assert_gone(c.api.external.get_externalcontacts_organization, created.id)


@scenario("getExternalcontactsOrganizationContacts")
def _org_contacts(c: Ctx) -> None:
    org = _org(c)
    members = [
        new_external_contact(c.api, external_organization=model(sdk.ExternalOrganization, id=org.id)) for _ in range(3)
    ]
    new_external_contact(c.api)
    page = c.api.accept(
        c.api.external.get_externalcontacts_organization_contacts(org.id, page_size=2), "ContactListing"
    )
    assert page.total == 3 and len(page.entities) == 2 and page.page_count == 2
    assert {e.id for e in page.entities} <= {m.id for m in members}


@scenario("postExternalcontactsIdentifierlookupOrganizations")
def _lookup_org(c: Ctx) -> None:
    value = unique("crm")
    org = _org(c, identifiers=[model(sdk.ExternalOrganizationIdentifier, type="ExternalId", value=value)])
    body = model(sdk.ExternalOrganizationIdentifier, type="ExternalId", value=value)
    found = c.api.accept(
        c.api.external.post_externalcontacts_identifierlookup_organizations(body), "ExternalOrganization"
    )
    assert found.id == org.id


@scenario("postExternalcontactsContactsSearch")
def _post_search(c: Ctx) -> None:
    created = new_external_contact(c.api)
    simple = model(sdk.ContactSimpleSearch, query=created.last_name, sort_order=["firstName:asc"])
    body = model(
        sdk.ContactSearchRequest, page_size=5, operation=model(sdk.ContactSearchOperation, simple_search=simple)
    )
    page = c.api.accept(c.api.external.post_externalcontacts_contacts_search(body), "ContactListing")
    assert page.total == 1 and [e.id for e in page.entities] == [created.id]


@scenario("postExternalcontactsBulkContacts")
def _bulk_fetch(c: Ctx) -> None:
    created = new_external_contact(c.api)
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_contacts(_ids(created.id, "missing")), "BulkFetchContactsResponse"
    )
    assert (answer.error_count, answer.error_indexes) == (1, [1]) and answer.results[0].entity.id == created.id
    assert answer.results[1].error.status == 404


@scenario("postExternalcontactsBulkContactsAdd")
def _bulk_add(c: Ctx) -> None:
    names = [unique("bulk") for _ in range(3)]
    body = model(sdk.BulkContactsRequest, entities=[model(sdk.ExternalContact, last_name=n) for n in names])
    answer = c.api.accept(c.api.external.post_externalcontacts_bulk_contacts_add(body), "BulkContactsResponse")
    assert answer.error_count == 0 and [r.entity.last_name for r in answer.results] == names


@scenario("postExternalcontactsBulkContactsUpdate")
def _bulk_update(c: Ctx) -> None:
    created = new_external_contact(c.api)
    created.title = "Commodore"
    body = model(sdk.BulkContactsRequest, entities=[created])
    answer = c.api.accept(c.api.external.post_externalcontacts_bulk_contacts_update(body), "BulkContactsResponse")
    assert answer.error_count == 0 and answer.results[0].entity.title == "Commodore"


@scenario("postExternalcontactsBulkContactsRemove")
def _bulk_remove(c: Ctx) -> None:
    created = new_external_contact(c.api)
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_contacts_remove(_ids(created.id)), "BulkDeleteResponse"
    )
    assert answer.error_count == 0 and answer.results[0].id == created.id
    assert_gone(c.api.external.get_externalcontacts_contact, created.id)


@scenario("postExternalcontactsBulkOrganizations")
def _bulk_fetch_orgs(c: Ctx) -> None:
    org = _org(c)
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_organizations(_ids(org.id)), "BulkFetchOrganizationsResponse"
    )
    assert answer.error_count == 0 and answer.results[0].entity.name == org.name


@scenario("postExternalcontactsBulkOrganizationsAdd")
def _bulk_add_orgs(c: Ctx) -> None:
    body = model(
        sdk.BulkOrganizationsRequest,
        entities=[model(sdk.ExternalOrganization, name=unique("Org")), model(sdk.ExternalOrganization, name=" ")],
    )
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_organizations_add(body), "BulkOrganizationsResponse"
    )
    assert (answer.error_count, answer.error_indexes) == (1, [1]) and answer.results[0].entity.id


@scenario("postExternalcontactsBulkOrganizationsUpdate")
def _bulk_update_orgs(c: Ctx) -> None:
    org = _org(c)
    org.industry = "Shipping"
    body = model(sdk.BulkOrganizationsRequest, entities=[org])
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_organizations_update(body), "BulkOrganizationsResponse"
    )
    assert answer.error_count == 0 and answer.results[0].entity.industry == "Shipping"


@scenario("postExternalcontactsBulkOrganizationsRemove")
def _bulk_remove_orgs(c: Ctx) -> None:
    org = _org(c)
    answer = c.api.accept(
        c.api.external.post_externalcontacts_bulk_organizations_remove(_ids(org.id)), "BulkDeleteResponse"
    )
    assert answer.error_count == 0
    assert_gone(c.api.external.get_externalcontacts_organization, org.id)
