"""A duplicate-delivery check shared by every bot instance, backed by the database.

Fits the edge's deduper interface (`first_delivery`, `release`): each call is
its own short transaction, so the claim is visible to other instances at once.
"""

from __future__ import annotations

from storage.db import Database
from storage.repos.activities import ProcessedActivityRepository


class DatabaseDeduper:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def first_delivery(self, key: str) -> bool:
        # One INSERT ... ON CONFLICT DO NOTHING: atomic without a transaction around it.
        async with self.db.statement() as session:
            return await ProcessedActivityRepository(session).first_delivery(key)

    async def release(self, key: str) -> None:
        async with self.db.session() as session:
            await ProcessedActivityRepository(session).release(key)

    async def purge_older_than(self, days: int) -> int:
        async with self.db.session() as session:
            return await ProcessedActivityRepository(session).purge_older_than(days)
