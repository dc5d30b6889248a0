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
    return Rule(id=id, area="conversations", summary=summary, source=source, real_org=real_org,
                status=kw.pop("status", 400), code=code, **kw)


RULES = (
    _rule("CONV-CREATE-TOO-MANY-DESTINATIONS", "a CreateCallRequest with more than one destination style "
          "(phoneNumber, callUserId, callQueueId, participants, conversationIds)", "facts §8.1, §8.2 (SW18)",
          "same (conf M)", "too.many.create.conversation.parameters",
          message="Only one of phoneNumber, callUserId, callQueueId, participants or conversationIds may be "
                  "given; the request has [{given}]."),
    _rule("CONV-CREATE-NO-DESTINATION", "a CreateCallRequest with no destination at all (blank strings and empty "
          "lists count as absent)", "facts §8.2 (one destination style per request)",
          "rejected; the code is not documented (conf L): constraint.validation is what the API answers for a "
          "missing required value", "constraint.validation",
          message="A destination is required: one of phoneNumber, callUserId, callQueueId, participants or "
                  "conversationIds."),
    _rule("CONV-CREATE-E164", "phoneNumber or participants[].address that is not a well-formed E.164 number "
          "(tel: prefix allowed; leading +, known country code, possible length)", f"{SEED_002}; facts §8.2",
          "the edge dials whatever it can route; an unroutable number fails the call (disconnected, error), "
          "not the request", "invalid.value", profiles=STRICT),
    _rule("CONV-DESTINATION-EMPTY", "a participants[] Destination with none of address, userId or queueId",
          "facts §8.2, §12 (Destination.address was required in 2018)",
          "rejected; the code is not documented (conf L)", "constraint.validation"),
    _rule("CONV-CREATE-MERGE-UNKNOWN", "a conversationIds entry (POST calls, or PATCH calls/{id}) that is not an "
          "active call of the logged-in user, or a PATCH merge into the call itself or into an ended call",
          "facts §8.2 (conversationIds merges existing calls); vendor-sdk-docs/Conversation.md (conversationIds: "
          "conversations to merge into this conversation to create a conference)",
          "rejected; the code is not documented (conf L)", "invalid.value"),
    _rule("CONV-NOT-PARTICIPANT", "GET or PATCH /api/v2/conversations/calls/{id} by a user who is not in the call",
          "facts §8.1 (the calls routes act for the logged-in user)",
          "403 or 404; not documented (conf L). GET/DELETE /api/v2/conversations/{id} only need the permission",
          "not.authorized", status=403),
    _rule("CONV-PATCH-STATE", "PATCH /api/v2/conversations/calls/{id} with a state other than disconnected "
          "(or with none of state, recordingState and conversationIds)",
          "facts §8.4 (on update only disconnected is accepted); vendor-sdk-docs/ConversationsApi.md "
          "(patch_conversations_call: recording state, merge, or disconnect)",
          "same (conf H for the rule, M for the code)", "invalid.value"),
)

register(*RULES)
