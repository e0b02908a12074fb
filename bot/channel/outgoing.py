"""Our plain answers (text or Adaptive Card dict) as Bot Framework activities."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, Attachment, TextFormatTypes

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def to_activity(message: str | dict[str, Any]) -> Activity:
    if isinstance(message, str):
        activity = MessageFactory.text(message)
        # Our catalog texts use **bold**; user text inside them is already inert.
        activity.text_format = TextFormatTypes.markdown
        return activity
    activity = MessageFactory.attachment(CardFactory.adaptive_card(message))
    return activity


def card_attachment_activity(card: dict[str, Any], activity_id: str) -> Activity:
    """An update of an earlier card message, in place."""
    activity = to_activity(card)
    activity.id = activity_id
    return activity


def attachment_activity(attachment: dict[str, Any]) -> Activity:
    """A message with one attachment given as Bot Framework JSON (e.g. a file card)."""
    return MessageFactory.attachment(Attachment(
        content_type=attachment["contentType"], name=attachment.get("name"),
        content=attachment.get("content"), content_url=attachment.get("contentUrl")))
