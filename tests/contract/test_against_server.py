"""The contract suite over HTTP: against a running ``genesys-mock serve``, and against a real org when configured.

* ``genesys-mock serve`` on a free port of 127.0.0.1 (tests/contract/conftest.py): the property tests of every
  operation and the stateful flows of test_schemathesis.py, with fewer examples (tests/contract/budget.py).
* A real org (``GENESYS_CLIENT_ID``, ``GENESYS_CLIENT_SECRET``, ``GENESYS_REGION``; skipped otherwise): read
  operations and the create/delete of prefixed test resources only, throttled, everything deleted at the end —
  tests/contract/org.py says exactly what may reach the org. The same plumbing is also run against the local
  server, so the guard and the cleanup are tested without credentials.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest
import schemathesis
from schemathesis import Case

from contracts.openapi import DOCUMENT_PATH
from contracts.operations import BY_ID
from tests.contract import auth, org, stateful
from tests.contract.budget import Budget, budget
from tests.contract.config import contract_config, generic_excluded
from tests.contract.targets import Target, call_and_validate, http_target, local_session, operation_id
from tests.server.conftest import ServerProcess

pytestmark = pytest.mark.contract


# --- a running genesys-mock serve --------------------------------------------------------------------------------

http_tokens = auth.LateTokens()
# The generic operations (x-mock-emulation: generic) only in deep mode: tests/contract/budget.py.
http_schema = schemathesis.openapi.from_path(DOCUMENT_PATH, config=contract_config("http"))
if generic_excluded(budget("http")):
    http_schema = http_schema.exclude(operation_id=generic_excluded(budget("http")))
auth.install(http_schema, http_tokens, cache=False)


@pytest.fixture(scope="module")
def http(contract_server: ServerProcess) -> Target:
    token_url = f"{contract_server.base_url}/oauth/token"
    http_tokens.start(lambda kind: auth.fetch_token(token_url, auth.PASSWORD_FORM))
    return http_target(contract_server.base_url)


@pytest.mark.server
@pytest.mark.extended  # the in-process suite's operations again, over HTTP
@http_schema.parametrize()
def test_operation_over_http(case: Case, http: Target) -> None:
    call_and_validate(http, case)


@pytest.mark.server
@pytest.mark.extended
@pytest.mark.parametrize("flow", list(stateful.FLOWS))
def test_links_over_http(flow: str, http: Target) -> None:
    stateful.run(http_schema, flow, http, budget("http"))


# --- a real org ---------------------------------------------------------------------------------------------------

ORG = org.OrgSettings.from_env()
PLACES_CALLS = bool(ORG and ORG.places_calls)
HAS_USER = bool(ORG and ORG.has_user)


def _token_kind(case: Case) -> str:
    return "user" if BY_ID[operation_id(case.operation)].user_context else "client"


def org_tokens(settings: org.OrgSettings) -> Any:
    """``fetch(kind)``: client credentials, or for the routes that need a user ``GENESYS_USER_TOKEN`` when given."""

    def fetch(kind: str) -> str:
        if kind == "user" and settings.user_token:
            return settings.user_token
        return auth.fetch_token(
            f"{settings.hosts.login}/oauth/token",
            {"grant_type": "client_credentials"},
            settings.client_id,
            settings.client_secret,
        )

    return fetch


def org_schema(places_calls: bool, has_user: bool) -> tuple[Any, auth.LateTokens]:
    """The document restricted to what may reach an org, and the tokens its requests will carry."""
    allowed = org.allowed_operations(places_calls, has_user)
    tokens = auth.LateTokens(_token_kind)
    loaded = schemathesis.openapi.from_path(DOCUMENT_PATH, config=contract_config("org"))
    auth.install(loaded, tokens, basic_for_token_route=False, cache=False)
    return loaded.exclude(lambda ctx: operation_id(ctx.operation) not in allowed), tokens


org_flows, org_token_source = org_schema(PLACES_CALLS, HAS_USER)
org_properties = org_flows.exclude(
    lambda ctx: operation_id(ctx.operation) not in org.property_operations(PLACES_CALLS, HAS_USER)
)


@pytest.fixture(scope="module")
def org_run(org_settings: org.OrgSettings) -> Iterator[org.OrgRun]:
    fetch = org_tokens(org_settings)
    org_token_source.start(fetch)
    run = org.OrgRun(org_settings, fetch("client"))
    yield run
    org.finish(run)  # runs after the module's org tests, whether they passed or not


@org_properties.parametrize()
def test_operation_on_org(case: Case, org_run: org.OrgRun) -> None:
    call_and_validate(org_run.target, case)


@pytest.mark.parametrize("flow", [f for f in stateful.FLOWS if f != "calls" or (PLACES_CALLS and HAS_USER)])
def test_links_on_org(flow: str, org_run: org.OrgRun) -> None:
    number = org_run.settings.phone_number
    stateful.run(org_flows, flow, org_run.target, budget("org"), **({"call_number": number} if number else {}))


# --- the org plumbing, checked against the local server ---------------------------------------------------------


@pytest.mark.server
def test_org_guard_and_cleanup_against_the_local_server(http: Target, contract_server: ServerProcess) -> None:
    """The real-org safety rules, run against the mock: every create is prefixed, a delete only reaches what the run
    created, and the cleanup leaves nothing with the prefix behind, even when a step failed."""
    from clients.genesys_client.config import Hosts

    settings = org.OrgSettings(
        auth.CLIENT_ID, auth.CLIENT_SECRET, Hosts.single(contract_server.base_url), throttle_seconds=0.0
    )
    local, tokens = org_schema(places_calls=False, has_user=False)
    tokens.start(org_tokens(settings))
    run = org.OrgRun(settings, org_tokens(settings)("client"))
    names: list[str] = []
    record = run.target.after_call
    assert record is not None

    def remember(case: Case, response: Any) -> None:
        record(case, response)
        if operation_id(case.operation) in org.CREATES and response.status_code == 200:
            body = response.json()
            names.append(body.get("name") or body.get("lastName"))

    run.target.after_call = remember
    try:
        for flow in ("contact-lists", "external-contacts"):
            stateful.run(local, flow, run.target, Budget(examples=1, scenarios=10, steps=6))
    finally:
        org.finish(run)  # what the guard let through is deleted, or this fails
    assert names, "no create succeeded: the guard's bodies no longer pass the mock's rules"
    assert all(name.startswith(run.registry.prefix) for name in names), names
    assert not any(run.registry.alive.values())
    headers = {"Authorization": f"Bearer {run.token}"}
    with local_session() as session:
        lists = session.get(
            f"{contract_server.base_url}/api/v2/outbound/contactlists",
            headers=headers,
            params={"name": run.registry.prefix, "filterType": "Prefix"},
            timeout=30,
        )
        contacts = session.get(
            f"{contract_server.base_url}/api/v2/externalcontacts/contacts",
            headers=headers,
            params={"q": run.registry.prefix},
            timeout=30,
        )
    assert lists.json()["entities"] == [] and contacts.json()["entities"] == []


@pytest.mark.filterwarnings("ignore:Using `reject` outside a property-based test")  # it runs in state machines
def test_org_guard_refuses_what_must_not_reach_an_org() -> None:
    """The guard, request by request: no other operations, no unprefixed creates, no deletes of others' data."""
    from hypothesis.errors import UnsatisfiedAssumption

    from clients.genesys_client.config import Hosts

    document = schemathesis.openapi.from_path(DOCUMENT_PATH)
    settings = org.OrgSettings("id", "secret", Hosts.for_region("mypurecloud.ie"))
    registry = org.Registry()
    target = org.org_target(settings, registry, local_session())
    assert target.before_call is not None and target.after_call is not None
    lists, one_list = "/api/v2/outbound/contactlists", "/api/v2/outbound/contactlists/{contactListId}"

    with pytest.raises(AssertionError, match="must never reach a real org"):
        target.before_call(document[one_list]["PUT"].Case(path_parameters={"contactListId": "x"}, body={}))
    with pytest.raises(AssertionError, match="must never reach a real org"):  # no phone number configured
        target.before_call(document["/api/v2/conversations/calls"]["POST"].Case(body={"phoneNumber": "+1"}))
    with pytest.raises(UnsatisfiedAssumption):  # not created by this run
        target.before_call(document[one_list]["DELETE"].Case(path_parameters={"contactListId": "someone-elses"}))

    create = document[lists]["POST"].Case(
        body={"name": "Customers", "columnNames": ["phone"], "division": {"id": "a-real-division"}}
    )
    target.before_call(create)
    assert create.body["name"].startswith(registry.prefix + "-") and "division" not in create.body
    registry.created("contact-list", "mine")
    delete = document[one_list]["DELETE"].Case(path_parameters={"contactListId": "mine"})
    target.before_call(delete)  # ours: goes through unchanged
    assert delete.path_parameters == {"contactListId": "mine"}
