"""The fixed corpus: one entry per catalogue rule, the tutorials' wrong payloads and routes, the generic operations'
entries per resource family (corpus_families.py), and a generated sample.

Every rule of :func:`mockserver.core.rules.catalogue` must have an entry here (tests/drift checks it), so a new rule
without a drift entry fails the suite.
"""

from __future__ import annotations

from mockserver.drift import (
    corpus_control,
    corpus_dialer,
    corpus_external,
    corpus_families,
    corpus_generic,
    corpus_jobs,
    corpus_outbound,
)
from mockserver.drift.model import Entry
from mockserver.drift.sample import sample

FIXED: tuple[Entry, ...] = (
    *corpus_outbound.RULE_ENTRIES,
    *corpus_dialer.RULE_ENTRIES,
    *corpus_jobs.RULE_ENTRIES,
    *corpus_external.RULE_ENTRIES,
    *corpus_control.RULE_ENTRIES,
    *corpus_generic.RULE_ENTRIES,
    *corpus_outbound.SEED_ENTRIES,
    *corpus_external.SEED_ENTRIES,
    *corpus_families.generic_entries(),
)


def corpus(
    sample_size: int = 20, seed: int = 0, *, allow_calls: bool = False, test_number: str | None = None
) -> list[Entry]:
    """The fixed entries followed by ``sample_size`` generated ones (reproducible from ``seed``)."""
    ids = [entry.id for entry in FIXED]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"corpus entries with the same id: {duplicates}")
    return [*FIXED, *sample(sample_size, seed, allow_calls=allow_calls, test_number=test_number)]
