"""The JavaScript SDK's ``index.d.ts`` as a schema, and an audit of raw JSON bodies against it.

The JS SDK does not deserialise: a call resolves with the JSON as sent, and the types live only in ``index.d.ts``
(``declare namespace Models { export interface X { "prop"?: T; ... } }`` and ``declare class XApi { method(...):
Promise<T>; }``). A TypeScript user trusts those types, so the audit holds each body to them:

* a property the interface does not declare (a misspelt or invented field),
* a property declared without ``?`` (required) that is missing,
* a JSON value of the wrong type (``string``, ``number``, ``boolean``, ``Array<T>``, ``{ [key: string]: T; }``,
  ``Record<string, T>``, ``Models.X``, ``object``/``any``),
* a string outside a string-literal union (``"a" | "b"``), the d.ts spelling of an enum.

The parser reads only those forms, which are all the generated file uses for models and API methods; anything else
raises, so a new construct in a newer SDK fails loudly instead of being audited as "anything goes".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_INTERFACE = re.compile(r"^\texport interface (\w+) \{\s*$")
_PROPERTY = re.compile(r'^\t\t"([^"]+)"(\??): (.+);\s*$')
_CLASS = re.compile(r"^declare class (\w+) \{\s*$")
_METHOD = re.compile(r"^\s+(\w+)\(.*\): Promise<(.+)>;\s*$")
_MAP = re.compile(r"^(?:\{ \[key: string\]: (.+); \}|Record<string, (.+)>)$")
_ARRAY = re.compile(r"^Array<(.+)>$")
_LITERAL = re.compile(r'^"[^"]*"$')


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    required: bool


@dataclass(frozen=True)
class Finding:
    """One place where a body does not fit its declared type."""

    type_name: str  # the interface holding the property (or the declared type at the top)
    path: str  # JSON path, ``$.entities[0].state``
    kind: str  # unknown-property | missing-required | wrong-type | not-in-union
    detail: str

    def __str__(self) -> str:
        return f"{self.path} ({self.type_name}): {self.kind}: {self.detail}"


class Declarations:
    """The interfaces of ``namespace Models`` and the return types of each API class's methods."""

    def __init__(self, text: str) -> None:
        self.interfaces: dict[str, dict[str, Property]] = {}
        self.methods: dict[str, dict[str, str]] = {}
        self._parse(text.splitlines())

    @classmethod
    def from_file(cls, path: Path) -> Declarations:
        return cls(path.read_text(encoding="utf-8"))

    def _parse(self, lines: list[str]) -> None:
        interface: dict[str, Property] | None = None
        api_class: dict[str, str] | None = None
        in_models = False
        for line in lines:
            if line.startswith("declare namespace Models"):
                in_models = True
            elif in_models and (match := _INTERFACE.match(line)):
                interface = self.interfaces.setdefault(match.group(1), {})
            elif interface is not None and (match := _PROPERTY.match(line)):
                name, optional, type_ = match.groups()
                interface[name] = Property(name, type_.strip(), optional != "?")
            elif interface is not None and line.strip() == "}":
                interface = None
            elif interface is not None and line.strip():
                raise ValueError(f"unreadable line in a d.ts interface: {line!r}")
            elif match := _CLASS.match(line):
                api_class = self.methods.setdefault(match.group(1), {})
            elif api_class is not None and line.startswith("}"):
                api_class = None
            elif api_class is not None and (match := _METHOD.match(line)):
                api_class[match.group(1)] = match.group(2).strip()

    def returns(self, api: str, method: str) -> str:
        """The declared type of what ``api.method`` resolves with (``Models.ContactList``, ``void``, ...)."""
        return self.methods[api][method]

    def audit(self, raw: Any, type_: str, path: str = "$", owner: str = "") -> list[Finding]:
        """Every place where ``raw`` (parsed JSON) does not fit the d.ts type ``type_``; empty when it fits."""
        type_ = type_.strip()
        owner = owner or type_
        if type_ in ("any", "object"):
            return []
        if type_ == "void":
            return [] if raw in (None, "") else [Finding(owner, path, "wrong-type", f"void declared, got {raw!r}")]
        if raw is None:  # JSON null: absent for TypeScript's optional properties; required ones are checked apart
            return []
        if match := _ARRAY.match(type_):
            if not isinstance(raw, list):
                return [Finding(owner, path, "wrong-type", f"{type_} expected, got {_json_type(raw)}")]
            return [f for i, item in enumerate(raw) for f in self.audit(item, match.group(1), f"{path}[{i}]", owner)]
        if match := _MAP.match(type_):
            if not isinstance(raw, dict):
                return [Finding(owner, path, "wrong-type", f"{type_} expected, got {_json_type(raw)}")]
            value_type = match.group(1) or match.group(2)
            return [f for key, item in raw.items() for f in self.audit(item, value_type, f"{path}.{key}", owner)]
        if "|" in type_:
            return self._audit_union(raw, type_, path, owner)
        if type_ in _PRIMITIVES:
            if _json_type(raw) != type_:
                return [Finding(owner, path, "wrong-type", f"{type_} expected, got {raw!r}")]
            return []
        if type_.startswith("Models."):
            return self._audit_interface(raw, type_[len("Models.") :], path)
        raise ValueError(f"unsupported d.ts type {type_!r} at {path}")

    def _audit_union(self, raw: Any, type_: str, path: str, owner: str) -> list[Finding]:
        members = [member.strip() for member in type_.split("|")]
        if not all(_LITERAL.match(member) for member in members):
            raise ValueError(f"unsupported d.ts union {type_!r} at {path}")
        allowed = [member[1:-1] for member in members]
        if raw not in allowed or not isinstance(raw, str):
            return [Finding(owner, path, "not-in-union", f"{raw!r} is not one of {allowed}")]
        return []

    def _audit_interface(self, raw: Any, name: str, path: str) -> list[Finding]:
        declared = self.interfaces[name]
        if not isinstance(raw, dict):
            return [Finding(name, path, "wrong-type", f"{name} object expected, got {_json_type(raw)}")]
        findings = [
            Finding(name, f"{path}.{key}", "unknown-property", f"{name} declares no {key!r}")
            for key in raw
            if key not in declared
        ]
        findings += [
            Finding(
                name,
                f"{path}.{prop.name}",
                "missing-required",
                f"{name} declares {prop.name!r} without '?', the body has "
                + ("null" if prop.name in raw else "no such property"),
            )
            for prop in declared.values()
            if prop.required and raw.get(prop.name) is None
        ]
        for key, value in raw.items():
            if key in declared:
                findings += self.audit(value, declared[key].type, f"{path}.{key}", name)
        return findings


_PRIMITIVES = ("string", "number", "boolean")


def _json_type(raw: Any) -> str:
    if isinstance(raw, bool):
        return "boolean"
    if isinstance(raw, (int, float)):
        return "number"
    if isinstance(raw, str):
        return "string"
    if isinstance(raw, list):
        return "array"
    return "object" if isinstance(raw, dict) else type(raw).__name__
