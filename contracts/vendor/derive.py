"""Derives the vendor's contract (models and operations) from the vendor's own material, into committed JSON.

Sources, both the vendor's: the installed official SDK ``PureCloudPlatformClientV2`` (models' ``swagger_types``,
``attribute_map``, enum ``allowed_values`` and property descriptions; ``apis/*_api.py``: each operation's method,
path, parameters, body and return type, ``@deprecated``, preview, ``noToken`` where it sends no token) and its generated docs in the shared reference
``vendor-sdk-docs`` (``GENESYS_VENDOR_DOCS`` overrides the path) (``required``: a property without ``[optional]``;
query defaults and allowed values; "Requires ANY/ALL/no permissions"). The package is newer than the docs and
wins where they disagree: a model, property or operation the docs do not have yet is marked ``newerThanDocs``
(optional, no permissions known); model enums come from the package only.

What neither source carries is not invented: integer widths (int32/int64; the SDK has one ``int``) and a query
array's collection format are absent, and ``readOnly``/``writeOnly`` come only from the vendor's descriptions
(its stock sentence for an entity's own ``selfUri``, "read-only", and "when reading … never have a value"). The
read-only marks of the vendor's CLI models that the facts sheet records are added by the document
(contracts/vendor/differences.py), not here.

Run ``python -m contracts.vendor.derive`` to rewrite ``models.json`` and ``operations.json`` beside this file;
``tests/unit/test_vendor_contract.py`` re-runs the derivation and fails when the committed files are stale.
Descriptions are read to derive flags but not copied: what carries over is facts, not the vendor's sentences.
"""

from __future__ import annotations

import html
import importlib
import importlib.metadata
import inspect
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

PACKAGE = "PureCloudPlatformClientV2"
APIS = {
    "OutboundApi": "outbound_api",
    "ConversationsApi": "conversations_api",
    "ExternalContactsApi": "external_contacts_api",
}
HERE = Path(__file__).parent
# The vendor's generated SDK docs live beside the project (the shared reference), not in it.
DOCS_DIR = Path(os.environ.get("GENESYS_VENDOR_DOCS", HERE.parents[1].parent / "shared/reference/vendor-sdk-docs"))
if not DOCS_DIR.is_dir():
    DOCS_DIR = Path("/work/shared/reference/vendor-sdk-docs")
MODELS_PATH = HERE / "models.json"
OPERATIONS_PATH = HERE / "operations.json"

_PRIMITIVES: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "object": {},
}
# The swagger's stock description of an entity's own ``selfUri``, which it flags readOnly (a reference's
# ``selfUri`` has no description and is writable). The stock ``id`` sentence is not a signal: the vendor uses it
# for writable ids too (``WritableDialerContact.id``, ``WritableStarrableDivision.id``).
_READ_ONLY_STOCK = ("The URI for this object",)
_READ_ONLY_WORDS = re.compile(r"\bread[- ]?only\b", re.IGNORECASE)
_WRITE_ONLY_WORDS = re.compile(r"when reading [^.]*never have a value", re.IGNORECASE)


# --- types -------------------------------------------------------------------------------------------------


def field_type(sdk_type: str) -> dict[str, Any]:
    """The SDK's type string (``list[Foo]``, ``dict(str, int)``, ``datetime``…) as a JSON-schema-like dict.

    A model is ``{"ref": "Name"}``. ``uri`` is the vendor's format for ``selfUri`` and is added by the caller.
    """
    sdk_type = sdk_type.strip()
    if sdk_type.startswith("list[") and sdk_type.endswith("]"):
        return {"type": "array", "items": field_type(sdk_type[5:-1])}
    if sdk_type.startswith("dict(") and sdk_type.endswith(")"):
        _key, value = sdk_type[5:-1].split(",", 1)
        return {"type": "object", "additionalProperties": field_type(value)}
    if sdk_type in _PRIMITIVES:
        return dict(_PRIMITIVES[sdk_type])
    return {"ref": sdk_type}


def referenced_models(schema: dict[str, Any]) -> list[str]:
    if "ref" in schema:
        return [schema["ref"]]
    found: list[str] = []
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found += referenced_models(schema[key])
    return found


# --- docs ------------------------------------------------------------------------------------------------

_ROW = re.compile(r"^\|\s*\*\*(\w+)\*\*\s*\|(.*)$")


