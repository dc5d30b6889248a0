"""The corpus covers the catalogue and the seeds, and its pieces behave (placeholders, the generated sample)."""

from __future__ import annotations

import re

import pytest

from contracts.generic import operation_by_id
from mockserver.app import load_areas
from mockserver.core import rules
from mockserver.drift.corpus import FIXED, corpus
from mockserver.drift.model import render
from mockserver.drift.sample import CALL_CREATE, safe_operations, sample

SEED_FILE = re.compile(r"seeds/\d{3}_[0-9a-f]{16}\.txt")


def test_every_catalogue_rule_has_a_drift_entry() -> None:
    """A rule added without a drift entry fails here."""
    load_areas()
    catalogue = {rule.id for rule in rules.catalogue()}
    covered = {entry.rule for entry in FIXED if entry.rule}
    assert catalogue - covered == set(), "rules without a drift entry (mockserver/drift/corpus_*.py)"
    assert covered - catalogue == set(), "drift entries naming rules that do not exist"


def test_every_seed_of_the_catalogue_has_an_entry_of_its_own() -> None:
    load_areas()
    cited = {m for rule in rules.catalogue() for m in SEED_FILE.findall(rule.source)}
    assert len(cited) == 5
    assert cited <= {entry.tutorial for entry in FIXED if entry.tutorial and not entry.rule}


def test_entry_ids_are_unique_and_name_their_rule() -> None:
    ids = [entry.id for entry in FIXED]
    assert len(ids) == len(set(ids))
    assert all(entry.id == entry.rule.lower() for entry in FIXED if entry.rule)


def test_every_call_creation_is_marked_as_placing_a_call() -> None:
    for entry in FIXED:
        steps = (*entry.setup, entry.request)
        if any(s.method == "POST" and s.path == "/api/v2/conversations/calls" for s in steps):
            assert entry.places_call, entry.id


def test_render_fills_placeholders_and_keeps_types() -> None:
    context = {"prefix": "gcm-drift-x-001-", "version": 3, "ids": ["a", "b"]}
    body = {"name": "{{prefix}}list", "version": "{{version}}", "ids": "{{ids}}", "raw": '{"a": 1}', "n": 5}
    assert render(body, context) == {
        "name": "gcm-drift-x-001-list",
        "version": 3,
        "ids": ["a", "b"],
        "raw": '{"a": 1}',
        "n": 5,
    }
    with pytest.raises(KeyError):
        render("/x/{{unknown}}", context)


def test_sample_is_reproducible_and_read_only() -> None:
    first, again, other = sample(8, seed=4), sample(8, seed=4), sample(8, seed=5)
    assert [e.request for e in first] == [e.request for e in again]
    assert [e.request for e in first] != [e.request for e in other]
    assert len({e.id for e in first}) == 8
    for entry in first:
        operation = operation_by_id(entry.id.split("-", 2)[2])
        assert operation is not None, entry.id
        assert operation.method == "GET" or operation.operation_id.endswith(
            ("Bulk", "Search", "lookup", "lookupContacts")
        )
        assert entry.request.literal and not entry.places_call


def test_sample_bodies_are_json() -> None:
    """Negative cases may carry raw bytes, which the targets cannot send (the CLI's default ``--sample 20
    --seed 0`` drew one: a "setup failed" entry on both sides); such cases are not drawn."""
    for seed in (0, 1, 5):
        entries = sample(20, seed=seed)
        assert len(entries) == 20
        assert not [e.id for e in entries if isinstance(e.request.json, (bytes, bytearray))], seed


def test_calls_join_the_sample_only_when_allowed() -> None:
    assert CALL_CREATE not in safe_operations(allow_calls=False)
    assert CALL_CREATE in safe_operations(allow_calls=True)
    # One seed's sample of 40 drew no call once in a full run (the same seed is reproducible in a fresh process,
    # but hypothesis state left by earlier tests can change a draw; issue 16 added deep reads to the pool), so look
    # over ten seeds for call entries.
    calls = [
        e
        for seed in range(10)
        for e in sample(40, seed=seed, allow_calls=True, test_number="+15550100123")
        if e.id.endswith(CALL_CREATE)
    ]
    assert calls and all(e.request.json == {"phoneNumber": "+15550100123"} and e.places_call for e in calls)


def test_corpus_is_the_fixed_entries_then_the_sample() -> None:
    entries = corpus(3, seed=0)
    assert entries[: len(FIXED)] == list(FIXED) and len(entries) == len(FIXED) + 3
    assert corpus(0) == list(FIXED)
