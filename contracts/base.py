"""Conventions every contract model follows.

The real API speaks camelCase JSON, omits absent properties instead of sending ``null`` and formats dates as
ISO-8601 UTC with milliseconds and ``Z`` (facts §0.2). Python code uses snake_case. ``ApiModel`` bridges the
two, and rejects unknown properties so that a client's typo surfaces as the real ``invalid.property`` error.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer
from pydantic.alias_generators import to_camel

_FIRST_INSTANT = datetime.min.replace(tzinfo=timezone.utc)
_LAST_INSTANT = datetime.max.replace(tzinfo=timezone.utc)


def format_genesys_datetime(value: datetime) -> str:
    """Render a datetime the way the real API does: ``2022-04-22T08:29:54.319Z``.

    The year always has four digits (``strftime("%Y")`` gives ``3`` for year 3). A client's date on the first or
    last day of the calendar with an offset (``0001-01-01T00:00:00+05:00``) has no UTC instant in years 1-9999;
    it is shown as the nearest one there is rather than failing the whole response.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        value = value.astimezone(timezone.utc)
    except OverflowError:
        value = _FIRST_INSTANT if value.year == 1 else _LAST_INSTANT
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:"
        f"{value.second:02d}.{value.microsecond // 1000:03d}Z"
    )


GenesysDateTime = Annotated[datetime, PlainSerializer(format_genesys_datetime, return_type=str, when_used="json")]
"""A datetime serialised as ISO-8601 UTC with milliseconds and ``Z`` (facts §0.2)."""


Int64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
"""An integer the real API stores as int64 (Java ``long``): larger values are rejected, not echoed back."""


class ApiModel(BaseModel):
    """Base of every request and response model.

    * JSON names are camelCase aliases of snake_case attributes; irregular names (``acceptsSMS``) set ``alias``.
    * Unknown properties are forbidden: the parser turns them into 400 ``invalid.property``.
    * ``dump()`` omits ``None`` the way the real API omits absent properties.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        use_enum_values=True,
        # Lax (faithful) parsing turns 30 into "30" for string fields as Jackson does; strict parsing refuses it.
        coerce_numbers_to_str=True,
        ser_json_inf_nan="null",
        # Validators are built on first use, not at import: building ~200 models delayed `genesys-mock serve`'s first
        # answer to a health check (docs/performance.md), and most runs touch a handful of them.
        defer_build=True,
    )

    def dump(self) -> dict[str, Any]:
        """JSON-ready dict by alias, without absent (None) properties."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def read_only(description: str | None = None, **kwargs: Any) -> Any:
    """A server-set field: optional on input, marked ``readOnly`` in the generated schema.

    Whether a client-supplied value is ignored or rejected is a catalogue rule's decision, not the model's.
    """
    return Field(default=None, description=description, json_schema_extra={"readOnly": True}, **kwargs)


def read_only_fields(model: type[BaseModel]) -> frozenset[str]:
    """JSON names (aliases) of the fields declared with :func:`read_only`."""
    names = set()
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("readOnly"):
            names.add(info.alias or name)
    return frozenset(names)


def json_names(model: type[BaseModel]) -> frozenset[str]:
    """All JSON property names a model accepts."""
    return frozenset(info.alias or name for name, info in model.model_fields.items())
