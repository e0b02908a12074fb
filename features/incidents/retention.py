"""Closed incidents under the organisation's retention schedule (`chat.retention`):
exported whole for the archive, then disposed of when the records plan says so."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from features.incidents.rules.workflow import Status
from storage.models import Incident, IncidentEvent


class IncidentRetention:
    kind = "incident"

    async def due(self, session: AsyncSession, organisation_id: int, closed_before: datetime,
                  *, archived_only: bool) -> tuple[list[uuid.UUID], int]:
        closed = (Incident.organisation_id == organisation_id,
                  Incident.status == Status.CLOSED, Incident.closed_at < closed_before)
        if not archived_only:
            return list(await session.scalars(select(Incident.id).where(*closed))), 0
        ids = list(await session.scalars(
            select(Incident.id).where(*closed, Incident.archived_at.is_not(None))))
        waiting = await session.scalar(select(func.count()).select_from(Incident).where(
            *closed, Incident.archived_at.is_(None)))
        return ids, int(waiting or 0)

    async def delete(self, session: AsyncSession, organisation_id: int,
                     ids: list[uuid.UUID]) -> int:
        await session.execute(delete(IncidentEvent).where(
            IncidentEvent.organisation_id == organisation_id, IncidentEvent.incident_id.in_(ids)))
        result = await session.execute(delete(Incident).where(
            Incident.organisation_id == organisation_id, Incident.id.in_(ids)
        ).returning(Incident.id))
        return len(result.all())

    async def unarchived(self, session: AsyncSession, organisation_id: int
                         ) -> list[dict[str, Any]]:
        """Closed incidents not yet archived, each with its whole history."""
        incidents = list(await session.scalars(select(Incident).where(
            Incident.organisation_id == organisation_id, Incident.status == Status.CLOSED,
            Incident.archived_at.is_(None)).order_by(Incident.reference)))
        if not incidents:
            return []
        events = list(await session.scalars(select(IncidentEvent).where(
            IncidentEvent.incident_id.in_([i.id for i in incidents])).order_by(IncidentEvent.id)))
        by_incident: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for event in events:
            by_incident.setdefault(event.incident_id, []).append(
                {"at": event.at.isoformat(), "kind": event.kind,
                 "actor_person_id": event.actor_person_id, "data": event.data})
        return [{"kind": self.kind, "id": str(i.id), **_columns(i),
                 "events": by_incident.get(i.id, [])} for i in incidents]

    async def mark_archived(self, session: AsyncSession, organisation_id: int,
                            ids: list[Any], at: datetime) -> None:
        await session.execute(update(Incident).where(
            Incident.organisation_id == organisation_id,
            Incident.id.in_([uuid.UUID(str(i)) for i in ids])).values(archived_at=at))


def _columns(incident: Incident) -> dict[str, Any]:
    values = {}
    for column in Incident.__table__.columns:
        if column.key in ("id", "archived_at"):
            continue
        value = getattr(incident, column.key)
        values[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return values
