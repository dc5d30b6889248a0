"""Outbound contact lists, their contacts and the contact-list upload/export shapes (facts §4–§7).

JSON names follow the official SDK's ``attribute_map`` (v269); where the facts sheet and the SDK disagree the
facts sheet wins (facts §12). Fields the facts mark read-only (RO) use :func:`read_only`; fields in the
request schema's ``required`` list have no default. Server-side defaults (``trimWhitespace`` true,
``generateDownloadURI`` true, …) are applied by the service, not here, so ``dump()`` never invents them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, RootModel

from contracts.base import ApiModel, GenesysDateTime, read_only
from contracts.common import DomainEntityRef, EntityListing, ErrorInfo

# --- Enums (facts §5.3, §5.4, §6.3; SDK allowed_values for the SDK-only ones) ------------------------------

ColumnDataType = Literal["NUMERIC", "TEXT", "TIMESTAMP", "DATETIME"]
"""All four accepted: SDKdoc 257 lacks ``DATETIME``, SDK 269 has it (facts §12)."""
ImportState = Literal["IN_PROGRESS", "FAILED"]
"""There is no COMPLETED value (facts §5.4)."""
ContactListRetentionType = Literal["Never", "Today", "RetentionDays"]
ContactRetentionType = Literal["Never", "Today", "RetentionDays", "DateExpiration"]
MessageType = Literal["Sms", "Email", "WhatsApp"]
TimeZoneColumnType = Literal["PHONE", "ZIP"]
SortDirection = Literal["ASC", "DESC"]
FilterType = Literal["AND", "OR"]
FilterColumnType = Literal["numeric", "alphabetic"]
FilterOperator = Literal[
    "EQUALS",
    "LESS_THAN",
    "LESS_THAN_EQUALS",
    "GREATER_THAN",
    "GREATER_THAN_EQUALS",
    "CONTAINS",
    "BEGINS_WITH",
    "ENDS_WITH",
    "BEFORE",
    "AFTER",
    "BETWEEN",
    "IN",
]
BulkJobState = Literal["InProgress", "Complete", "Failed"]
BulkJobType = Literal["BulkDelete", "BulkEdit"]


# --- Contact list (facts §5) ------------------------------------------------------------------------------


class ContactPhoneNumberColumn(ApiModel):
    """A phone column of a contact list (facts §5.4). ``type`` is a free label ("cell", "Móvil"…), not an enum."""

    column_name: str
    type: str
    callable_time_column_name: str | None = None
    callable_time_column: str | None = None


class EmailColumn(ApiModel):
    """An e-mail column of a contact list (facts §5.4); ``type`` is free text such as "work"/"personal"."""

    column_name: str
    type: str
    contactable_time_column_name: str | None = None
    contactable_time_column: str | None = None


class WhatsAppColumn(ApiModel):
    """A WhatsApp column of a contact list; same shape as :class:`EmailColumn` (facts §5.4)."""

    column_name: str
    type: str
    contactable_time_column_name: str | None = None
    contactable_time_column: str | None = None


class ColumnDataTypeSpecification(ApiModel):
    """Typing of a column for dynamic queueing (facts §5.4). The real schema is where the tutorial's
    ``columnDefinitions`` idea actually lives (facts §11 b). Unlike the contact-method columns, nothing here is
    schema-required (SDKdoc)."""

    column_name: str | None = None
    column_data_type: ColumnDataType | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = None


class ImportStatus(ApiModel):
    """Progress of a CSV import (facts §5.4); entirely server-set. The only list "state" there is (facts §11 b)."""

    state: ImportState | None = read_only()
    total_records: int | None = read_only()
    completed_records: int | None = read_only()
    percent_complete: int | None = read_only()
    failure_reason: str | None = read_only()
    target_contact_list_ids: list[str] | None = read_only()
    list_name_prefix: str | None = read_only()

    @property
    def is_over(self) -> bool:
        """Whether the import can no longer change: FAILED, or at 100 percent with every record completed. The
        state has no success value (facts §5.4), so a good import ends IN_PROGRESS and only the counters say so."""
        if self.state == "FAILED":
            return True
        return (
            self.percent_complete == 100
            and self.total_records is not None
            and self.completed_records == self.total_records
        )


class ContactList(ApiModel):
    """Request and response body of the contact-list CRUD routes (facts §5.3).

    ``name`` is schema-optional (blank names are a service rule, §5.5); ``version`` is schema-optional but must
    match on PUT (§5.6, a catalogue rule). ``phoneColumns`` is optional today (facts §12). Contacts are not
    inline: they are added through ``…/contacts`` or a CSV upload (facts §11 a).
    """

    id: str | None = read_only()
    name: str | None = None
    date_created: GenesysDateTime | None = read_only()
    date_modified: GenesysDateTime | None = read_only()
    version: int | None = None
    division: DomainEntityRef | None = None
    column_names: list[str]
    phone_columns: list[ContactPhoneNumberColumn] | None = None
    email_columns: list[EmailColumn] | None = None
    whats_app_columns: list[WhatsAppColumn] | None = None
    import_status: ImportStatus | None = read_only("Only with includeImportStatus=true.")
    preview_mode_column_name: str | None = None
    preview_mode_accepted_values: list[str] | None = None
    size: int | None = read_only("Number of contacts; only with includeSize=true.")
    attempt_limits: DomainEntityRef | None = None
    automatic_time_zone_mapping: bool | None = None
    zip_code_column_name: str | None = None
    column_data_type_specifications: list[ColumnDataTypeSpecification] | None = None
    trim_whitespace: bool | None = Field(default=None, description="Server default: true.")
    retention_type: ContactListRetentionType | None = None
    retention_days: int | None = None
    date_expiration: GenesysDateTime | None = None
    time_zone: str | None = None
    self_uri: str | None = read_only()


class ContactListEntityListing(EntityListing[ContactList]):
    """Page of ``GET /api/v2/outbound/contactlists`` (facts §4, §5.1)."""


class ExportUri(ApiModel):
    """Answer of ``GET …/contactlists/{id}/export`` (facts §5.4)."""

    uri: str | None = None
    export_timestamp: GenesysDateTime | None = None


# --- Contacts (facts §6) ----------------------------------------------------------------------------------


class CallRecord(ApiModel):
    """Last dial attempt of one phone column, the value of ``DialerContact.callRecords`` (facts §6.3)."""

    last_attempt: GenesysDateTime | None = None
    last_result: str | None = None


class MessageEvaluation(ApiModel):
    """Last SMS/e-mail/WhatsApp wrap-up of one column, the value of ``latest*Evaluations`` (SDK model)."""

    contact_column: str | None = None
    contact_address: str | None = None
    message_type: MessageType | None = None
    wrapup_code_id: str | None = None
    timestamp: GenesysDateTime | None = None


class PhoneNumberStatus(ApiModel):
    """Per-phone-column callability, the value of ``phoneNumberStatus`` (facts §6.3)."""

    callable: bool | None = None


class ColumnStatus(ApiModel):
    """Per-column contactability inside :class:`ContactableStatus` (facts §6.3)."""

    contactable: bool | None = None


class ContactableStatus(ApiModel):
    """Contactability for one media type (``Voice``, ``SMS``, ``Email`` keys) of a contact (facts §6.3)."""

    contactable: bool | None = None
    column_status: dict[str, ColumnStatus] | None = None


class ContactColumnTimeZone(ApiModel):
    """Time zone found for a phone or zip column under automatic time-zone mapping (SDK model, facts §6.3)."""

    time_zone: str | None = None
    column_type: TimeZoneColumnType | None = None


class ConfigurationOverrides(ApiModel):
    """Server-kept per-contact overrides, i.e. whether it was queued with priority (facts §6.3)."""

    priority: bool | None = None


class WritableDialerContact(ApiModel):
    """One element of the ``POST …/contacts`` body (facts §6.3); the field set is the SDK's writable model.

    POST is an upsert, so ``id`` is writable here (client-chosen id, opaque string).
    """

    id: str | None = None
    # Schema-required, but not enforced: the official Terraform tests post contacts without it and the list id
    # is taken from the path (facts §6.3, §12).
    contact_list_id: str | None = None
    data: dict[str, str]
    latest_sms_evaluations: dict[str, MessageEvaluation] | None = read_only()
    latest_email_evaluations: dict[str, MessageEvaluation] | None = read_only()
    latest_whats_app_evaluations: dict[str, MessageEvaluation] | None = None
    callable: bool | None = None
    phone_number_status: dict[str, PhoneNumberStatus] | None = None
    contactable_status: dict[str, ContactableStatus] | None = None
    date_created: GenesysDateTime | None = read_only()
    retention_type: ContactRetentionType | None = None
    retention_days: int | None = None
    date_expiration: GenesysDateTime | None = None


class DialerContact(ApiModel):
    """A stored contact: every contacts route's response and the ``PUT …/contacts/{id}`` body (facts §6.3)."""

    id: str | None = read_only("Server-generated unless the client chose one; treat as opaque.")
    name: str | None = None
    # Schema-required, but not enforced: the list id comes from the path (facts §6.3, §12).
    contact_list_id: str | None = None
    data: dict[str, str]
    call_records: dict[str, CallRecord] | None = read_only("Keyed by phone column name.")
    latest_sms_evaluations: dict[str, MessageEvaluation] | None = read_only()
    latest_email_evaluations: dict[str, MessageEvaluation] | None = read_only()
    latest_whats_app_evaluations: dict[str, MessageEvaluation] | None = None
    callable: bool | None = None
    phone_number_status: dict[str, PhoneNumberStatus] | None = None
    contactable_status: dict[str, ContactableStatus] | None = None
    contact_column_time_zones: dict[str, ContactColumnTimeZone] | None = read_only()
    configuration_overrides: ConfigurationOverrides | None = read_only()
    date_created: GenesysDateTime | None = read_only("Missing on contacts created before Sept 2023.")
    retention_type: ContactRetentionType | None = None
    retention_days: int | None = None
    date_expiration: GenesysDateTime | None = None
    self_uri: str | None = read_only()


