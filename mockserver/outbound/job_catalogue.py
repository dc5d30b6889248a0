"""Rules of the outbound area's presigned uploads and bulk contact jobs (facts §6.1, §6.3, §7.2).

Kept beside catalogue.py (the rest of the area's rules) so that each part of the area reads its own list; both
register into the one catalogue. Checks live in presigned.py and bulk_jobs.py.
"""

from __future__ import annotations

from mockserver.core.rules import Rule, register

_URL_REQUEST = "vendor-sdk-docs/ContactListUploadUrlRequest.md, DNCListUploadUrlRequest.md; facts §7.2"
_BULK = "vendor-sdk-docs/ContactBulkSearchParameters.md, ContactBulkEditRequest.md; facts §6.1, §6.3"


def _rule(id: str, summary: str, code: str, message: str, source: str, real_org: str, **kw) -> Rule:
    return Rule(
        id=id,
        area="outbound",
        summary=summary,
        source=source,
        real_org=real_org,
        status=kw.pop("status", 400),
        code=code,
        message=message,
        **kw,
    )


RULES = (
    # --- presigned uploads (facts §7.2) ---------------------------------------------------------------------------
    _rule(
        "OUT-PRESIGN-CONTENT-TYPE",
        "an upload URL request whose contentType is not text/csv, application/vnd.ms-excel or the xlsx type",
        "invalid.value",
        "Value [{value}] is not valid for field type [contentType]. Allowable values are: {allowed}",
        _URL_REQUEST,
        "only these MIME types are allowed (vendor); the error code is not documented (conf L)",
    ),
    _rule(
        "OUT-PRESIGN-TIMEOUT",
        "signedUrlTimeoutSeconds outside 1-604800",
        "invalid.value",
        "Value [{value}] is not valid for field type [signedUrlTimeoutSeconds]. Allowable values are: 1 to 604800",
        _URL_REQUEST,
        "the range is documented (vendor); the error code is not (conf L)",
    ),
    _rule(
        "OUT-PRESIGN-TARGET",
        "a contact-list upload URL request without id (the list to import into)",
        "invalid.value",
        "Value [null] is not valid for field type [id]. Allowable values are: the id of an existing contact list",
        _URL_REQUEST,
        "id is optional because importTemplateId may name a template that creates the lists instead; import "
        "templates are not emulated, so the mock needs id (conf M)",
    ),
    _rule(
        "OUT-PRESIGN-EXPIRED",
        "a PUT to an upload URL after signedUrlTimeoutSeconds on the mock's clock",
        "access.denied",
        "The upload URL expired at {expiredAt}.",
        "facts §7.2 (signedUrlTimeoutSeconds)",
        "the storage answers 403 (S3 AccessDenied, an XML body rather than an ErrorBody)",
        status=403,
    ),
    _rule(
        "OUT-PRESIGN-HEADERS",
        "a PUT to an upload URL whose Content-Type is not the one the URL was made for "
        "(the headers of UploadUrlResponse)",
        "access.denied",
        "The upload must be sent with the header Content-Type: {expected} (this one had [{given}]).",
        "vendor-sdk-docs/UploadUrlResponse.md (headers: required when uploading); facts §7.2",
        "the storage answers 403 (S3 SignatureDoesNotMatch, an XML body); conf M",
        status=403,
    ),
    # --- bulk contact jobs (facts §6.1, §6.3) ---------------------------------------------------------------------
    _rule(
        "OUT-BULK-NO-SELECTION",
        "a bulk remove without contactListFilterId or criteria clauses, or a bulk "
        "update without contactIds, contactListFilterId or criteria clauses",
        "invalid.value",
        "The bulk operation needs {needs} to select the contacts it acts on.",
        _BULK,
        "one of them is required (vendor); the code is not documented (conf L). Criteria without clauses "
        "count as none (they would select every contact)",
    ),
    _rule(
        "OUT-BULK-EDIT-NO-CONTACT",
        "a bulk update without contact (the fields to set)",
        "invalid.value",
        "Value [null] is not valid for field type [contact]. Allowable values are: the contact fields to set",
        _BULK,
        "nothing to patch; the code is not documented (conf L)",
    ),
    _rule(
        "OUT-BULK-JOB-LIMIT",
        "a new bulk job on a list whose 10 kept jobs all still run",
        "max.entity.count.reached",
        "The contact list already has [{max}] bulk jobs in progress.",
        "facts §6.1 (the listing shows the 10 most recent jobs)",
        "not documented (conf L): the mock keeps 10 jobs per list to stay bounded",
    ),
)

register(*RULES)
