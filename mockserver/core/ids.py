"""Random ids on the hot path."""

from __future__ import annotations

import os
from urllib.parse import quote


def random_uuid() -> str:
    """A random (version 4) UUID as text, as ``str(uuid.uuid4())`` but without building a ``UUID`` object: it was a
    tenth of the cost of storing a contact, and every request takes one for its correlation id."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def uri_segment(entity_id: str) -> str:
    """An id as one path segment of a ``selfUri``: percent-encoded, so that a client-chosen id (a contact's, a
    queue's) still makes a URI reference, as the document's ``format: uri-reference`` promises. A UUID is unchanged,
    and the fast path keeps the common case free."""
    if entity_id.isascii() and entity_id.replace("-", "").isalnum():
        return entity_id
    return quote(entity_id, safe="")
