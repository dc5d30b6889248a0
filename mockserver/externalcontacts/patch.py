"""``PATCH /api/v2/externalcontacts/contacts/{id}`` (facts §9.1): ``{changes: [{field, action, value}]}``.

``field`` is a ``$.``-rooted path of JSON names (``$.firstName``, ``$.workPhone.display``, ``$.externalIds``).
The actions of the SDK's ``ContactsPatchChange``:

* ``Update`` sets the value; ``UpdateIfEmpty`` only when the field is absent or empty; ``UpdateIfExists`` only
  when it has a value; ``Remove`` deletes the field (no value needed);
* ``AppendToCollection`` appends the value (one item, or a list of items) to a list field;
  ``RemoveFromCollection`` removes the items that match the value (an object matches when every property it
  gives is equal).

The changes apply in order to the stored contact's JSON; the result then goes through the same rules as a PUT
(phones touched by the patch are normalised again; untouched phones keep their ``userInput``). All or nothing.
"""

from __future__ import annotations

import json
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from contracts.base import read_only_fields
from contracts.externalcontacts import ContactsPatchChange, ExternalContact, ExternalContactsPatchRequest
from mockserver.core import rules
from mockserver.core.binding import validation_error
from mockserver.externalcontacts.phones import PHONE_FIELDS
from mockserver.externalcontacts.service import WRITE_EXPAND, prepare, view
from mockserver.externalcontacts.state import save_contact

# Server-set but schema-writable (facts §9.3): a patch may not touch them either.
NOT_PATCHABLE = read_only_fields(ExternalContact) | {"id", "createDate", "modifyDate"}
PHONE_JSON_NAMES = {json_name: attribute for attribute, json_name in PHONE_FIELDS.items()} | {
    "whatsAppId": "whats_app_id"
}
EMPTY: tuple[Any, ...] = (None, "", [], {})


def patch_contact(contact_id: str, body: ExternalContactsPatchRequest) -> ExternalContact:
    """The changes apply to the contact as stored, in the transaction that stores the result."""
    contact = save_contact(contact_id, lambda existing: _patched(existing, body))
    return view(contact, WRITE_EXPAND)


def _patched(existing: ExternalContact | None, body: ExternalContactsPatchRequest) -> ExternalContact:
    assert existing is not None  # save_contact answers 404 for a contact id that names none
    data = {k: v for k, v in existing.dump().items() if k not in NOT_PATCHABLE}
    touched: set[str] = set()
    for index, change in enumerate(body.changes or []):
        path = _path(change, index)
        if path is not None and _apply(data, path, change, index):
            _validate(data, path, index)
            touched.add(path[0])
    if "identifiers" in touched:
        data.setdefault("identifiers", [])  # removed: an empty list releases them all (None would keep them)
    phones = {PHONE_JSON_NAMES[name] for name in touched if name in PHONE_JSON_NAMES}
    return prepare(_validate(data, [], None), existing, phones=phones)


def _path(change: ContactsPatchChange, index: int) -> list[str] | None:
    """The JSON names of ``$.a.b``, each a property of the model it is looked up in (rule EXT-PATCH-FIELD)."""
    field = change.field.strip()
    names = field[2:].split(".") if field.startswith("$.") else []
    model: type[BaseModel] | None = ExternalContact
    valid = bool(names) and names[0] not in NOT_PATCHABLE
    for name in names:
        if not valid or model is None:
            valid = False
            break
        info = next((f for n, f in model.model_fields.items() if (f.alias or n) == name), None)
        valid = info is not None and not _is_read_only(info)
        model = _model_of(info.annotation) if info is not None else None
    if not valid:
        rules.check(
            True,
            "EXT-PATCH-FIELD",
            {"value": change.field, "field": f"changes[{index}].field"},
            field_name=f"changes[{index}].field",
        )
        return None  # the rule is switched off: a change that cannot apply is skipped
    return names


