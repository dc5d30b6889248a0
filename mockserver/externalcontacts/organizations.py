"""External organizations (vendor-sdk-docs/ExternalContactsApi.md, ExternalOrganization.md; facts §9.6): create,
read, replace, delete, search, the organization's contacts, and the lookup by a claimed identifier.

Writes go through :func:`prepare` (field rules of validation.clean_organization, the server's own fields) and one
transaction of orgstate.py (identifier conflicts). A contact links to an organization by
``externalOrganization: {id}`` (state.save_contact checks it exists, rule EXT-ORG-UNKNOWN); deleting the
organization unlinks its contacts.

Search (``GET …/organizations``): ``q`` terms must each be a case-insensitive substring of the name, companyType,
industry, a tag or a website (AND); ``sortOrder`` ``<companyType|industry|name>:<asc|desc>``; paging within the
first 1000 records as for contacts (rule EXT-SEARCH-WINDOW). ``trustorId`` and ``includeTrustors`` are accepted and
ignored: the mock has no trustor links (their routes stay generic).
"""

from __future__ import annotations

from typing import Any

from contracts.common import page_envelope
from contracts.externalcontacts import ExternalOrganization, ExternalOrganizationIdentifier
from mockserver.core import rules
from mockserver.core.binding import Query
from mockserver.core.context import clock
from mockserver.core.errors import not_found
from mockserver.core.ids import random_uuid, uri_segment
from mockserver.externalcontacts.orgstate import (
    ORGANIZATIONS_PATH,
    all_orgs,
    find_org,
    member_ids,
    org_identifier_owner,
    org_uri,
    remove_org,
    require_org,
    save_org,
)
from mockserver.externalcontacts.search import MAX_DIVISIONS, WINDOW, search_contacts
from mockserver.externalcontacts.service import division_ref, parse_expand
from mockserver.externalcontacts.validation import clean_organization

ORG_EXPAND_VALUES = ("externalDataSources", "division", "identifiers", "externalSources")
LOOKUP_EXPAND_VALUES = ("identifiers", "externalSources", "division")
SORT_FIELDS = {"companyType": "company_type", "industry": "industry", "name": "name"}
SERVER_SET = {"create_date": None, "modify_date": None, "external_data_sources": None, "self_uri": None}


def prepare(body: ExternalOrganization, existing: ExternalOrganization | None) -> ExternalOrganization:
    """The organization to store for a create (``existing`` None) or a full replace."""
    now = clock().now()
    org = clean_organization(body)
    org_id = existing.id if existing else random_uuid()
    assert org_id is not None
    held = {(i.type, i.value): i for i in (existing.identifiers or [])} if existing else {}
    identifiers = org.identifiers if body.identifiers is not None else (existing.identifiers if existing else None)
    claimed = [
        i.model_copy(
            update={
                "date_created": held[(i.type, i.value)].date_created if (i.type, i.value) in held else now,
                "division": division_ref(i.division),
            }
        )
        for i in identifiers or []
    ]
    return org.model_copy(
        update={
            **SERVER_SET,
            "id": org_id,
            "division": division_ref(org.division),
            "identifiers": claimed or None,
            "create_date": existing.create_date if existing else now,
            "modify_date": now,
            "self_uri": org_uri(org_id),
        }
    )


def view(org: ExternalOrganization, expand: frozenset[str]) -> ExternalOrganization:
    """What a route shows: identifiers only when expanded (as for contacts)."""
    return org if "identifiers" in expand else org.model_copy(update={"identifiers": None})


def create_org(body: ExternalOrganization) -> ExternalOrganization:
    return view(save_org(None, lambda _: prepare(body, None)), frozenset({"identifiers"}))


def get_org(org_id: str, expand: list[str] | None) -> ExternalOrganization:
    return view(require_org(org_id), parse_expand(expand, ORG_EXPAND_VALUES))


def replace_org(org_id: str, body: ExternalOrganization) -> ExternalOrganization:
    """Full replace; what the body omits is gone, except claimed identifiers when it sends none."""
    return view(save_org(org_id, lambda existing: prepare(body, existing)), frozenset({"identifiers"}))


def delete_org(org_id: str) -> dict[str, Any]:
    """200 with ``{}`` like a contact's delete; the organization's contacts stay, unlinked."""
    remove_org(org_id)
    return {}


def org_contacts(org_id: str, query: Query) -> dict[str, Any]:
    """The contacts linked to the organization, searched like ``GET …/contacts``; 404 for an unknown organization."""
    members = member_ids(org_id)
    return search_contacts(query, members=members, path=f"{ORGANIZATIONS_PATH}/{uri_segment(org_id)}/contacts")


def lookup_org(body: ExternalOrganizationIdentifier, expand: list[str] | None) -> ExternalOrganization:
    """The organization that claimed the identifier, or 404 ``not.found``."""
    wanted = parse_expand(expand, LOOKUP_EXPAND_VALUES)
    identifier = body.model_copy(update={"value": body.value.strip()})
    owner = org_identifier_owner(identifier)
    org = find_org(owner) if owner is not None else None
    if org is None:
        raise not_found()
    return view(org, wanted)


def search_orgs(query: Query) -> dict[str, Any]:
    size, number = query["pageSize"], query["pageNumber"]
    parameter, value = ("pageSize", size) if size > WINDOW else ("pageNumber", number)
    rules.check(
        size * number > WINDOW, "EXT-SEARCH-WINDOW", {"value": value, "parameter": parameter}, field_name=parameter
    )
    divisions = query["divisionIds"] or []
    rules.check(
        len(divisions) > MAX_DIVISIONS,
        "EXT-SEARCH-DIVISIONS",
        {"value": len(divisions), "parameter": "divisionIds", "allowed": f"at most {MAX_DIVISIONS} ids"},
        field_name="divisionIds",
    )
    order = _sort_order(query["sortOrder"])
    expand = parse_expand(query["expand"], ORG_EXPAND_VALUES)
    terms = (query["q"] or "").casefold().split()
    found = [
        org
        for org in all_orgs()
        if (not divisions or (org.division and org.division.id in divisions))
        and all(any(term in text for text in _texts(org)) for term in terms)
    ]
    if order is not None:
        attribute, descending = order
        present = sorted(
            (o for o in found if getattr(o, attribute)),
            reverse=descending,
            key=lambda o: getattr(o, attribute).casefold(),
        )
        found = present + [o for o in found if not getattr(o, attribute)]
    page = [view(org, expand).dump() for org in found[(number - 1) * size : number * size]]
    envelope = page_envelope(
        page, total=len(found), page_number=number, page_size=size, path=ORGANIZATIONS_PATH, query=query.given
    )
    envelope["partialResults"] = False
    return envelope


def _texts(org: ExternalOrganization) -> list[str]:
    values = [org.name, org.company_type, org.industry, *(org.tags or []), *(org.websites or [])]
    return [value.casefold() for value in values if value]


def _sort_order(value: str | None) -> tuple[str, bool] | None:
    if value is None:
        return None
    name, _, direction = value.partition(":")
    if name in SORT_FIELDS and direction in ("asc", "desc"):
        return SORT_FIELDS[name], direction == "desc"
    allowed = ", ".join(f"{field}:asc|desc" for field in SORT_FIELDS)
    rules.check(
        True,
        "EXT-ORG-SEARCH-SORT",
        {"value": value, "parameter": "sortOrder", "allowed": allowed},
        field_name="sortOrder",
    )
    return None
