"""Every validation rule of the conversations area (facts §8; seeds 002 and 003).

Checks live in calls.py and state.py; each names its rule here. Codes are the real API's where the facts sheet
gives one; where it gives none the rule says so in ``real_org`` and uses the generic code that fits. The seeds'
wrong shapes need no rule of their own: ``participantAddress``/``type`` are unknown properties
(``CORE-UNKNOWN-PROPERTY``) and ``POST /api/v2/conversations`` is a route that does not exist (404); both get an
``X-Mock-Hint`` (seed_hints.py).
"""

from __future__ import annotations

from typing import Any

from mockserver.core.rules import Rule, register

STRICT = frozenset({"strict"})
SEED_002 = "seeds/002_d54abf44b23f1b46.txt"


def _rule(id: str, summary: str, source: str, real_org: str, code: str, **kw: Any) -> Rule:
    return Rule(
        id=id,
        area="conversations",
        summary=summary,
        source=source,
        real_org=real_org,
        status=kw.pop("status", 400),
        code=code,
        **kw,
    )


RULES = (
    _rule(
        "CONV-CREATE-TOO-MANY-DESTINATIONS",
        "a CreateCallRequest with more than one destination style "
        "(phoneNumber, callUserId, callQueueId, participants, conversationIds)",
        "facts §8.1, §8.2 (SW18)",
        "same (conf M)",
        "too.many.create.conversation.parameters",
        message="Only one of phoneNumber, callUserId, callQueueId, participants or conversationIds may be "
        "given; the request has [{given}].",
    ),
    _rule(
        "CONV-CREATE-NO-DESTINATION",
        "a CreateCallRequest with no destination at all (blank strings and empty lists count as absent)",
        "facts §8.2 (one destination style per request)",
        "rejected; the code is not documented (conf L): constraint.validation is what the API answers for a "
        "missing required value",
        "constraint.validation",
        message="A destination is required: one of phoneNumber, callUserId, callQueueId, participants or "
        "conversationIds.",
    ),
    _rule(
        "CONV-CREATE-E164",
        "phoneNumber or participants[].address that is not a well-formed E.164 number "
        "(tel: prefix allowed; leading +, known country code, possible length)",
        f"{SEED_002}; facts §8.2",
        "the edge dials whatever it can route; an unroutable number fails the call (disconnected, error), "
        "not the request",
        "invalid.value",
        profiles=STRICT,
    ),
    _rule(
        "CONV-DESTINATION-EMPTY",
        "a participants[] Destination with none of address, userId or queueId",
        "facts §8.2, §12 (Destination.address was required in 2018)",
        "rejected; the code is not documented (conf L)",
        "constraint.validation",
    ),
    _rule(
        "CONV-CREATE-MERGE-UNKNOWN",
        "a conversationIds entry (POST calls, or PATCH calls/{id}) that is not an "
        "active call of the logged-in user, or a PATCH merge into the call itself or into an ended call",
        "facts §8.2 (conversationIds merges existing calls); vendor-sdk-docs/Conversation.md (conversationIds: "
        "conversations to merge into this conversation to create a conference)",
        "rejected; the code is not documented (conf L)",
        "invalid.value",
    ),
    _rule(
        "CONV-NOT-PARTICIPANT",
        "GET or PATCH /api/v2/conversations/calls/{id} by a user who is not in the call",
        "facts §8.1 (the calls routes act for the logged-in user)",
        "403 or 404; not documented (conf L). GET/DELETE /api/v2/conversations/{id} only need the permission",
        "not.authorized",
        status=403,
    ),
    _rule(
        "CONV-PATCH-STATE",
        "PATCH /api/v2/conversations/calls/{id} (or callbacks/{id}) with a state other "
        "than disconnected (or with none of state, recordingState and conversationIds)",
        "facts §8.4 (on update only disconnected is accepted); vendor-sdk-docs/ConversationsApi.md "
        "(patch_conversations_call: recording state, merge, or disconnect)",
        "same (conf H for the rule, M for the code)",
        "invalid.value",
    ),
)

