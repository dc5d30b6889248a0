"""The one redaction of secrets, for everything the mock writes about a request: the journal, bug-report bundles
(which run it a second time before anything leaves the machine) and the request log line.

Field names are compared *after decoding*: the token endpoint accepts ``client%5Fsecret=`` and ``pass%77ord=``
(form decoding), JSON accepts ``"client\\u005fsecret"``, and clients spell the same field ``client_secret``,
``clientSecret`` or ``Client-Secret``; a secret must not slip through under another spelling. Text patterns rather
than a full parse: bodies are cut before they are redacted, and a cut, malformed or multipart body must still lose
its secrets (a value cut by truncation runs to the end of the text and is masked all the same).
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Mapping
from urllib.parse import unquote_plus

MASK = "***"
SECRET_FIELDS = frozenset({"clientsecret", "password", "accesstoken", "refreshtoken", "idtoken"})
"""Normalised names (lower case, no ``_``/``-``) of secret fields; names ending in secret or password are too."""
_SECRET_HEADER = re.compile(r"secret|token|password|cookie|apikey")
_SCHEMES = ("bearer", "basic")

# A JSON property: its (still escaped) name, and a string value (possibly cut: then it runs to the end) or a scalar.
_JSON_PROPERTY = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:\s*)(?:"(?:[^"\\]|\\.)*\\?(?:"|$)|[^\s,}\]"]+)')
# A multipart/form-data part: its name, its remaining header lines, the blank line, then its value up to the
# next boundary line (or the end of a cut body).
_MULTIPART_PART = re.compile(
    r'(\bname="((?:[^"\\]|\\.)*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)(.*?)(?=\r?\n--|\Z)', re.DOTALL
)
# A form or query field ``name=value`` (``&`` or ``;`` separated); the value may contain ``=``. A name starts at the
# text's start or after ``&;?`` (where the unanchored pattern's matches started anyway): without the anchor every
# position of a long text without ``&;?`` rescanned to its end, quadratic (docs/performance.md).
_FORM_FIELD = re.compile(r"(?:^|(?<=[&;?]))([^&;=?]*)=([^&;]*)")


def _normalised(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def is_secret_name(name: str) -> bool:
    """Whether a field called ``name`` (already decoded) holds a secret."""
    plain = _normalised(name)
    return plain in SECRET_FIELDS or plain.endswith(("secret", "password"))


def _json_name(escaped: str) -> str:
    if "\\" not in escaped:  # no escape: the name is its own text (json.loads per property was a cost on every GET)
        return escaped
    try:
        return json.loads(f'"{escaped}"')
    except ValueError:
        return escaped


def _form_name(encoded: str) -> str:
    return unquote_plus(encoded.strip(), errors="replace")


def _mask_json(match: re.Match[str]) -> str:
    if not is_secret_name(_json_name(match[1])):
        return match[0]
    return f'"{match[1]}"{match[2]}"{MASK}"'


def _mask_part(match: re.Match[str]) -> str:
    return match[1] + MASK if is_secret_name(_form_name(match[2])) else match[0]


def _mask_field(match: re.Match[str]) -> str:
    return f"{match[1]}={MASK}" if is_secret_name(_form_name(match[1])) else match[0]


def redact_query(text: str) -> str:
    """A query string or form body with the values of secret fields masked, names compared decoded."""
    return _FORM_FIELD.sub(_mask_field, text) if "=" in text else text


_NAME_WORDS = ("secret", "password", "token")
"""What every secret name holds once normalised: each of :data:`SECRET_FIELDS` holds one, as does a name that ends
in secret or password."""


def _may_name_a_secret(text: str) -> bool:
    """False only when no field name in ``text`` can be a secret's: none of :data:`_NAME_WORDS` in the text
    normalised as a whole (normalising is per character, so a name's normalised form is part of the text's), and no
    escape (``\\``) or percent-encoding that could spell one. Why: the property patterns are the costly part of a
    journal entry's redaction, and over Redis every entry is redacted on the request's path (figures:
    docs/performance.md)."""
    if "\\" in text or "%" in text:
        return True
    plain = _normalised(text)
    return any(word in plain for word in _NAME_WORDS)


def redact_text(text: str | None) -> str | None:
    """A body of any kind (JSON, form, multipart, or text cut anywhere) with the values of secret fields masked."""
    if not text or not _may_name_a_secret(text):
        return text
    if '"' in text:
        text = _JSON_PROPERTY.sub(_mask_json, text)
        if "name=" in text:
            text = _MULTIPART_PART.sub(_mask_part, text)
    return redact_query(text)


def redact_headers(headers: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> dict[str, Any]:
    """Headers with credentials masked. ``Authorization`` keeps a Bearer/Basic scheme, because "Basic" vs
    "Bearer" is often the bug; cookies and any header named like a secret, token or API key lose their value."""
    items = headers.items() if isinstance(headers, Mapping) else (headers or ())
    cleaned: dict[str, Any] = {}
    for name, value in items:
        kind = _header_kind(name)
        if kind is _CREDENTIALS:
            scheme, space, _ = str(value).strip().partition(" ")
            value = f"{scheme} {MASK}" if space and scheme.lower() in _SCHEMES else MASK
        elif kind is _SECRET:
            value = MASK
        cleaned[name] = value
    return cleaned


_PLAIN, _CREDENTIALS, _SECRET = "plain", "credentials", "secret"
_HEADER_KINDS: dict[str, str] = {}
"""Header name -> its kind, for the names seen first (the same dozen on every request): at most
:data:`_HEADER_KINDS_MAX`, so names a client makes up cannot grow it."""
_HEADER_KINDS_MAX = 1024


def _header_kind(name: str) -> str:
    kind = _HEADER_KINDS.get(name)
    if kind is None:
        lowered = name.lower()
        if lowered in ("authorization", "proxy-authorization"):
            kind = _CREDENTIALS
        else:
            kind = _SECRET if _SECRET_HEADER.search(_normalised(lowered)) else _PLAIN
        if len(_HEADER_KINDS) < _HEADER_KINDS_MAX:
            _HEADER_KINDS[name] = kind
    return kind


def redact_exchange(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A journal entry with headers, bodies and the query string redacted (again: a bundle does not trust that the
    journal did)."""
    exchange = dict(entry)
    exchange["query"] = redact_query(entry.get("query") or "")
    for side in ("request", "response"):
        if entry.get(side) is None:  # a dropped connection has no response
            continue
        part = dict(entry[side])
        part["headers"] = redact_headers(part.get("headers"))
        part["body"] = redact_text(part.get("body"))
        exchange[side] = part
    return exchange
