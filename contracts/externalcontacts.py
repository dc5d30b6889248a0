"""External-contact contracts: contacts, their phone numbers, addresses and identifiers (facts §9).

JSON names and enum values follow the official SDK v269 (``external_contact.py``, ``phone_number.py`` …).
Field-length limits and trimming (facts §9.3–§9.6) are deliberately NOT model constraints: the mock enforces
them as catalogue rules so that it can answer with the real error codes. Required fields are marked only where
the facts sheet or the SDK docs say so.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from contracts.base import ApiModel, GenesysDateTime, Int64, read_only
from contracts.common import AddressableEntityRef, DomainEntityRef, EntityListing

# --- enums (SDK ``allowed_values``) --------------------------------------------------------------------

ExternalContactType = Literal["Ephemeral", "Identified", "Curated"]
"""Kind of contact (facts §9.3); read-only."""

ContactIdentifierType = Literal[
    "SocialLine",
    "SocialFacebook",
    "SocialTwitter",
    "SocialWhatsapp",
    "SocialInstagram",
    "SocialWhatsappBsuid",
    "AppleOpaqueId",
    "Email",
    "Phone",
    "Cookie",
    "ExternalId",
    "SocialInstagramHandle",
]
"""Type of a claimed contact identifier (facts §9.6)."""

IdentifierClaimOperation = Literal["Claim", "Release"]

ExternalOrganizationIdentifierType = Literal["ExternalId"]

ExternalDataSourcePlatform = Literal["SALESFORCE"]

ContactsPatchAction = Literal[
    "UpdateIfEmpty",
    "UpdateIfExists",
    "Update",
    "AppendToCollection",
    "Remove",
    "RemoveFromCollection",
]


# --- value objects ---------------------------------------------------------------------------------------


class PhoneNumber(ApiModel):
    """A phone of a contact (``workPhone``, ``cellPhone`` …) (facts §9.4).

    ``userInput``, ``e164`` and ``countryCode`` are computed by the server, but the schema does not flag them
    ``readOnly`` (the CLI model treats them as writable; only the descriptions say "not user-writeable"). They
    therefore stay writable here; discarding client values is a catalogue rule.
    """

    display: str | None = None
    extension: Int64 | None = None
    accepts_sms: bool | None = Field(default=None, alias="acceptsSMS")
    normalization_country_code: str | None = None
    user_input: str | None = None  # server-computed: copy of ``display`` as sent
    e164: str | None = Field(default=None, alias="e164")  # server-computed, only when parsable
    country_code: str | None = None  # server-computed, only when parsable


class ContactAddress(ApiModel):
    """Postal address of a contact or organisation (facts §9.5); max lengths are catalogue rules."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country_code: str | None = None


class WritableStarrableDivision(DomainEntityRef):
    """Division reference that a client may set on create/update (``{id, name, selfUri}``)."""


class ContactAddressableEntityRef(AddressableEntityRef):
    """Reference to another contact in the merge tree (``{id, selfUri}``)."""


class TwitterId(ApiModel):
    """Twitter identity of a contact; ``verified`` and ``profileUrl`` are read-only in the vendor's CLI model."""

    id: str | None = None
    name: str | None = None
    screen_name: str | None = None
    verified: bool | None = read_only()
    profile_url: str | None = read_only()


class LineUserId(ApiModel):
    """One channel-specific LINE user id."""

    user_id: str | None = None


class LineId(ApiModel):
    """LINE identity of a contact."""

    ids: list[LineUserId] | None = None
    display_name: str | None = None


class WhatsAppId(ApiModel):
    """WhatsApp identity of a contact; JSON name of the owning field is ``whatsAppId``."""

    phone_number: PhoneNumber | None = None
    display_name: str | None = None


class FacebookScopedId(ApiModel):
    """One page/app-scoped Facebook id (``scopedId`` is required per the SDK docs)."""

    scoped_id: str


class FacebookId(ApiModel):
    """Facebook identity of a contact."""

    ids: list[FacebookScopedId] | None = None
    display_name: str | None = None


