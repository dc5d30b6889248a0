"""``serve --state-file/--seed-file``: load state when the server starts, write it when it stops cleanly.

The state file wins over the seed file: once a container has written its state, a restart restores that state
instead of seeding again (which would add the same data twice). The state file holds every tenant; a seed spec
seeds the default tenant.
"""

from __future__ import annotations

from flask import Flask

from mockserver.core.context import tenants
from mockserver.settings import Settings, SettingsError
from mockserver.snapshot import SnapshotError, load_state_file, write_state_file


def load_at_start(app: Flask, settings: Settings) -> list[str]:
    """Restore the state file, or else apply the seed file; returns lines for the start-up output."""
    from mockserver.seeding import apply_seed_file

    with app.app_context():
        try:
            if settings.state_file is not None and load_state_file(tenants(), settings.state_file):
                return [f"genesys-mock loaded state from {settings.state_file}"]
            if settings.seed_file is not None:
                if not settings.seed_file.is_file():
                    raise SettingsError(f"seed file not found: {settings.seed_file}")
                return [f"genesys-mock {apply_seed_file(tenants(), settings, settings.seed_file)}"]
        except SnapshotError as error:
            raise SettingsError(f"cannot load {error}") from None
    return []


def save_at_shutdown(app: Flask, settings: Settings) -> str | None:
    """Write the state file (atomically) if one is configured; returns a line for the output."""
    if settings.state_file is None:
        return None
    with app.app_context():
        try:
            write_state_file(tenants(), settings.state_file)
        except OSError as exc:  # e.g. a read-only volume: say so instead of a traceback (exit code 2)
            raise SettingsError(f"cannot write state file {settings.state_file}: {exc}") from None
    return f"genesys-mock wrote state to {settings.state_file}"
