"""Stateful contract tests: scenarios that follow the document's OpenAPI links, one flow at a time.

schemathesis starts scenarios only at operations it judges likely to succeed with random data; it does not count
a call or an external contact among them (their bodies reference users, queues, divisions). Each flow therefore
gets its own state machine over just its operations, which makes its create the root:

* contact lists: create list -> add contacts -> get -> put with the version read -> delete (and the contacts'
  own get / put / delete);
* external contacts: create -> get -> search (``q`` = the last name read) -> delete;
* calls: create -> get -> disconnect (``PATCH {state: disconnected}`` or ``DELETE``).

Every step runs the standard checks. Create bodies are repaired first (tests/contract/valid_bodies.py) so that
chains get past the create.
"""

from __future__ import annotations

import itertools
from typing import Any

import hypothesis
from schemathesis import Case, Response
from schemathesis.generation.stateful.state_machine import APIStateMachine

from tests.contract import valid_bodies
from tests.contract.budget import Budget
from tests.contract.targets import Target, operation_id

FLOWS: dict[str, tuple[str, ...]] = {
    "contact-lists": (
        "postOutboundContactlists", "postOutboundContactlistContacts", "getOutboundContactlist",
        "putOutboundContactlist", "deleteOutboundContactlist", "getOutboundContactlistContact",
        "putOutboundContactlistContact", "deleteOutboundContactlistContact",
    ),
    "external-contacts": (
        "postExternalcontactsContacts", "getExternalcontactsContact", "getExternalcontactsContacts",
        "putExternalcontactsContact", "patchExternalcontactsContact", "getExternalcontactsContactIdentifiers",
        "deleteExternalcontactsContact",
    ),
    "calls": (
        "postConversationsCalls", "getConversationsCall", "getConversation", "patchConversationsCall",
        "deleteConversation",
    ),
}  # fmt: skip

_LIST_ANSWERS = ("postOutboundContactlists", "getOutboundContactlist", "putOutboundContactlist")


def _operation_id(case: Case) -> str:
    return operation_id(case.operation)


class ContractMachine(APIStateMachine):
    """Mixin over schemathesis' generated machine: target plumbing and create-body repairs."""

    target: Target
    call_number: str = valid_bodies.TEST_NUMBER

    def setup(self) -> None:
        super().setup()
        if self.target.reset is not None:
            self.target.reset()
        self._unique = itertools.count(1)
        # contact list id -> (columns, phone columns, e-mail columns), from the answers seen in this scenario
        self._lists: dict[str, tuple[list[str], set[str], set[str]]] = {}

    def before_call(self, case: Case) -> None:
        super().before_call(case)
        operation = _operation_id(case)
        body = case.body
        if operation == "postOutboundContactlists" and isinstance(body, dict):
            valid_bodies.contact_list(body, f"c{next(self._unique)}")
        elif operation == "postOutboundContactlistContacts" and isinstance(body, list):
            known = self._lists.get(str((case.path_parameters or {}).get("contactListId")))
            if known is not None:
                valid_bodies.contacts(body, *known)
        elif operation == "postExternalcontactsContacts" and isinstance(body, dict):
            valid_bodies.external_contact(body, f"x{next(self._unique)}")
        elif operation == "postConversationsCalls" and isinstance(body, dict):
            valid_bodies.call(body, self.call_number)
        if self.target.before_call is not None:
            self.target.before_call(case)

    def after_call(self, response: Response, case: Case) -> None:
        super().after_call(response, case)
        if _operation_id(case) in _LIST_ANSWERS and response.status_code == 200:
            self._remember_list(response.json())
        if self.target.after_call is not None:
            self.target.after_call(case, response)

    def _remember_list(self, contact_list: dict[str, Any]) -> None:
        def names(key: str) -> set[str]:
            return {c.get("columnName") for c in contact_list.get(key) or [] if isinstance(c, dict)}

        self._lists[contact_list["id"]] = (
            list(contact_list.get("columnNames") or []),
            names("phoneColumns"),
            names("emailColumns"),
        )

    def get_call_kwargs(self, case: Case) -> dict[str, Any]:
        return dict(self.target.call_kwargs)

    def validate_response(self, response: Response, case: Case, additional_checks: Any = None, **kwargs: Any) -> None:
        __tracebackhide__ = True
        checks = list(additional_checks or []) + self.target.checks
        super().validate_response(response, case, additional_checks=checks, **kwargs)


def machine(schema: Any, flow: str, target: Target, **attributes: Any) -> type[APIStateMachine]:
    """The state machine of ``flow`` over ``schema`` (already authenticated) for ``target``."""
    operations = FLOWS[flow]
    # ``exclude``, not ``include``: with ``[[operations]]`` in the config, schemathesis 4.32 ORs an include with
    # its own catch-all filter and keeps every operation.
    generated = schema.exclude(lambda ctx: operation_id(ctx.operation) not in operations).as_state_machine()
    return type(
        f"{flow.title().replace('-', '')}Machine", (ContractMachine, generated), {"target": target, **attributes}
    )


def settings(schema: Any, size: Budget) -> hypothesis.settings:
    """schemathesis' own settings for the stateful phase, with ``size.scenarios`` scenarios."""
    base = schema.config.get_hypothesis_settings(phase="stateful")
    # Health checks judge data generation; each step here is a request to a live API (slow by their measure), and
    # on an org a scenario that would touch others' data is rejected on purpose (tests/contract/org.py).
    return hypothesis.settings(
        base,
        max_examples=size.scenarios,
        stateful_step_count=size.steps,
        suppress_health_check=list(hypothesis.HealthCheck),
    )


def run(schema: Any, flow: str, target: Target, size: Budget, **attributes: Any) -> None:
    __tracebackhide__ = True
    machine(schema, flow, target, **attributes).run(settings=settings(schema, size))
