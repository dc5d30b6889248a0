"""The Rules and coverage page: the rule catalogue under the running profile and config switches (what
``GET /__mock/rules`` answers), and the counts of docs/coverage.md (how the mock serves each vendor operation)."""

from __future__ import annotations

from flask import render_template, request

from mockserver.core import rules
from mockserver.core.context import settings
from mockserver.coverage import DEPTHS, family_counts
from mockserver.inspector import inspector


@inspector.get("/rules", endpoint="rules")
def rules_page() -> str:
    """The Rules and coverage page: the profile, the rule switches, the catalogue, coverage counts."""
    running = settings()
    area = request.args.get("area", "")
    catalogue = [rule for rule in rules.catalogue() if not area or rule.area == area]
    rows = [
        {
            "rule": rule,
            "active": rules.is_active(rule.id, running.profile, running.rules),
            "switched": running.rules.get(rule.id),
        }
        for rule in catalogue
    ]
    counts = family_counts()
    totals = {depth: sum(family[depth] for family in counts.values()) for depth in DEPTHS}
    return render_template(
        "inspector/rules.html",
        page="rules",
        profile=running.profile,
        rows=rows,
        areas=sorted({rule.area for rule in rules.CATALOGUE.values()}),
        area=area,
        switches=running.rules,
        counts=counts,
        totals=totals,
        depths=DEPTHS,
    )
