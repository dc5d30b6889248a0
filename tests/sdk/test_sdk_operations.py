"""Every operation of the table, called through the official SDK against a running mock.

``SCENARIOS`` (filled by the ``scenarios_*.py`` modules) maps each operationId of contracts/operations.py to a
function that calls it the way an SDK user would, checks that the SDK read the answer into its own model without
losing anything (``SdkSession.accept``) and that the key fields came back as sent. The test is parametrised over
the table, not over ``SCENARIOS``: a new row without a scenario fails, and each scenario must really have sent its
operation (recorded by the SDK's pre-request hook).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import tests.sdk.scenarios_calls  # noqa: F401 (registers its scenarios)
import tests.sdk.scenarios_control  # noqa: F401
import tests.sdk.scenarios_dialer  # noqa: F401
import tests.sdk.scenarios_external  # noqa: F401
import tests.sdk.scenarios_jobs  # noqa: F401
import tests.sdk.scenarios_notes  # noqa: F401
import tests.sdk.scenarios_orgs  # noqa: F401
import tests.sdk.scenarios_outbound  # noqa: F401
from contracts.operations import BY_ID
from tests.sdk.conftest import SdkSession
from tests.sdk.helpers import SCENARIOS, Ctx, add_contacts, new_list, place_call, upload_csv, wait_for_import
from tests.server.conftest import http_client

# --- the table drives the test ---------------------------------------------------------------------------------


def test_every_operation_has_an_sdk_scenario() -> None:
    assert sorted(SCENARIOS) == sorted(BY_ID), {
        "operations without a scenario": sorted(set(BY_ID) - set(SCENARIOS)),
        "scenarios of unknown operations": sorted(set(SCENARIOS) - set(BY_ID)),
    }


@pytest.mark.server
@pytest.mark.parametrize("operation_id", list(BY_ID))
def test_operation_through_the_sdk(operation_id: str, api: SdkSession, user_api: SdkSession, tmp_path: Path) -> None:
    run = SCENARIOS.get(operation_id)
    assert run is not None, f"no SDK scenario for {operation_id}: add one to SCENARIOS"
    run(Ctx(api, user_api, tmp_path))
    called = set(api.operations_called) | set(user_api.operations_called)
    assert operation_id in called, f"the scenario never sent {operation_id} through the SDK (sent: {sorted(called)})"


# --- more of what the mock answers, read by the SDK ------------------------------------------------------------


@pytest.mark.server
@pytest.mark.parametrize(
    ("number", "seconds", "party_type", "leg_type"),
    [
        ("+13175550110", 40, "system", "timeout"),  # no answer
        ("+13175550130", 5, "error", "error"),  # invalid number
        ("+13175550140", 5, "endpoint", "endpoint"),  # busy
        ("+13175550112", 10, "endpoint", "endpoint"),  # the far end hangs up
    ],
)
def test_ended_calls_read_in_the_sdk(
    user_api: SdkSession, number: str, seconds: float, party_type: str, leg_type: str
) -> None:
    """Each way a call ends brings its own enum values and fields (disconnect types, Q.850 reasons, errorInfo)."""
    conversation_id = place_call(user_api, number)
    user_api.advance_clock(seconds)
    call = user_api.accept(user_api.conversations.get_conversations_call(conversation_id), "CallConversation")
    far = next(p for p in call.participants if p.purpose == "external")
    assert (far.state, far.disconnect_type, far.address) == ("disconnected", party_type, "tel:" + number)
    conversation = user_api.accept(user_api.conversations.get_conversation(conversation_id), "Conversation")
    far_legs = [leg for p in conversation.participants if p.purpose == "external" for leg in p.calls]
    assert [(leg.state, leg.disconnect_type) for leg in far_legs] == [("disconnected", leg_type)]
    assert all(reason.type == "q850" and reason.code > 0 for reason in far_legs[0].disconnect_reasons)
    assert isinstance(conversation.end_time, datetime)


@pytest.mark.server
def test_a_failed_import_reads_in_the_sdk(api: SdkSession, tmp_path: Path) -> None:
    created = new_list(api)
    upload_csv(api, created.id, "firstName,notAColumn\nAnn,x\n", tmp_path)
    status = wait_for_import(api, created.id)
    assert status.state == "FAILED" and "notAColumn" in status.failure_reason
    found = api.accept(
        api.outbound.get_outbound_contactlist(created.id, include_import_status=True, include_size=True), "ContactList"
    )
    assert found.import_status.state == "FAILED" and found.size == 0


@pytest.mark.server
def test_an_export_uploaded_back_updates_in_place(api: SdkSession, tmp_path: Path) -> None:
    """The round trip the official Terraform provider makes: export, edit the file, upload it with
    ``contact-id-name=inin-outbound-id``; the same contacts change, none are added."""
    created = new_list(api)
    added = add_contacts(api, created.id, 2)
    api.accept(api.outbound.post_outbound_contactlist_export(created.id), "DomainEntityRef")
    export = api.accept(api.outbound.get_outbound_contactlist_export(created.id), "ExportUri")
    with http_client(api.base_url) as client:
        exported = client.get(export.uri).text
    upload_csv(api, created.id, exported.replace("Ann", "Bob"), tmp_path, contact_id_name="inin-outbound-id")
    assert wait_for_import(api, created.id).completed_records == 2
    found = api.accept(
        api.outbound.post_outbound_contactlist_contacts_bulk(created.id, [c.id for c in added]), "list[DialerContact]"
    )
    assert sorted((c.id, c.data["firstName"]) for c in found) == sorted(
        (c.id, "Bob" + c.data["firstName"][3:]) for c in added
    )
    size = api.accept(api.outbound.get_outbound_contactlist(created.id, include_size=True), "ContactList").size
    assert size == 2
