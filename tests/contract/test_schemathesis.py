"""Property tests of every operation of contracts/openapi.json against the mock in-process (WSGI, no socket).

Each operation runs schemathesis' examples, coverage and fuzzing phases with positive and negative data and every
standard check (tests/contract/config.py lists the few per-operation exceptions and why); stateful tests then
follow the document's links through the three flows of tests/contract/stateful.py. ``--deep`` (or
``GENESYS_CONTRACT_DEEP=1``) runs ten times more examples and scenarios.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import Case

from contracts.openapi import DOCUMENT_PATH, load_document
from mockserver import create_app
from mockserver.settings import Settings
from tests.contract import auth, stateful
from tests.contract.budget import budget
from tests.contract.config import contract_config
from tests.contract.targets import MOCK_SETTINGS, call_and_validate, wsgi_target

# The fuzzing sweep (~640 operations, ~16,000 requests, ~4-5 minutes on two cores) is `extended`: the README's test
# command leaves it out to stay within ~10 minutes; .ci/run runs it, and so does naming this file.
pytestmark = [pytest.mark.contract, pytest.mark.extended]

app = create_app(Settings(**MOCK_SETTINGS))
target = wsgi_target(app)
# Every operation, deep and generic (x-mock-emulation: generic, with a smaller budget: tests/contract/budget.py).
schema = schemathesis.openapi.from_path(DOCUMENT_PATH, config=contract_config("wsgi"))
schema.app = app
auth.install(schema, auth.wsgi_user_token(app))


@schema.parametrize()
def test_operation(case: Case) -> None:
    call_and_validate(target, case)


@pytest.mark.parametrize("flow", list(stateful.FLOWS))
def test_links(flow: str) -> None:
    stateful.run(schema, flow, target, budget("wsgi"))


def test_document_links_the_three_flows() -> None:
    """The chains of the issue are in the document itself, not only in this suite."""
    paths = load_document()["paths"]

    def links(path: str, method: str, status: str = "200") -> set[str]:
        return set(paths[path][method]["responses"][status].get("links", {}))

    lists, contacts = "/api/v2/outbound/contactlists", "/api/v2/outbound/contactlists/{contactListId}"
    assert {"postOutboundContactlistContacts", "getOutboundContactlist"} <= links(lists, "post")
    assert "getOutboundContactlist" in links(contacts + "/contacts", "post")
    assert {"putOutboundContactlist", "deleteOutboundContactlist"} <= links(contacts, "get")
    put = paths[contacts]["get"]["responses"]["200"]["links"]["putOutboundContactlist"]
    assert put["requestBody"]["version"] == "$response.body#/version"
    external = "/api/v2/externalcontacts/contacts"
    assert "getExternalcontactsContact" in links(external, "post")
    assert {"getExternalcontactsContacts", "deleteExternalcontactsContact"} <= links(external + "/{contactId}", "get")
    calls = "/api/v2/conversations/calls"
    assert "getConversationsCall" in links(calls, "post")
    hang_up = paths[calls + "/{conversationId}"]["get"]["responses"]["200"]["links"]["patchConversationsCall"]
    assert hang_up["requestBody"] == {"state": "disconnected"}
