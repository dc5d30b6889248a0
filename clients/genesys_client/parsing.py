"""Parse response JSON into ``contracts`` models without breaking on what a real org adds.

The contract models forbid unknown properties, which is right for requests (the mock answers ``invalid.property``
as the real API does) but wrong for responses: the real API adds fields and enum values over time, and a client
must not fail a successful call because of them. :func:`parse` drops what the model does not know, logs it at
DEBUG, and keeps everything it does know, fully validated.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

log = logging.getLogger("genesys_client.parsing")

M = TypeVar("M", bound=BaseModel)

_MAX_PASSES = 20
"""Each pass removes every problem pydantic reports; nested problems can need a few passes."""


def parse(model: type[M], data: Any) -> M:
    """``model`` validated from ``data``; unknown properties and unparseable optional values are dropped.

    Raises ``ValidationError`` only when a required field is missing or the top level is not an object.
    """
    working = data
    copied = False
    for _ in range(_MAX_PASSES):
        try:
            return model.model_validate(working)
        except ValidationError as exc:
            problems = [err for err in exc.errors(include_url=False) if err["type"] != "missing" and err["loc"]]
            if not problems or len(problems) != len(exc.errors()):
                raise
            if not copied:
                working, copied = copy.deepcopy(working), True
            for loc in sorted({err["loc"] for err in problems}, key=_sort_key, reverse=True):
                _remove(working, loc)
            unknown = [e for e in problems if e["type"] == "extra_forbidden"]
            invalid = [e for e in problems if e["type"] != "extra_forbidden"]
            if unknown:
                log.debug("%s: ignored unknown properties %s", model.__name__, _where(unknown))
            if invalid:
                log.warning("%s: ignored values the contract does not allow: %s", model.__name__, _where(invalid))
    return model.model_validate(working)


def parse_list(model: type[M], data: Any) -> list[M]:
    """A JSON array of ``model`` (e.g. ``POST …/contacts`` answers); a non-array is a protocol error."""
    if not isinstance(data, list):
        raise ValueError(f"expected a JSON array of {model.__name__}, got {type(data).__name__}")
    return [parse(model, item) for item in data]


def _where(errors: list[Any]) -> str:
    return ", ".join(".".join(map(str, e["loc"])) for e in errors)


def _sort_key(loc: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    """Deepest and highest list index first, so removing one item never shifts another problem's index."""
    return tuple((0, part) if isinstance(part, int) else (1, str(part)) for part in loc)


def _remove(data: Any, loc: tuple[Any, ...]) -> None:
    """Delete the value at ``loc``; tagged-union or function locations that do not resolve are left alone."""
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = loc[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
