"""Building blocks of the SDK scenarios: the registry, SDK models from keyword arguments, fresh lists, contacts, calls.

Everything goes through the SDK's API classes and is checked with :meth:`SdkSession.accept`, so the set-up steps of
one scenario are also SDK-compatibility checks of the operations they use.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any, Callable, TypeVar

import PureCloudPlatformClientV2 as sdk
import pytest
from PureCloudPlatformClientV2.rest import ApiException

from tests.sdk.conftest import SdkSession

M = TypeVar("M")
COLUMNS = ["firstName", "phone", "email"]
CALLED_NUMBER = "+13175550100"  # a reserved test number that answers after 2 s (docs/emulated.md)
IMPORT_DEADLINE = 15.0  # seconds for a small CSV import to finish at full speed


def model(cls: type[M], **attributes: Any) -> M:
    """An SDK model with ``attributes`` set (the generated constructors take no arguments)."""
    instance = cls()
    for name, value in attributes.items():
        setattr(instance, name, value)
    return instance


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def new_list(api: SdkSession, **attributes: Any) -> sdk.ContactList:
    defaults = dict(
        name=unique("sdk-list"),
        column_names=list(COLUMNS),
        phone_columns=[model(sdk.ContactPhoneNumberColumn, column_name="phone", type="cell")],
        email_columns=[model(sdk.EmailColumn, column_name="email", type="work")],
    )
    body = model(sdk.ContactList, **{**defaults, **attributes})
    created = api.accept(api.outbound.post_outbound_contactlists(body), "ContactList")
    assert created.id and created.name == body.name and created.column_names == COLUMNS
    return created


def contact_data(n: int) -> dict[str, str]:
    return {"firstName": f"Ann{n}", "phone": f"+1317555{n:04d}", "email": f"ann{n}@example.com"}


def add_contacts(api: SdkSession, list_id: str, count: int) -> list[sdk.DialerContact]:
    body = [model(sdk.WritableDialerContact, contact_list_id=list_id, data=contact_data(n)) for n in range(count)]
    added = api.accept(api.outbound.post_outbound_contactlist_contacts(list_id, body), "list[DialerContact]")
    assert [c.data for c in added] == [contact_data(n) for n in range(count)]
    assert all(c.id and c.contact_list_id == list_id for c in added)
    return added


def status_of(error: pytest.ExceptionInfo[ApiException]) -> int:
    return error.value.status


def assert_gone(call: Any, *args: Any) -> None:
    """``call(*args)`` now raises the SDK's ApiException for a 404."""
    with pytest.raises(ApiException) as error:
        call(*args)
    assert status_of(error) == 404, error.value.body


def upload_csv(
    api: SdkSession, list_id: str, csv_text: str, tmp_path: Path, contact_id_name: str | None = None
) -> dict[str, Any]:
    """``POST /uploads/v2/contactlist`` through ``ApiClient.call_api``: the SDK has no method for the upload host.

    The form is the one the real route takes (file, id, fileType); ``files`` makes the SDK read the file and send
    ``multipart/form-data`` with it, as its generated methods do for file parameters.
    """
    path = tmp_path / f"{list_id}.csv"
    path.write_text(csv_text, encoding="utf-8")
    result = api.api_client.call_api(
        "/uploads/v2/contactlist",
        "POST",
        header_params={"Content-Type": "multipart/form-data", "Accept": "application/json"},
        post_params=[
            ("id", list_id),
            ("fileType", "contactlist"),
            *([("contact-id-name", contact_id_name)] if contact_id_name else []),
        ],
        files={"file": str(path)},
        response_type="object",
        auth_settings=["PureCloud OAuth"],
    )
    return api.accept(result, "object")


def wait_for_import(api: SdkSession, list_id: str) -> sdk.ImportStatus:
    """Poll the import status through the SDK until it is FAILED or at 100 percent (deadline, no sleep)."""
    end = time.monotonic() + IMPORT_DEADLINE
    while time.monotonic() < end:
        status = api.accept(api.outbound.get_outbound_contactlist_importstatus(list_id), "ImportStatus")
        if status.state == "FAILED" or status.percent_complete == 100:
            return status
    raise AssertionError(f"the import into {list_id} did not finish within {IMPORT_DEADLINE} s")


def place_call(user_api: SdkSession, number: str = CALLED_NUMBER) -> str:
    created = user_api.accept(
        user_api.conversations.post_conversations_calls(model(sdk.CreateCallRequest, phone_number=number)),
        "CreateCallResponse",
    )
    assert created.id and created.id in (created.self_uri or ""), created
    return created.id


def new_external_contact(api: SdkSession, **attributes: Any) -> sdk.ExternalContact:
    body = model(
        sdk.ExternalContact,
        first_name="Grace",
        last_name=unique("Hopper"),
        title="Rear Admiral",
        work_email=f"{unique('grace')}@example.com",
        cell_phone=model(sdk.PhoneNumber, display="+1 317 555 0100"),
        address=model(sdk.ContactAddress, address1="1 Navy Way", city="Arlington", country_code="US"),
        **attributes,
    )
    created = api.accept(api.external.post_externalcontacts_contacts(body), "ExternalContact")
    assert created.id and (created.first_name, created.last_name) == (body.first_name, body.last_name)
    assert created.work_email == body.work_email and created.address.city == "Arlington"
    assert created.cell_phone.e164 == "+13175550100"  # computed by the server from ``display``
    return created


def claim(api: SdkSession, contact_id: str) -> sdk.ContactIdentifier:
    identifier = model(sdk.ContactIdentifier, type="Cookie", value=unique("cookie"))
    body = model(sdk.IdentifierClaimRequest, operation="Claim", identifier=identifier)
    claimed = api.accept(api.external.patch_externalcontacts_contact_identifiers(contact_id, body), "ContactIdentifier")
    assert (claimed.type, claimed.value) == ("Cookie", identifier.value)
    return claimed


class Ctx:
    """What a scenario gets: an SDK client with client credentials, one with a user's token, a scratch dir."""

    def __init__(self, api: SdkSession, user_api: SdkSession, tmp_path: Path) -> None:
        self.api, self.user_api, self.tmp_path = api, user_api, tmp_path


Scenario = Callable[[Ctx], None]
SCENARIOS: dict[str, Scenario] = {}


def scenario(operation_id: str) -> Callable[[Scenario], Scenario]:
    def register(function: Scenario) -> Scenario:
        assert operation_id not in SCENARIOS, operation_id
        SCENARIOS[operation_id] = function
        return function

    return register
