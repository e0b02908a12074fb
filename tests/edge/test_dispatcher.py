"""The outbox's dispatcher against a Bot Connector and Graph that behave like the real ones.

Real HTTP on loopback, the real database (SQLite and PostgreSQL), the fakes'
documented quirks: 429 with Retry-After, 403 for a blocked bot or an app not
installed, 404 for a conversation Teams no longer knows.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import aiohttp
import pytest
from sqlalchemy import select

from bot.channel.connector import ConnectorClient
from bot.channel.dispatcher import Dispatcher, DispatchSettings
from bot.channel.graph import GRAPH_SCOPE, GraphInstaller
from bot.channel.retry import RetryPolicy
from bot.channel.service_urls import ServiceUrlPolicy
from bot.channel.throttle import RateLimits
from bot.channel.tokens import AppTokenProvider
from i18n import t
from storage.db import Database
from storage.models import OutboxAttempt, OutboxMessage, OutboxState, utcnow
from storage.repos import (
    ConversationInfo,
    ConversationRepository,
    OrganisationRepository,
    OutboxRepository,
    PeopleRepository,
)
from tests.support.fakes import FakeConnector, FakeIdentity
from tests.support.fakes.graph import FakeGraph
from tests.support.fakes.settings import settings_for

TENANT = "tenant-a"
BOT = "28:bot"
MANIFEST_ID = "6f1c2b7e-0d8e-4f53-9a43-2b1e5c7d9a10"
_people = itertools.count(1)


@dataclass
class World:
    db: Database
    connector: FakeConnector
    identity: FakeIdentity
    graph: FakeGraph
    http: aiohttp.ClientSession
    org: int

    def dispatcher(self, *, graph: bool = False, **overrides) -> Dispatcher:
        settings = settings_for(self.identity)
        client = ConnectorClient(self.http, AppTokenProvider(settings),
                                 retry=RetryPolicy(max_attempts=1),
                                 service_urls=ServiceUrlPolicy(loopback=True))
        installer = GraphInstaller(
            self.http, self.graph.url, MANIFEST_ID,
            lambda tenant: AppTokenProvider(settings, scope=GRAPH_SCOPE, tenant=tenant)
        ) if graph else None
        fast = DispatchSettings(base_backoff_seconds=0.05, max_backoff_seconds=0.2,
                                idle_poll_seconds=0.05, flush_seconds=0.02)
        return Dispatcher(self.db, client, limits=RateLimits(tenant_ceiling=1000),
                          graph=installer, settings=replace(fast, **overrides))

    async def person(self, *, chat: bool = True) -> tuple[int, str]:
        """Someone in the tenant; with `chat`, one who has talked to the bot (a stored
        1:1 conversation). Returns their id and their 1:1 conversation's id."""
        n = next(_people)
        async with self.db.session() as session:
            person, _ = await PeopleRepository(session).ensure(
                aad_object_id=f"aad-{n}", tenant_id=TENANT, name=f"Person {n}")
            conversation = f"a:chat-{n}"
            if chat:
                await ConversationRepository(session).save(ConversationInfo(
                    channel_id="msteams", conversation_id=conversation,
                    service_url=self.connector.url, reference={},
                    conversation_type="personal", tenant_id=TENANT, bot_id=BOT,
                    person_id=person.id))
        return person.id, conversation

    async def someone_in_the_tenant_has_used_the_bot(self) -> None:
        await self.person()

    async def queue(self, person_id: int, message, **fields) -> None:
        async with self.db.session() as session:
            await OutboxRepository(session).enqueue(
                person_id=person_id, message=message, organisation_id=self.org,
                kind=fields.pop("kind", "test.notice"), **fields)

    async def rows(self) -> list[OutboxMessage]:
        async with self.db.session(readonly=True) as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    async def attempts(self) -> list[str]:
        async with self.db.session(readonly=True) as session:
            return list(await session.scalars(
                select(OutboxAttempt.outcome).order_by(OutboxAttempt.id)))

    def sends(self) -> list:
        return [r for r in self.connector.requests
                if r.method == "POST" and r.path.endswith("/activities")]


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    async with FakeIdentity() as identity, \
            FakeConnector(token_check=identity.is_valid_access_token) as connector:
        graph = FakeGraph(catalog={MANIFEST_ID: "catalog-app-1"},
                          token_check=identity.is_valid_access_token,
                          on_install=lambda user: connector.installed.add(user)
                          if connector.installed is not None else None)
        async with graph, aiohttp.ClientSession() as http:
            async with db.session() as session:
                org, _ = await OrganisationRepository(session).upsert("bn", "Bildningsnämnden")
            yield World(db, connector, identity, graph, http, org.id)


