"""Inbound deliveries: claim with a lease, complete, release, purge (the duplicate check)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.models import ProcessedActivity, utcnow
from storage.repos._dialect import upsert_insert

_TABLE = ProcessedActivity.__table__


class ProcessedActivityRepository:
    # A plain connection will do too: every method is a single statement or two.
    def __init__(self, session: AsyncSession | AsyncConnection) -> None:
        self.session = session

    async def claim(self, key: str, now: datetime, lease: timedelta) -> bool:
        """True when this caller may run the delivery: it is new, or its earlier claim
        lapsed without completing (the process running it died)."""
        inserted = await self.session.execute(
            upsert_insert(self.session, _TABLE)
            .values(key=key, received_at=now, lease_until=now + lease)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(_TABLE.c.key)
        )
        if inserted.first() is not None:
            return True
        taken_over = await self.session.execute(
            update(ProcessedActivity)
            .where(ProcessedActivity.key == key, ProcessedActivity.done_at.is_(None),
                   ProcessedActivity.lease_until < now)
            .values(lease_until=now + lease)
            .returning(ProcessedActivity.key)
        )
        return taken_over.first() is not None

    async def outcome(self, key: str) -> tuple[bool, dict[str, Any] | None]:
        """(done, stored answer) of a delivery someone else claimed."""
        row = (await self.session.execute(
            select(ProcessedActivity.done_at, ProcessedActivity.response)
            .where(ProcessedActivity.key == key))).first()
        if row is None:
            return False, None
        return row.done_at is not None, row.response

    async def complete(self, key: str, response: dict[str, Any] | None) -> None:
        await self.session.execute(
            update(ProcessedActivity).where(ProcessedActivity.key == key)
            .values(done_at=utcnow(), lease_until=None, response=response))

    async def release(self, key: str) -> None:
        """Forget a delivery whose turn failed, so the channel's retry runs it again."""
        await self.session.execute(delete(ProcessedActivity).where(ProcessedActivity.key == key))

    async def purge_older_than(self, days: int, now: datetime | None = None) -> int:
        """Delete deliveries older than `days`; returns how many were removed."""
        cutoff = (now or utcnow()) - timedelta(days=days)
        result = await self.session.execute(
            delete(ProcessedActivity)
            .where(ProcessedActivity.received_at < cutoff)
            .returning(ProcessedActivity.key)
        )
        return len(result.all())