# --- Contact search and bulk operations (facts §6.1, §6.3) ------------------------------------------------


class ContactListFilterRange(ApiModel):
    """Range or set operand of a filter predicate (SDK model used by :class:`ContactBulkSearchCriteria`)."""

    min: str | None = None
    max: str | None = None
    min_inclusive: bool | None = None
    max_inclusive: bool | None = None
    in_set: list[str] | None = None


class ContactListFilterPredicate(ApiModel):
    """One column condition inside a filter clause (SDK model)."""

    column: str | None = None
    column_type: FilterColumnType | None = None
    operator: FilterOperator | None = None
    value: str | None = None
    range: ContactListFilterRange | None = None
    inverted: bool | None = None


class ContactListFilterClause(ApiModel):
    """A group of predicates joined by ``filterType`` (SDK model)."""

    filter_type: FilterType | None = None
    predicates: list[ContactListFilterPredicate] | None = None


class ContactBulkSearchCriteria(ApiModel):
    """Inline contact filter of search and bulk routes; clauses joined by ``filterType`` (facts §6.3)."""

    clauses: list[ContactListFilterClause] | None = None
    filter_type: FilterType | None = None


class ContactSort(ApiModel):
    """One sort key of a contact search (SDK model)."""

    field_name: str | None = None
    direction: SortDirection | None = None
    numeric: bool | None = None


