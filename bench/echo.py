"""Echo turn: the stock botbuilder CloudAdapter against our edge, same handler, same load.

Both bots run without an app id (no authentication on either side) behind a
real aiohttp server on loopback, and post their reply over HTTP to a local
fake Bot Connector, so each turn does the same work: parse the activity, run
the handler, send one reply and answer the channel.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from types import SimpleNamespace

import aiohttp
from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)

from bench.harness import LoadShape, Outcome, benchmark, run_load
from bot.server import create_app
from bot.settings import Settings
from tests.fakes import FakeConnector, ServedApp
from tests.fakes.activities import teams_activity


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(turn_context.activity.text))


def stock_app(bot: ActivityHandler) -> web.Application:
    no_auth = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(no_auth))

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def our_app(bot: ActivityHandler) -> web.Application:
    return create_app(Settings(), bot.on_turn)


@asynccontextmanager
async def _quiet(logger_name: str):
    # Our dev-mode warning is for people starting the bot, not for the benchmark table.
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


async def _measure(name: str, app: web.Application, shape: LoadShape, http):
    async with FakeConnector() as connector, ServedApp(app) as served:
        url = f"{served.url}/api/messages"

        async def one_turn(n: int) -> None:
            activity = teams_activity(connector.url, text=f"eko {n}", id=f"bench-{n}")
            async with http.post(url, json=activity) as response:
                await response.read()
                if response.status >= 300:
                    raise RuntimeError(f"HTTP {response.status}")

        stats = await run_load(name, one_turn, shape)
        replies = len(connector.activities["a:1personal-chat"])
        stats.errors += (shape.warmup + shape.turns) - replies
        return stats


@benchmark("echo", "echo turn, reply posted to a local Bot Connector (no auth)")
async def echo(shape: LoadShape) -> Outcome:
    bot = EchoBot()
    limits = aiohttp.TCPConnector(limit=shape.concurrency)
    async with aiohttp.ClientSession(connector=limits) as http, _quiet("bot.server"):
        stock = await _measure("stock CloudAdapter", stock_app(bot), shape, http)
        ours = await _measure("dsobot edge", our_app(bot), shape, http)
    return Outcome(rows=[stock, ours], baseline="stock CloudAdapter")
