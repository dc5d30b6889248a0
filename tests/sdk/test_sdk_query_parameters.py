"""Every query parameter an SDK method can send is one the mock declares, and the SDK-only filters work.

Regression: SDK v269's ``get_outbound_contactlists`` sends ``timeZone`` and ``dateExpiration`` (facts §5.2); the mock
used to ignore both silently, so a filtered query returned lists the caller had excluded.
"""

from __future__ import annotations

import inspect
import re
from datetime import datetime, timezone

import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from contracts.operations import OPERATIONS, Operation
from tests.sdk.conftest import SdkSession
from tests.sdk.helpers import new_list

SDK_APIS = (sdk.OutboundApi, sdk.ConversationsApi, sdk.ExternalContactsApi)
NO_SDK_METHOD = {"postUploadsV2Contactlist": "the upload host is not in the Platform API swagger"}


def sdk_method(operation: Operation):  # noqa: ANN201 (an unbound generated method)
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", operation.operation_id).lower()
    found = [getattr(api, name) for api in SDK_APIS if hasattr(api, name)]
    assert len(found) == 1, f"{operation.operation_id}: expected one SDK method {name}, found {len(found)}"
    return found[0]


def sdk_query_parameters(operation: Operation) -> set[str]:
    """The query parameters the generated method fills in (``query_params['x'] = …`` in its source)."""
    return set(re.findall(r"query_params\['(\w+)'\]", inspect.getsource(sdk_method(operation))))


@pytest.mark.parametrize(
    "operation", [op for op in OPERATIONS if op.operation_id not in NO_SDK_METHOD], ids=lambda op: op.operation_id
)
def test_the_table_declares_the_sdks_query_parameters(operation: Operation) -> None:
    declared = {param.name for param in operation.query}
    assert sdk_query_parameters(operation) == declared


def test_operations_without_an_sdk_method_really_have_none() -> None:
    for operation_id in NO_SDK_METHOD:
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
        assert not any(hasattr(api, name) for api in SDK_APIS), name


@pytest.mark.server
def test_time_zone_filter(api: SdkSession) -> None:
    paris = new_list(api, time_zone="Europe/Paris")
    new_list(api, time_zone="America/New_York", name=paris.name + "-ny")
    page = api.accept(
        api.outbound.get_outbound_contactlists(name=paris.name, time_zone="Europe/Paris"), "ContactListEntityListing"
    )
    assert [(e.id, e.time_zone) for e in page.entities] == [(paris.id, "Europe/Paris")]


@pytest.mark.server
def test_date_expiration_filter(api: SdkSession) -> None:
    soon = new_list(api, date_expiration=datetime(2031, 1, 1, tzinfo=timezone.utc))
    later = new_list(api, date_expiration=datetime(2032, 1, 1, tzinfo=timezone.utc), name=soon.name + "-later")
    never = new_list(api, name=soon.name + "-never")

    def names(*values: str) -> list[str]:
        page = api.accept(
            api.outbound.get_outbound_contactlists(name=soon.name, date_expiration=list(values), sort_by="name"),
            "ContactListEntityListing",
        )
        return [e.name for e in page.entities]

    assert names() == [soon.name, later.name, never.name]
    assert names("greaterthan:2031-06-01T00:00:00Z") == [later.name]
    assert names("greaterthanequalto:2031-01-01T00:00:00.000Z", "lessthan:2032-01-01T00:00:00Z") == [soon.name]
    assert names("2032-01-01T00:00:00Z") == [later.name]  # no prefix: equals
    with pytest.raises(ApiException) as caught:
        names("after:tomorrow")
    assert caught.value.status == 400 and "invalid.query.param.value" in caught.value.body