class ContactListingRequest(ApiModel):
    """Body of ``POST …/contacts/search``, the only way to list contacts (facts §6.1, §6.3)."""

    contact_list_filter_id: str | None = None
    criteria: ContactBulkSearchCriteria | None = None
    # ``minimum`` is declared, not a pydantic bound: the search answers 0 with its own invalid.value (facts §6.3).
    page_number: int = Field(json_schema_extra={"minimum": 1})
    page_size: int = Field(description="At most 100 are returned.", json_schema_extra={"minimum": 1})
    contact_sorts: list[ContactSort] | None = None


class ContactListingResponse(EntityListing[DialerContact]):
    """Page of ``POST …/contacts/search``: the usual envelope plus ``contactsCount`` (facts §4)."""

    contacts_count: int | None = None


class ContactBulkSearchParameters(ApiModel):
    """Body of ``POST …/contacts/bulk/remove``: a filter, not ids; one of the two is required (facts §6.1)."""

    contact_list_filter_id: str | None = None
    criteria: ContactBulkSearchCriteria | None = None
    generate_download_uri: bool | None = Field(
        default=None, alias="generateDownloadURI", description="Server default: true."
    )


class ContactsExportRequest(ApiModel):
    """Optional body of ``POST …/{id}/export`` (vendor-sdk-docs/ContactsExportRequest.md, SDK since 196.0.0).

    Without a body the whole list is exported; ``contactIds`` and ``criteria`` narrow it down (both: a contact must
    pass both). ``contactListFilterId`` names a saved filter, which the mock does not emulate (a catalogue rule).
    """

    contact_list_filter_id: str | None = None
    criteria: ContactBulkSearchCriteria | None = None
    contact_ids: list[str] | None = None


