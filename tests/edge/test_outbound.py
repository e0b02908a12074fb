"""Outbound calls: retries on 429/5xx, typed errors, the app token, proactive operations."""

from __future__ import annotations

import asyncio
import itertools
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import aiohttp
import pytest
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

from bot.channel.connector import (
    ConnectorClient,
    ConnectorError,
    ConnectorForbidden,
    ConnectorNotFound,
)
from bot.channel.retry import RetryPolicy, parse_retry_after
from bot.channel.server import ADAPTER
from bot.channel.tokens import AppTokenError, AppTokenProvider
from bot.settings import Settings
from tests.support.fakes.activities import BOT_ID, TENANT, USER_ID, teams_activity
from tests.support.fakes.settings import settings_for


async def post(http, bot, identity, activity):
    token = identity.mint(service_url=activity["serviceUrl"])
    headers = {"Authorization": f"Bearer {token}"}
    async with http.post(f"{bot.url}/api/messages", json=activity, headers=headers) as response:
        return response.status


def gaps(connector) -> list[float]:
    times = [r.at for r in connector.requests]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


async def test_throttled_reply_waits_as_long_as_retry_after_says(http, bot, identity, connector):
    connector.fail_next(1, status=429, retry_after="1")
    assert await post(http, bot, identity, teams_activity(connector.url, text="hej")) == 200
    assert connector.texts("a:1personal-chat") == ["eko: hej"]
    assert len(connector.requests) == 2
    assert gaps(connector)[0] >= 0.95


async def test_server_errors_back_off_exponentially_then_give_up(
    http, start_bot, identity, connector, echo_bot
):
    policy = RetryPolicy(max_attempts=4, base_delay=0.05, max_delay=1.0)
    connector.fail_next(100, status=503)
    async with start_bot(settings_for(identity), retry=policy) as bot:
        status = await post(http, bot, identity, teams_activity(connector.url))
    assert status == 500  # the channel will redeliver; nothing was sent
    assert len(connector.requests) == 4
    first, _, third = gaps(connector)
    assert third > first
    assert connector.activities == {}


async def test_app_token_is_fetched_once_and_reused(http, bot, identity, connector):
    for n in range(5):
        assert await post(http, bot, identity, teams_activity(connector.url, text=str(n))) == 200
    assert identity.token_requests == 1
    assert len(connector.texts("a:1personal-chat")) == 5  # every call carried a valid token


async def test_token_close_to_expiry_is_refreshed(identity):
    identity.token_lifetime = 4 * 60  # inside the five-minute margin: never reusable
    tokens = AppTokenProvider(settings_for(identity))
    first = await tokens.token()
    second = await tokens.token()
    assert first != second
    assert identity.token_requests == 2


async def test_concurrent_callers_share_one_token_request(identity):
    tokens = AppTokenProvider(settings_for(identity))
    results = await asyncio.gather(*(tokens.token() for _ in range(20)))
    assert len(set(results)) == 1 and identity.is_valid_access_token(results[0])
    assert identity.token_requests == 1


async def test_wrong_app_password_is_an_app_token_error(identity):
    tokens = AppTokenProvider(settings_for(identity, app_password="wrong"))
    with pytest.raises(AppTokenError, match="invalid_client"):
        await tokens.token()


async def test_no_app_token_in_development_mode(identity):
    assert await AppTokenProvider(Settings()).token() is None
    assert identity.token_requests == 0


@pytest.fixture
async def client(identity):
    async with aiohttp.ClientSession() as session:
        policy = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02)
        yield ConnectorClient(session, AppTokenProvider(settings_for(identity)), retry=policy,
                              service_urls=settings_for(identity).service_urls)


async def test_forbidden_is_a_typed_error_and_not_retried(client, connector):
    connector.fail_next(1, status=403)
    with pytest.raises(ConnectorForbidden) as caught:
        await client.send_to_conversation(connector.url, "a:gone", {"type": "message"})
    assert caught.value.status == 403
    assert len(connector.requests) == 1


