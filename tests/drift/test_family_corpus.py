"""The drift corpus covers the generic operations: one entry per resource family and kind, read-only on an org."""

from __future__ import annotations

from contracts.generic import generic_operations
from contracts.vendor import vendor_models
from mockserver.drift.corpus import FIXED
from mockserver.drift.corpus_families import NOT_ON_ORG, family
from mockserver.drift.runner import SAME, Run
from mockserver.drift.sample import safe_operations

GENERIC = [entry for entry in FIXED if entry.source == "generic"]


def _top_level_listings() -> set[str]:
    """Resource families with a generic GET that needs no id and answers a listing (read from the vendor models)."""
    found = set()
    for op in generic_operations():
        model = vendor_models().get((op.vendor_response or {}).get("ref", ""), {})
        if (
            op.method == "GET"
            and not op.path_params
            and not op.user_context
            and "entities" in model.get("properties", {})
        ):
            found.add(family(op.path))
    return found


def test_every_family_with_a_listing_has_a_listing_entry() -> None:
    listed = {family(entry.request.path) for entry in GENERIC if entry.id.startswith("generic-list-")}
    assert listed == _top_level_listings()
    assert len(GENERIC) == len({entry.id for entry in GENERIC})


def test_generic_entries_only_read_on_an_org() -> None:
    for entry in GENERIC:
        assert entry.request.method == "GET" or entry.remote == NOT_ON_ORG, entry.id
        assert not entry.setup and not entry.places_call, entry.id
        if entry.id.startswith("generic-missing-"):
            assert "{{prefix}}missing" in entry.request.path


def test_the_sample_draws_from_generic_reads_too() -> None:
    generic_gets = {op.operation_id for op in generic_operations() if op.method == "GET"}
    assert generic_gets <= set(safe_operations(allow_calls=False))
    assert not {op.operation_id for op in generic_operations() if op.method != "GET"} & set(safe_operations(True))


def test_generic_entries_answer_alike_in_both_profiles(strict_vs_faithful: Run) -> None:
    results = [r for r in strict_vs_faithful.results if r.entry.source == "generic"]
    assert len(results) == len(GENERIC) > 60
    for result in results:
        expected = {"list": (200, None), "missing": (404, "not.found"), "unknown": (400, "invalid.property")}[
            result.entry.id.split("-")[1]
        ]
        assert (result.a.status, result.a.code) == expected, (result.entry.id, result.a)
        assert result.verdict == SAME, (result.entry.id, result.b)
        assert result.a.schema in ("ok", "n/a") and result.b.schema in ("ok", "n/a"), result.entry.id