class InstagramScopedId(ApiModel):
    """One page/app-scoped Instagram id (``scopedId`` is required per the SDK docs)."""

    scoped_id: str


class InstagramId(ApiModel):
    """Instagram identity of a contact."""

    ids: list[InstagramScopedId] | None = None
    display_name: str | None = None
    handle: str | None = None


class AppleOpaqueId(ApiModel):
    """Apple Messages for Business opaque id (≤ 10 per contact, a catalogue rule)."""

    value: str | None = None


class LinkConfiguration(ApiModel):
    """How to link to a record in an external source."""

    uri_template: str | None = None


class ExternalSource(ApiModel):
    """External source, usually given by reference ``{id}``; ``name`` (required when creating a source) is
    optional here so that the reference form validates."""

    id: str | None = None
    name: str | None = None
    active: bool | None = None
    link_configuration: LinkConfiguration | None = None
    self_uri: str | None = read_only()


class ExternalId(ApiModel):
    """An id of the contact in an external system (facts §9.3: both fields required)."""

    external_source: ExternalSource
    value: str


class DataSchema(ApiModel):
    """Custom-field schema, usually given by reference ``{id, version}`` on a contact (facts §9.3 ``schema``).

    The SDK docs require ``version`` and ``jsonSchema`` when a schema itself is created; they stay optional here
    because contacts only reference a schema. ``jsonSchema`` (SDK ``JsonSchemaDocument``) is a loose object.
    """

    id: str | None = None
    name: str | None = None
    version: int | None = None
    applies_to: list[str] | None = read_only()  # read-only in the vendor's CLI model, as are the two below
    enabled: bool | None = None
    created_by: DomainEntityRef | None = read_only()
    date_created: GenesysDateTime | None = read_only()
    json_schema: dict[str, Any] | None = None
    self_uri: str | None = read_only()


class ExternalDataSource(ApiModel):
    """A CRM record that contributed data (returned only with ``expand=externalDataSources``)."""

    platform: ExternalDataSourcePlatform | None = None
    url: str | None = None


class MergeOperation(ApiModel):
    """Deprecated record of a contact merge (read-only on ``ExternalContact``)."""

    source_contact: AddressableEntityRef | None = None
    target_contact: AddressableEntityRef | None = None
    resulting_contact: AddressableEntityRef | None = None


# --- identifiers (facts §9.6) ------------------------------------------------------------------------


class ContactIdentifier(ApiModel):
    """An identifier claimed by a contact; also the body of the identifier-lookup routes. ``type`` and
    ``value`` are required."""

    division: WritableStarrableDivision | None = None
    type: ContactIdentifierType
    value: str
    date_created: GenesysDateTime | None = None
    external_source: ExternalSource | None = None


class ContactIdentifierListing(ApiModel):
    """``GET …/contacts/{id}/identifiers``: just ``{entities}``, no paging fields (facts §9.1)."""

    entities: list[ContactIdentifier] | None = None


class IdentifierClaimRequest(ApiModel):
    """Body of ``PATCH …/contacts/{id}/identifiers``; both fields are required in the official SDK models."""

    operation: IdentifierClaimOperation
    identifier: ContactIdentifier


# --- organisations and contacts --------------------------------------------------------------------------


class Ticker(ApiModel):
    """Stock ticker of an external organisation."""

    symbol: str
    exchange: str


class ExternalOrganizationIdentifier(ApiModel):
    """An identifier claimed by an external organisation (only type ``ExternalId``)."""

    division: WritableStarrableDivision | None = None
    type: ExternalOrganizationIdentifierType
    value: str
    date_created: GenesysDateTime | None = None
    external_source: ExternalSource | None = None


