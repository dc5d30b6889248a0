"""The required check of issue 6: strict vs faithful shows exactly the strict-only rules as 'mock stricter'."""

from __future__ import annotations

from mockserver.core import rules
from mockserver.drift.runner import SAME, STRICTER, Run
from tests.drift.conftest import SAMPLE


def _rule_results(run: Run) -> dict:
    return {r.entry.rule: r for r in run.results if r.entry.rule}


def test_exactly_the_strict_only_rules_are_mock_stricter(strict_vs_faithful: Run) -> None:
    strict_only = {rule.id for rule in rules.catalogue() if rule.profiles == frozenset({"strict"})}
    by_rule = _rule_results(strict_vs_faithful)
    assert {rule for rule, r in by_rule.items() if r.verdict == STRICTER} == strict_only
    assert {rule: r.verdict for rule, r in by_rule.items() if rule not in strict_only and r.verdict != SAME} == {}


def test_each_entry_reaches_its_rule_on_the_strict_side(strict_vs_faithful: Run) -> None:
    """A verdict only means something if the request met the rule it stands for."""
    for rule_id, result in _rule_results(strict_vs_faithful).items():
        rule = rules.CATALOGUE[rule_id]
        if not rules.is_active(rule_id, "strict", {}):
            assert result.a.status == 200 and result.a.rule is None, rule_id  # opt-in: off in both profiles
        elif rule.effect == "import-failure":
            assert (result.a.status, result.a.import_state) == (200, "FAILED"), rule_id
        else:
            assert (result.a.status, result.a.code, result.a.rule) == (rule.status, rule.code, rule_id)


def test_answers_conform_and_everything_is_cleaned_up(strict_vs_faithful: Run) -> None:
    for result in strict_vs_faithful.results:
        for outcome in (result.a, result.b):
            assert outcome.ran, (result.entry.id, outcome)
            assert outcome.schema in ("ok", "n/a"), (result.entry.id, outcome.schema)
            assert outcome.cleanup is None, (result.entry.id, outcome.cleanup)
    assert strict_vs_faithful.leftovers == []


def test_seed_entries_and_sample_ran(strict_vs_faithful: Run) -> None:
    by_id = {r.entry.id: r for r in strict_vs_faithful.results}
    assert by_id["seed-004-upload-route"].a.status == 404
    assert by_id["seed-003-post-conversations"].a.status == 404
    # contactListId is read-only for strict, not a ContactList property at all for faithful (seed 001)
    assert by_id["seed-001-contact-list-id-on-create"].verdict == "different error"
    assert sum(r.entry.source == "sample" for r in strict_vs_faithful.results) == SAMPLE
