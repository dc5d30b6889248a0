"""Contract models of outbound contact lists and contacts against the facts sheet (§4–§7) and the SDK."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from contracts.base import json_names, read_only_fields
from contracts.outbound import (
    ColumnDataTypeSpecification,
    ContactBulkSearchParameters,
    ContactList,
    ContactListEntityListing,
    ContactListingRequest,
    ContactListingResponse,
    ContactListUploadUrlRequest,
    ContactPhoneNumberColumn,
    ContactsBulkOperationJob,
    DialerContact,
    ExportUri,
    WritableDialerContact,
)

LIST_ID = "0ee8c2c5-7a4f-4a1e-9f6b-6a1f2c3d4e5f"

CONTACT_LIST: dict[str, Any] = {
    "id": LIST_ID,
    "name": "Spring campaign",
    "dateCreated": "2022-04-22T08:29:54.319Z",
    "dateModified": "2022-04-23T10:00:00.000Z",
    "version": 1,
    "division": {
        "id": "b0fa0c9a-1111-2222-3333-444455556666",
        "name": "Home",
        "selfUri": "/api/v2/authorization/divisions/b0fa0c9a-1111-2222-3333-444455556666",
    },
    "columnNames": ["firstName", "cell", "home", "email", "zip", "score"],
    "phoneColumns": [
        {"columnName": "cell", "type": "Móvil"},
        {"columnName": "home", "type": "home", "callableTimeColumn": "zip"},
    ],
    "emailColumns": [{"columnName": "email", "type": "work"}],
    "importStatus": {"state": "IN_PROGRESS", "totalRecords": 10, "completedRecords": 4, "percentComplete": 40},
    "previewModeColumnName": "firstName",
    "previewModeAcceptedValues": ["VIP"],
    "size": 4,
    "automaticTimeZoneMapping": False,
    "columnDataTypeSpecifications": [
        {"columnName": "score", "columnDataType": "NUMERIC", "min": 0, "max": 100},
        {"columnName": "firstName", "columnDataType": "TEXT", "maxLength": 64},
    ],
    "trimWhitespace": True,
    "retentionType": "RetentionDays",
    "retentionDays": 30,
    "selfUri": f"/api/v2/outbound/contactlists/{LIST_ID}",
}


def errors_of(model: type[BaseModel], payload: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(payload)
    return info.value.errors()


# --- ContactList ------------------------------------------------------------------------------------------


def test_contact_list_payload_round_trips_exactly() -> None:
    parsed = ContactList.model_validate(CONTACT_LIST)
    assert parsed.column_names == CONTACT_LIST["columnNames"]
    assert parsed.phone_columns is not None and parsed.phone_columns[0].type == "Móvil"
    assert parsed.dump() == CONTACT_LIST


def test_minimal_create_body_dumps_only_what_was_sent() -> None:
    body = {"name": "x", "columnNames": ["cell"], "phoneColumns": [{"columnName": "cell", "type": "cell"}]}
    assert ContactList.model_validate(body).dump() == body


@pytest.mark.parametrize("field", ["columns", "columnDefinitions", "status", "contacts"])
def test_tutorial_properties_are_rejected(field: str) -> None:
    payload = {**CONTACT_LIST, field: [{"name": "cell", "type": "phone", "label": "Cell"}]}
    if field == "status":
        payload[field] = "ACTIVE"
    errors = errors_of(ContactList, payload)
    assert [(e["type"], e["loc"]) for e in errors] == [("extra_forbidden", (field,))]


def test_tutorial_column_shape_is_rejected_inside_phone_columns() -> None:
    payload = {**CONTACT_LIST, "phoneColumns": [{"columnName": "cell", "type": "cell", "label": "Cell"}]}
    errors = errors_of(ContactList, payload)
    assert [(e["type"], e["loc"]) for e in errors] == [("extra_forbidden", ("phoneColumns", 0, "label"))]


def test_bad_column_data_type_is_rejected() -> None:
    payload = copy.deepcopy(CONTACT_LIST)
    payload["columnDataTypeSpecifications"][0]["columnDataType"] = "INTEGER"
    errors = errors_of(ContactList, payload)
    assert [(e["type"], e["loc"]) for e in errors] == [
        ("literal_error", ("columnDataTypeSpecifications", 0, "columnDataType"))
    ]


@pytest.mark.parametrize("value", ["NUMERIC", "TEXT", "TIMESTAMP", "DATETIME"])
def test_all_four_column_data_types_are_accepted(value: str) -> None:
    spec = ColumnDataTypeSpecification.model_validate({"columnName": "c", "columnDataType": value})
    assert spec.dump() == {"columnName": "c", "columnDataType": value}


def test_column_names_is_required() -> None:
    payload = {k: v for k, v in CONTACT_LIST.items() if k != "columnNames"}
    errors = errors_of(ContactList, payload)
    assert [(e["type"], e["loc"]) for e in errors] == [("missing", ("columnNames",))]


def test_phone_column_needs_column_name_and_type_but_type_is_free_text() -> None:
    errors = errors_of(ContactPhoneNumberColumn, {})
    assert {(e["type"], e["loc"]) for e in errors} == {("missing", ("columnName",)), ("missing", ("type",))}
    assert ContactPhoneNumberColumn(column_name="c", type="anything at all").type == "anything at all"


def test_import_state_has_no_completed_value() -> None:
    payload = {**CONTACT_LIST, "importStatus": {"state": "COMPLETED"}}
    assert errors_of(ContactList, payload)[0]["type"] == "literal_error"


def test_contact_list_read_only_fields_match_facts_5_3() -> None:
    assert read_only_fields(ContactList) == {"id", "dateCreated", "dateModified", "importStatus", "size", "selfUri"}


def test_read_only_shows_in_json_schema() -> None:
    props = ContactList.model_json_schema(by_alias=True)["properties"]
    assert props["selfUri"].get("readOnly") is True
    assert "readOnly" not in props["columnNames"]
    assert ContactList.model_json_schema(by_alias=True)["required"] == ["columnNames"]


def test_contact_list_has_no_extra_json_names() -> None:
    assert json_names(ContactList) == {
        "id", "name", "dateCreated", "dateModified", "version", "division", "columnNames", "phoneColumns",
        "emailColumns", "whatsAppColumns", "importStatus", "previewModeColumnName", "previewModeAcceptedValues",
        "size", "attemptLimits", "automaticTimeZoneMapping", "zipCodeColumnName", "columnDataTypeSpecifications",
        "trimWhitespace", "retentionType", "retentionDays", "dateExpiration", "timeZone", "selfUri",
    }  # fmt: skip


def test_datetimes_serialise_as_utc_milliseconds_z() -> None:
    aware = datetime(2022, 4, 22, 10, 29, 54, 319999, tzinfo=timezone.utc).astimezone()
    cl = ContactList(column_names=["c"], date_created=datetime(2022, 4, 22, 8, 29, 54, 319000), date_modified=aware)
    dumped = cl.dump()
    assert dumped["dateCreated"] == "2022-04-22T08:29:54.319Z"
    assert dumped["dateModified"] == "2022-04-22T10:29:54.319Z"
    assert ExportUri(uri="https://x", export_timestamp=datetime(2022, 4, 22, 8, 29, 54, 319000)).dump() == {
        "uri": "https://x",
        "exportTimestamp": "2022-04-22T08:29:54.319Z",
    }


def test_listing_envelope_parses_observed_page() -> None:
    page = {
        "entities": [CONTACT_LIST],
        "pageSize": 25,
        "pageNumber": 1,
        "total": 1,
        "lastUri": "/api/v2/outbound/contactlists?pageSize=25&pageNumber=1",
        "firstUri": "/api/v2/outbound/contactlists?pageSize=25&pageNumber=1",
        "selfUri": "/api/v2/outbound/contactlists?pageSize=25&pageNumber=1",
        "pageCount": 1,
    }
    listing = ContactListEntityListing.model_validate(page)
    assert isinstance(listing.entities[0], ContactList)
    assert listing.dump() == page


# --- Contacts ---------------------------------------------------------------------------------------------

DIALER_CONTACT: dict[str, Any] = {
    "id": "c-1",
    "contactListId": LIST_ID,
    "data": {"firstName": "Ann", "cell": "+13175550100"},
    "callRecords": {"cell": {"lastAttempt": "2022-04-22T08:29:54.319Z", "lastResult": "ININ-OUTBOUND-BUSY"}},
    "latestSmsEvaluations": {
        "cell": {
            "contactColumn": "cell",
            "contactAddress": "+13175550100",
            "messageType": "Sms",
            "wrapupCodeId": "w-1",
            "timestamp": "2022-04-22T08:30:00.000Z",
        }
    },  # fmt: skip
    "callable": True,
    "phoneNumberStatus": {"cell": {"callable": True}},
    "contactableStatus": {"Voice": {"contactable": True, "columnStatus": {"cell": {"contactable": True}}}},
    "contactColumnTimeZones": {"cell": {"timeZone": "America/Indiana/Indianapolis", "columnType": "PHONE"}},
    "configurationOverrides": {"priority": False},
    "dateCreated": "2022-04-22T08:29:54.319Z",
    "selfUri": f"/api/v2/outbound/contactlists/{LIST_ID}/contacts/c-1",
}


def test_dialer_contact_round_trips_exactly() -> None:
    assert DialerContact.model_validate(DIALER_CONTACT).dump() == DIALER_CONTACT


def test_dialer_contact_read_only_fields_match_facts_6_3() -> None:
    assert read_only_fields(DialerContact) == {
        "id", "callRecords", "latestSmsEvaluations", "latestEmailEvaluations", "contactColumnTimeZones",
        "configurationOverrides", "dateCreated", "selfUri",
    }  # fmt: skip


def test_writable_contact_id_is_writable_and_list_id_optional() -> None:
    assert "id" not in read_only_fields(WritableDialerContact)
    body = {"id": "my-own-id", "data": {"cell": "+13175550100"}}
    assert WritableDialerContact.model_validate(body).dump() == body


def test_contact_data_is_required_and_string_valued() -> None:
    for model in (WritableDialerContact, DialerContact):
        assert [(e["type"], e["loc"]) for e in errors_of(model, {"contactListId": LIST_ID})] == [("missing", ("data",))]
        with pytest.raises(ValidationError) as info:  # strict parsing (the strict profile) refuses numbers
            model.model_validate_json('{"data": {"age": 42}}', strict=True)
        assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("string_type", ("data", "age"))]
        # lax parsing (faithful) coerces them as Jackson does
        assert model.model_validate_json('{"data": {"age": 42}}').data == {"age": "42"}


def test_writable_contact_rejects_response_only_properties() -> None:
    errors = errors_of(WritableDialerContact, {"data": {}, "selfUri": "/x"})
    assert [(e["type"], e["loc"]) for e in errors] == [("extra_forbidden", ("selfUri",))]


def test_contact_retention_type_allows_date_expiration_but_list_does_not() -> None:
    WritableDialerContact.model_validate({"data": {}, "retentionType": "DateExpiration"})
    payload = {**CONTACT_LIST, "retentionType": "DateExpiration"}
    assert errors_of(ContactList, payload)[0]["loc"] == ("retentionType",)


def test_listing_request_requires_paging_and_validates_sort() -> None:
    errors = errors_of(ContactListingRequest, {})
    assert {(e["type"], e["loc"]) for e in errors} == {("missing", ("pageNumber",)), ("missing", ("pageSize",))}
    body = {
        "pageNumber": 1,
        "pageSize": 100,
        "criteria": {
            "filterType": "AND",
            "clauses": [{"filterType": "OR", "predicates": [
                {"column": "score", "columnType": "numeric", "operator": "BETWEEN",
                 "range": {"min": "1", "max": "9", "minInclusive": True, "inSet": []}}]}],
        },
        "contactSorts": [{"fieldName": "score", "direction": "DESC", "numeric": True}],
    }  # fmt: skip
    assert ContactListingRequest.model_validate(body).dump() == body
    bad = {**body, "contactSorts": [{"fieldName": "score", "direction": "descending"}]}
    assert errors_of(ContactListingRequest, bad)[0]["loc"] == ("contactSorts", 0, "direction")


def test_listing_response_carries_contacts_count() -> None:
    page = {"entities": [DIALER_CONTACT], "pageSize": 1, "pageNumber": 1, "total": 3, "contactsCount": 3}
    response = ContactListingResponse.model_validate(page)
    assert isinstance(response.entities[0], DialerContact)
    assert response.dump() == page


def test_bulk_search_uses_irregular_uri_casing() -> None:
    body = {"criteria": {"filterType": "OR", "clauses": []}, "generateDownloadURI": False}
    assert ContactBulkSearchParameters.model_validate(body).dump() == body
    assert errors_of(ContactBulkSearchParameters, {"criteria": {"filterType": "XOR"}})[0]["type"] == "literal_error"
    errors = errors_of(ContactBulkSearchParameters, {"generateDownloadUri": True})
    assert [(e["type"], e["loc"]) for e in errors] == [("extra_forbidden", ("generateDownloadUri",))]


def test_bulk_job_round_trips() -> None:
    job = {
        "id": "j-1", "state": "Failed", "type": "BulkDelete", "totalRecords": 5, "completedRecords": 2,
        "percentComplete": 40, "failureReason": {"message": "boom", "code": "internal.server.error"},
        "downloadURI": "https://apps.example/x.csv",
        "selfUri": "/api/v2/outbound/contactlists/l/contacts/bulk/jobs/j-1",
    }  # fmt: skip
    assert ContactsBulkOperationJob.model_validate(job).dump() == job


def test_upload_url_request_requires_content_type() -> None:
    assert [(e["type"], e["loc"]) for e in errors_of(ContactListUploadUrlRequest, {"id": LIST_ID})] == [
        ("missing", ("contentType",))
    ]
