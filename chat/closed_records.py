"""A capability's closed records under the retention schedule (`chat.retention`): any
model with `closed_at` and `archived_at`, with its history events. Exported whole for
the archive, then disposed of when the records plan says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession


class ClosedRecords:
    """`closed()` says which rows of `model` are closed; `events` (optional) is the
    history model whose `event_key` column names the record."""

    def __init__(self, kind: str, model: Any, closed: Callable[[], ColumnElement[bool]], *,
                 events: Any = None, event_key: str | None = None) -> None:
        self.kind, self.model, self.closed = kind, model, closed
        self.events, self.event_key = events, event_key

    def _closed_in(self, organisation_id: int) -> tuple[ColumnElement[bool], ...]:
        return (self.model.organisation_id == organisation_id, self.closed(),
                self.model.closed_at.is_not(None))

    async def due(self, session: AsyncSession, organisation_id: int, closed_before: datetime,
                  *, archived_only: bool) -> tuple[list[uuid.UUID], int]:
        closed = (*self._closed_in(organisation_id), self.model.closed_at < closed_before)
        if not archived_only:
            return list(await session.scalars(select(self.model.id).where(*closed))), 0
        ids = list(await session.scalars(
            select(self.model.id).where(*closed, self.model.archived_at.is_not(None))))
        waiting = await session.scalar(select(func.count()).select_from(self.model).where(
            *closed, self.model.archived_at.is_(None)))
        return ids, int(waiting or 0)

    async def delete(self, session: AsyncSession, organisation_id: int,
                     ids: list[uuid.UUID]) -> int:
        if self.events is not None:
            await session.execute(delete(self.events).where(
                self.events.organisation_id == organisation_id,
                getattr(self.events, str(self.event_key)).in_(ids)))
        result = await session.execute(delete(self.model).where(
            self.model.organisation_id == organisation_id, self.model.id.in_(ids)
        ).returning(self.model.id))
        return len(result.all())

    async def unarchived(self, session: AsyncSession, organisation_id: int
                         ) -> list[dict[str, Any]]:
        """Closed records not yet archived, each with its whole history."""
        records = list(await session.scalars(select(self.model).where(
            *self._closed_in(organisation_id), self.model.archived_at.is_(None))
            .order_by(self._order())))
        if not records:
            return []
        by_record: dict[Any, list[dict[str, Any]]] = {}
        if self.events is not None:
            key = getattr(self.events, str(self.event_key))
            for event in await session.scalars(select(self.events).where(
                    key.in_([r.id for r in records])).order_by(self.events.id)):
                by_record.setdefault(getattr(event, str(self.event_key)), []).append(
                    {"at": event.at.isoformat(), "kind": event.kind,
                     "actor_person_id": event.actor_person_id, "data": event.data})
        return [{"kind": self.kind, "id": str(r.id), **_columns(r),
                 "events": by_record.get(r.id, [])} for r in records]

    def _order(self) -> Any:
        """By reference where records have one (the archive reads in case order)."""
        return self.model.reference if hasattr(self.model, "reference") \
            else self.model.created_at

    async def mark_archived(self, session: AsyncSession, organisation_id: int,
                            ids: list[Any], at: datetime) -> None:
        await session.execute(update(self.model).where(
            self.model.organisation_id == organisation_id,
            self.model.id.in_([uuid.UUID(str(i)) for i in ids])).values(archived_at=at))


def _columns(record: Any) -> dict[str, Any]:
    values = {}
    for column in record.__table__.columns:
        if column.key in ("id", "archived_at"):
            continue
        value = getattr(record, column.key)
        values[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return values
