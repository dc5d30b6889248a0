"""The scenario table of every vendor operation: how the official SDK calls each one against the mock.

Built from contracts/vendor/operations.json and the SDK itself, one :class:`Plan` per operationId:

* the SDK method is the operation's ``sdkMethod`` on its API class; its parameter names (``all_params``) and the
  model it deserialises into (``response_type``) are read from the SDK's generated method, not guessed;
* arguments are the smallest valid ones: required query parameters from their vendor schema (enum's first value,
  declared default, a typed constant), a body holding only the model's required fields (recursively), built as
  instances of the SDK's own model classes so the SDK serialises it as a user's code would;
* a path id comes from a created parent: the vendor ``POST`` on the path up to that id (``POST
  /api/v2/outbound/campaigns`` for ``{campaignId}``), itself called through its SDK method. Parents that no vendor
  operation creates come from the deep areas (a contact list, its contacts, an external contact, a user's call with
  its participant and leg: :data:`DEEP_PARENTS`); any other id is a fixed, recognisable string.

``EXPECTED`` holds the known deviations: operations the mock answers with an error, with the status and why.
Nothing here talks to anything but the mock (tests/sdk/conftest.py guards every request the SDK makes).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import PureCloudPlatformClientV2 as sdk

from contracts.vendor import vendor_models, vendor_operations

FIXED_TIME = "2026-01-02T03:04:05.000Z"
FIXED_DATE = "2026-01-02"
UNKNOWN_ID = "gcm-sdk-unknown-id"  # a path id no parent gives (never created, so never confused with a real one)
MAX_DEPTH = 6  # required-field recursion bound (models refer to themselves through required refs)
API_CLASSES = {"OutboundApi": "outbound", "ConversationsApi": "conversations", "ExternalContactsApi": "external"}
"""The SDK's API class -> the ``SdkSession`` attribute holding its instance."""


def api_class(plan: Plan) -> type:
    """The SDK API class whose method ``plan`` calls."""
    return getattr(sdk, next(name for name, attr in API_CLASSES.items() if attr == plan.api))


# Known deviations: operations the mock answers with an error where the vendor's answer would be a success, the
# status it gives and why. The test expects exactly that error, so an entry fails once the mock is fixed (remove it).
EXPECTED: dict[str, tuple[int, str]] = {}


def snake(name: str) -> str:
    """The SDK's Python name of a vendor parameter (``useMaxCallsPerAgentDecimal`` -> ``use_max_calls_per...``)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True)
class Plan:
    """How one operation is called: the SDK method and its parameters, and what the SDK deserialises into."""

    operation_id: str
    api: str
    method_name: str
    path: str
    http_method: str
    path_params: tuple[tuple[str, dict[str, Any]], ...]
    required_query: tuple[tuple[str, dict[str, Any]], ...]
    all_query: tuple[tuple[str, dict[str, Any]], ...]
    body: dict[str, Any] | None  # the vendor schema of the body
    body_required: bool
    response_type: str | None  # the SDK's own ``response_type``; None for no body
    sdk_params: tuple[str, ...] = field(default=())

    @property
    def body_param(self) -> str:
        """The SDK's name of the body parameter (usually ``body``; ``identifier`` for some lookups)."""
        others = {snake(name) for name, _ in self.path_params} | {snake(name) for name, _ in self.all_query}
        [name] = [p for p in self.sdk_params if p not in others] or ["body"]
        return name


def _method_facts(api_class: type, method_name: str) -> tuple[tuple[str, ...], str | None]:
    source = inspect.getsource(getattr(api_class, method_name))
    params = re.search(r"all_params = \[(.*?)\]", source, re.S)
    response = re.search(r"response_type=(?:'([^']*)'|None)", source)
    assert params and response, f"{api_class.__name__}.{method_name}: not a generated SDK method"
    return tuple(re.findall(r"'(\w+)'", params.group(1))), response.group(1)


@lru_cache(maxsize=1)
def plans() -> dict[str, Plan]:
    """One plan per vendor operation."""
    result = {}
    for operation_id, vendor in vendor_operations().items():
        api_class = getattr(sdk, vendor["api"])
        sdk_params, response_type = _method_facts(api_class, vendor["sdkMethod"])
        body = vendor.get("body")
        result[operation_id] = Plan(
            operation_id,
            API_CLASSES[vendor["api"]],
            vendor["sdkMethod"],
            vendor["path"],
            vendor["method"],
            tuple((p["name"], p.get("schema", {})) for p in vendor["pathParams"]),
            tuple(
                (q["name"], q.get("schema", {}) | ({"default": q["default"]} if "default" in q else {}))
                for q in vendor["queryParams"]
                if q.get("required")
            ),
            tuple((q["name"], q.get("schema", {})) for q in vendor["queryParams"]),
            body["schema"] if body else None,
            bool(body and body.get("required")),
            response_type,
            sdk_params,
        )
    return result


