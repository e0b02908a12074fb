"""Stored conversation references, for proactive messages and the one-time welcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationReference, utcnow
from storage.repos._dialect import upsert_insert

PERSONAL = "personal"


@dataclass(frozen=True)
class ConversationInfo:
    """The parts of a Bot Framework conversation reference we index and query on."""

    channel_id: str
    conversation_id: str
    service_url: str
    reference: dict[str, Any]
    conversation_type: str | None = None
    tenant_id: str | None = None
    bot_id: str | None = None
    person_id: int | None = None


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save(self, info: ConversationInfo) -> tuple[ConversationReference, bool]:
        """Store or refresh the reference; returns (row, is_new). Race-safe."""
        now = utcnow()
        values = {
            "channel_id": info.channel_id,
            "conversation_id": info.conversation_id,
            "service_url": info.service_url,
            "reference": info.reference,
            "conversation_type": info.conversation_type,
            "tenant_id": info.tenant_id,
            "bot_id": info.bot_id,
            "person_id": info.person_id,
        }
        table = ConversationReference.__table__
        inserted = await self.session.execute(
            upsert_insert(self.session, table)
            .values(**values, created_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["channel_id", "conversation_id"])
            .returning(table.c.id)
        )
        is_new = inserted.first() is not None
        if not is_new:
            # The service URL and reference can change (e.g. region moves); keep them fresh.
            changes = {k: v for k, v in values.items() if v is not None}
            await self.session.execute(
                update(ConversationReference)
                .where(
                    ConversationReference.channel_id == info.channel_id,
                    ConversationReference.conversation_id == info.conversation_id,
                )
                .values(**changes, updated_at=now)
            )
        row = await self.get(info.channel_id, info.conversation_id)
        assert row is not None
        return row, is_new

    async def get(self, channel_id: str, conversation_id: str) -> ConversationReference | None:
        return await self.session.scalar(
            select(ConversationReference)
            .where(
                ConversationReference.channel_id == channel_id,
                ConversationReference.conversation_id == conversation_id,
            )
            .execution_options(populate_existing=True)
        )

    async def mark_welcomed(self, reference_id: int) -> bool:
        """Record the welcome; True only for the call that did it first (welcome once)."""
        result = await self.session.execute(
            update(ConversationReference)
            .where(
                ConversationReference.id == reference_id,
                ConversationReference.welcomed_at.is_(None),
            )
            .values(welcomed_at=utcnow())
            .returning(ConversationReference.id)
        )
        return result.first() is not None

    async def personal_for(self, person_id: int) -> ConversationReference | None:
        """The person's 1:1 chat with the bot (the most recently used one)."""
        return await self.session.scalar(
            select(ConversationReference)
            .where(
                ConversationReference.person_id == person_id,
                ConversationReference.conversation_type == PERSONAL,
            )
            .order_by(ConversationReference.updated_at.desc(), ConversationReference.id.desc())
            .limit(1)
        )

    async def latest_in_tenant(self, tenant_id: str) -> ConversationReference | None:
        """Any recent conversation of this tenant: where its Bot Connector and our
        bot account are, for opening a 1:1 chat with someone new to the bot."""
        return await self.session.scalar(
            select(ConversationReference)
            .where(ConversationReference.tenant_id == tenant_id)
            .order_by(ConversationReference.updated_at.desc(), ConversationReference.id.desc())
            .limit(1)
        )
