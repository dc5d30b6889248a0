"""The one way the mock reads JSON (and YAML) text: request bodies, state and seed files, bundles.

Python's ``json`` module recurses once per nesting level, so a body of 1,000 ``[`` raised ``RecursionError`` (a
500) and a document nested just below Python's limit could still blow the stack later, in pydantic, in an encoder
or in the snapshot writer. pydantic-core's parser — the one ``model_validate_json`` already uses on every body —
stops at :data:`MAX_DEPTH` levels with a ``ValueError`` instead, so whatever parses here is shallow enough to be
walked recursively anywhere else. YAML gets the same bound, checked without recursion after loading.

Request bodies get a lower bound, :data:`MAX_BODY_DEPTH`: what a request stores is later wrapped in the mock's
own envelopes (a listing's ``entities``, the state document's ``areas``/``tenants``), and those must stay within
:data:`MAX_DEPTH` too, or an exported state could not be imported again.
"""

from __future__ import annotations

import codecs
from typing import Any

from pydantic_core import from_json

MAX_DEPTH = 200
"""Arrays/objects nested in one another deeper than this are refused: pydantic-core's parser limit (which lets an
empty ``[]``/``{}`` one level further through, harmlessly). The real API's Jackson parser has a nesting limit too."""
MAX_BODY_DEPTH = 190
"""The bound for API and admin request bodies: far beyond any Genesys resource, and leaving room for the envelopes
(a listing adds 2 levels, a state file 5). The headroom is paid on every body, so it stays ten levels
(docs/performance.md)."""


class JsonTextError(ValueError):
    """Text that is not JSON (or YAML) the mock accepts: malformed, not UTF-8, or nested too deeply."""


def load_json_text(raw: bytes | bytearray | str, max_depth: int = MAX_DEPTH) -> Any:
    """``raw`` as plain JSON data; :class:`JsonTextError` for anything else, never ``RecursionError``.

    Strict JSON: ``NaN``/``Infinity``, lone surrogates and invalid UTF-8 are refused; a UTF-8 byte order mark is
    skipped, as ``json.loads`` does for bytes. A ``max_depth`` below :data:`MAX_DEPTH` costs no walk over the
    data: the text is parsed inside ``MAX_DEPTH - max_depth`` extra arrays, so the parser's own limit applies,
    and each of those arrays must hold exactly one value (else ``raw`` closed and reopened one of them).
    """
    if isinstance(raw, (bytes, bytearray)) and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    headroom = MAX_DEPTH - max_depth
    if headroom > 0:
        raw = (
            "[" * headroom + raw + "]" * headroom
            if isinstance(raw, str)
            else b"[" * headroom + bytes(raw) + b"]" * headroom
        )
    try:
        data = from_json(raw, allow_inf_nan=False)
    except ValueError as exc:
        message = str(exc)
        if message.startswith("recursion limit exceeded"):  # "... at line 1 column 202"
            raise JsonTextError(f"nested deeper than {max_depth} levels") from None
        raise JsonTextError(message) from None
    for _ in range(max(headroom, 0)):
        if not isinstance(data, list) or len(data) != 1:
            raise JsonTextError("not a single JSON value")
        data = data[0]
    return data


def load_yaml_text(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """``text`` as YAML data (JSON is YAML too), bounded to ``max_depth`` like :func:`load_json_text`."""
    import yaml  # on first use, not at start-up: only seed, state and config files read YAML

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise JsonTextError(str(exc)) from None
    except RecursionError:  # PyYAML's composer recurses per level
        raise JsonTextError(f"nested deeper than {max_depth} levels") from None
    check_depth(data, max_depth)
    return data


def check_depth(data: Any, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`JsonTextError` when more than ``limit`` lists/dicts are nested in one another.

    Iterative, so any depth is measured; YAML aliases share nodes (and can form cycles), so a node is walked again
    only when it is reached deeper than before, and a cycle ends as "too deep".
    """
    deepest: dict[int, int] = {}
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if not isinstance(value, (dict, list)) or deepest.get(id(value), -1) >= depth:
            continue
        if depth > limit:
            raise JsonTextError(f"nested deeper than {limit} levels")
        deepest[id(value)] = depth
        pending.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