async def test_unknown_member_is_not_found(client, connector):
    with pytest.raises(ConnectorNotFound):
        await client.get_conversation_member(connector.url, "a:chat", "29:nobody")


async def test_ids_with_url_syntax_reach_the_right_conversation(client, connector):
    channel_thread = "19:abc@thread.tacv2;messageid=1700000000000"
    await client.send_to_conversation(connector.url, channel_thread, {"type": "message"})
    assert len(connector.activities[channel_thread]) == 1


def test_retry_after_as_http_date():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert parse_retry_after(later, now=now) == 7
    assert parse_retry_after(format_datetime(now - timedelta(seconds=9), usegmt=True), now=now) == 0
    assert parse_retry_after("3") == 3
    assert parse_retry_after("soon") is None


def test_retry_after_beyond_the_limit_gives_up_instead_of_blocking_a_turn():
    policy = RetryPolicy(max_retry_after=60)
    assert policy.delay(1, "30") == 30
    assert policy.delay(1, "3600") is None


def reference(connector) -> ConversationReference:
    return ConversationReference(
        channel_id="msteams",
        service_url=connector.url,
        conversation=ConversationAccount(id="a:1personal-chat", tenant_id=TENANT),
        bot=ChannelAccount(id=BOT_ID),
        user=ChannelAccount(id=USER_ID),
    )


async def test_proactive_message_through_a_stored_reference(bot, connector):
    async def remind(turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text("Påminnelse"))

    await bot.app[ADAPTER].continue_conversation(reference(connector), remind)
    sent = connector.activities["a:1personal-chat"]
    assert [a["text"] for a in sent] == ["Påminnelse"]
    assert "replyToId" not in sent[0]  # a new message, not a reply


async def test_update_and_delete_an_activity_in_a_turn(bot, connector):
    async def edit(turn_context: TurnContext) -> None:
        sent = await turn_context.send_activity(MessageFactory.text("Version 1"))
        replacement = MessageFactory.text("Version 2")
        replacement.id = sent.id
        await turn_context.update_activity(replacement)
        await turn_context.delete_activity(sent.id)

    await bot.app[ADAPTER].continue_conversation(reference(connector), edit)
    [sent] = connector.activities["a:1personal-chat"]
    assert connector.updates["a:1personal-chat"][0]["text"] == "Version 2"
    assert connector.updates["a:1personal-chat"][0]["id"] == sent["id"]
    assert connector.deletions["a:1personal-chat"] == [sent["id"]]


async def test_create_a_personal_conversation_and_read_a_member(bot, connector):
    adapter = bot.app[ADAPTER]
    conversation_id = await adapter.create_personal_conversation(
        connector.url, tenant_id=TENANT, user_id=USER_ID, bot_id=BOT_ID
    )
    assert conversation_id.startswith("a:")
    created = connector.created[0]
    assert created["members"] == [{"id": USER_ID}]
    assert created["channelData"] == {"tenant": {"id": TENANT}}
    connector.add_member(conversation_id, {"id": USER_ID, "name": "Test Person", "email": "t@x.se"})
    member = await adapter.get_conversation_member(connector.url, conversation_id, USER_ID)
    assert (member.name, member.email) == ("Test Person", "t@x.se")


async def test_reply_payload_is_a_bot_framework_activity(http, bot, identity, connector):
    await post(http, bot, identity, teams_activity(connector.url, text="hej", locale="en-US"))
    reply = connector.activities["a:1personal-chat"][0]
    assert reply["type"] == "message"
    assert reply["from"]["id"] == BOT_ID and reply["recipient"]["id"] == USER_ID
    assert reply["conversation"]["id"] == "a:1personal-chat"
    json.dumps(reply)  # plain JSON all the way


async def test_connector_refuses_calls_without_a_valid_app_token(connector):
    async with aiohttp.ClientSession() as session:
        anonymous = ConnectorClient(session, AppTokenProvider(Settings()),
                                    service_urls=Settings().service_urls)
        with pytest.raises(ConnectorError) as caught:
            await anonymous.send_to_conversation(connector.url, "a:1", {"type": "message"})
    assert caught.value.status == 401
    assert connector.activities == {}
