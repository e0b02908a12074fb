"""A power cut at any moment loses no answer and applies none twice.

The bot runs as `dsobot serve` in its own process. A person types every answer
of an incident report (and of a data subject's request); for most answers the
process is killed with SIGKILL at a random moment of the turn, or while the
turn is held behind a lock on the dialog's table, then started again, and the
same activity is delivered again (as Teams does when it got no answer) until it
is answered. At the end the report holds exactly the answers typed, in their
places, and was filed once. The DSO's click on the request's card, killed the
same way, is applied once. On SQLite and on PostgreSQL.
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
from dialogs.model import Flow
from dialogs.views import Text
from features.incidents.flow import FLOW
from features.rights.flow import FLOW as RIGHTS_FLOW
from storage.db import Database
from storage.models import (
    FlowInstance,
    Incident,
    ProcessedActivity,
    RightsRequest,
    RightsRequestEvent,
)
from storage.repos import OrganisationRepository, PeopleRepository, RoleRepository
from tests.features.incidents.steps import TYPED
from tests.support import sent
from tests.support.bot_process import BotProcess
from tests.support.fakes import FakeConnector
from tests.support.fakes.activities import BOT_ID, TENANT

SEED = 20261130
LEASE_SECONDS = "1"  # short, so a redelivery after a kill is taken over quickly


def _expected_path(flow: Flow = FLOW, typed_by_step: dict[str, str] = TYPED) -> list[str]:
    """The typed answers in the order the flow asks for them, then "skicka"."""
    now = datetime.now(UTC)
    outcome = engine.start(flow, now, {"lang": "sv", "instance": "x"})
    typed = []
    while outcome.view.question is not None:
        text = typed_by_step[outcome.view.question.step_id]
        typed.append(text)
        outcome = engine.handle(flow, outcome.state, Text(text), now, {"lang": "sv"})
    return [*typed, "skicka"]


def _expected_answers(path: list[str], flow: Flow = FLOW) -> dict:
    now = datetime.now(UTC)
    outcome = engine.start(flow, now, {"lang": "sv", "instance": "x"})
    for text in path:
        outcome = engine.handle(flow, outcome.state, Text(text), now, {"lang": "sv"})
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

    def invoke(self, data: dict) -> dict:
        """A click on an Action.Execute button carrying `data`."""
        activity = self.activity("")
        del activity["text"]
        return {**activity, "type": "invoke", "name": "adaptiveCard/action",
                "value": {"action": {"type": "Action.Execute", "verb": data["action"],
                                     "data": data}}}


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


class Killer:
    """Delivers activities to the bot, killing it with SIGKILL at random moments of most
    turns (or while the turn waits behind a lock), restarting it and delivering the
    same activity again until it is answered."""

    def __init__(self, db: Database, db_url: str, bot: BotProcess, http, rng) -> None:
        self.db, self.db_url, self.bot, self.http, self.rng = db, db_url, bot, http, rng
        self.killed = self.locked = 0

    async def deliver(self, activity: dict) -> None:
        mode = self.rng.choice(["kill", "kill", "lock", "none"])
        if mode == "none":
            await _deliver_until_answered(self.http, self.bot, activity)
            return
        before = await _count(self.db, ProcessedActivity)
        turn = asyncio.create_task(_post(self.http, self.bot, activity))
        if mode == "lock":
            await _claimed(self.db, before)
            async with Lock(self.db_url):
                await asyncio.sleep(0.3)  # the turn now waits behind the lock
                await self.bot.kill9()
            self.locked += 1
        else:
            await asyncio.sleep(self.rng.uniform(0, 0.06))
            await self.bot.kill9()
            self.killed += 1
        with contextlib.suppress(aiohttp.ClientError, asyncio.CancelledError):
            await turn
        await self.bot.start()
        await _deliver_until_answered(self.http, self.bot, activity)


async def test_kill_9_at_any_moment_loses_no_answer_and_applies_none_twice(
    db_url: str, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    db = Database(db_url)
    async with db.session() as session:
        await OrganisationRepository(session).upsert("demo", "Demonämnden")
    path = _expected_path()
    async with FakeConnector() as connector, aiohttp.ClientSession() as http:
        bot = BotProcess(db_url, tmp_path / "bot.log", DSOBOT_DELIVERY_LEASE_SECONDS=LEASE_SECONDS)
        await bot.start()
        sara = Person(connector)
        killer = Killer(db, db_url, bot, http, rng)
        try:
            await _deliver_until_answered(http, bot, sara.activity("rapportera incident"))
            for text in path:
                await killer.deliver(sara.activity(text))
        finally:
            await bot.stop()
    assert killer.killed >= 5 and killer.locked >= 3, (killer.killed, killer.locked)
    async with db.session(readonly=True) as session:
        incidents = list(await session.scalars(select(Incident)))
        flows = list(await session.scalars(select(FlowInstance)))
    await db.dispose()
    assert len(incidents) == 1, "the report is filed exactly once"
    assert incidents[0].answers == _expected_answers(path[:-1])
    assert [f.status for f in flows] == ["completed"]


# Typed the way staff type them: a data subject's request, received on 14 January 2026.
RIGHTS_TYPED = {"rights": "2", "received": "2026-01-14", "channel": "e-post", "identity": "1",
                "requester_ref": "E-tjänst ärende 4711", "processing": "hoppa över",
                "handler": "1"}


async def test_kill_9_while_a_request_is_logged_and_handled_applies_everything_once(
    db_url: str, tmp_path: Path
) -> None:
    rng = random.Random(SEED + 1)
    db = Database(db_url)
    async with db.session() as session:
        org, _ = await OrganisationRepository(session).upsert("demo", "Demonämnden")
        # Sara is the demo organisation's, and its DSO: she logs and handles the request.
        sara, _ = await PeopleRepository(session).ensure(aad_object_id="aad-sara",
                                                         tenant_id=TENANT, name="Sara")
        await RoleRepository(session).grant(sara.id, org.id, "dso")
    path = _expected_path(RIGHTS_FLOW, RIGHTS_TYPED)
    async with FakeConnector() as connector, aiohttp.ClientSession() as http:
        bot = BotProcess(db_url, tmp_path / "bot.log", DSOBOT_DELIVERY_LEASE_SECONDS=LEASE_SECONDS)
        await bot.start()
        person = Person(connector)
        killer = Killer(db, db_url, bot, http, rng)
        try:
            await _deliver_until_answered(http, bot, person.activity("registrera begäran"))
            for text in path:
                await killer.deliver(person.activity(text))
            async with db.session(readonly=True) as session:
                [request] = list(await session.scalars(select(RightsRequest)))
            for _ in range(4):  # the same click, its first deliveries cut short
                await killer.deliver(person.invoke({
                    "action": "rights.start", "rights_request": str(request.id),
                    "rev": request.revision}))
        finally:
            await bot.stop()
    assert killer.killed + killer.locked >= 4, (killer.killed, killer.locked)
    async with db.session(readonly=True) as session:
        requests = list(await session.scalars(select(RightsRequest)))
        events = [e.kind for e in await session.scalars(
            select(RightsRequestEvent).order_by(RightsRequestEvent.id))]
    await db.dispose()
    assert len(requests) == 1, "the request is logged exactly once"
    assert (requests[0].received_on.isoformat(), requests[0].status) == (
        "2026-01-14", "in_progress")
    assert events == ["logged", "started"], "each change is applied once"
