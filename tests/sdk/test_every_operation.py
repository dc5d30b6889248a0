"""Every vendor operation of the three families, called through the official SDK's own method (issue 15).

The scenario table is keyed by operationId (contracts/vendor/operations.json): the deep operations have their
hand-written scenarios (tests/sdk/scenarios_*.py, run by test_sdk_operations.py), every other operation the
generated plan of tests/sdk/every_operation.py. Each generic call lets the SDK deserialise the answer into its model
and reads the raw JSON strictly against that model (``SdkSession.accept``). A vendor operation with neither fails
the suite. One server and one user token (every permission) for the module.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Iterator

import pytest
from PureCloudPlatformClientV2.rest import ApiException

import tests.sdk.scenarios_calls  # noqa: F401 (registers the deep scenarios)
import tests.sdk.scenarios_control  # noqa: F401
import tests.sdk.scenarios_dialer  # noqa: F401
import tests.sdk.scenarios_external  # noqa: F401
import tests.sdk.scenarios_jobs  # noqa: F401
import tests.sdk.scenarios_notes  # noqa: F401
import tests.sdk.scenarios_orgs  # noqa: F401
import tests.sdk.scenarios_outbound  # noqa: F401
from contracts.vendor import vendor_operations
from tests.sdk.common import SERVER_CONFIG
from tests.sdk.conftest import SdkSession, user_login
from tests.sdk.every_operation import EXPECTED, World, api_class, plans, snake
from tests.sdk.helpers import SCENARIOS
from tests.server.conftest import ServerProcess, running_server

VENDOR = sorted(vendor_operations())
GENERATED = [operation_id for operation_id in VENDOR if operation_id not in SCENARIOS]

# One token makes every call here: its rate window must not throttle the module (the SDK would sleep out a 429's
# Retry-After), and neither may the seed's per-token limit on external-contact creations (parents of many calls).
CONFIG = {
    **SERVER_CONFIG,
    "rate_limit": {"requests": 100_000, "window_seconds": 60},
    "rules": {"EXT-CREATE-RATE": False},
}


def test_every_vendor_operation_has_a_scenario() -> None:
    """Deep operations: a hand-written scenario; the others: a plan whose SDK method exists and takes its arguments."""
    assert sorted([*(set(SCENARIOS) & set(VENDOR)), *GENERATED]) == VENDOR
    assert sorted(plans()) == VENDOR
    for operation_id in GENERATED:
        plan = plans()[operation_id]
        signature = inspect.signature(getattr(api_class(plan), plan.method_name))
        required = {
            name
            for name, p in signature.parameters.items()
            if name != "self" and p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD
        }
        given = {snake(name) for name, _ in (*plan.path_params, *plan.required_query)}
        given |= {plan.body_param} if plan.body is not None and plan.body_required else set()
        assert required <= given, (operation_id, sorted(required - given))


@pytest.fixture(scope="module")
def every_operation_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    workdir: Path = tmp_path_factory.mktemp("sdk-every-operation")
    with running_server(workdir, config=CONFIG) as server:
        yield server


@pytest.fixture(scope="module")
def session(every_operation_server: ServerProcess) -> SdkSession:
    return user_login(every_operation_server)


@pytest.mark.server
@pytest.mark.extended  # ~600 SDK calls: .ci/run runs them (pytest --extended -m extended)
@pytest.mark.parametrize("operation_id", GENERATED)
def test_generic_operation_through_the_sdk(operation_id: str, session: SdkSession) -> None:
    plan = plans()[operation_id]
    world = World(session)
    expected = EXPECTED.get(operation_id)
    if expected is not None:
        with pytest.raises(ApiException) as error:
            world.call(plan)
        assert error.value.status == expected[0], error.value.body
    else:
        result = world.call(plan)
        if plan.response_type:
            session.accept(result, plan.response_type)
        else:
            assert result is None
    method, path = session.requests[-1]
    template = "^" + re.sub(r"\\{\w+\\}", "[^/?]+", re.escape(plan.path)) + r"(\?|$)"
    assert method == plan.http_method and re.match(template, path), (operation_id, method, path)
