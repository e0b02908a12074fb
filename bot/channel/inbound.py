"""Reading an inbound activity from an HTTP body, refusing what is not one.

Everything an activity says is checked here, before any of it reaches a turn
or the database, and a refusal is a 400 with a short reason, never a 500:
the JSON's depth, every string (no NUL, no lone surrogates: PostgreSQL
refuses both), the type of every field a turn reads, and the length of every
value that is stored (the limits below are the platform's, or the columns').
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urlsplit

MAX_DEPTH = 32
# Bounds of what is stored. Entra allows display names of 256 characters; tenant
# and object ids are GUIDs; Teams' conversation ids stay far below 512.
LIMITS = {
    "type": 64, "id": 1024, "channelId": 64, "serviceUrl": 2048, "locale": 32, "name": 256,
    "replyToId": 1024, "text": 50_000,
}
ACCOUNT_LIMITS = {"id": 256, "name": 256, "aadObjectId": 64}
CONVERSATION_LIMITS = {"id": 512, "conversationType": 32, "tenantId": 64}
TENANT_LIMIT = 64


class MalformedActivity(Exception):
    """The body is not an activity we can process; the reason is safe to show."""


def parse_activity(raw: bytes) -> dict:
    """The activity as JSON data, with every field a turn relies on checked."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedActivity("body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise MalformedActivity("body must be a JSON object")
    _check_values(body, 0)
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
    _check_fields(body, LIMITS, "")
    _check_fields(conversation, CONVERSATION_LIMITS, "conversation.")
    if not isinstance(body.get("from"), dict):
        raise MalformedActivity("missing or invalid 'from'")
    for field in ("from", "recipient"):
        account = body.get(field)
        if account is None:
            continue
        if not isinstance(account, dict) or not _non_empty_string(account.get("id")):
            raise MalformedActivity(f"'{field}' must be an object with an 'id'")
        _check_fields(account, ACCOUNT_LIMITS, f"{field}.")
    _check_shapes(body)
    tenant_of(body)  # refuses two different tenants
    return body


def tenant_of(activity: dict) -> str | None:
    """The Entra tenant an activity comes from, read in one place for everyone: Teams
    sends it in `channelData.tenant.id`, and on `conversation.tenantId`; when both are
    there they must agree."""
    in_channel = ((activity.get("channelData") or {}).get("tenant") or {}).get("id")
    in_conversation = (activity.get("conversation") or {}).get("tenantId")
    if in_channel and in_conversation and in_channel != in_conversation:
        raise MalformedActivity("the activity names two different tenants")
    return in_channel or in_conversation or None


def _check_values(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise MalformedActivity("the activity is nested too deeply")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_values(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_values(item, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise MalformedActivity("numbers must be finite")


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise MalformedActivity("text must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise MalformedActivity("text must be valid Unicode (no lone surrogates)") from exc


def _check_fields(owner: dict, limits: dict[str, int], prefix: str) -> None:
    for field, limit in limits.items():
        value = owner.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise MalformedActivity(f"'{prefix}{field}' must be a string")
        if len(value) > limit:
            raise MalformedActivity(f"'{prefix}{field}' is longer than {limit} characters")


def _check_shapes(body: dict) -> None:
    """The nested fields a turn reads have the types Teams sends."""
    for field in ("channelData", "conversation"):
        if body.get(field) is not None and not isinstance(body[field], dict):
            raise MalformedActivity(f"'{field}' must be an object")
    tenant = (body.get("channelData") or {}).get("tenant")
    if tenant is not None:
        if not isinstance(tenant, dict):
            raise MalformedActivity("'channelData.tenant' must be an object")
        _check_fields(tenant, {"id": TENANT_LIMIT}, "channelData.tenant.")
    for field in ("entities", "attachments", "membersAdded", "membersRemoved"):
        items = body.get(field)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise MalformedActivity(f"'{field}' must be a list of objects")
    for member in [*(body.get("membersAdded") or ()), *(body.get("membersRemoved") or ())]:
        if not isinstance(member.get("id"), str):
            raise MalformedActivity("every member must have an 'id'")
        _check_fields(member, ACCOUNT_LIMITS, "member.")
    for entity in body.get("entities") or ():
        mentioned = entity.get("mentioned")
        if mentioned is not None and not isinstance(mentioned, dict):
            raise MalformedActivity("'entities[].mentioned' must be an object")


def _non_empty_string(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
