"""Import at start what a request would otherwise load from disk later (issue 13).

Most of the mock is imported on first use (admin routes, bundles, the OpenAPI document...), which keeps start-up
and the pytest plugin light. But a running server whose files are replaced under it then fails on the first such
request: README's former two steps, ``pip install .`` then ``pip install -e '.[test]'`` in the same environment,
removed the installed copy of the package, and ``/__mock/openapi.json``, ``/__mock/state`` and bundles answered 500
(``ModuleNotFoundError``). ``serve`` therefore imports every module of the server and reads its data files before
it listens: a reinstall under a running server (any order, editable or not) can no longer reach it.

Left out: modules no request imports (the CLI's other commands, the pytest plugin, drift, whose schemathesis is an
optional dependency) and third-party modules that load lazily (Faker's locale providers; phonenumbers,
email_validator and PyYAML, imported on first use to keep start-up short): a reinstall leaves
those alone unless it changes their version.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

PACKAGES: tuple[str, ...] = ("mockserver", "contracts")

SKIPPED: tuple[str, ...] = (
    "mockserver.__main__",  # runs the CLI
    "mockserver.cli",
    "mockserver.commands",
    "mockserver.drift",
    "mockserver.testing",
    "mockserver.state.redis",  # imported (with redis-py: RSS) when the app opens a Redis backend, before serving
    "mockserver.state.redis_wire",  # the Redis backend's wire layer: imports redis-py too (start-up CPU)
    "contracts.__main__",
)


def _walk(package: ModuleType) -> list[str]:
    """Every module under ``package`` (depth first), subpackages included, minus :data:`SKIPPED`."""
    names: list[str] = []
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if any(info.name == skipped or info.name.startswith(skipped + ".") for skipped in SKIPPED):
            continue
        names.append(info.name)
        if info.ispkg:
            names.extend(_walk(importlib.import_module(info.name)))
    return names


def preload() -> list[str]:
    """Import the server's modules and read its data files; returns the module names (for tests)."""
    from contracts.openapi import document_bytes
    from mockserver.bundles.builder import portable_test
    from mockserver.inspector import assets as inspector_assets

    names: list[str] = []
    for name in PACKAGES:
        names.extend(_walk(importlib.import_module(name)))
    for name in names:
        importlib.import_module(name)
    document_bytes()  # the committed OpenAPI document, served at /__mock/openapi.json (cached, as bytes: parsed
    # it would hold several times its size; docs/performance.md)
    portable_test()  # the test file of every bundle (cached)
    inspector_assets()  # the inspector's templates and static files (cached)
    return names
