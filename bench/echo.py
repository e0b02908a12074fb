"""Echo turn: the stock botbuilder CloudAdapter against our edge, same handler, same load.

Both bots run without an app id (no authentication on either side) behind a
real aiohttp server on loopback, and post their reply over HTTP to a local
fake Bot Connector, so each turn does the same work: parse the activity, run
the handler, send one reply and answer the channel.

Each bot runs in its own process (`python -m bench.echo stock|ours`), apart
from the load generator and the fake connector, so neither contender shares
an interpreter lock or event loop with the measuring side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from contextlib import asynccontextmanager
from types import SimpleNamespace

import aiohttp
from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)

from bench.harness import LoadShape, Outcome, benchmark, run_interleaved, served_process
from bot.channel.server import create_app
from bot.settings import Settings
from tests.support.fakes import FakeConnector, ServedApp
from tests.support.fakes.activities import teams_activity


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


@asynccontextmanager
async def contender(kind: str, http: aiohttp.ClientSession):
    """A bot process and its own fake connector; yields (one_turn, replies_received)."""
    async with FakeConnector() as connector, served_process("bench.echo", kind) as bot_url:
        url = f"{bot_url}/api/messages"

        async def one_turn(n: int) -> None:
            activity = teams_activity(connector.url, text=f"eko {n}", id=f"bench-{n}")
            async with http.post(url, json=activity) as response:
                await response.read()
                if response.status >= 300:
                    raise RuntimeError(f"HTTP {response.status}")

        yield one_turn, lambda: len(connector.activities["a:1personal-chat"])


@benchmark("echo", "echo turn, reply posted to a local Bot Connector (no auth)")
async def echo(shape: LoadShape) -> Outcome:
    limits = aiohttp.TCPConnector(limit=2 * shape.concurrency)
    async with (
        aiohttp.ClientSession(connector=limits) as http,
        contender("stock", http) as (stock_turn, stock_replies),
        contender("ours", http) as (our_turn, our_replies),
    ):
        stock, ours = await run_interleaved(
            {"stock CloudAdapter": stock_turn, "dsobot edge": our_turn}, shape
        )
        # A turn only counts if its reply reached the connector.
        stock.errors += shape.warmup + stock.turns - stock_replies()
        ours.errors += shape.warmup + ours.turns - our_replies()
    return Outcome(rows=[stock, ours], baseline="stock CloudAdapter")


async def _serve(kind: str) -> None:
    bot = EchoBot()
    async with _quiet("bot.channel.server"):
        app = stock_app(bot) if kind == "stock" else our_app(bot)
    async with ServedApp(app) as served:
        print(f"listening {served.url}", flush=True)
        await asyncio.Event().wait()  # until the benchmark terminates this process


if __name__ == "__main__":
    if sys.argv[1:] not in (["stock"], ["ours"]):
        raise SystemExit("usage: python -m bench.echo stock|ours")
    from bot.runtime import new_event_loop

    # Each adapter as it is deployed: ours on the loop `dsobot serve` uses,
    # the stock one on asyncio's default loop, as botbuilder's samples run it.
    loop_factory = new_event_loop if sys.argv[1] == "ours" else None
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=loop_factory) as r:
        r.run(_serve(sys.argv[1]))
