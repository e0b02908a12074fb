"""Fixtures for the channel edge: fake Microsoft services and the real bot app on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import aiohttp
import pytest
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue

from bot.channel.retry import RetryPolicy
from bot.channel.server import create_app
from bot.settings import Settings
from tests.support.fakes import FakeConnector, FakeIdentity, ServedApp
from tests.support.fakes.settings import settings_for

# Short waits so retry tests run in milliseconds.
FAST_RETRY = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05, max_retry_after=5)


class EchoBot(ActivityHandler):
    """Ordinary botbuilder handler code, so the edge is exercised the way the bot uses it."""

    def __init__(self) -> None:
        self.turns: list[str] = []

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        self.turns.append(turn_context.activity.id)
        if turn_context.activity.text == "krascha":
            raise RuntimeError("secret internal detail")
        await turn_context.send_activity(MessageFactory.text(f"eko: {turn_context.activity.text}"))

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        self.turns.append(turn_context.activity.id)
        card = {
            "type": "AdaptiveCard",
            "version": "1.5",
            "body": [{"type": "TextBlock", "text": f"steg {invoke_value.action['data']['step']}"}],
        }
        return AdaptiveCardInvokeResponse(
            status_code=200, type="application/vnd.microsoft.card.adaptive", value=card
        )


@pytest.fixture
async def identity() -> AsyncIterator[FakeIdentity]:
    async with FakeIdentity() as fake:
        yield fake


@pytest.fixture
async def connector(identity: FakeIdentity) -> AsyncIterator[FakeConnector]:
    async with FakeConnector(token_check=identity.is_valid_access_token) as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def echo_bot() -> EchoBot:
    return EchoBot()


@pytest.fixture
def start_bot(echo_bot: EchoBot) -> Callable:
    """`async with start_bot(settings) as bot:` serves the real app; bot.url, bot.app."""

    @asynccontextmanager
    async def start(settings: Settings, **options):
        options.setdefault("retry", FAST_RETRY)
        async with ServedApp(create_app(settings, echo_bot.on_turn, **options)) as served:
            yield served

    return start


@pytest.fixture
async def bot(start_bot, identity: FakeIdentity, connector: FakeConnector):
    async with start_bot(settings_for(identity)) as served:
        yield served
