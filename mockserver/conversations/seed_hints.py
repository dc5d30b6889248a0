"""``X-Mock-Hint``s for the tutorials' call mistakes (facts §11 c, f). The error bodies stay exactly the real ones.

Seed 002 nests ``participantAddress{id,type}`` and a ``type`` in each participant and adds ``wrapUpCode`` and
``skillRequirements``: unknown properties, 400 ``invalid.property``. Seed 003 POSTs ``{contactId, type,
initialMessage}`` to ``/api/v2/conversations``, where only GET exists: 404 ``not.found`` (facts §2.2: the real
API declares no 405).
"""

from __future__ import annotations

from mockserver.core import hints

_FLAT = (
    "Destination is flat: put the number in address (E.164, e.g. +15551234567 or tel:+15551234567), or set "
    "userId or queueId; for a single call send top-level phoneNumber instead of participants"
)

PROPERTY_HINTS: dict[tuple[str, str], str] = {
    ("Destination", "participantAddress"): _FLAT,
    ("Destination", "type"): "Destination has no type (the kind of party follows from which of address, userId "
    "or queueId is set). " + _FLAT,
    ("Destination", "id"): _FLAT,
    ("CreateCallRequest", "wrapUpCode"): "a call is not created with a wrap-up code; wrap-up is set on the "
    "agent's participant after the call",
    ("CreateCallRequest", "skillRequirements"): "use routingSkillsIds (string[]) or routingSkillExpression, "
    "together with callQueueId",
    ("CreateCallRequest", "toAddress"): "toAddress belongs to POST /api/v2/conversations/messages; a call takes "
    "phoneNumber",
}

NO_CREATE_ROUTE = (
    "there is no POST /api/v2/conversations: create a call with POST /api/v2/conversations/calls "
    "(CreateCallRequest: phoneNumber, callUserId, callQueueId, participants or conversationIds) or "
    "an SMS/WhatsApp/open message with POST /api/v2/conversations/messages (queueId, toAddress, "
    "toAddressMessengerType)"
)


def register() -> None:
    for (model, name), hint in PROPERTY_HINTS.items():
        hints.property_hint(model, name, hint)
    hints.route_hint("POST", r"/api/v2/conversations/?", NO_CREATE_ROUTE)


register()