MEDIA_REQUEST = "vendor-sdk-docs/MediaParticipantRequest.md"
CALLBACK_COMMAND = "vendor-sdk-docs/CreateCallbackCommand.md"
CONFLICT_L = "the vendor documents no code for it (conf L); 409 general.conflict is the generic conflict (facts §2.2)"

CONTROL_RULES = (
    _rule(
        "CONV-USER-UNKNOWN",
        "POST /api/v2/conversations/calls/user/{userId} (or a callback's agentId) naming a "
        "user the mock does not know (its users are the login users of the settings and the users seeded "
        "calls name)",
        "vendor-sdk-docs/ConversationsApi.md (post_conversations_calls_user_user_id: the call is "
        "placed on behalf of userId); facts §8.1 (unknown resource: 404 not.found)",
        "an unknown user is refused; the code is not documented (conf L)",
        "not.found",
        status=404,
    ),
    _rule(
        "CONV-PARTICIPANT-STATE",
        "a participant PATCH (MediaParticipantRequest) with a state other than connected or disconnected",
        f"{MEDIA_REQUEST} (state: the possible values are connected and disconnected)",
        "same (conf M for the code)",
        "invalid.value",
    ),
    _rule(
        "CONV-PARTICIPANT-ENDED",
        "hold, mute, confine or connect a participant that has disconnected (the "
        "call is over, or that participant left it); wrap-up and disconnect stay allowed",
        f"{MEDIA_REQUEST}; facts §2.2 (409 general.conflict)",
        "refused: an ended communication cannot be held or muted; " + CONFLICT_L,
        "general.conflict",
        status=409,
        message="Participant {participantId} has disconnected: {change} is not possible.",
    ),
    _rule(
        "CONV-WRAPUP-CODE",
        "a wrap-up (participant PATCH wrapup, or POST …/communications/{id}/wrapup) without "
        "a code that is not provisional",
        "vendor-sdk-docs/WrapupInput.md (provisional: a pending save that need not name a code, so a final one does)",
        "rejected; the code is not documented (conf L)",
        "constraint.validation",
        message="{field} may not be null unless the wrap-up is provisional",
    ),
    _rule(
        "CONV-CALLBACK-QUEUE",
        "a CreateCallbackCommand with neither queueId nor routingData.queueId",
        f"{CALLBACK_COMMAND} (queueId: either queueId or routingData is required)",
        "same (conf M for the code)",
        "constraint.validation",
        message="Either queueId or routingData is required",
    ),
    _rule(
        "CONV-CALLBACK-NUMBERS",
        "a CreateCallbackCommand whose callbackNumbers is empty (or only blanks)",
        f"{CALLBACK_COMMAND} (callbackNumbers is required)",
        "same (conf M for the code)",
        "constraint.validation",
        message="callbackNumbers may not be empty",
    ),
    _rule(
        "CONV-CALLBACK-E164",
        "a callback number (create or PATCH callbacks) that is not E.164 (+ country code "
        "and number), unless countryCode says which country a national number belongs to",
        f"{SEED_002} (E.164 numbers for calls); {CALLBACK_COMMAND} (countryCode)",
        "numbers are checked only with validateCallbackNumbers: true (rule CONV-CALLBACK-VALIDATE)",
        "invalid.value",
        profiles=STRICT,
    ),
    _rule(
        "CONV-CALLBACK-VALIDATE",
        "validateCallbackNumbers: true and a callback number that is not a possible "
        "phone number (in countryCode's country when it has no +)",
        f"{CALLBACK_COMMAND} (validateCallbackNumbers: validate the numbers' phone-number format)",
        "same (conf M for the code)",
        "invalid.value",
    ),
    _rule(
        "CONV-CALLBACK-ENDED",
        "PATCH /api/v2/conversations/callbacks (reschedule, reassign) on a callback that has been disconnected",
        "vendor-sdk-docs/PatchCallbackRequest.md; facts §2.2",
        "refused; " + CONFLICT_L,
        "general.conflict",
        status=409,
        message="Callback {conversationId} has been disconnected and cannot be changed.",
    ),
)

register(*RULES, *CONTROL_RULES)
