"""Seed data: generate realistic data (seeding/generator.py) and add it to a tenant's state, or load a seed file.

A seed file (``serve --seed-file``) is JSON or YAML holding either a state document (``"format":
"genesys-mock-state"``, imported as it is, as a state file is: every tenant it names) or a seed spec under
``seed:`` (``{"seed": {"seed": 42, "contactLists": 2}}``, generated into the default tenant at start).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mockserver.core.clock import Clock
from mockserver.core.tenants import Tenants
from mockserver.seeding.calls import Person
from mockserver.seeding.generator import Seeded, generate
from mockserver.seeding.spec import SeedSpec
from mockserver.settings import Settings
from mockserver.snapshot import import_tenants, install_state, is_state_document, parse_state
from mockserver.snapshot.document import SnapshotError, from_validation_error, read_document
from mockserver.state import TenantState

__all__ = ["SeedSpec", "Seeded", "generate_for", "seed_state", "apply_seed_file", "parse_spec", "login_users"]


def login_users(settings: Settings) -> list[Person]:
    return [Person(user.id or "", user.name) for user in settings.users]


def parse_spec(data: Any, path: str = "seed") -> SeedSpec:
    try:
        return SeedSpec.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise from_validation_error(path, exc) from None


def generate_for(clock: Clock, settings: Settings, spec: SeedSpec) -> Seeded:
    return generate(spec, now=clock.now(), agents=login_users(settings))


def seed_state(state: TenantState, clock: Clock, settings: Settings, spec: SeedSpec) -> dict[str, Any]:
    """Add generated data to the tenant's state (all or nothing, in one transaction) and return the summary."""
    seeded = generate_for(clock, settings, spec)
    install_state(state, parse_state(seeded.document), replace=False)
    return seeded.summary


def apply_seed_file(tenants: Tenants, settings: Settings, path: Path) -> str:
    """Load a seed file (a seed spec into the default tenant); returns what it did, for the start-up output."""
    data = read_document(path)
    if is_state_document(data):
        import_tenants(tenants, data)
        return f"loaded state from {path}"
    if isinstance(data, dict) and set(data) == {"seed"}:
        summary = seed_state(tenants.default.state, tenants.clock, settings, parse_spec(data["seed"]))
        return (
            f"seeded {len(summary['contactListIds'])} contact list(s), {summary['contacts']} contact(s), "
            f"{len(summary['externalContactIds'])} external contact(s), {len(summary['callIds'])} call(s) "
            f"from {path} (seed {summary['seed']}, locale {summary['locale']})"
        )
    raise SnapshotError(str(path), 'expected a state document ("format": "genesys-mock-state") or {"seed": {...}}')
