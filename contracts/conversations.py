"""Call-conversation contracts: creating a call and reading calls and conversations (facts §8).

JSON names and enum values follow the official SDK v269 (``call_conversation.py``, ``participant.py`` …).
Two shapes describe a participant: ``CallMediaParticipant`` (``/conversations/calls``) and ``Participant``
(``/conversations/{id}``, with per-media arrays such as ``calls``). Enum casing differs between them on
purpose: ``recordingState`` is lower-case on ``CallConversation``/``CallMediaParticipant``/``Call`` and
upper-case on ``Conversation`` (facts §8.4, §12 "keep both as declared").
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from contracts.base import ApiModel, GenesysDateTime, read_only
from contracts.common import DomainEntityRef, EntityListing, ErrorInfo

# --- enums (facts §8.3, §8.4; SDK ``allowed_values``) -------------------------------------------------

CallRecordingState = Literal["none", "active", "paused"]
"""``recordingState`` on CallConversation, CallMediaParticipant and Call: lower-case."""

ConversationRecordingState = Literal["ACTIVE", "PAUSED", "NONE"]
"""``recordingState`` on Conversation: upper-case (the SDK declares it so; facts §8.4)."""

ParticipantState = Literal[
    "alerting",
    "dialing",
    "contacting",
    "offering",
    "connected",
    "disconnected",
    "terminated",
    "converting",
    "uploading",
    "transmitting",
    "parked",
    "none",
]
"""State of a CallMediaParticipant and of a Conversation (12 values, includes ``parked``)."""

CallState = Literal[
    "alerting",
    "dialing",
    "contacting",
    "offering",
    "connected",
    "disconnected",
    "terminated",
    "converting",
    "uploading",
    "transmitting",
    "none",
]
"""State of a ``Call`` leg inside ``Participant.calls`` (11 values: no ``parked``)."""

Direction = Literal["inbound", "outbound"]

ParticipantDisconnectType = Literal[
    "endpoint",
    "endpoint.donotdisturb",
    "client",
    "system",
    "transfer",
    "transfer.conference",
    "transfer.consult",
    "transfer.donotdisturb",
    "transfer.forward",
    "transfer.noanswer",
    "transfer.notavailable",
    "transport.failure",
    "error",
    "peer",
    "other",
    "spam",
    "inactivity",
    "session.expired",
    "takeover",
]
"""``disconnectType`` of a CallMediaParticipant (facts §8.3)."""

CallDisconnectType = Literal[
    "endpoint",
    "endpoint.donotdisturb",
    "client",
    "system",
    "timeout",
    "transfer",
    "transfer.conference",
    "transfer.consult",
    "transfer.donotdisturb",
    "transfer.forward",
    "transfer.noanswer",
    "transfer.notavailable",
    "transport.failure",
    "error",
    "peer",
    "other",
    "spam",
    "uncallable",
]
"""``disconnectType`` of a Call: adds ``timeout``/``uncallable``; lacks ``inactivity``, ``session.expired``
and ``takeover`` (facts §8.4)."""

FlaggedReason = Literal["general"]

WrapupPrompt = Literal["mandatory", "optional", "agentRequested", "timeout", "forcedTimeout"]
"""Enum on ``Participant.wrapupPrompt`` only; ``CallMediaParticipant.wrapupPrompt`` is a free string in the SDK."""

ScreenRecordingState = Literal["requested", "active", "paused", "stopped", "error", "timeout"]

DisconnectReasonType = Literal["q850", "sip"]

AfterCallWorkState = Literal["unknown", "notApplicable", "skipped", "pending", "complete"]


# --- creating a call (facts §8.2) ---------------------------------------------------------------------


class Destination(ApiModel):
    """One party of an ad-hoc conference in ``CreateCallRequest.participants``.

    Flat fields only: the tutorial's ``participantAddress{id,type}`` does not exist (facts §11 c).
    ``address`` was required in 2018 and is optional now (facts §12).
    """

    address: str | None = None
    name: str | None = None
    user_id: str | None = None
    queue_id: str | None = None


class CreateCallRequest(ApiModel):
    """Body of ``POST /api/v2/conversations/calls``: every field optional (facts §8.2).

    That exactly one destination style is used is a catalogue rule (``too.many.create.conversation.parameters``).
    """

    phone_number: str | None = None
    caller_id: str | None = None
    caller_id_name: str | None = None
    call_from_queue_id: str | None = None
    call_queue_id: str | None = None
    call_user_id: str | None = None
    priority: int | None = None
    attributes: dict[str, str] | None = None
    language_id: str | None = None
    routing_skills_ids: list[str] | None = None
    routing_skill_expression: str | None = None
    conversation_ids: list[str] | None = None
    participants: list[Destination] | None = None
    uui_data: str | None = None
    external_contact_id: str | None = None
    label: str | None = None


class CreateCallResponse(ApiModel):
    """Answer (200) to a call create: the new conversation's id and ``selfUri`` (facts §8.2)."""

    id: str | None = read_only("The new conversation id.")
    name: str | None = None
    self_uri: str | None = read_only()


