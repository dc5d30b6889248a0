"""Models shared by every API area: the error body, entity references and paging envelopes (facts §2, §4)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import Field

from contracts.base import ApiModel, read_only


class Detail(ApiModel):
    """One per-field problem inside an ``ErrorBody`` (facts §2.1)."""

    error_code: str | None = None
    field_name: str | None = None
    entity_id: str | None = None
    entity_name: str | None = None


class Limit(ApiModel):
    """The limit that was exceeded, on limit errors only (facts §2.1)."""

    key: str | None = None
    namespace: str | None = None
    value: int | None = None


class ErrorBody(ApiModel):
    """The Platform API's one error shape (facts §2.1). ``details`` and ``errors`` are sent even when empty."""

    message: str | None = None
    code: str | None = None
    status: int | None = None
    entity_id: str | None = None
    entity_name: str | None = None
    message_with_params: str | None = None
    message_params: dict[str, str] | None = None
    context_id: str | None = None
    details: list[Detail] | None = None
    errors: list[ErrorBody] | None = None
    limit: Limit | None = None


class ErrorInfo(ApiModel):
    """Why a job or a communication failed: the SDK's ``ErrorInfo`` is just ``{message, code}``."""

    message: str | None = None
    code: str | None = None


class DomainEntityRef(ApiModel):
    """Reference to another entity: ``{id, name, selfUri}``; ``name`` is often omitted (facts §0.2)."""

    id: str | None = None
    name: str | None = None
    self_uri: str | None = read_only()


class AddressableEntityRef(ApiModel):
    """Reference carrying only ``id`` and ``selfUri``."""

    id: str | None = None
    self_uri: str | None = read_only()


class Empty(ApiModel):
    """The ``Empty`` schema: an empty JSON object (e.g. external-contact DELETE returns ``{}``)."""


class LoginError(ApiModel):
    """Error shape of the login host (``/oauth/token``), NOT an ErrorBody (facts §1.3)."""

    error: str
    description: str | None = None
    error_description: str = Field(alias="error_description")


class TokenResponse(ApiModel):
    """Successful ``/oauth/token`` answer (facts §1.2); snake_case on the wire, as OAuth 2.0 specifies."""

    access_token: str = Field(alias="access_token")
    token_type: str = Field(alias="token_type")
    expires_in: int = Field(alias="expires_in")


T = TypeVar("T")


class EntityListing(ApiModel, Generic[T]):
    """The paging envelope (facts §4). Subclass it per resource so the schema gets the real listing name."""

    entities: list[T] = Field(default_factory=list)
    page_size: int | None = None
    page_number: int | None = None
    total: int | None = None
    page_count: int | None = None
    first_uri: str | None = None
    self_uri: str | None = None
    next_uri: str | None = None
    previous_uri: str | None = None
    last_uri: str | None = None


def page_envelope(
    entities: list[Any], *, total: int, page_number: int, page_size: int, path: str, query: dict[str, Any]
) -> dict[str, Any]:
    """Compute the envelope fields (counts and relative URIs) for one page of a listing.

    ``query`` holds the caller's other query parameters so that every URI reproduces the same filter.
    ``nextUri`` is omitted on the last page and ``previousUri`` on the first, as the real API does.
    """
    from urllib.parse import urlencode

    page_count = (total + page_size - 1) // page_size if page_size else 0

    def uri(number: int) -> str:
        params = {**{k: v for k, v in query.items() if k not in ("pageSize", "pageNumber")}}
        params.update(pageSize=page_size, pageNumber=number)
        return f"{path}?{urlencode(params, doseq=True)}"

    envelope: dict[str, Any] = {
        "entities": entities,
        "pageSize": page_size,
        "pageNumber": page_number,
        "total": total,
        "pageCount": page_count,
        "firstUri": uri(1),
        "selfUri": uri(page_number),
        "lastUri": uri(max(page_count, 1)),
    }
    if page_number < page_count:
        envelope["nextUri"] = uri(page_number + 1)
    if page_number > 1:
        envelope["previousUri"] = uri(page_number - 1)
    return envelope
