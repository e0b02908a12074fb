"""A duplicate delivery that arrives while the first copy still runs waits for it and
gets the same answer: never an empty 200, and the click counts once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from sqlalchemy import select

from storage.db import Database
from storage.models import FlowInstance, ProcessedActivity
from storage.repos import OrganisationRepository
from tests.crash.test_kill9 import Lock, Person, _claimed, _count, _deliver_until_answered
from tests.support import sent
from tests.support.bot_process import BotProcess
from tests.support.cards import action_named, cards_in
from tests.support.fakes import FakeConnector


async def test_a_duplicate_during_a_held_turn_gets_the_first_copys_answer(
    db_url: str, tmp_path: Path
) -> None:
    db = Database(db_url)
    async with db.session() as session:
        await OrganisationRepository(session).upsert("demo", "Demonämnden")
    async with FakeConnector() as connector, aiohttp.ClientSession() as http:
        bot = BotProcess(db_url, tmp_path / "bot.log")
        await bot.start()
        sara = Person(connector)
        try:
            await _deliver_until_answered(http, bot, sara.activity("rapportera incident"))
            [card] = cards_in(connector.activities["a:sara"][-1:])
            data = {**action_named(card, "flow.answer")["data"], "flow_value": "breach"}
            click = {**sara.activity(""), "type": "invoke", "name": "adaptiveCard/action",
                     "value": {"action": {"type": "Action.Execute", "verb": "flow.answer",
                                          "data": data}}}
            click.pop("text")

            async def post() -> tuple[int, dict]:
                sent.remember(click)
                async with http.post(f"{bot.url}/api/messages", json=click) as response:
                    return response.status, await response.json()

            before = await _count(db, ProcessedActivity)
            first = asyncio.create_task(post())
            await _claimed(db, before)
            async with Lock(db_url):
                second = asyncio.create_task(post())  # Teams retrying: same activity
                await asyncio.sleep(0.5)
            answers = [await first, await second]
        finally:
            await bot.stop()
    async with db.session(readonly=True) as session:
        [flow] = list(await session.scalars(select(FlowInstance)))
    await db.dispose()
    assert answers[0] == answers[1]
    status, body = answers[0]
    assert status == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    assert flow.state["answers"] == {"event": "breach"}  # once, not twice
    assert flow.state["step"] == "breach_type"
