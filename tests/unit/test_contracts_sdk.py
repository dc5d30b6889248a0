"""Every contract model's JSON names and enum values exist in the official SDK's model of the same name.

The SDK (``PureCloudPlatformClientV2``, a test dependency) is generated from the real swagger, so it is a second,
independent reference next to the facts sheet: a misspelt alias or an invented enum value fails here.
"""

from __future__ import annotations

import inspect
import typing
from types import ModuleType
from typing import Any

import pytest

from contracts import common, conversations, externalcontacts, outbound
from contracts.base import ApiModel, json_names

# Models of ours that have no SDK twin of the same name, and why.
NO_SDK_TWIN = {
    "LoginError": "the login host's error shape is not in the Platform API swagger",
    "TokenResponse": "the SDK reads the token answer without a model",
    "EntityListing": "the generic envelope; each concrete listing is checked instead",
    "AddressableEntityRef": "a reference shape; the SDK names such models per use",
    "ContactListUploadResponse": "the upload host's answer is undocumented (facts §7.1)",
}


def _models(module: ModuleType) -> list[type[ApiModel]]:
    return [
        obj
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, ApiModel)
        and obj.__module__ == module.__name__
        and name.isidentifier()
        and name not in NO_SDK_TWIN
    ]


def _literal_values(annotation: Any) -> tuple[str, ...]:
    for arg in typing.get_args(annotation) or ():
        found = _literal_values(arg)
        if found:
            return found
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    return ()


@pytest.mark.parametrize("module", [common, outbound, conversations, externalcontacts], ids=lambda m: m.__name__)
def test_json_names_and_enums_match_the_sdk(module: ModuleType) -> None:
    sdk = pytest.importorskip("PureCloudPlatformClientV2")
    models = _models(module)
    assert models
    for model in models:
        sdk_class = getattr(sdk, model.__name__, None)
        assert sdk_class is not None, f"no SDK model named {model.__name__}"
        instance = sdk_class()
        sdk_names = set(instance.attribute_map.values())
        assert json_names(model) <= sdk_names, (model.__name__, sorted(json_names(model) - sdk_names))
        for attr, info in model.model_fields.items():
            for value in _literal_values(info.annotation):
                setattr(instance, attr, value)  # the SDK's setter turns unknown enum values into a marker
                assert getattr(instance, attr) == value, (model.__name__, attr, value)
