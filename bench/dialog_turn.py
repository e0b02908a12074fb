"""A full dialog turn of our bot, on SQLite and on PostgreSQL, against the stock echo turn.

A dialog turn is what happens when someone types an answer in a report (the
flow the welcome card's first button starts): identify the person and store
the conversation reference, load the dialog state, validate the answer, store
the new state (revision-checked), and reply with the next question's card
through the Bot Connector. The baseline is the stock botbuilder CloudAdapter
doing only an echo, in the same run, under the same load.

With `BENCH_BASELINE=/path/to/another/checkout`, that checkout's bot runs as
one more contender (SQLite), so a change is measured against the code before
it in the same run.

Each simulated person alternates between answering the first question ("1")
and going back ("tillbaka"), so every turn changes the stored state. With far
more people than concurrent clients, no two turns of one person overlap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import sys
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import asyncpg
from sqlalchemy.engine import make_url

from bench.echo import contender as echo_contender
from bench.harness import LoadShape, Outcome, benchmark, run_interleaved, served_process
from chat.install import install
from features import FEATURES
from tests.support.fakes import FakeConnector, ServedApp

PEOPLE = 200
BASELINE = os.environ.get("BENCH_BASELINE")
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL",
    os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"),
)
ORG_CONFIG = """
[[organisations]]
slug = "bench"
name = "Benchmark organisation"
"""


def _first_flow() -> str:
    """The flow the welcome card's first button starts."""
    return install(FEATURES).contributions("start_actions")[0].flow_id


def _activity(connector_url: str, person: int, text: str | None, n: int,
              value: dict | None = None) -> dict:
    return {
        "type": "message",
        "id": f"dialog-{n}",
        "serviceUrl": connector_url,
        "channelId": "msteams",
        "from": {"id": f"29:bench-{person}", "name": f"Person {person}",
                 "aadObjectId": f"bench-{person}"},
        "conversation": {"id": f"a:bench-{person}", "conversationType": "personal",
                         "tenantId": "bench-tenant"},
        "recipient": {"id": "28:bench-bot", "name": "Dataskyddsboten"},
        "channelData": {"tenant": {"id": "bench-tenant"}},
        "locale": "sv-SE",
        "text": text,
        **({"value": value} if value else {}),
    }


@asynccontextmanager
async def _postgres_database():
    """A throw-away database on the PostgreSQL server, dropped afterwards."""
    admin = make_url(POSTGRES_URL)
    name = f"dsobot_bench_{secrets.token_hex(4)}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        connection = await asyncpg.connect(dsn, timeout=10)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


@asynccontextmanager
async def _dialog_contender(database_url: str, http: aiohttp.ClientSession, workdir: Path,
                            tree: str | None = None):
    config = workdir / "organisations.toml"
    config.write_text(ORG_CONFIG, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url, "DSOBOT_ORG_CONFIG": str(config),
           "MicrosoftAppId": "", "DSOBOT_LOG_LEVEL": "ERROR"}
    if tree:
        env["PYTHONPATH"] = tree
    async with FakeConnector() as connector, served_process(
        "bench.dialog_turn", env=env, cwd=tree
    ) as bot_url:
        url = f"{bot_url}/api/messages"

        async def post(person: int, text: str | None, n: int, value: dict | None = None) -> None:
            activity = _activity(connector.url, person, text, n, value)
            async with http.post(url, json=activity) as response:
                await response.read()
                if response.status >= 300:
                    raise RuntimeError(f"HTTP {response.status}")

        # Every person starts a report first: from then on each turn is a dialog turn.
        start = {"action": "flow.start", "flow": _first_flow()}
        for person in range(PEOPLE):
            await post(person, None, -1 - person, start)

        async def one_turn(n: int) -> None:
            person, round_number = n % PEOPLE, n // PEOPLE
            await post(person, "1" if round_number % 2 == 0 else "tillbaka", n)

        yield one_turn


@benchmark("dialog", "full dialog turn (state, validation, store, next card) vs stock echo")
async def dialog(shape: LoadShape) -> Outcome:
    limits = aiohttp.TCPConnector(limit=2 * shape.concurrency)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sqlite_url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
        baseline_url = f"sqlite+aiosqlite:///{workdir / 'baseline.db'}"
        async with contextlib.AsyncExitStack() as stack:
            http = await stack.enter_async_context(aiohttp.ClientSession(connector=limits))
            postgres_url = await stack.enter_async_context(_postgres_database())
            stock_turn, _ = await stack.enter_async_context(echo_contender("stock", http))
            contenders = {
                "stock CloudAdapter echo": stock_turn,
                "dsobot dialog turn, SQLite": await stack.enter_async_context(
                    _dialog_contender(sqlite_url, http, workdir)),
                "dsobot dialog turn, PostgreSQL": await stack.enter_async_context(
                    _dialog_contender(postgres_url, http, workdir)),
            }
            if BASELINE:
                contenders["baseline checkout dialog turn, SQLite"] = (
                    await stack.enter_async_context(
                        _dialog_contender(baseline_url, http, workdir, BASELINE)))
            rows = await run_interleaved(contenders, shape)
    return Outcome(rows=rows, baseline="stock CloudAdapter echo")


async def _serve() -> None:
    from bot.runtime import build_app
    from bot.settings import Settings

    logging.basicConfig(level=logging.ERROR)
    app = await build_app(Settings.load(env_file=None))
    async with ServedApp(app) as served:
        print(f"listening {served.url}", flush=True)
        await asyncio.Event().wait()  # until the benchmark terminates this process


if __name__ == "__main__":
    if sys.argv[1:]:
        raise SystemExit("usage: python -m bench.dialog_turn  (started by `python -m bench`)")
    from bot.runtime import new_event_loop

    # The bot runs as `dsobot serve` runs it, on the same event loop.
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=new_event_loop) as r:
        r.run(_serve())
