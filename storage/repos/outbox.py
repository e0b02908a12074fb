"""The outbox queue: enqueue in the caller's transaction, claim with a lease, complete.

Claiming is one `UPDATE ... RETURNING` over the due rows. On PostgreSQL the
rows are picked with `FOR UPDATE SKIP LOCKED`, so several dispatchers (bot
instances) on one database never claim the same row; on SQLite the database
lock serialises writers, which gives the same guarantee. A claim is a lease:
a dispatcher that dies leaves its rows to be claimed again when the lease runs
out, so a crash can at worst repeat the messages it had in flight.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxAttempt, OutboxMessage, OutboxState, utcnow
from storage.repos._dialect import upsert_insert

# Only what identifies the failure is kept: never message content.
ERROR_LENGTH = 200


@dataclass(frozen=True)
class Claimed:
    """A message a dispatcher holds the lease on."""

    id: int
    key: str
    organisation_id: int | None
    person_id: int
    kind: str
    message: Any
    record_type: str | None
    record_id: str | None
    attempts: int


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(self, *, person_id: int, message: Any, kind: str,
                      key: str | None = None, organisation_id: int | None = None,
                      record_type: str | None = None, record_id: Any = None,
                      due_at: datetime | None = None) -> bool:
        """Queue a message in the caller's transaction; False when `key` was queued before."""
        now = utcnow()
        table = OutboxMessage.__table__
        inserted = await self.session.execute(
            upsert_insert(self.session, table)
            .values(key=(key or f"{kind}:{uuid.uuid4()}")[:200], person_id=person_id,
                    organisation_id=organisation_id, kind=kind, message=message,
                    record_type=record_type,
                    record_id=None if record_id is None else str(record_id)[:64],
                    state=OutboxState.QUEUED.value, due_at=due_at or now, attempts=0,
                    created_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(table.c.id))
        return inserted.first() is not None

    async def claim(self, worker: str, *, now: datetime, lease: timedelta,
                    limit: int) -> list[Claimed]:
        """Lease up to `limit` due messages (queued, or sending with a lapsed lease)."""
        due = or_(
            and_(OutboxMessage.state == OutboxState.QUEUED.value, OutboxMessage.due_at <= now),
            and_(OutboxMessage.state == OutboxState.SENDING.value,
                 OutboxMessage.lease_until < now),
        )
        picked = select(OutboxMessage.id).where(due).order_by(
            OutboxMessage.due_at, OutboxMessage.id).limit(limit)
        if self.session.get_bind().dialect.name == "postgresql":
            picked = picked.with_for_update(skip_locked=True)
        table = OutboxMessage.__table__
        rows = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(picked.scalar_subquery()))
            .values(state=OutboxState.SENDING.value, leased_by=worker,
                    lease_until=now + lease, attempts=OutboxMessage.attempts + 1)
            .returning(table.c.id, table.c.key, table.c.organisation_id, table.c.person_id,
                       table.c.kind, table.c.message, table.c.record_type,
                       table.c.record_id, table.c.attempts)
            .execution_options(synchronize_session=False))
        claimed = [Claimed(*row) for row in rows]
        claimed.sort(key=lambda c: c.id)
        return claimed

    async def finish(self, message_id: int, worker: str, *, state: OutboxState,
                     outcome: str, status: int | None = None, at: datetime,
                     retry_at: datetime | None = None, error: str | None = None,
                     conversation_id: str | None = None,
                     activity_id: str | None = None) -> bool:
        """Record an attempt and the message's new state, if this worker still holds it.

        False when the lease had lapsed and another dispatcher took the message over.
        """
        values: dict[str, Any] = {"state": state.value, "leased_by": None, "lease_until": None,
                                  "last_error": error[:ERROR_LENGTH] if error else None}
        if retry_at is not None:
            values["due_at"] = retry_at
        if state is OutboxState.SENT:
            values.update(sent_at=at, conversation_id=conversation_id,
                          activity_id=activity_id)
        changed = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.leased_by == worker,
                   OutboxMessage.state == OutboxState.SENDING.value)
            .values(**values)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False))
        if changed.first() is None:
            return False
        self.session.add(OutboxAttempt(message_id=message_id, at=at, outcome=outcome,
                                       status=status, worker=worker))
        return True

    async def hurry_for(self, person_id: int, now: datetime,
                        since: timedelta = timedelta(days=30)) -> int:
        """The person has just opened a chat with the bot: what waits for them goes now.

        Messages waiting for a retry become due at once, and those that could not be
        delivered (no chat, app not installed, bot blocked) in the last `since` are
        queued again. Returns how many.
        """
        retrying = and_(OutboxMessage.state == OutboxState.QUEUED.value,
                        OutboxMessage.attempts > 0, OutboxMessage.due_at > now)
        undelivered = and_(OutboxMessage.state == OutboxState.UNDELIVERABLE.value,
                           OutboxMessage.created_at >= now - since)
        changed = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.person_id == person_id, or_(retrying, undelivered))
            .values(state=OutboxState.QUEUED.value, due_at=now)
            .execution_options(synchronize_session=False))
        return changed.rowcount or 0

    async def purge_finished(self, before: datetime) -> int:
        """Delete the messages finished with (sent, cancelled, undeliverable, failed)
        that were created before `before`, with their attempts."""
        finished = [OutboxState.SENT.value, OutboxState.CANCELLED.value,
                    OutboxState.UNDELIVERABLE.value, OutboxState.FAILED.value]
        doomed = select(OutboxMessage.id).where(OutboxMessage.state.in_(finished),
                                                OutboxMessage.created_at < before)
        await self.session.execute(
            delete(OutboxAttempt).where(OutboxAttempt.message_id.in_(doomed)))
        removed = await self.session.execute(
            delete(OutboxMessage).where(OutboxMessage.id.in_(doomed))
            .execution_options(synchronize_session=False))
        return removed.rowcount or 0

    async def listing(self, organisation_id: int | None, *, states: Sequence[str] = (),
                      limit: int = 200) -> list[OutboxMessage]:
        query = select(OutboxMessage).order_by(OutboxMessage.due_at.desc(),
                                               OutboxMessage.id.desc()).limit(limit)
        if organisation_id is not None:
            query = query.where(OutboxMessage.organisation_id == organisation_id)
        if states:
            query = query.where(OutboxMessage.state.in_(list(states)))
        return list(await self.session.scalars(query))

    async def counts(self, organisation_id: int | None) -> dict[str, int]:
        query = select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        if organisation_id is not None:
            query = query.where(OutboxMessage.organisation_id == organisation_id)
        return {state: count for state, count in await self.session.execute(query)}

    async def by_key(self, key: str) -> OutboxMessage | None:
        return await self.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))

    async def states_of(self, keys_like: str) -> list[str]:
        """The states of the messages whose key starts with `keys_like`."""
        rows = await self.session.scalars(
            select(OutboxMessage.state).where(OutboxMessage.key.startswith(keys_like)))
        return list(rows)

    async def next_due(self) -> datetime | None:
        """When the earliest queued message falls due (for the dispatcher's sleep)."""
        return await self.session.scalar(
            select(func.min(OutboxMessage.due_at))
            .where(OutboxMessage.state == OutboxState.QUEUED.value))
