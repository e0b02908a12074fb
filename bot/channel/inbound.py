"""Reading an inbound activity from an HTTP body, refusing what is not one."""

from __future__ import annotations

import json
from urllib.parse import urlsplit


class MalformedActivity(Exception):
    """The body is not an activity we can process; the reason is safe to show."""


def parse_activity(raw: bytes) -> dict:
    """The activity as JSON data, with the fields every turn relies on checked."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedActivity("body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise MalformedActivity("body must be a JSON object")
    for field in ("type", "channelId", "serviceUrl"):
        if not _non_empty_string(body.get(field)):
            raise MalformedActivity(f"missing or invalid '{field}'")
    if urlsplit(body["serviceUrl"]).scheme not in ("http", "https"):
        raise MalformedActivity("'serviceUrl' must be an http(s) URL")
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not _non_empty_string(conversation.get("id")):
        raise MalformedActivity("missing or invalid 'conversation.id'")
    if body.get("id") is not None and not _non_empty_string(body["id"]):
        raise MalformedActivity("'id' must be a non-empty string")
    for field in ("from", "recipient", "channelData"):
        if body.get(field) is not None and not isinstance(body[field], dict):
            raise MalformedActivity(f"'{field}' must be an object")
    return body


def _non_empty_string(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
