"""A schemathesis-generated sample of requests for the corpus, reproducible from ``--seed``.

Only operations that are safe on a shared real org are sampled: reads (GET, deep or generic, and the deep POSTs
that only search or look up). The call creation route joins only with ``--allow-calls``, and then every generated destination is replaced
by the test number. Half the draws are negative (schemathesis breaks the schema on purpose), half positive, so the
sample probes both the happy paths and the error answers of the two sides.
"""

from __future__ import annotations

from typing import Any

from contracts.generic import all_operations, operation_by_id
from mockserver.drift.model import NO_BODY, Entry, Step

_READING_POSTS = frozenset(
    {
        "postOutboundContactlistContactsBulk",
        "postOutboundContactlistContactsSearch",
        "postExternalcontactsIdentifierlookupContacts",
        "postExternalcontactsIdentifierlookup",
    }
)
CALL_CREATE = "postConversationsCalls"


def safe_operations(allow_calls: bool) -> list[str]:
    """The operation ids a sample may use, sorted (the draw depends on the order)."""
    ops = {
        op.operation_id
        for op in all_operations()
        if (op.method == "GET" or op.operation_id in _READING_POSTS) and op.operation_id != "postOauthToken"
    }
    if allow_calls:
        ops.add(CALL_CREATE)
    return sorted(ops)


def sample(count: int, seed: int, *, allow_calls: bool = False, test_number: str | None = None) -> list[Entry]:
    """``count`` generated requests; the same arguments give the same requests."""
    if count <= 0:
        return []
    import hypothesis
    import schemathesis
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.core.result import Err

    from contracts.openapi import DOCUMENT_PATH

    schema = schemathesis.openapi.from_path(DOCUMENT_PATH)
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # contracts/openapi.json is ours and valid (tests check it): loud if it is not
        operations.append(result.ok())
    by_id = {str(op.definition.raw.get("operationId")): op for op in operations}
    # Two pools drawn alike, so that ~250 generic reads do not crowd out the few deep ones (and the call route).
    names = safe_operations(allow_calls)
    pools = [[by_id[n] for n in names if not _generic(n)], [by_id[n] for n in names if _generic(n)]]
    pools = [pool for pool in pools if pool]
    drawn: list[Any] = []
    seen: set[str] = set()

    @hypothesis.seed(seed)
    # Hypothesis repeats simple examples: up to ten draws per distinct request kept.
    @hypothesis.settings(
        max_examples=count * 10,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(st.data())
    def draw(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(data.draw(st.sampled_from(pools))))
        mode = data.draw(st.sampled_from([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]))
        case = data.draw(operation.as_strategy(generation_mode=mode))
        if isinstance(case.body, (bytes, bytearray)):
            return  # a negative case's raw bytes: neither target sends a body that is not JSON, so not drawn
        key = repr((case.method, case.formatted_path, case.query, case.body, case.headers))
        if key not in seen and len(drawn) < count:
            seen.add(key)
            drawn.append(case)
        if len(drawn) >= count:
            raise _Enough  # ends the run; hypothesis replays this example once, which adds nothing

    try:
        draw()
    except _Enough:
        pass
    return [_entry(index, case, test_number) for index, case in enumerate(drawn)]


class _Enough(Exception):
    """Raised inside the hypothesis run once the sample is complete."""


def _entry(index: int, case: Any, test_number: str | None) -> Entry:
    operation_id = str(case.operation.definition.raw.get("operationId"))
    body: Any = NO_BODY if _not_set(case.body) else case.body
    if operation_id == CALL_CREATE:
        assert test_number, "a sampled call needs the test number"
        body = {"phoneNumber": test_number}  # whatever was generated, a real call goes only there
    headers = {k: str(v) for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    step = Step(
        case.method.upper(),
        case.formatted_path,
        json=body,
        params=dict(case.query or {}) or None,
        headers=headers or None,
        literal=True,
        user="agent" if _user_context(operation_id) else None,
        creates="call" if operation_id == CALL_CREATE else None,
    )
    return Entry(
        id=f"sample-{index:03d}-{operation_id}",
        request=step,
        places_call=operation_id == CALL_CREATE,
        note=f"schemathesis {case.meta.generation.mode.value if case.meta else ''}".strip(),
    )


def _generic(operation_id: str) -> bool:
    operation = operation_by_id(operation_id)
    return operation is not None and operation.generic


def _user_context(operation_id: str) -> bool:
    operation = operation_by_id(operation_id)
    return operation is not None and operation.user_context


def _not_set(value: Any) -> bool:
    from schemathesis.core import NOT_SET

    return value is NOT_SET
