"""Keys of processed inbound activities: the duplicate-delivery check."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.models import ProcessedActivity, utcnow
from storage.repos._dialect import upsert_insert


class ProcessedActivityRepository:
    # A plain connection will do too: every method is a single statement.
    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session

    async def first_delivery(self, key: str) -> bool:
        """True exactly once per key, also when deliveries race (ON CONFLICT DO NOTHING).

        The claim becomes visible to others when the session's transaction commits.
        """
        table = ProcessedActivity.__table__
        result = await self.session.execute(
            upsert_insert(self.session, table)
            .values(key=key, received_at=utcnow())
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(table.c.key)
        )
        return result.first() is not None

    async def release(self, key: str) -> None:
        """Forget a key whose turn failed, so the channel's retry runs again."""
        await self.session.execute(delete(ProcessedActivity).where(ProcessedActivity.key == key))

    async def purge_older_than(self, days: int) -> int:
        """Delete keys older than `days`; returns how many were removed."""
        cutoff = utcnow() - timedelta(days=days)
        result = await self.session.execute(
            delete(ProcessedActivity)
            .where(ProcessedActivity.received_at < cutoff)
            .returning(ProcessedActivity.key)
        )
        return len(result.all())
