"""What /api/messages answers for bad requests, crashes, duplicates and invokes."""

from __future__ import annotations

import json

from tests.support.fakes.activities import card_action_invoke, teams_activity


async def post_raw(http, bot, data: bytes, *, token: str | None, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    async with http.post(f"{bot.url}/api/messages", data=data, headers=headers) as response:
        return response.status, await response.text()


async def post(http, bot, identity, activity):
    token = identity.mint(service_url=activity["serviceUrl"])
    return await post_raw(http, bot, json.dumps(activity).encode(), token=token)


async def test_healthz(http, bot):
    async with http.get(f"{bot.url}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_malformed_json_is_400_with_a_short_json_error(http, bot, identity, connector):
    status, text = await post_raw(http, bot, b'{"type": "message",', token=identity.mint())
    assert status == 400
    assert json.loads(text) == {"error": "body is not valid JSON"}


async def test_missing_required_fields_are_400(http, bot, identity, connector, echo_bot):
    for field in ("type", "channelId", "serviceUrl"):
        activity = teams_activity(connector.url)
        del activity[field]
        token = identity.mint(service_url=connector.url)
        status, text = await post_raw(http, bot, json.dumps(activity).encode(), token=token)
        assert status == 400, field
        assert field in json.loads(text)["error"]
    without_conversation_id = teams_activity(connector.url, conversation={"tenantId": "x"})
    assert (await post(http, bot, identity, without_conversation_id))[0] == 400
    not_http = teams_activity("file:///etc/passwd")
    assert (await post(http, bot, identity, not_http))[0] == 400
    for body in (b"[]", b'"message"', b"null"):
        assert (await post_raw(http, bot, body, token=identity.mint()))[0] == 400
    assert echo_bot.turns == []


async def test_fields_of_the_wrong_type_are_400_not_500(http, bot, identity, connector):
    activity = teams_activity(connector.url, timestamp="not a time")
    status, text = await post(http, bot, identity, activity)
    assert status == 400
    assert "Traceback" not in text


async def test_wrong_content_type_is_415(http, bot, identity, connector):
    body = json.dumps(teams_activity(connector.url)).encode()
    status, _ = await post_raw(http, bot, body, token=identity.mint(), content_type="text/plain")
    assert status == 415


async def test_oversized_body_is_413(http, bot, identity, connector, echo_bot):
    activity = teams_activity(connector.url, text="x" * 400_000)
    status, text = await post(http, bot, identity, activity)
    assert status == 413
    assert json.loads(text) == {"error": "body too large"}
    assert echo_bot.turns == []


async def test_crash_in_the_logic_is_500_without_details_and_logged(
    http, bot, identity, connector, caplog
):
    status, text = await post(http, bot, identity, teams_activity(connector.url, text="krascha"))
    assert status == 500
    assert json.loads(text) == {"error": "internal error"}
    assert "secret internal detail" not in text
    assert "secret internal detail" in caplog.text


async def test_duplicate_delivery_runs_the_logic_once(http, bot, identity, connector, echo_bot):
    activity = teams_activity(connector.url, text="en gång")
    assert (await post(http, bot, identity, activity))[0] == 200
    assert (await post(http, bot, identity, activity))[0] == 200
    assert echo_bot.turns == [activity["id"]]
    assert connector.texts("a:1personal-chat") == ["eko: en gång"]


async def test_same_activity_id_in_another_conversation_is_not_a_duplicate(
    http, bot, identity, connector, echo_bot
):
    first = teams_activity(connector.url, conversation_id="a:one")
    second = {**first, "conversation": {**first["conversation"], "id": "a:two"}}
    await post(http, bot, identity, first)
    await post(http, bot, identity, second)
    assert len(echo_bot.turns) == 2


async def test_a_failed_turn_runs_again_when_the_channel_retries(
    http, bot, identity, connector, echo_bot
):
    activity = teams_activity(connector.url, text="hej")
    connector.fail_next(4, status=503)  # as many as the retry policy tries
    assert (await post(http, bot, identity, activity))[0] == 500
    assert (await post(http, bot, identity, activity))[0] == 200
    assert echo_bot.turns == [activity["id"], activity["id"]]
    assert connector.texts("a:1personal-chat") == ["eko: hej"]


async def test_invoke_returns_the_handlers_invoke_response(http, bot, identity, connector):
    invoke = card_action_invoke(connector.url, "next", {"step": 2})
    status, text = await post(http, bot, identity, invoke)
    assert status == 200
    body = json.loads(text)
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert body["value"]["body"][0]["text"] == "steg 2"
    assert connector.requests == []  # the answer travels in the HTTP response, not outbound


async def test_duplicate_invoke_gets_the_same_answer_without_running_again(
    http, bot, identity, connector, echo_bot
):
    invoke = card_action_invoke(connector.url, "next", {"step": 3})
    first = await post(http, bot, identity, invoke)
    again = await post(http, bot, identity, invoke)
    assert first == again
    assert echo_bot.turns == [invoke["id"]]


async def test_the_handlers_own_invoke_answer_is_passed_through(http, bot, identity, connector):
    # The stock echo handler answers an invoke it does not know with 501 itself; the
    # edge passes a handler's answer on unchanged (the bot's own handler answers 200).
    invoke = teams_activity(connector.url, type="invoke", name="something/unknown", value={})
    status, _ = await post(http, bot, identity, invoke)
    assert status == 501