# --- values from vendor schemas --------------------------------------------------------------------------------


def json_value(schema: dict[str, Any], depth: int = 0) -> Any:
    """The smallest valid JSON value of a vendor schema: required fields only, deterministic constants."""
    if "ref" in schema:
        return model_json(schema["ref"], depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "array":
        return [json_value(schema.get("items", {}), depth)] if depth < MAX_DEPTH else []
    if kind == "object":
        return {}
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if schema.get("format") == "date-time":
        return FIXED_TIME
    if schema.get("format") == "date":
        return FIXED_DATE
    if kind == "string":
        return "gcm-sdk"
    return {}


def model_json(name: str, depth: int = 0) -> dict[str, Any]:
    properties = vendor_models()[name]["properties"]
    if depth > MAX_DEPTH:
        return {}
    return {
        key: json_value(prop["schema"], depth)
        for key, prop in properties.items()
        if prop.get("required") and not prop.get("readOnly")
    }


def sdk_value(value: Any, sdk_type: str) -> Any:
    """``value`` (JSON) as the SDK type ``sdk_type`` (``Campaign``, ``list[str]``, ``dict(str, object)``)."""
    if value is None:
        return None
    if match := re.fullmatch(r"list\[(.*)\]", sdk_type):
        return [sdk_value(item, match.group(1)) for item in value]
    if match := re.fullmatch(r"dict\(([^,]*), (.*)\)", sdk_type):
        return {k: sdk_value(v, match.group(2)) for k, v in value.items()}
    model_class = getattr(sdk.models, sdk_type, None)
    if model_class is None or not isinstance(value, dict):
        return value  # primitives, dates as ISO strings, ``object``
    instance = model_class()
    by_json = {json_name: attr for attr, json_name in instance.attribute_map.items()}
    for key, item in value.items():
        attr = by_json[key]
        setattr(instance, attr, sdk_value(item, instance.swagger_types[attr]))
    return instance


def body_argument(plan: Plan) -> Any:
    """The request body: the model's required fields, as an instance of the SDK's model class."""
    assert plan.body is not None
    value = json_value(plan.body)
    if "ref" in plan.body:
        return sdk_value(value, plan.body["ref"])
    if plan.body.get("type") == "array" and "ref" in plan.body.get("items", {}):
        return sdk_value(value, f"list[{plan.body['items']['ref']}]")
    return value


# --- path ids ---------------------------------------------------------------------------------------------------


def creator_of(collection_path: str, id_name: str) -> tuple[str, str] | None:
    """The vendor operation that creates an item of ``collection_path`` (a POST on it answering an id), and the
    response field holding the id: the path parameter's own name where the model has it (``jobId``), else ``id``."""
    for operation_id, vendor in vendor_operations().items():
        response = vendor.get("response") or {}
        if vendor["method"] == "POST" and vendor["path"] == collection_path and "ref" in response:
            fields = vendor_models()[response["ref"]]["properties"]
            for name in (id_name, "id"):
                if name in fields:
                    return operation_id, name
    return None


DEEP_PARENTS: dict[tuple[str, str], str] = {
    # (path up to the id, id name) -> the deep fixture that provides it (tests/sdk/test_every_operation.py)
    ("/api/v2/outbound/contactlists", "contactListId"): "contact_list",
    ("/api/v2/outbound/contactlists/{contactListId}/contacts", "contactId"): "contact",
    ("/api/v2/externalcontacts/contacts", "contactId"): "external_contact",
    ("/api/v2/conversations/calls", "conversationId"): "call",  # the deep POST needs a destination
    ("/api/v2/outbound/dnclists", "dncListId"): "dnc_list",  # deep since issue 16: their own rules
    ("/api/v2/outbound/campaigns", "campaignId"): "campaign",
    ("/api/v2/outbound/contactlistfilters", "contactListFilterId"): "contact_list_filter",
}
CALL_IDS = {"conversationId": "conversation", "participantId": "participant", "communicationId": "communication"}


class World:
    """Makes the parents a call needs, through the SDK, with one logged-in session (a user's token: every
    permission, and the user context the call routes want)."""

    def __init__(self, session: Any) -> None:
        from tests.sdk.conftest import SdkSession

        self.session: SdkSession = session
        self._call: dict[str, str] | None = None

    def call(self, plan: Plan, ids: dict[str, str] | None = None) -> Any:
        """Send ``plan``'s operation through its SDK method with the smallest valid arguments; the SDK's result.

        ``ids`` holds path ids already known; the others are made (:meth:`path_id`). A replacing PUT sends the
        stored ``version`` (read through the SDK first), as a client must.
        """
        ids = dict(ids or {})
        schemas = dict(plan.path_params)
        for match in re.finditer(r"/\{(\w+)\}", plan.path):
            name = match.group(1)
            if name not in ids:
                ids[name] = self.path_id(plan.path[: match.start()], name, schemas.get(name, {}), ids)
        kwargs: dict[str, Any] = {snake(name): value for name, value in ids.items() if name in schemas}
        for name, schema in plan.required_query:
            kwargs[snake(name)] = schema["default"] if "default" in schema else json_value(schema)
        if plan.body is not None and plan.body_required:
            kwargs[plan.body_param] = body_argument(plan)
            if plan.http_method == "PUT" and hasattr(kwargs[plan.body_param], "version"):
                kwargs[plan.body_param].version = self._stored_version(plan, ids)
        unknown = set(kwargs) - set(plan.sdk_params)
        assert not unknown, f"{plan.method_name} has no parameter(s) {sorted(unknown)}: {plan.sdk_params}"
        api = getattr(self.session, plan.api)
        return getattr(api, plan.method_name)(**kwargs)

    def _stored_version(self, plan: Plan, ids: dict[str, str]) -> Any:
        """The version the item at ``plan``'s path holds now, read by the vendor GET of the same path."""
        reader = next((p for p in plans().values() if p.path == plan.path and p.http_method == "GET"), None)
        if reader is None:
            return None
        return getattr(self.call(reader, ids), "version", None)

    def path_id(self, prefix: str, name: str, schema: dict[str, Any], ids: dict[str, str]) -> str:
        """The value of path parameter ``name`` after ``prefix``: a created parent's id where one can be made."""
        if "enum" in schema:
            return str(schema["enum"][0])
        deep = DEEP_PARENTS.get((prefix, name))
        if deep is not None:
            return self._deep_parent(deep, ids)
        creator = creator_of(prefix, name)
        if creator is not None:
            operation_id, field_name = creator
            created = self.call(plans()[operation_id], ids)
            value = getattr(created, snake(field_name), None)
            assert value, f"{operation_id} answered no {field_name}: {created!r}"
            return str(value)
        if name in CALL_IDS and prefix.startswith(("/api/v2/conversations", "/api/v2/analytics/conversations")):
            return self.live_call()[CALL_IDS[name]]
        return UNKNOWN_ID

    def _deep_parent(self, kind: str, ids: dict[str, str]) -> str:
        from tests.sdk.helpers import add_contacts, new_external_contact, new_list

        if kind == "contact_list":
            return str(new_list(self.session).id)
        if kind == "contact":
            return str(add_contacts(self.session, ids["contactListId"], 1)[0].id)
        if kind == "call":
            return self.live_call()["conversation"]
        if kind in ("dnc_list", "campaign", "contact_list_filter"):
            from tests.sdk.scenarios_dialer import filled_list, gold_filter, new_campaign, new_dnc

            if kind == "dnc_list":
                return str(new_dnc(self.session).id)
            list_id = str(filled_list(self.session, 1).id)
            if kind == "campaign":
                return str(new_campaign(self.session, list_id).id)
            body = gold_filter(self.session, list_id)
            return str(self.session.outbound.post_outbound_contactlistfilters(body).id)
        return str(new_external_contact(self.session).id)

    def live_call(self) -> dict[str, str]:
        """A call of the logged-in user (deep): its id, the far end's participant and that participant's leg."""
        if self._call is None:
            from tests.sdk.helpers import place_call

            conversation_id = place_call(self.session)
            conversation = self.session.conversations.get_conversation(conversation_id)
            far = next(p for p in conversation.participants if p.purpose == "external")
            self._call = {"conversation": conversation_id, "participant": far.id, "communication": far.calls[0].id}
        return self._call
