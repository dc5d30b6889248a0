"""The vendor's own contract, derived from the official SDK and its docs by :mod:`contracts.vendor.derive`.

``models.json`` holds every model reachable from OutboundApi, ConversationsApi and ExternalContactsApi;
``operations.json`` every operation of those three APIs. Both are committed and checked for staleness.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def vendor_models() -> dict[str, Any]:
    """``name -> {"properties": {json name -> {"schema", "required", "readOnly", "writeOnly"}}}``."""
    return json.loads((HERE / "models.json").read_text(encoding="utf-8"))["models"]


@lru_cache(maxsize=1)
def vendor_operations() -> dict[str, Any]:
    """``operationId -> {"method", "path", "pathParams", "queryParams", "body", "response", "permissions"}``."""
    return json.loads((HERE / "operations.json").read_text(encoding="utf-8"))["operations"]
