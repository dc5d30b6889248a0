"""The SDK's ``ApiException`` carries the mock's status, its Genesys ErrorBody and the correlation id.

An SDK user reads ``exc.status``, parses ``exc.body`` (the SDK leaves it a string) and quotes the
``ININ-Correlation-Id`` header to support; each of those must work for the statuses a client meets in practice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator

import PureCloudPlatformClientV2 as sdk
import pytest
import urllib3
from PureCloudPlatformClientV2.rest import ApiException

from tests.sdk.audit import audit
from tests.sdk.common import VIEWER
from tests.sdk.conftest import SdkSession, login
from tests.sdk.helpers import add_contacts, model, new_list
from tests.server.conftest import ServerProcess, running_server

pytestmark = pytest.mark.server

RATE_LIMIT = 3  # requests per token and window on the rate-limited server


class _RawResponse:
    """What ``ApiClient.deserialize`` needs of a response, built from an ApiException."""

    def __init__(self, error: ApiException) -> None:
        self.data, self._headers = error.body, error.headers

    def getheader(self, name: str, default: Any = None) -> Any:
        return self._headers.get(name, default)


def raises_error(
    api: SdkSession, status: int, code: str, call: Callable[..., Any], *args: Any, **kwargs: Any
) -> tuple[sdk.ErrorBody, ApiException]:
    """``call`` raises the SDK's ApiException for ``status``; its body is the ErrorBody with ``code``."""
    with pytest.raises(ApiException) as caught:
        call(*args, **kwargs)
    error = caught.value
    assert error.status == status, str(error)
    raw = json.loads(error.body)
    assert not audit(raw, "ErrorBody"), audit(raw, "ErrorBody")
    body = api.api_client.deserialize(_RawResponse(error), "ErrorBody")
    assert isinstance(body, sdk.ErrorBody)
    assert (body.status, body.code) == (status, code), raw
    assert body.message and body.details is not None and body.errors is not None
    correlation_id = error.headers.get("ININ-Correlation-Id")
    assert correlation_id and body.context_id == correlation_id
    return body, error


def test_400_bad_request(api: SdkSession) -> None:
    created = new_list(api)
    raises_error(api, 400, "no.contacts.specified", api.outbound.delete_outbound_contactlist_contacts, created.id, [])


def test_400_not_a_user_for_a_call_with_client_credentials(api: SdkSession) -> None:
    body = model(sdk.CreateCallRequest, phone_number="+13175550100")
    raises_error(api, 400, "not.a.user", api.conversations.post_conversations_calls, body)


def test_400_with_field_details(api: SdkSession) -> None:
    search = model(sdk.ContactListingRequest, page_number=0, page_size=10)
    created = new_list(api)
    body, _ = raises_error(
        api, 400, "invalid.value", api.outbound.post_outbound_contactlist_contacts_search, created.id, search
    )
    assert body.message_params  # the SDK keeps the parameters of the message as a dict


def test_401_unknown_token(api: SdkSession) -> None:
    api.api_client.access_token = "not-a-token-the-mock-issued"
    raises_error(api, 401, "bad.credentials", api.outbound.get_outbound_contactlists)


@pytest.mark.parametrize("operation", ["postOutboundContactlists", "getOutboundContactlistExport"])
def test_403_missing_permissions(sdk_server: ServerProcess, api: SdkSession, operation: str) -> None:
    viewer = login(sdk_server, VIEWER["client_id"], VIEWER["client_secret"])
    if operation == "postOutboundContactlists":
        body = model(sdk.ContactList, name="not allowed", column_names=["phone"])
        error, _ = raises_error(
            viewer, 403, "missing.any.permissions", viewer.outbound.post_outbound_contactlists, body
        )
        assert "outbound:contactList:add" in error.message
    else:  # an ALL-permissions route: the viewer has one of the two
        created = new_list(api)
        error, _ = raises_error(
            viewer, 403, "missing.permissions", viewer.outbound.get_outbound_contactlist_export, created.id
        )
        assert "outbound:contact:view" in error.message and "contactList:view" not in error.message


def test_404_unknown_ids(api: SdkSession) -> None:
    body, _ = raises_error(api, 404, "not.found", api.outbound.get_outbound_contactlist, "no-such-list")
    assert body.message
    created = new_list(api)
    raises_error(api, 404, "not.found", api.outbound.get_outbound_contactlist_contact, created.id, "no-such-contact")
    raises_error(api, 404, "not.found", api.external.get_externalcontacts_contact, "no-such-contact")


def test_409_stale_version(api: SdkSession) -> None:
    created = new_list(api)
    add_contacts(api, created.id, 1)
    fresh = api.accept(api.outbound.get_outbound_contactlist(created.id), "ContactList")
    fresh.name = created.name + "-renamed"
    api.accept(api.outbound.put_outbound_contactlist(created.id, fresh), "ContactList")
    # ``created`` still carries version 1: the write it would make was based on a list that has changed since.
    created.name += "-stale"
    raises_error(api, 409, "invalid.update.wrong.version", api.outbound.put_outbound_contactlist, created.id, created)


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    workdir: Path = tmp_path_factory.mktemp("sdk-rate-limited")
    config = {"log_requests": False, "rate_limit": {"requests": RATE_LIMIT, "window_seconds": 3600}}
    with running_server(workdir, config=config) as server:
        yield server


def test_429_rate_limited(limited_server: ServerProcess) -> None:
    api = login(limited_server, retries=False)  # see _disable_urllib3_retries: the SDK would sleep and retry
    for _ in range(RATE_LIMIT):
        api.accept(api.outbound.get_outbound_contactlists(), "ContactListEntityListing")
    body, error = raises_error(api, 429, "too.many.requests.retry.after", api.outbound.get_outbound_contactlists)
    retry_after = int(error.headers["Retry-After"])
    assert 0 < retry_after <= 3600 and error.headers["inin-ratelimit-allowed"] == str(RATE_LIMIT)
    assert body.message_params["retryAfter"] == str(retry_after)
    # What the SDK's default client (urllib3 ``Retry()``) makes of this answer, without waiting it out: a retry
    # after exactly the mock's Retry-After.
    default_retry = urllib3.Retry()
    answer = urllib3.HTTPResponse(status=429, headers=error.headers)
    assert default_retry.is_retry("GET", 429, has_retry_after=True)
    assert default_retry.get_retry_after(answer) == retry_after
