"""The schemathesis configuration of the contract suite: every standard check on, and each exception stated with
the reason it cannot hold by design.

Nothing is switched off wholesale. The exceptions are per operation and per check:

* ``positive_data_acceptance`` also expects 400 on the operations of :data:`semantic.BY_OPERATION` — rules no
  JSON Schema can state (on the mock, :func:`semantic.semantic_rejections_are_named` narrows that 400 to the
  named rules).
* ``use_after_free`` is off for ``getConversation`` only: "deleting" a conversation hangs it up, it stays.
* ``unsupported_method`` is off: it wants 405 for a method the document does not list, while the real API answers
  404 ``not.found`` (every operation declares 404 and none 405, facts §2.2; see core/errors.py). tests/api
  test_errors.py checks that answer and its ``Allow`` header instead.
"""

from __future__ import annotations

from typing import Any

from schemathesis.config import SchemathesisConfig

from tests.contract.budget import Budget, Target, budget
from tests.contract.org import CALL_CREATE, CREATES
from tests.contract.semantic import BY_OPERATION

# The built-in default plus 400 (schemathesis 4: 2xx, 3xx, 401, 403, 404, 409, 429, 5xx).
_POSITIVE_WITH_SEMANTIC_400 = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]


def _operation_overrides() -> list[dict[str, Any]]:
    return [
        {
            "include-operation-id": sorted(BY_OPERATION),
            "checks": {"positive_data_acceptance": {"expected-statuses": _POSITIVE_WITH_SEMANTIC_400}},
        },
        # DELETE /api/v2/conversations/{id} disconnects every participant (facts §8.1): the conversation stays
        # readable, disconnected, as on a real org. A GET after it is no use after free. No other DELETE shares
        # the path, so the check stays on for every other read.
        {"include-operation-id": "getConversation", "checks": {"use_after_free": {"enabled": False}}},
    ]


def _org_overrides() -> list[dict[str, Any]]:
    # A create on a real org gets its name replaced by the run's prefix before it is sent (tests/contract/org.py);
    # that would undo a negative case's broken name, so creates are generated valid only there.
    return [{"include-operation-id": sorted(CREATES) + [CALL_CREATE], "generation": {"mode": "positive"}}]


def _generic_overrides(size: Budget) -> list[dict[str, Any]]:
    """The generic operations' own, smaller budget (tests/contract/budget.py); none when it is zero. The deep rows
    on vendor schemas (DNC lists, filters, campaigns: contracts/dialer.py) share it: their bodies are parsed by the
    generic validation (an optional field takes null, as every generic row's does), their rules are the deep part."""
    from contracts.generic import generic_operations
    from contracts.operations import DIALER

    ids = sorted(op.operation_id for op in (*generic_operations(), *DIALER))
    if not ids or not size.generic_examples:
        return []
    return [
        {
            "include-operation-id": ids,
            "generation": {"max-examples": size.generic_examples},
            "phases": {"coverage": {"enabled": size.generic_coverage}},
        }
    ]


def _vendor_body_overrides(size: Budget) -> list[dict[str, Any]]:
    """The coverage phase of the other deep rows whose body is a vendor schema (callbacks, participants, external
    bulk, notes, relationships) follows the generic rows' switch: it enumerates keyword combinations of the whole
    schema at collection, and on vendor models (an array of ExternalContact: hundreds of nested fields) that never
    ends. Their examples keep the deep budget."""
    from contracts.operations import DIALER, OPERATIONS

    dialer = {op.operation_id for op in DIALER}
    ids = sorted(
        op.operation_id for op in OPERATIONS if op.vendor_request is not None and op.operation_id not in dialer
    )
    return [{"include-operation-id": ids, "phases": {"coverage": {"enabled": size.generic_coverage}}}] if ids else []


def generic_excluded(size: Budget) -> list[str]:
    """The operationIds a run leaves out: the generic ones when its budget gives them no examples (a real org)."""
    from contracts.generic import generic_operations

    return [] if size.generic_examples else sorted(op.operation_id for op in generic_operations())


def contract_config(target: Target, size: Budget | None = None) -> SchemathesisConfig:
    """The configuration for ``target``; ``size`` overrides the example budget."""
    size = size or budget(target)
    phases: dict[str, Any] = {
        # Stateful tests follow the document's links only (no links inferred from responses or path names), with
        # valid data: a chain is about what follows a successful step; negative data is the property tests' job.
        "stateful": {"max-steps": size.steps, "inference": {"algorithms": []}, "generation": {"mode": "positive"}},
    }
    if not size.coverage:
        phases["coverage"] = {"enabled": False}  # see tests/contract/budget.py
    operations = _operation_overrides() + _generic_overrides(size) + _vendor_body_overrides(size)
    if target == "org":
        operations += _org_overrides()
    return SchemathesisConfig.from_dict(
        {
            "generation": {"max-examples": size.examples},
            "checks": {"unsupported_method": {"enabled": False}},
            "phases": phases,
            "operations": operations,
        }
    )