def _is_read_only(info: Any) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("readOnly"))


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a path may continue into (``address`` -> ContactAddress); lists end a path."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is list:
        return None
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _apply(data: dict[str, Any], path: list[str], change: ContactsPatchChange, index: int) -> bool:
    """Apply one change to the contact's JSON in place; False when it cannot apply (EXT-PATCH-ACTION off)."""
    action, value = change.action, change.value
    problem = _action_problem(path, action, value)
    if problem is not None:
        rules.check(
            True,
            "EXT-PATCH-ACTION",
            {"action": action, "path": change.field, "problem": problem},
            field_name=f"changes[{index}].action",
        )
        return False
    parent = _parent(data, path, create=action in ("Update", "UpdateIfEmpty", "AppendToCollection"))
    if parent is None:
        return True  # nothing there to remove or to update-if-exists
    name = path[-1]
    current = parent.get(name)
    if action == "AppendToCollection":
        parent[name] = [*(current or []), *(value if isinstance(value, list) else [value])]
    elif action == "RemoveFromCollection":
        wanted = value if isinstance(value, list) else [value]
        parent[name] = [item for item in current or [] if not any(_matches(item, w) for w in wanted)]
    elif action == "Remove":
        parent.pop(name, None)
    elif action == "Update":
        parent[name] = value
    elif action == "UpdateIfEmpty" and current in EMPTY:
        parent[name] = value
    elif action == "UpdateIfExists" and current not in EMPTY:
        parent[name] = value
    return True


def _action_problem(path: list[str], action: str, value: Any) -> str | None:
    """Why the action cannot apply to the field, or None."""
    if action != "Remove" and value is None:
        return "it needs a value"
    if action in ("AppendToCollection", "RemoveFromCollection") and not _is_list_field(path):
        return "the field is not a collection"
    return None


def _parent(data: dict[str, Any], path: list[str], *, create: bool) -> dict[str, Any] | None:
    """The object holding the last name of ``path``; missing objects are created only when ``create``."""
    node = data
    for name in path[:-1]:
        child = node.get(name)
        if not isinstance(child, dict):
            if not create:
                return None
            child = node[name] = {}
        node = child
    return node


def _is_list_field(path: list[str]) -> bool:
    """Whether the (valid) path ends at a list property such as ``externalIds``."""
    model: Any = ExternalContact
    annotation: Any = None
    for name in path:
        info = next(f for n, f in model.model_fields.items() if (f.alias or n) == name)
        annotation, model = info.annotation, _model_of(info.annotation)
    return _is_list(annotation)


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in get_args(annotation))


def _matches(item: Any, wanted: Any) -> bool:
    """An item matches when it equals the value; an object when every property the value gives is equal."""
    if isinstance(item, dict) and isinstance(wanted, dict):
        return all(key in item and _matches(item[key], value) for key, value in wanted.items())
    return bool(item == wanted)


def _validate(data: dict[str, Any], path: list[str], index: int | None) -> ExternalContact:
    """The patched JSON as a contact; a value of the wrong shape is the binding's answer for a body
    (:func:`~mockserver.core.binding.validation_error`), naming ``changes[i].value…`` instead of the contact's field.
    """
    strict = rules.active("CORE-STRICT-TYPES")
    try:
        return ExternalContact.model_validate_json(json.dumps(data), strict=strict)
    except ValidationError as exc:
        raise validation_error(exc, ExternalContact, lambda loc: _change_location(loc, path, index)) from None


def _change_location(loc: tuple[Any, ...], path: list[str], index: int | None) -> tuple[Any, ...]:
    """``("externalIds", 1, "source")`` changed by ``changes[0]`` at ``$.externalIds`` is reported as
    ``changes[0].value.1.source`` (the item's index as a name: it is a position in the value sent)."""
    names = tuple(str(part) for part in loc)
    if index is None:
        return names
    inner = names[len(path) :] if list(names[: len(path)]) == path else names
    return (f"changes[{index}].value", *inner)
