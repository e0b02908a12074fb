"""The handler tier: a capability's commands and card actions driven directly.

A real `Ctx` on a real (SQLite) database, the person identified by the same
directory code as in production, and a notifier that records what would be
sent. No HTTP, no JWT, no Bot Framework: for fast capability tests.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from chat.ctx import ChatSettings, Ctx
from chat.directory import Sender, identify
from chat.registry import Registry
from chat.turn import Answer
from storage.db import Database
from storage.models import OutboxState, utcnow
from storage.repos import (
    OrganisationRepository,
    OutboxRepository,
    PeopleRepository,
    RoleRepository,
)
from tests.support import sent
from tests.support.fakes.activities import TENANT

_ids = itertools.count(1)


@dataclass
class RecordingNotifier:
    """Stands in for the outbox's dispatcher: after each turn, takes what the turn
    queued and keeps (person id, message) pairs. With `reachable` False, the
    messages are marked undeliverable, as a person who blocked the bot would cause."""

    sent: list[tuple[int, Any]] = field(default_factory=list)
    reachable: bool = True

    async def drain(self, db: Database) -> None:
        now = utcnow()
        async with db.session() as session:
            outbox = OutboxRepository(session)
            for message in await outbox.claim("tests", now=now, lease=timedelta(minutes=1),
                                              limit=1000):
                if self.reachable:
                    self.sent.append((message.person_id, message.message))
                await outbox.finish(
                    message.id, "tests", at=now, outcome="sent" if self.reachable else "blocked",
                    state=OutboxState.SENT if self.reachable else OutboxState.UNDELIVERABLE)

    def to(self, person_id: int) -> list[Any]:
        return [message for who, message in self.sent if who == person_id]


@dataclass
class Desk:
    """One organisation's people talking to the installed capabilities."""

    db: Database
    registry: Registry
    organisation_id: int
    notifier: RecordingNotifier = field(default_factory=RecordingNotifier)
    clock: Any = None

    @classmethod
    async def open(cls, db: Database, registry: Registry, slug: str = "bn",
                   name: str = "Bildningsnämnden") -> Desk:
        async with db.session() as session:
            org, _ = await OrganisationRepository(session).upsert(slug, name)
        return cls(db, registry, org.id)

    async def person(self, name: str, *roles: str, locale: str = "sv", chat: str = "personal"
                     ) -> Ctx:
        """A person of the organisation with these roles, as the directory sees them."""
        # An Entra object id is a GUID: derived from the name, so a person is the same
        # person on every call.
        aad = str(uuid.uuid5(uuid.NAMESPACE_URL, name))
        if roles:
            async with self.db.session() as session:
                row, _ = await PeopleRepository(session).ensure(
                    aad_object_id=aad, tenant_id=TENANT, name=name)
                for role in roles:
                    await RoleRepository(session).grant(row.id, self.organisation_id, role)
        conversation = f"a:{aad}" if chat == "personal" else f"19:group-{next(_ids)}"
        sender = Sender(tenant_id=TENANT, aad_object_id=aad, teams_user_id=f"29:{aad}",
                        name=name, lang=locale, channel_id="msteams",
                        conversation_id=conversation, conversation_type=chat,
                        service_url="http://127.0.0.1:1/", bot_id="28:bot",
                        reference_of=lambda: {"conversation": {"id": conversation}})
        identified = await identify(self.db, sender)
        ctx = Ctx(self.db, ChatSettings(), identified.who, self.registry)
        if self.clock is not None:
            ctx.clock = self.clock
        return ctx

    async def say(self, ctx: Ctx, text: str) -> Answer:
        from chat.router import route_text

        sent.remember(text)
        answer = await route_text(ctx, text)
        await self.notifier.drain(self.db)
        return answer

    async def press(self, ctx: Ctx, data: dict[str, Any], *, deliver: bool = True) -> Answer:
        """A click; with `deliver`, what it queued is then taken from the outbox."""
        from chat.router import route_action

        sent.remember({"value": data})
        answer = await route_action(ctx, data)
        if deliver:
            await self.notifier.drain(self.db)
        return answer


def fixed_clock(moment: datetime):
    return lambda: moment
