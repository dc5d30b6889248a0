"""``serve --state-file/--seed-file``: load state when the server starts, write it when it stops cleanly.

The state file wins over the seed file: once a container has written its state, a restart restores that state
instead of seeding again (which would add the same data twice). The state file holds every tenant; a seed spec
seeds the default tenant.

Over a shared backend (Redis) the backend itself keeps the state across restarts, so the files are read only on the
first start over it (a marker in the shared namespace says a start already loaded them): a later start must not
seed the same data again, nor put a state file written before a crash over what the backend holds since.
"""

from __future__ import annotations

from flask import Flask

from mockserver.core.context import tenants
from mockserver.settings import Settings, SettingsError
from mockserver.snapshot import SnapshotError, load_state_file, write_state_file

FILES_LOADED = "state-files.loaded"
"""Value of the shared namespace set once a start has loaded the state or seed file into a shared backend."""


def load_at_start(app: Flask, settings: Settings) -> list[str]:
    """Restore the state file, or else apply the seed file; returns lines for the start-up output."""
    from mockserver.seeding import apply_seed_file

    if settings.state_file is None and settings.seed_file is None:
        return []
    with app.app_context():
        registry = tenants()
        if registry.backend.shared_across_processes and registry.shared.view().value(FILES_LOADED) is not None:
            return [
                f"genesys-mock keeps the state held in {settings.state} (state and seed files are read on the "
                "first start over it only)"
            ]
        try:
            if settings.state_file is not None and load_state_file(registry, settings.state_file):
                lines = [f"genesys-mock loaded state from {settings.state_file}"]
            elif settings.seed_file is not None:
                if not settings.seed_file.is_file():
                    raise SettingsError(f"seed file not found: {settings.seed_file}")
                lines = [f"genesys-mock {apply_seed_file(registry, settings, settings.seed_file)}"]
            else:
                lines = []
        except SnapshotError as error:
            raise SettingsError(f"cannot load {error}") from None
        registry.shared.atomic(lambda tx: tx.set_value(FILES_LOADED, True))
    return lines


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
