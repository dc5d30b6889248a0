"""docs/coverage.md is generated, current, and reads depth from what the app routes (mockserver/coverage.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from contracts.generic import generic_operations
from contracts.operations import BY_ID
from contracts.vendor import vendor_operations
from mockserver.cli import main
from mockserver.coverage import (
    DEEP,
    DOCUMENT,
    FAMILIES,
    GENERIC,
    NOT_SERVED,
    Router,
    Row,
    build_rows,
    group_of,
    hand_written,
    render,
)


@pytest.fixture(scope="module")
def coverage() -> tuple[list[Row], list[Row]]:
    return build_rows()


def test_committed_page_is_current(coverage: tuple[list[Row], list[Row]]) -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render(*coverage), (
        "docs/coverage.md is stale: run `genesys-mock coverage --write`"
    )


def test_check_flag_reports_a_stale_page(tmp_path, monkeypatch, capsys) -> None:
    stale = tmp_path / "coverage.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr("mockserver.coverage.DOCUMENT", stale)
    assert main(["coverage", "--check"]) == 1
    assert "is stale" in capsys.readouterr().err
    assert main(["coverage", "--write"]) == 0 and main(["coverage", "--check"]) == 0


def test_every_vendor_operation_is_one_row(coverage: tuple[list[Row], list[Row]]) -> None:
    rows, outside = coverage
    assert sorted(r.operation_id for r in rows) == sorted(vendor_operations())
    assert {r.family for r in rows} == set(FAMILIES)
    assert all(r.group == group_of(r.path) and r.group.count("/") == 1 for r in rows if r.group != "conversations")
    assert [r.operation_id for r in outside] == ["postUploadsV2Contactlist"]


def test_every_hand_written_row_that_the_sdk_calls_is_deep(coverage: tuple[list[Row], list[Row]]) -> None:
    rows, _ = coverage
    deep = {r.operation_id for r in rows if r.depth == DEEP}
    assert deep == hand_written() & set(vendor_operations())
    assert len(deep) == len(BY_ID) - 1  # every deep row but the upload host's, which no SDK method calls


def test_every_other_vendor_operation_is_served_generically(coverage: tuple[list[Row], list[Row]]) -> None:
    rows, _ = coverage
    assert [r.operation_id for r in rows if r.depth == NOT_SERVED] == []
    assert {r.operation_id for r in rows if r.depth == GENERIC} == {op.operation_id for op in generic_operations()}


def test_depth_follows_the_routes_not_a_list() -> None:
    """A vendor path the app routes to another operation is not served, and says which one answers it."""
    router = Router()
    assert (
        router.operation_at("GET", "/api/v2/outbound/contactlists/divisionviews")
        == "getOutboundContactlistsDivisionviews"
    )  # a static segment beats the deep rule's parameter
    assert router.operation_at("GET", "/api/v2/outbound/contactlists/x1") == "getOutboundContactlist"
    assert router.operation_at("PATCH", "/api/v2/outbound/contactlists/x1") is None  # no such vendor method
    assert router.operation_at("GET", "/api/v2/outbound/nothing/here") is None


def test_rules_come_from_query_parameters_and_the_drift_corpus(coverage: tuple[list[Row], list[Row]]) -> None:
    rows, outside = coverage
    by_id = {r.operation_id: r for r in rows + outside}
    assert "EXT-SEARCH-SORT" in by_id["getExternalcontactsContacts"].rules  # QueryParam.rule
    assert "OUT-LIST-VERSION" in by_id["putOutboundContactlist"].rules  # its drift entry sends a PUT
    assert "OUT-IMPORT-HEADER" in by_id["postUploadsV2Contactlist"].rules
    assert not any(rule.startswith("CORE-") for r in rows for rule in r.rules)
    assert all(not r.rules for r in rows if r.depth != DEEP)


def test_page_counts_add_up(coverage: tuple[list[Row], list[Row]]) -> None:
    rows, outside = coverage
    text = render(rows, outside)
    counts = Counter(r.depth for r in rows)
    assert f"| **all** | {counts['deep']} | {counts['generic']} | {counts['not served']} | {len(rows)} |" in text
    assert text.count("\n| `") == len(rows) + len(outside) + len({(r.family, r.group) for r in rows})