# --- shared sub-models --------------------------------------------------------------------------------


class Wrapup(ApiModel):
    """After-call wrap-up of a participant or call leg (facts §8.3)."""

    code: str | None = None
    name: str | None = None
    notes: str | None = None
    tags: list[str] | None = None
    duration_seconds: int | None = None
    end_time: GenesysDateTime | None = None
    provisional: bool | None = None


class DivisionEntityRef(DomainEntityRef):
    """Entity inside a division membership: a reference plus ``dateDivisionUpdated``."""

    date_division_updated: GenesysDateTime | None = None


class ConversationDivisionMembership(ApiModel):
    """Which division a conversation belongs to and through which entities (facts §8.3 ``divisions``)."""

    division: DomainEntityRef | None = None
    entities: list[DivisionEntityRef] | None = None


# --- GET /api/v2/conversations/calls (facts §8.3) -----------------------------------------------------


class CallMediaParticipant(ApiModel):
    """A participant as ``/api/v2/conversations/calls`` shows it (the useful subset of facts §8.3).

    Omitted on purpose (rarely needed, large nested shapes): ``faxStatus``, ``recordersState``,
    ``journeyContext``, ``disposition``. ``conversationRoutingData`` is kept as a loose object.
    The real API sends boolean defaults such as ``held: false`` explicitly; they round-trip as given.
    """

    id: str | None = None
    name: str | None = None
    address: str | None = None
    start_time: GenesysDateTime | None = None
    start_alerting_time: GenesysDateTime | None = None
    connected_time: GenesysDateTime | None = None
    end_time: GenesysDateTime | None = None
    start_hold_time: GenesysDateTime | None = None
    purpose: str | None = None
    state: ParticipantState | None = None
    direction: Direction | None = None
    disconnect_type: ParticipantDisconnectType | None = None
    held: bool | None = None
    wrapup_required: bool | None = None
    wrapup_prompt: str | None = None
    media_roles: list[str] | None = None
    user: DomainEntityRef | None = None
    queue: DomainEntityRef | None = None
    team: DomainEntityRef | None = None
    attributes: dict[str, str] | None = None
    error_info: ErrorInfo | None = None
    script: DomainEntityRef | None = None
    wrapup_timeout_ms: int | None = None
    wrapup_skipped: bool | None = None
    alerting_timeout_ms: int | None = None
    provider: str | None = None
    external_contact: DomainEntityRef | None = None
    external_contact_initial_division_id: str | None = None
    external_organization: DomainEntityRef | None = None
    wrapup: Wrapup | None = None
    peer: str | None = None
    flagged_reason: FlaggedReason | None = None
    conversation_routing_data: dict[str, Any] | None = None
    start_acw_time: GenesysDateTime | None = None
    end_acw_time: GenesysDateTime | None = None
    park_time: GenesysDateTime | None = None
    resume_time: GenesysDateTime | None = None
    muted: bool | None = None
    confined: bool | None = None
    recording: bool | None = None
    recording_state: CallRecordingState | None = None
    group: DomainEntityRef | None = None
    ani: str | None = None
    dnis: str | None = None
    document_id: str | None = None
    monitored_participant_id: str | None = None
    coached_participant_id: str | None = None
    barged_participant_id: str | None = None
    consult_participant_id: str | None = None
    uui_data: str | None = None
    barged_time: GenesysDateTime | None = None
    secure_pause: bool | None = None
    transfer_source: str | None = None
    client_ip_address: str | None = None