async def test_a_queued_message_is_delivered_once_through_the_stored_chat(world):
    person, chat = await world.person()
    await world.queue(person, "Påminnelse: granska registret")
    await world.dispatcher().run_until_idle()
    await world.dispatcher().run_until_idle()  # a second run finds nothing to do
    assert world.connector.texts(chat) == ["Påminnelse: granska registret"]
    [row] = await world.rows()
    assert row.state == OutboxState.SENT and row.conversation_id == chat and row.activity_id
    assert await world.attempts() == ["sent"]


async def test_throttled_messages_wait_for_retry_after_and_arrive_once(world):
    person, chat = await world.person()
    for n in range(3):
        await world.queue(person, f"Meddelande {n}")
    world.connector.fail_next(2, status=429, retry_after="1")
    started = asyncio.get_running_loop().time()
    await world.dispatcher().run_until_idle(waiting_too=True)
    assert sorted(world.connector.texts(chat)) == ["Meddelande 0", "Meddelande 1",
                                                  "Meddelande 2"]
    assert asyncio.get_running_loop().time() - started >= 0.9  # Retry-After was honoured
    assert (await world.attempts()).count("throttled") == 2


async def test_server_errors_are_retried_with_backoff_until_the_connector_recovers(world):
    person, chat = await world.person()
    await world.queue(person, "Incidentlarm")
    world.connector.unavailable_for(1.0)
    await world.dispatcher().run_until_idle(waiting_too=True)
    assert world.connector.texts(chat) == ["Incidentlarm"]
    outcomes = await world.attempts()
    assert outcomes[-1] == "sent" and outcomes.count("failed_transient") >= 2


async def test_a_blocked_bot_is_undeliverable_at_once_and_never_retried(world):
    person, chat = await world.person()
    world.connector.blocked.add(chat)
    await world.queue(person, "Påminnelse")
    await world.dispatcher().run_until_idle(waiting_too=True)
    [row] = await world.rows()
    assert (row.state, row.last_error) == (OutboxState.UNDELIVERABLE, "blocked")
    assert len(world.sends()) == 1


async def test_a_conversation_teams_forgot_is_opened_again(world):
    person, chat = await world.person()
    world.connector.gone.add(chat)
    await world.queue(person, "Påminnelse")
    await world.dispatcher().run_until_idle()
    [created] = world.connector.created
    assert created["tenantId"] == TENANT and created["bot"] == {"id": BOT}
    [row] = await world.rows()
    assert row.state == OutboxState.SENT and row.conversation_id != chat
    assert world.connector.texts(row.conversation_id) == ["Påminnelse"]


async def test_someone_who_never_talked_to_the_bot_gets_a_new_1to1_chat(world):
    await world.someone_in_the_tenant_has_used_the_bot()
    person, _ = await world.person(chat=False)
    await world.queue(person, "Välkommen, du har ett ärende")
    await world.dispatcher().run_until_idle()
    [row] = await world.rows()
    assert row.state == OutboxState.SENT
    assert world.connector.texts(row.conversation_id) == ["Välkommen, du har ett ärende"]
    # The chat is kept: the next message goes straight there.
    await world.queue(person, "Andra meddelandet")
    await world.dispatcher().run_until_idle()
    assert len(world.connector.created) == 1
    assert world.connector.texts(row.conversation_id)[-1] == "Andra meddelandet"


async def test_without_the_app_installed_graph_installs_it_and_the_message_arrives(world):
    await world.someone_in_the_tenant_has_used_the_bot()
    person, _ = await world.person(chat=False)
    world.connector.installed = set()  # nobody has the app
    await world.queue(person, "Påminnelse")
    await world.dispatcher(graph=True).run_until_idle()
    [row] = await world.rows()
    assert row.state == OutboxState.SENT
    [installed] = world.graph.installs
    # Installed for this person (by Entra id), then the chat opened with them.
    assert world.connector.created[-1]["members"] == [{"id": installed}]
    assert world.connector.texts(row.conversation_id) == ["Påminnelse"]


async def test_without_graph_a_person_without_the_app_is_shown_as_not_installed(world):
    await world.someone_in_the_tenant_has_used_the_bot()
    person, _ = await world.person(chat=False)
    world.connector.installed = set()
    await world.queue(person, "Påminnelse")
    await world.dispatcher().run_until_idle(waiting_too=True)
    [row] = await world.rows()
    assert (row.state, row.last_error) == (OutboxState.UNDELIVERABLE, "not_installed")
    assert world.graph.installs == []


async def test_graph_without_permission_leaves_the_message_undeliverable(world):
    await world.someone_in_the_tenant_has_used_the_bot()
    person, _ = await world.person(chat=False)
    world.connector.installed = set()
    world.graph.permitted = False
    await world.queue(person, "Påminnelse")
    await world.dispatcher(graph=True).run_until_idle(waiting_too=True)
    [row] = await world.rows()
    assert (row.state, row.last_error) == (OutboxState.UNDELIVERABLE, "not_installed")


