"""A power cut at any moment loses no answer and applies none twice.

The bot runs as `dsobot serve` in its own process. A person types every answer
of an incident report; for most answers the process is killed with SIGKILL at a
random moment of the turn, or while the turn is held behind a lock on the
dialog's table, then started again, and the same activity is delivered again
(as Teams does when it got no answer) until it is answered. At the end the
report holds exactly the answers typed, in their places, and was filed once.
On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from dialogs import engine
from dialogs.views import Text
from features.incidents.flow import FLOW
from storage.db import Database
from storage.models import FlowInstance, Incident, ProcessedActivity
from storage.repos import OrganisationRepository
from tests.features.incidents.steps import TYPED
from tests.support import sent
from tests.support.bot_process import BotProcess
from tests.support.fakes import FakeConnector
from tests.support.fakes.activities import BOT_ID, TENANT

SEED = 20261130
LEASE_SECONDS = "1"  # short, so a redelivery after a kill is taken over quickly


def _expected_path() -> list[str]:
    """The typed answers in the order the report asks for them, then "skicka"."""
    now = datetime.now(UTC)
    outcome = engine.start(FLOW, now, {"lang": "sv", "instance": "x"})
    typed = []
    while outcome.view.question is not None:
        text = TYPED[outcome.view.question.step_id]
        typed.append(text)
        outcome = engine.handle(FLOW, outcome.state, Text(text), now, {"lang": "sv"})
    return [*typed, "skicka"]


def _expected_answers(path: list[str]) -> dict:
    now = datetime.now(UTC)
    outcome = engine.start(FLOW, now, {"lang": "sv", "instance": "x"})
    for text in path:
        outcome = engine.handle(FLOW, outcome.state, Text(text), now, {"lang": "sv"})
    return outcome.state["answers"]


class Person:
    def __init__(self, connector: FakeConnector) -> None:
        self.connector = connector
        self.n = 0

    def activity(self, text: str) -> dict:
        self.n += 1
        return {
            "type": "message", "id": f"crash-{uuid.uuid4().hex}", "text": text,
            "serviceUrl": self.connector.url, "channelId": "msteams", "locale": "sv-SE",
            "from": {"id": "29:aad-sara", "name": "Sara Svensson", "aadObjectId": "aad-sara"},
            "conversation": {"id": "a:sara", "conversationType": "personal", "tenantId": TENANT},
            "recipient": {"id": BOT_ID, "name": "Dataskyddsboten"},
            "channelData": {"tenant": {"id": TENANT}},
        }


async def _post(http: aiohttp.ClientSession, bot: BotProcess, activity: dict) -> int:
    sent.remember(activity)
    async with http.post(f"{bot.url}/api/messages", json=activity) as response:
        await response.read()
        return response.status


async def _deliver_until_answered(http, bot: BotProcess, activity: dict) -> None:
    """Teams' redelivery: the same activity again until it gets a 2xx."""
    for _ in range(100):
        with contextlib.suppress(aiohttp.ClientError):
            if await _post(http, bot, activity) < 300:
                return
        await asyncio.sleep(0.2)
    raise AssertionError("the activity was never answered")


class Lock:
    """Another writer holding the dialog's table, so a turn waits behind it."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)

    async def __aenter__(self) -> Lock:
        if self.url.get_backend_name() == "sqlite":
            self.sqlite = sqlite3.connect(self.url.database, isolation_level=None, timeout=5)
            self.sqlite.execute("BEGIN IMMEDIATE")  # SQLite's lock is the whole database
        else:
            dsn = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self.pg = await asyncpg.connect(dsn)
            self.tx = self.pg.transaction()
            await self.tx.start()
            await self.pg.execute("LOCK TABLE flow_instances IN EXCLUSIVE MODE")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.url.get_backend_name() == "sqlite":
            self.sqlite.execute("ROLLBACK")
            self.sqlite.close()
        else:
            await self.tx.rollback()
            await self.pg.close()


async def _claimed(db: Database, count_before: int) -> None:
    """Wait until the bot has claimed the delivery (its turn has begun)."""
    for _ in range(200):
        async with db.session(readonly=True) as session:
            if await session.scalar(select(func.count()).select_from(ProcessedActivity)) \
                    > count_before:
                return
        await asyncio.sleep(0.005)


async def _count(db: Database, model) -> int:
    async with db.session(readonly=True) as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_kill_9_at_any_moment_loses_no_answer_and_applies_none_twice(
    db_url: str, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    db = Database(db_url)
    async with db.session() as session:
        await OrganisationRepository(session).upsert("demo", "Demonämnden")
    path = _expected_path()
    killed = locked = 0
    async with FakeConnector() as connector, aiohttp.ClientSession() as http:
        bot = BotProcess(db_url, tmp_path / "bot.log", DSOBOT_DELIVERY_LEASE_SECONDS=LEASE_SECONDS)
        await bot.start()
        sara = Person(connector)
        try:
            await _deliver_until_answered(http, bot, sara.activity("rapportera incident"))
            for text in path:
                activity = sara.activity(text)
                mode = rng.choice(["kill", "kill", "lock", "none"])
                if mode == "none":
                    await _deliver_until_answered(http, bot, activity)
                    continue
                before = await _count(db, ProcessedActivity)
                turn = asyncio.create_task(_post(http, bot, activity))
                if mode == "lock":
                    await _claimed(db, before)
                    async with Lock(db_url):
                        await asyncio.sleep(0.3)  # the turn now waits behind the lock
                        await bot.kill9()
                    locked += 1
                else:
                    await asyncio.sleep(rng.uniform(0, 0.06))
                    await bot.kill9()
                    killed += 1
                with contextlib.suppress(aiohttp.ClientError, asyncio.CancelledError):
                    await turn
                await bot.start()
                await _deliver_until_answered(http, bot, activity)
        finally:
            await bot.stop()
    assert killed >= 5 and locked >= 3, (killed, locked)
    async with db.session(readonly=True) as session:
        incidents = list(await session.scalars(select(Incident)))
        flows = list(await session.scalars(select(FlowInstance)))
    await db.dispose()
    assert len(incidents) == 1, "the report is filed exactly once"
    assert incidents[0].answers == _expected_answers(path[:-1])
    assert [f.status for f in flows] == ["completed"]