class CallConversation(ApiModel):
    """A call as ``GET /api/v2/conversations/calls[/{id}]`` returns it (facts §8.3).

    It has no ``startTime``/``endTime``/``state``: those live on ``Conversation`` and on participants.
    ``recentTransfers`` items (SDK ``TransferResponse``) are kept as loose objects.
    """

    id: str | None = read_only()
    name: str | None = None
    participants: list[CallMediaParticipant] | None = None
    other_media_uris: list[str] | None = None
    recent_transfers: list[dict[str, Any]] | None = None
    utilization_label_id: str | None = None
    inactivity_timeout: GenesysDateTime | None = None
    divisions: list[ConversationDivisionMembership] | None = None
    recording_state: CallRecordingState | None = None
    max_participants: int | None = None
    secure_pause: bool | None = None
    self_uri: str | None = read_only()


class CallConversationEntityListing(EntityListing[CallConversation]):
    """Page of the logged-in user's active calls (``GET /api/v2/conversations/calls``)."""


# --- GET /api/v2/conversations/{id} (facts §8.4) ------------------------------------------------------


class Segment(ApiModel):
    """A time segment of a call leg (``Call.segments``); ``type``/``howEnded`` are free strings in the SDK."""

    start_time: GenesysDateTime | None = None
    end_time: GenesysDateTime | None = None
    type: str | None = None
    how_ended: str | None = None
    disconnect_type: str | None = None


class Address(ApiModel):
    """The ``self``/``other`` end of a call leg (facts §8.4)."""

    name: str | None = None
    name_raw: str | None = None
    address_normalized: str | None = None
    address_raw: str | None = None
    address_displayable: str | None = None


class DisconnectReason(ApiModel):
    """A Q.850 or SIP cause in ``Call.disconnectReasons``."""

    type: DisconnectReasonType | None = None
    code: int | None = None
    phrase: str | None = None
    reason: str | None = None


class AfterCallWork(ApiModel):
    """After-call-work window of a call leg."""

    start_time: GenesysDateTime | None = None
    end_time: GenesysDateTime | None = None
    state: AfterCallWorkState | None = None


class Call(ApiModel):
    """One call leg in ``Participant.calls`` (facts §8.4).

    Omitted (rarely needed nested shapes): ``recordersState``, ``faxStatus``, ``queueMediaSettings``,
    ``disposition``. The JSON name ``self`` is held in the attribute ``self_``.
    """

    state: CallState | None = None
    initial_state: CallState | None = None
    id: str | None = None
    direction: Direction | None = None
    recording: bool | None = None
    recording_state: CallRecordingState | None = None
    muted: bool | None = None
    confined: bool | None = None
    held: bool | None = None
    secure_pause: bool | None = None
    recording_id: str | None = None
    segments: list[Segment] | None = None
    error_info: ErrorInfo | None = None
    disconnect_type: CallDisconnectType | None = None
    start_hold_time: GenesysDateTime | None = None
    document_id: str | None = None
    start_alerting_time: GenesysDateTime | None = None
    connected_time: GenesysDateTime | None = None
    disconnected_time: GenesysDateTime | None = None
    disconnect_reasons: list[DisconnectReason] | None = None
    provider: str | None = None
    script_id: str | None = None
    peer_id: str | None = None
    uui_data: str | None = None
    self_: Address | None = Field(default=None, alias="self")
    other: Address | None = None
    wrapup: Wrapup | None = None
    after_call_work: AfterCallWork | None = None
    after_call_work_required: bool | None = None
    agent_assistant_id: str | None = None
    transfer_source: str | None = None
    client_ip_address: str | None = None


