"""Hostile and malformed input found by fuzzing gets a 4xx with a reason, never a 500."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest

from tests.support.fakes.activities import card_action_invoke, teams_activity


async def _post(http, bot, body: bytes, authorization: bytes | str | None):
    """A raw request, so that headers can carry what aiohttp's client would not send."""
    host, port = bot.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (f"POST /api/messages HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n").encode()
    if authorization is not None:
        value = authorization if isinstance(authorization, bytes) else authorization.encode()
        head += b"Authorization: " + value + b"\r\n"
    writer.write(head + b"\r\n" + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    status = int(response.split(b" ", 2)[1])
    return status, response.split(b"\r\n\r\n", 1)[1].decode("utf-8", "replace")


async def test_a_non_ascii_authorization_header_is_401(http, bot, connector, echo_bot):
    body = json.dumps(teams_activity(connector.url)).encode()
    status, _ = await _post(http, bot, body, "Bearer åäö.ÅÄÖ.x".encode())
    assert status == 401
    assert echo_bot.turns == []


async def test_a_token_nested_a_thousand_levels_deep_is_401(http, bot, connector, echo_bot):
    def b64(raw: str) -> str:
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    payload = '{"a": ' + "[" * 1000 + "]" * 1000 + "}"
    token = f"{b64(json.dumps({'alg': 'RS256', 'kid': 'x'}))}.{b64(payload)}.c2ln"
    status, _ = await _post(http, bot, json.dumps(teams_activity(connector.url)).encode(),
                            f"Bearer {token}")
    assert status == 401
    assert echo_bot.turns == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'"rev": 1e400', "numbers must be finite"),
        (b'"text": "ok\\u0000nul"', "text must not contain NUL characters"),
        (b'"text": "lone \\ud800 surrogate"', "text must be valid Unicode (no lone surrogates)"),
        (b'"x": ' + b'{"d": ' * 100 + b"1" + b"}" * 100, "the activity is nested too deeply"),
    ],
)
async def test_values_no_database_can_store_are_refused_at_the_edge(
    http, bot, identity, connector, echo_bot, raw, reason
):
    body = json.dumps(teams_activity(connector.url)).encode()
    body = body[:-1] + b", " + raw + b"}"
    status, text = await _post(http, bot, body,
                               f"Bearer {identity.mint(service_url=connector.url)}")
    assert (status, json.loads(text)) == (400, {"error": reason})
    assert echo_bot.turns == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"from": {"id": "29:x", "name": "N" * 257}}, "'from.name' is longer than 256 characters"),
        ({"conversation": {"id": "a:" + "c" * 511}},
         "'conversation.id' is longer than 512 characters"),
        ({"channelData": {"tenant": {"id": "t" * 65}}},
         "'channelData.tenant.id' is longer than 64 characters"),
        ({"entities": [{"type": "mention", "mentioned": "everyone"}]},
         "'entities[].mentioned' must be an object"),
        ({"membersAdded": [{"name": "no id"}]}, "every member must have an 'id'"),
        ({"from": None}, "missing or invalid 'from'"),
    ],
)
async def test_wrong_shapes_and_lengths_are_400_with_a_reason(
    http, bot, identity, connector, echo_bot, change, reason
):
    activity = {**teams_activity(connector.url), **change}
    if "tenant" in json.dumps(change):
        activity["conversation"] = {**activity["conversation"], "tenantId": None}
    status, text = await _post(http, bot, json.dumps(activity).encode(),
                               f"Bearer {identity.mint(service_url=connector.url)}")
    assert (status, json.loads(text)) == (400, {"error": reason})
    assert echo_bot.turns == []


async def test_a_card_action_with_garbage_in_its_data_is_not_a_server_error(
    http, bot, identity, connector
):
    for data in ({"step": {"nested": [1, 2]}}, {"step": 2**70}, {"step": None}):
        invoke = card_action_invoke(connector.url, "next", data)
        status, _ = await _post(http, bot, json.dumps(invoke).encode(),
                                f"Bearer {identity.mint(service_url=connector.url)}")
        assert status < 500
