"""What the area modules share: the marker tying a method to its row of the operations table.

``contracts/operations.py`` is the single source of method, path, permissions and models. A typed method names
its ``operationId`` and the client takes everything else from the row, so the client cannot drift from the mock;
:func:`implements` also lets a test check that every row has a method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from clients.genesys_client.client import GenesysClient

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=BaseModel)


def implements(*operation_ids: str) -> Callable[[F], F]:
    """Mark a method as the typed form of these operations (checked against the table by the tests)."""

    def mark(func: F) -> F:
        func.__genesys_operations__ = operation_ids  # type: ignore[attr-defined]
        return func

    return mark


def implemented_operations(*classes: type) -> dict[str, str]:
    """``operationId`` -> ``Class.method`` for every marked method of ``classes``."""
    found: dict[str, str] = {}
    for cls in classes:
        for name in dir(cls):
            for operation_id in getattr(getattr(cls, name), "__genesys_operations__", ()):
                found[operation_id] = f"{cls.__name__}.{name}"
    return found


def coerce(model: type[M], value: M | Mapping[str, Any]) -> M:
    """A request body as its contract model: a mapping is validated here, so a wrong property fails before
    anything is sent (the same ``extra="forbid"`` that makes the mock answer ``invalid.property``)."""
    return value if isinstance(value, model) else model.model_validate(value)


class Area:
    """Base of ``client.outbound``, ``client.conversations``, ``client.external_contacts``."""

    def __init__(self, client: GenesysClient) -> None:
        self._client = client