class Callback(ApiModel):
    """One callback leg in ``Participant.callbacks`` (vendor-sdk-docs/Callback.md; the subset the mock shows).

    ``state`` adds ``scheduled`` to the participant states: a callback waits so until its scheduled time.
    """

    state: (
        Literal[
            "alerting",
            "dialing",
            "contacting",
            "offering",
            "connected",
            "disconnected",
            "terminated",
            "scheduled",
            "none",
        ]
        | None
    ) = None
    initial_state: (
        Literal[
            "alerting",
            "dialing",
            "contacting",
            "offering",
            "connected",
            "disconnected",
            "terminated",
            "scheduled",
            "none",
        ]
        | None
    ) = None
    id: str | None = None
    direction: Direction | None = None
    held: bool | None = None
    disconnect_type: (
        Literal[
            "endpoint",
            "client",
            "system",
            "timeout",
            "transfer",
            "transfer.conference",
            "transfer.consult",
            "transfer.forward",
            "transfer.noanswer",
            "transfer.notavailable",
            "transport.failure",
            "error",
            "peer",
            "other",
            "spam",
            "uncallable",
        ]
        | None
    ) = None
    start_hold_time: GenesysDateTime | None = None
    start_alerting_time: GenesysDateTime | None = None
    connected_time: GenesysDateTime | None = None
    disconnected_time: GenesysDateTime | None = None
    callback_numbers: list[str] | None = None
    callback_user_name: str | None = None
    script_id: str | None = None
    external_campaign: bool | None = None
    skip_enabled: bool | None = None
    timeout_seconds: int | None = None
    callback_scheduled_time: GenesysDateTime | None = None
    provider: str | None = None
    peer_id: str | None = None
    wrapup: Wrapup | None = None
    caller_id: str | None = None
    caller_id_name: str | None = None


class Participant(ApiModel):
    """A participant of a ``Conversation`` (facts §8.4): flat ids plus per-media arrays.

    Only the ``calls`` and ``callbacks`` arrays are modelled; ``chats``, ``cobrowsesessions``, ``emails``,
    ``messages``, ``internalMessages``, ``screenMonitorings``, ``screenshares``, ``socialExpressions``,
    ``videos`` and ``evaluations`` are out of scope for a call mock and are omitted.
    """

    id: str | None = None
    start_time: GenesysDateTime | None = None
    end_time: GenesysDateTime | None = None
    connected_time: GenesysDateTime | None = None
    name: str | None = None
    user_uri: str | None = None
    user_id: str | None = None
    external_contact_id: str | None = None
    external_contact_initial_division_id: str | None = None
    external_organization_id: str | None = None
    queue_id: str | None = None
    group_id: str | None = None
    team_id: str | None = None
    queue_name: str | None = None
    purpose: str | None = None
    participant_type: str | None = None
    consult_participant_id: str | None = None
    address: str | None = None
    ani: str | None = None
    ani_name: str | None = None
    dnis: str | None = None
    locale: str | None = None
    wrapup_required: bool | None = None
    wrapup_prompt: WrapupPrompt | None = None
    wrapup_timeout_ms: int | None = None
    wrapup_skipped: bool | None = None
    wrapup: Wrapup | None = None
    media_roles: list[str] | None = None
    conversation_routing_data: dict[str, Any] | None = None
    alerting_timeout_ms: int | None = None
    monitored_participant_id: str | None = None
    coached_participant_id: str | None = None
    attributes: dict[str, str] | None = None
    calls: list[Call] | None = None
    callbacks: list[Callback] | None = None
    screen_recording_state: ScreenRecordingState | None = None
    flagged_reason: FlaggedReason | None = None
    start_acw_time: GenesysDateTime | None = None
    end_acw_time: GenesysDateTime | None = None
    barged_participant_id: str | None = None


class Conversation(ApiModel):
    """A conversation of any media (``GET /api/v2/conversations/{id}``; PATCH body of calls/{id}) (facts §8.4).

    ``recordingState`` is UPPER-case here. On update only ``state: disconnected`` is accepted — a catalogue
    rule, not a model constraint. ``recentTransfers`` items are kept as loose objects.
    """

    id: str | None = read_only()
    name: str | None = None
    external_tag: str | None = None
    start_time: GenesysDateTime | None = None
    end_time: GenesysDateTime | None = None
    address: str | None = None
    participants: list[Participant] | None = None
    conversation_ids: list[str] | None = None
    max_participants: int | None = None
    recording_state: ConversationRecordingState | None = None
    state: ParticipantState | None = None
    divisions: list[ConversationDivisionMembership] | None = None
    recent_transfers: list[dict[str, Any]] | None = None
    secure_pause: bool | None = None
    utilization_label_id: str | None = None
    inactivity_timeout: GenesysDateTime | None = None
    self_uri: str | None = read_only()


class ConversationEntityListing(EntityListing[Conversation]):
    """Page of ``GET /api/v2/conversations``."""