async def test_a_card_over_teams_size_limit_is_never_sent(world):
    person, chat = await world.person()
    huge = {"type": "AdaptiveCard", "version": "1.5",
            "body": [{"type": "TextBlock", "text": "x" * 30_000}]}
    await world.queue(person, huge)
    await world.dispatcher().run_until_idle()
    [sent] = world.connector.activities[chat]
    assert sent.get("attachments") in (None, [])
    assert sent["text"] == t("sv", "outbox.too_large")


async def test_a_reminder_that_no_longer_applies_is_not_sent(world):
    person, chat = await world.person()
    await world.queue(person, "Beslut saknas", kind="reminder.test", record_type="incident",
                      record_id="decided")
    await world.queue(person, "Beslut saknas", kind="reminder.test", record_type="incident",
                      record_id="open")

    async def still_applies(session, record_id: str, now: datetime) -> bool:
        return record_id != "decided"

    dispatcher = world.dispatcher()
    dispatcher.still_applies = {"reminder.test": still_applies}
    await dispatcher.run_until_idle()
    assert world.connector.texts(chat) == ["Beslut saknas"]
    states = {row.record_id: row.state for row in await world.rows()}
    assert states == {"decided": OutboxState.CANCELLED, "open": OutboxState.SENT}


async def test_the_same_key_is_queued_once(world):
    person, chat = await world.person()
    for _ in range(3):
        await world.queue(person, "24 timmar", key="incident_deadline:1:h24")
    await world.dispatcher().run_until_idle()
    assert world.connector.texts(chat) == ["24 timmar"]


async def test_a_message_not_yet_due_waits(world):
    person, chat = await world.person()
    await world.queue(person, "Senare", due_at=utcnow() + timedelta(hours=1))
    await world.dispatcher().run_until_idle()
    assert world.connector.texts(chat) == []


async def test_the_tenant_ceiling_is_kept(world):
    people = [await world.person() for _ in range(30)]
    for person, _ in people:
        await world.queue(person, "Hej")
    dispatcher = world.dispatcher()
    dispatcher.limits = RateLimits(tenant_ceiling=10)
    started = asyncio.get_running_loop().time()
    await dispatcher.run_until_idle()
    assert asyncio.get_running_loop().time() - started >= 2.0  # 30 at 10 a second
    times = sorted(r.at for r in world.sends())
    assert len(times) == 30
    assert max(sum(1 for u in times if t0 <= u < t0 + 1.0) for t0 in times) <= 10


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_two_dispatchers_on_one_postgresql_database_deliver_each_message_once(world):
    people = [await world.person() for _ in range(40)]
    for n in range(300):
        person, _ = people[n % len(people)]
        await world.queue(person, f"Meddelande {n}")
    first, second = world.dispatcher(batch=25), world.dispatcher(batch=25)
    second.worker = "the-other-instance"
    await asyncio.gather(first.run_until_idle(), second.run_until_idle())
    texts = [text for _, chat in people for text in world.connector.texts(chat)]
    assert sorted(texts) == sorted(f"Meddelande {n}" for n in range(300))
    workers = {row.leased_by for row in await world.rows()}
    assert workers == {None}
    async with world.db.session(readonly=True) as session:
        by_worker = set(await session.scalars(select(OutboxAttempt.worker)))
    assert by_worker == {first.worker, second.worker}  # both did their share


async def test_what_could_not_reach_someone_goes_when_they_open_the_bot(world):
    from chat.directory import Sender, identify

    await world.someone_in_the_tenant_has_used_the_bot()
    person, _ = await world.person(chat=False)
    world.connector.installed = set()  # the app is not installed for them yet
    await world.queue(person, "Påminnelse")
    await world.dispatcher().run_until_idle()
    [row] = await world.rows()
    assert row.state == OutboxState.UNDELIVERABLE
    # They install the app and write to the bot: their 1:1 chat is stored...
    async with world.db.session(readonly=True) as session:
        from storage.models import Person

        aad = (await session.get(Person, person)).aad_object_id
    await identify(world.db, Sender(
        tenant_id=TENANT, aad_object_id=aad, teams_user_id=f"29:{aad}", name="N", lang="sv",
        channel_id="msteams", conversation_id="a:opened-now", conversation_type="personal",
        service_url=world.connector.url, bot_id=BOT, reference_of=lambda: {}))
    # ...and what waited for them arrives.
    await world.dispatcher().run_until_idle()
    assert world.connector.texts("a:opened-now") == ["Påminnelse"]


async def test_finished_messages_are_forgotten_after_their_retention(world):
    person, _ = await world.person()
    await world.queue(person, "Gammal påminnelse")
    await world.queue(person, "Ny påminnelse", due_at=utcnow() + timedelta(days=1))
    await world.dispatcher().run_until_idle()
    async with world.db.session() as session:
        removed = await OutboxRepository(session).purge_finished(utcnow() + timedelta(days=31))
    assert removed == 1  # the sent one; the one still waiting is kept whatever its age
    assert [row.message for row in await world.rows()] == ["Ny påminnelse"]
    assert await world.attempts() == []