class ContactBulkEditRequest(ApiModel):
    """Body of ``POST …/contacts/bulk/update``: ids or a filter, plus the contact fields to patch (SDK)."""

    contact_list_filter_id: str | None = None
    criteria: ContactBulkSearchCriteria | None = None
    contact_ids: list[str] | None = None
    contact: DialerContact | None = None
    generate_download_uri: bool | None = Field(
        default=None, alias="generateDownloadURI", description="Server default: true."
    )


class ContactsBulkOperationJob(ApiModel):
    """Asynchronous bulk remove/update job over a list's contacts (facts §6.3)."""

    id: str | None = None
    state: BulkJobState | None = None
    type: BulkJobType | None = None
    total_records: int | None = None
    completed_records: int | None = None
    percent_complete: int | None = None
    failure_reason: ErrorInfo | None = None
    download_uri: str | None = Field(default=None, alias="downloadURI")
    self_uri: str | None = None


class ContactsBulkOperationJobListing(ApiModel):
    """Answer of ``GET …/contacts/bulk/jobs`` (10 most recent jobs); not the paging envelope (SDK)."""

    total: int | None = None
    entities: list[ContactsBulkOperationJob] | None = None
    self_uri: str | None = None


# --- Presigned-URL upload (facts §7.2) --------------------------------------------------------------------


class ContactListUploadUrlRequest(ApiModel):
    """Body of ``POST /api/v2/outbound/contactlists/uploads`` (facts §7.2).

    ``contentType`` is a plain string in the schema; the allowed MIME types (``text/csv``,
    ``application/vnd.ms-excel``, the xlsx type) and the 1–604800 timeout range are service rules.
    """

    signed_url_timeout_seconds: int | None = Field(default=None, description="1-604800; server default 600.")
    content_type: str
    id: str | None = None
    contact_id_name: str | None = None
    import_template_id: str | None = None
    list_name_prefix: str | None = None
    clear_system_data: bool | None = None
    division_id_for_target_contact_lists: str | None = None
    file_specification_template_id: str | None = None
    retention_type_column: str | None = None
    retention_days_column: str | None = None
    retention_date_expiration_column: str | None = None


class DNCListUploadUrlRequest(ApiModel):
    """Body of ``POST /api/v2/outbound/dnclists/uploads``: the DNC twin of :class:`ContactListUploadUrlRequest`
    (vendor-sdk-docs/DNCListUploadUrlRequest.md: ``contentType`` and ``id`` required)."""

    signed_url_timeout_seconds: int | None = Field(default=None, description="1-604800; server default 600.")
    content_type: str
    id: str
    phone_columns: str | None = None
    email_columns: str | None = None
    custom_exclusion_columns: str | None = None
    expiration_date_time_column: str | None = None
    whats_app_columns: str | None = None


class UploadUrlResponse(ApiModel):
    """Presigned URL the client then PUTs the file to, with ``headers`` (facts §7.2)."""

    url: str | None = None
    upload_key: str | None = None
    headers: dict[str, str] | None = None


class ContactIdList(RootModel[list[str]]):
    """Body of ``POST …/contacts/bulk``: the ids of the contacts to fetch (facts §6.1)."""


class ContactListUploadResponse(ApiModel):
    """The mock's acknowledgement of ``POST /uploads/v2/contactlist``.

    The real route's success body is not documented (facts §7.1: "a small JSON acknowledgement is expected");
    progress is read from ``…/importstatus``. The SDK has no model for it.
    """

    id: str | None = None
    state: ImportState | None = None
