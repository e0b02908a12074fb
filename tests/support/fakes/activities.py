"""Inbound activities shaped like the ones Microsoft Teams posts to a bot."""

from __future__ import annotations

import itertools
from typing import Any

TENANT = "11111111-2222-4333-8444-555555555555"
BOT_ID = "28:00000000-0000-4000-8000-00000000b07"
USER_ID = "29:1user-aad-object"
_ids = itertools.count(1)


def teams_activity(
    service_url: str,
    *,
    type: str = "message",
    text: str | None = "hej",
    conversation_id: str = "a:1personal-chat",
    tenant: str = TENANT,
    locale: str = "sv-SE",
    **fields: Any,
) -> dict[str, Any]:
    """A personal-chat activity; keyword fields are added or replace the defaults."""
    activity: dict[str, Any] = {
        "type": type,
        "id": f"f:{next(_ids)}",
        "timestamp": "2026-11-20T13:30:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": USER_ID, "name": "Test Person", "aadObjectId": "aad-user-1"},
        "conversation": {"id": conversation_id, "conversationType": "personal", "tenantId": tenant},
        "recipient": {"id": BOT_ID, "name": "DSO-boten"},
        "channelData": {"tenant": {"id": tenant}},
        "locale": locale,
    }
    if type == "message":
        activity["text"] = text
    activity.update(fields)
    return activity


def card_action_invoke(service_url: str, verb: str, data: dict[str, Any], **fields: Any) -> dict:
    """An `adaptiveCard/action` invoke, as Teams sends for Action.Execute."""
    value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    return teams_activity(
        service_url, type="invoke", name="adaptiveCard/action", value=value, **fields
    )