class ExternalOrganization(ApiModel):
    """An external organisation (facts §9.6), embedded in a contact whole only with ``expand=externalOrganization``
    (otherwise as the reference ``{id, name, selfUri}``).

    ``name`` is required when an organisation is created, but a contact references one by ``{id}`` alone, so it
    is optional here. ``trustor`` (SDK ``Trustor``, a deep org/user graph) is kept as a loose object.
    """

    id: str | None = None
    name: str | None = None
    division: WritableStarrableDivision | None = None
    company_type: str | None = None
    industry: str | None = None
    address: ContactAddress | None = None
    phone_number: PhoneNumber | None = None
    fax_number: PhoneNumber | None = None
    employee_count: Int64 | None = None
    revenue: Int64 | None = None
    tags: list[str] | None = None
    websites: list[str] | None = None
    tickers: list[Ticker] | None = None
    twitter_id: TwitterId | None = None
    external_system_url: str | None = None
    modify_date: GenesysDateTime | None = None
    create_date: GenesysDateTime | None = None
    trustor: dict[str, Any] | None = None
    data_schema: DataSchema | None = Field(default=None, alias="schema")
    custom_fields: dict[str, Any] | None = None
    identifiers: list[ExternalOrganizationIdentifier] | None = None
    external_ids: list[ExternalId] | None = None
    external_data_sources: list[ExternalDataSource] | None = read_only()
    self_uri: str | None = read_only()


class ExternalContact(ApiModel):
    """An external contact: body and answer of POST/PUT ``/api/v2/externalcontacts/contacts`` (facts §9.3).

    Read-only per the CLI model: ``externalDataSources``, ``type``, the merge-tree fields and ``selfUri``.
    ``id``, ``createDate`` and ``modifyDate`` are server-set but writable in the current schema (facts §12:
    ignore a client ``id`` on POST), so they are not flagged. No name is required (since SDK 157). The tutorial's
    ``externalContactId``, ``channels``, ``interactionDurationSeconds``, ``phoneNumbers`` and ``emails`` do not
    exist and are rejected as unknown properties (facts §11 d).
    """

    id: str | None = None
    division: WritableStarrableDivision | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    salutation: str | None = None
    title: str | None = None
    work_phone: PhoneNumber | None = None
    cell_phone: PhoneNumber | None = None
    home_phone: PhoneNumber | None = None
    other_phone: PhoneNumber | None = None
    work_email: str | None = None
    personal_email: str | None = None
    other_email: str | None = None
    address: ContactAddress | None = None
    twitter_id: TwitterId | None = None
    line_id: LineId | None = None
    whats_app_id: WhatsAppId | None = Field(default=None, alias="whatsAppId")
    facebook_id: FacebookId | None = None
    instagram_id: InstagramId | None = None
    apple_opaque_ids: list[AppleOpaqueId] | None = None
    external_ids: list[ExternalId] | None = None
    identifiers: list[ContactIdentifier] | None = None
    modify_date: GenesysDateTime | None = None  # server-set
    create_date: GenesysDateTime | None = None  # server-set
    external_organization: ExternalOrganization | None = None
    survey_opt_out: bool | None = None
    external_system_url: str | None = None
    data_schema: DataSchema | None = Field(default=None, alias="schema")
    custom_fields: dict[str, Any] | None = None
    external_data_sources: list[ExternalDataSource] | None = read_only()
    type: ExternalContactType | None = read_only("Ephemeral, Identified or Curated.")
    canonical_contact: ContactAddressableEntityRef | None = read_only()
    merge_set: list[ContactAddressableEntityRef] | None = read_only()
    merged_from: list[ContactAddressableEntityRef] | None = read_only()
    merged_to: ContactAddressableEntityRef | None = read_only()
    merge_operation: MergeOperation | None = read_only("Deprecated.")
    self_uri: str | None = read_only()


class ContactListing(EntityListing[ExternalContact]):
    """Search/list page of external contacts (facts §9.2); adds ``partialResults``."""

    partial_results: bool | None = None


class ContactsPatchChange(ApiModel):
    """One change of a contact PATCH: a ``$.``-rooted JSONPath ``field``, an ``action`` and (except for
    removals) a ``value``. ``field`` and ``action`` are required in the official SDK models."""

    field: str
    value: Any = None
    action: ContactsPatchAction


class ExternalContactsPatchRequest(ApiModel):
    """Body of ``PATCH /api/v2/externalcontacts/contacts/{id}`` (facts §9.1)."""

    changes: list[ContactsPatchChange] | None = None