def _doc_rows(text: str) -> dict[str, str]:
    """``python_name -> the rest of its table row`` from a docs Markdown table."""
    rows = {}
    for line in text.splitlines():
        match = _ROW.match(line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def _docs_model(name: str) -> dict[str, str] | None:
    path = DOCS_DIR / f"{name}.md"
    if not path.exists():
        return None
    return _doc_rows(path.read_text(encoding="utf-8"))


def _docs_operations(api: str) -> dict[str, str]:
    """``method name -> its section`` of ``<Api>.md``."""
    path = DOCS_DIR / f"{api}.md"
    if not path.exists():
        return {}
    sections = re.split(r"^## (\w+)\s*$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {sections[i]: sections[i + 1] for i in range(1, len(sections) - 1, 2)}


def _permissions(section: str) -> dict[str, Any] | None:
    if re.search(r"Requires no permissions", section):
        return {"type": "NONE", "permissions": []}
    match = re.search(r"Requires (ANY|ALL) permissions:\s*\n((?:\s*\* .*\n?)*)", section)
    if not match:
        return None
    return {"type": match.group(1), "permissions": re.findall(r"\* (\S+)", match.group(2))}


def _literal(raw: str, kind: str) -> Any:
    raw = html.unescape(raw).strip().strip("'")
    if kind == "integer":
        return int(raw)
    if kind == "number":
        return float(raw)
    if kind == "boolean":
        return raw.lower() == "true"
    return raw


# --- models ----------------------------------------------------------------------------------------------


def _description(cls: type, attr: str) -> str:
    prop = getattr(cls, attr, None)
    doc = inspect.getdoc(prop) or ""
    lines = [line for line in doc.splitlines()[1:] if line.strip() and not line.startswith(":")]
    return " ".join(lines).strip()


def _allowed_values(cls: type, attr: str) -> list[str] | None:
    prop = getattr(cls, attr, None)
    if prop is None or prop.fset is None:
        return None
    match = re.search(r"allowed_values = (\[.*?\])", inspect.getsource(prop.fset))
    return json.loads(match.group(1)) if match else None


def _model(name: str, models_module: Any) -> dict[str, Any]:
    cls = getattr(models_module, name)
    instance = cls()
    docs = _docs_model(name)
    fields: dict[str, Any] = {}
    for attr, sdk_type in instance.swagger_types.items():
        schema = field_type(sdk_type)
        json_name = instance.attribute_map[attr]
        if json_name == "selfUri" and schema.get("type") == "string":
            schema["format"] = "uri"
        enum = _allowed_values(cls, attr)
        if enum is not None:
            (schema["items"] if schema.get("type") == "array" else schema)["enum"] = enum
        description = _description(cls, attr)
        entry: dict[str, Any] = {"schema": schema}
        row = docs.get(attr) if docs is not None else None
        if row is not None and "[optional]" not in row:
            entry["required"] = True
        if description in _READ_ONLY_STOCK or _READ_ONLY_WORDS.search(description):
            entry["readOnly"] = True
        if _WRITE_ONLY_WORDS.search(description):
            entry["writeOnly"] = True
        if docs is not None and row is None:
            entry["newerThanDocs"] = True
        fields[json_name] = entry
    model: dict[str, Any] = {"properties": fields}
    if docs is None:
        model["newerThanDocs"] = True
    return model


def derive_models(roots: set[str]) -> dict[str, Any]:
    models_module = importlib.import_module(f"{PACKAGE}.models")
    models: dict[str, Any] = {}
    pending = sorted(roots)
    while pending:
        name = pending.pop()
        if name in models or name in _PRIMITIVES:
            continue
        models[name] = _model(name, models_module)
        for entry in models[name]["properties"].values():
            pending += [ref for ref in referenced_models(entry["schema"]) if ref not in models]
    return dict(sorted(models.items()))


# --- operations ------------------------------------------------------------------------------------------

_METHOD = re.compile(
    r"^(    @deprecated\([^)]*\)\n)?    def (\w+)\(self[^)]*\)[^:]*:\n(.*?)(?=^    def |^    @|\Z)",
    re.MULTILINE | re.DOTALL,
)


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _operation(name: str, body: str, doc_section: str | None) -> dict[str, Any] | None:
    path = re.search(r"resource_path = '([^']+)'", body)
    method = re.search(r"call_api\(resource_path, '(\w+)'", body)
    if not (path and method):
        return None
    response = re.search(r"response_type=(?:'([^']+)'|None)", body)
    declared = {
        m.group(2): (m.group(1), "(required)" in m.group(3))
        for m in re.finditer(r":param ([\w\[\]\(\), ]+?) (\w+):(.*)", body)
        if m.group(2) != "function"
    }
    doc_rows = _doc_rows(doc_section) if doc_section else {}

    def param(python: str, json_name: str) -> dict[str, Any]:
        sdk_type, required = declared.get(python, ("str", False))
        schema = field_type(sdk_type)
        entry: dict[str, Any] = {"name": json_name, "schema": schema}
        if required:
            entry["required"] = True
        row = doc_rows.get(python, "")
        default = re.search(r"\[default to (.*?)\]", row)
        if default:
            entry["default"] = _literal(default.group(1), schema.get("type", "string"))
        values = re.search(r"\*\*Values\*\*: (.*?)\s*\|?\s*$", row)
        if values:
            enum = [html.unescape(v).strip() for v in values.group(1).split(",")]
            (schema["items"] if schema.get("type") == "array" else schema)["enum"] = enum
        return entry

    operation: dict[str, Any] = {
        "method": method.group(1),
        "path": path.group(1),
        "sdkMethod": name,
        "pathParams": [param(p, j) for j, p in re.findall(r"path_params\['(\w+)'\] = params\['(\w+)'\]", body)],
        "queryParams": [param(p, j) for j, p in re.findall(r"query_params\['(\w+)'\] = params\['(\w+)'\]", body)],
    }
    body_param = re.search(r"body_params = params\['(\w+)'\]", body)
    if body_param:
        sdk_type, required = declared.get(body_param.group(1), ("object", False))
        operation["body"] = {"schema": field_type(sdk_type), "required": required}
    if response and response.group(1):
        operation["response"] = field_type(response.group(1))
    if re.search(r"auth_settings = \[\]", body):
        operation["noToken"] = True  # the SDK sends no Authorization header (an OAuth redirect target)
    if doc_section is None:
        operation["newerThanDocs"] = True
    else:
        operation["permissions"] = _permissions(doc_section)
    return operation


def derive_operations() -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for api, module_name in APIS.items():
        module = importlib.import_module(f"{PACKAGE}.apis.{module_name}")
        source = Path(inspect.getfile(module)).read_text(encoding="utf-8")
        docs = _docs_operations(api)
        for match in _METHOD.finditer(source):
            name = match.group(2)
            if name.startswith("_"):
                continue
            operation = _operation(name, match.group(3), docs.get(name))
            if operation is None:
                continue
            if match.group(1):
                operation["deprecated"] = True
            if "is a preview method" in match.group(3):
                operation["preview"] = True
            operations[_camel(name)] = {"api": api, **operation}
    return dict(sorted(operations.items()))


def derive() -> tuple[dict[str, Any], dict[str, Any]]:
    """Both documents, deterministic for a given SDK version and docs."""
    version = importlib.metadata.version(PACKAGE)
    operations = derive_operations()
    roots: set[str] = set()
    for operation in operations.values():
        for schema in (operation.get("body", {}).get("schema"), operation.get("response")):
            if schema:
                roots.update(referenced_models(schema))
    source = {
        "package": f"{PACKAGE} {version}",
        "docs": "vendor-sdk-docs (PureCloudPlatformClientV2 257.1.0)",
        "apis": sorted(APIS),
        "derivedBy": "python -m contracts.vendor.derive",
    }
    return ({"source": source, "models": derive_models(roots)}, {"source": source, "operations": operations})


def render(document: dict[str, Any]) -> str:
    """Compact but diffable: one model or operation per line, keys sorted."""
    body = document.get("models") or document.get("operations") or {}
    kind = "models" if "models" in document else "operations"
    lines = ["{", f'"source": {json.dumps(document["source"], sort_keys=True)},', f'"{kind}": {{']
    items = list(body.items())
    for index, (name, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        lines.append(f"{json.dumps(name)}: {json.dumps(value, sort_keys=True, ensure_ascii=False)}{comma}")
    lines += ["}", "}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    models, operations = derive()
    MODELS_PATH.write_text(render(models), encoding="utf-8")
    OPERATIONS_PATH.write_text(render(operations), encoding="utf-8")
    print(
        f"wrote {MODELS_PATH} ({len(models['models'])} models) and {OPERATIONS_PATH} "
        f"({len(operations['operations'])} operations) from {models['source']['package']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
