"""The duplicate-delivery check shared by every bot instance, backed by the database.

Implements the edge's deduper interface (`bot.channel.dedupe.Deduper`): each
call is its own short transaction, so a claim is visible to the other
instances at once, and a claim whose process died lapses with its lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from storage.db import Database
from storage.models import utcnow
from storage.repos.activities import ProcessedActivityRepository

# How long a claim holds before a redelivery may take over (a turn takes well under a
# second; one held behind a lock is given this long before it is presumed dead).
LEASE = timedelta(seconds=20)


class Claim(StrEnum):
    CLAIMED = "claimed"  # ours to run
    DONE = "done"  # ran before: `response` holds the answer an invoke got
    BUSY = "busy"  # another copy is running now


@dataclass(frozen=True)
class Delivery:
    claim: Claim
    response: dict[str, Any] | None = None


class DatabaseDeduper:
    def __init__(self, db: Database, lease: timedelta = LEASE) -> None:
        self.db = db
        self.lease = lease

    async def claim(self, key: str) -> Delivery:
        async with self.db.transaction() as connection:
            repo = ProcessedActivityRepository(connection)
            if await repo.claim(key, utcnow(), self.lease):
                return Delivery(Claim.CLAIMED)
            done, response = await repo.outcome(key)
        return Delivery(Claim.DONE, response) if done else Delivery(Claim.BUSY)

    async def complete(self, key: str, response: dict[str, Any] | None) -> None:
        async with self.db.transaction() as connection:
            await ProcessedActivityRepository(connection).complete(key, response)

    async def release(self, key: str) -> None:
        async with self.db.transaction() as connection:
            await ProcessedActivityRepository(connection).release(key)

    async def purge_older_than(self, days: int) -> int:
        async with self.db.transaction() as connection:
            return await ProcessedActivityRepository(connection).purge_older_than(days)
