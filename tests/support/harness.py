"""The whole bot on loopback: real app, real database, fake Teams services over HTTP.

`BotUnderTest.user(...)` gives a `Person` who talks to the bot the way Teams
does (signed channel token, Teams-shaped activities); what the bot sends back
is read from the fake Bot Connector.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select

from bot.runtime import build_app
from chat.registry import Feature
from features import FEATURES
from storage.db import Database
from storage.models import OutboxMessage, OutboxState, utcnow
from storage.repos import OrganisationRepository, PeopleRepository, RoleRepository
from tests.support import sent
from tests.support.cards import action_named
from tests.support.fakes import FakeConnector, FakeIdentity, ServedApp
from tests.support.fakes.activities import BOT_ID, TENANT
from tests.support.fakes.settings import settings_for

_ids = itertools.count(1)


@dataclass
class Person:
    bot: BotUnderTest
    aad_id: str
    name: str
    locale: str = "sv-SE"
    conversation_id: str = ""
    conversation_type: str = "personal"
    seen: int = 0  # how many of the conversation's messages were read already

    @property
    def teams_id(self) -> str:
        return f"29:{self.aad_id}"

    def activity(self, type: str = "message", **fields: Any) -> dict[str, Any]:
        activity = {
            "type": type,
            "id": f"act-{next(_ids)}",
            "timestamp": "2026-11-20T13:30:00.000Z",
            "serviceUrl": self.bot.connector.url,
            "channelId": "msteams",
            "from": {"id": self.teams_id, "name": self.name, "aadObjectId": self.aad_id},
            "conversation": {
                "id": self.conversation_id,
                "conversationType": self.conversation_type,
                "tenantId": TENANT,
            },
            "recipient": {"id": BOT_ID, "name": "Dataskyddsboten"},
            "channelData": {"tenant": {"id": TENANT}},
            "locale": self.locale,
        }
        activity.update(fields)
        return activity

    async def post(self, activity: dict[str, Any]) -> aiohttp.ClientResponse:
        return await self.bot.post(activity)

    async def install(self) -> list[dict]:
        await self.post(
            self.activity(
                "conversationUpdate",
                membersAdded=[{"id": BOT_ID}],
            )
        )
        return self.new_messages()

    async def say(self, text: str, **fields: Any) -> list[dict]:
        response = await self.post(self.activity(text=text, **fields))
        assert response.status == 200, await response.text()
        return self.new_messages()

    async def submit(self, data: dict[str, Any], reply_to: str | None = None) -> list[dict]:
        """Action.Submit: a message whose value is the action data plus inputs."""
        fields: dict[str, Any] = {"value": data, "text": None}
        if reply_to:
            fields["replyToId"] = reply_to
        response = await self.post(self.activity(**fields))
        assert response.status == 200, await response.text()
        return self.new_messages()

    async def execute(self, data: dict[str, Any]) -> tuple[dict, list[dict]]:
        """Action.Execute: the invoke's response body (a card or a message) and new messages."""
        value = {
            "action": {"type": "Action.Execute", "verb": data.get("action"), "data": data},
            "trigger": "manual",
        }
        response = await self.post(self.activity("invoke", name="adaptiveCard/action", value=value))
        assert response.status == 200, await response.text()
        return await response.json(), self.new_messages()

    def new_messages(self) -> list[dict]:
        everything = self.bot.connector.activities[self.conversation_id]
        fresh = everything[self.seen :]
        self.seen = len(everything)
        return fresh


@dataclass
class BotUnderTest:
    identity: FakeIdentity
    connector: FakeConnector
    served: ServedApp
    db: Database
    http: aiohttp.ClientSession
    people: list[Person] = field(default_factory=list)
    dispatching: bool = True  # the bot delivers its outbox itself (`dsobot serve`)

    async def post(self, activity: dict[str, Any]) -> aiohttp.ClientResponse:
        sent.remember(activity)
        token = self.identity.mint(service_url=activity["serviceUrl"])
        response = await self.http.post(
            f"{self.served.url}/api/messages",
            json=activity,
            headers={"Authorization": f"Bearer {token}"},
        )
        await response.read()
        await self.settle()
        return response

    async def settle(self, within: float = 10.0) -> None:
        """Wait until the outbox has delivered what is due (its dispatcher runs in the
        bot, after the turn), as a person would wait for a message to arrive."""
        if not self.dispatching:
            return
        deadline = asyncio.get_running_loop().time() + within
        while asyncio.get_running_loop().time() < deadline:
            async with self.db.session(readonly=True) as session:
                pending = await session.scalar(
                    select(func.count()).select_from(OutboxMessage).where(
                        (OutboxMessage.state == OutboxState.SENDING.value)
                        | ((OutboxMessage.state == OutboxState.QUEUED.value)
                           & (OutboxMessage.due_at <= utcnow()))))
            if not pending:
                return
            await asyncio.sleep(0.01)

    def user(self, name: str, *, locale: str = "sv-SE", aad_id: str | None = None) -> Person:
        aad_id = aad_id or f"aad-{name.lower().replace(' ', '-')}"
        person = Person(self, aad_id, name, locale, conversation_id=f"a:1:{aad_id}")
        self.people.append(person)
        return person

    async def add_organisation(self, slug: str, name: str) -> int:
        async with self.db.session() as session:
            org, _ = await OrganisationRepository(session).upsert(slug, name)
            return org.id

    async def grant(self, person: Person, org_id: int, role: str, email: str | None = None) -> None:
        async with self.db.session() as session:
            people = PeopleRepository(session)
            row, _ = await people.ensure(
                aad_object_id=person.aad_id, tenant_id=TENANT, name=person.name, email=email
            )
            await RoleRepository(session).grant(row.id, org_id, role)


async def start_bot(tmp_path: Path, *, features: Sequence[Feature] = FEATURES,
                    **overrides: Any) -> tuple[BotUnderTest, list]:
    """Start everything, with these capabilities installed; returns the bot and the
    things to stop, in order."""
    identity = await FakeIdentity().start()
    connector = await FakeConnector(token_check=identity.is_valid_access_token).start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    settings = dataclasses.replace(settings_for(identity), database_url=url, **overrides)
    served = await ServedApp(await build_app(settings, features)).start()
    http = aiohttp.ClientSession()
    db = Database(url)
    bot = BotUnderTest(identity, connector, served, db, http,
                       dispatching=settings.serve_dispatches)
    return bot, [http.close, db.dispose, served.stop, connector.stop, identity.stop]


async def click(person: Person, card: dict, name: str, **inputs: Any) -> tuple[dict | None, list]:
    """Press a button with these input values, as Teams does for Action.Execute.

    Returns the card that replaces this one (None if the bot answered with a
    message) and any new messages.
    """
    data = {**action_named(card, name)["data"], **inputs}
    body, messages = await person.execute(data)
    replaced = body.get("value") if body.get("type", "").endswith("card.adaptive") else None
    return replaced, messages
