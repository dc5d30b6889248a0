"""The rule catalogue: every validation the mock performs beyond plain schema parsing is a named ``Rule``.

A rule is data (this catalogue entry) plus a check in the area's service that calls :func:`reject`. Profiles
decide which rules are in force: ``strict`` (default) enforces what users asked for even where the real org is
laxer, ``faithful`` only what the real org is known to do. Single rules can be switched in the config file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, NoReturn

from flask import has_app_context

from mockserver.core.context import settings
from mockserver.core.errors import ApiError, field_detail

PROFILES = ("strict", "faithful")


@dataclass(frozen=True)
class Rule:
    """One catalogue entry. ``source`` is a seed file or a facts-sheet section; ``real_org`` what the org does.

    ``profiles`` lists the profiles that enforce the rule by default; an empty set makes it opt-in (config only).
    ``effect`` is ``reject`` for an HTTP error, or ``import-failure`` for a CSV import that ends ``FAILED`` with
    the message as ``failureReason`` (the upload itself was accepted).
    """

    id: str
    area: str
    summary: str
    source: str
    real_org: str
    status: int
    code: str
    profiles: frozenset[str] = field(default_factory=lambda: frozenset(PROFILES))
    message: str | None = None  # template with {placeholders}; defaults to the code's generic message
    effect: str = "reject"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["profiles"] = sorted(self.profiles)
        return data


CATALOGUE: dict[str, Rule] = {}


def register(*rules: Rule) -> None:
    """Add rules to the catalogue; each area module registers its own at import time."""
    for rule in rules:
        if rule.id in CATALOGUE and CATALOGUE[rule.id] != rule:
            raise ValueError(f"rule {rule.id} registered twice with different definitions")
        for profile in rule.profiles:
            if profile not in PROFILES:
                raise ValueError(f"rule {rule.id}: unknown profile {profile!r}")
        if rule.effect not in ("reject", "import-failure"):
            raise ValueError(f"rule {rule.id}: unknown effect {rule.effect!r}")
        CATALOGUE[rule.id] = rule


def is_active(rule_id: str, profile: str, overrides: Mapping[str, bool]) -> bool:
    """Whether a rule is in force for a profile, after the config file's per-rule switches."""
    rule = CATALOGUE[rule_id]
    if rule_id in overrides:
        return overrides[rule_id]
    return profile in rule.profiles


def active(rule_id: str) -> bool:
    """Whether a rule is in force for the running app (all rules are, outside an app context)."""
    if rule_id not in CATALOGUE:
        raise KeyError(f"unknown rule {rule_id}")
    if not has_app_context():
        return True
    current = settings()
    return is_active(rule_id, current.profile, current.rules)


def reject(
    rule_id: str,
    params: Mapping[str, Any] | None = None,
    *,
    field_name: str | None = None,
    hint: str | None = None,
    message: str | None = None,
) -> NoReturn:
    """Raise the rule's error, naming the field in ``details`` and the rule in ``X-Mock-Rule``."""
    rule = CATALOGUE[rule_id]
    details = [field_detail(field_name, rule.code)] if field_name else []
    raise ApiError(
        rule.status,
        rule.code,
        message if message is not None else rule.message,
        params,
        details=details,
        rule=rule.id,
        hint=hint,
    )


def check(condition: bool, rule_id: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
    """Reject with ``rule_id`` when ``condition`` holds and the rule is in force."""
    if condition and active(rule_id):
        reject(rule_id, params, **kwargs)


def failure_reason(rule_id: str, params: Mapping[str, Any] | None = None) -> str | None:
    """The ``failureReason`` of an import-failure rule, or None when the rule is not in force."""
    if not active(rule_id):
        return None
    rule = CATALOGUE[rule_id]
    return ApiError(rule.status, rule.code, rule.message, params).message


def catalogue(rules: Iterable[Rule] | None = None) -> list[Rule]:
    """The catalogue sorted by area then id, for listings."""
    return sorted(rules if rules is not None else CATALOGUE.values(), key=lambda r: (r.area, r.id))
