"""Incidents, their event history, and reference numbers per organisation and year."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import NotFound
from storage.models import Incident, IncidentEvent, Person, utcnow
from storage.repos.counters import format_reference, next_number
from storage.repos.revision import compare_and_set

INCIDENT_REFERENCE_KIND = "PUI"
# The reference year is the organisation's calendar year: Swedish time.
REFERENCE_TIMEZONE = ZoneInfo("Europe/Stockholm")

# Fields the workflow may change after creation; identity and numbering are fixed.
UPDATABLE_FIELDS = frozenset(
    {
        "status",
        "answers",
        "occurred_at",
        "discovered_at",
        "aware_at",
        "submitted_at",
        "severity",
        "owner_person_id",
        "near_miss",
        "ceased_at",
        "diarienummer",
        "dso_advice",
        "dso_advice_note",
        "decision",
        "decided_by",
        "decided_capacity",
        "own_assessment",
        "imy_notified_at",
        "notification_phase",
        "imy_supplement_at",
        "imy_reference",
        "justification",
        "subjects_informed",
        "subjects_informed_reason",
        "subjects_informed_on",
        "subjects_informed_method",
        "art34_exception",
        "late_reason",
        "measures",
        "pii_flag",
        "closed_at",
        "processing_activity_id",
    }
)


class IncidentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        *,
        organisation_id: int,
        reporter_person_id: int | None,
        status: str,
        answers: dict[str, Any],
        submitted_at: datetime | None = None,
        **fields: Any,
    ) -> Incident:
        """Store a new incident with the next PUI-<year>-<nnnn> of its organisation.

        The year is that of `submitted_at` (default: now) in Swedish time.
        Other columns (occurred_at, aware_at, severity, pii_flag, ...) may be
        passed as keyword arguments.
        """
        _reject_unknown(fields)
        submitted_at = submitted_at or utcnow()
        year = submitted_at.astimezone(REFERENCE_TIMEZONE).year
        number = await next_number(self.session, organisation_id, INCIDENT_REFERENCE_KIND, year)
        incident = Incident(
            organisation_id=organisation_id,
            reference=format_reference(INCIDENT_REFERENCE_KIND, year, number),
            reporter_person_id=reporter_person_id,
            status=status,
            answers=answers,
            submitted_at=submitted_at,
            revision=1,
            **fields,
        )
        self.session.add(incident)
        await self.session.flush()
        return incident

    async def get(self, organisation_id: int, incident_id: uuid.UUID) -> Incident | None:
        return await self.session.scalar(
            select(Incident).where(
                Incident.id == incident_id, Incident.organisation_id == organisation_id
            )
        )

    async def by_reference(self, organisation_id: int, reference: str) -> Incident | None:
        return await self.session.scalar(
            select(Incident).where(
                Incident.organisation_id == organisation_id,
                Incident.reference == reference.strip().upper(),
            )
        )

    async def update(
        self,
        organisation_id: int,
        incident_id: uuid.UUID,
        expected_revision: int,
        **changes: Any,
    ) -> Incident:
        """Compare-and-set: StaleRevision (and nothing written) if someone saved first."""
        _reject_unknown(changes)
        return await compare_and_set(
            self.session, Incident, incident_id, organisation_id, expected_revision, changes
        )

    async def add_event(
        self,
        organisation_id: int,
        incident_id: uuid.UUID,
        *,
        kind: str,
        actor_person_id: int | None,
        data: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> IncidentEvent:
        if await self.get(organisation_id, incident_id) is None:
            raise NotFound(f"incident {incident_id} not found in organisation {organisation_id}")
        event = IncidentEvent(
            incident_id=incident_id,
            organisation_id=organisation_id,
            kind=kind,
            actor_person_id=actor_person_id,
            data=data or {},
            at=at or utcnow(),
        )
        self.session.add(event)
        await self.session.flush()
        return event

    def record_event(
        self, incident: Incident, kind: str, actor_person_id: int | None,
        data: dict[str, Any] | None = None, at: datetime | None = None,
    ) -> IncidentEvent:
        """Append an event to an incident already loaded (flushed with the transaction)."""
        event = IncidentEvent(incident_id=incident.id, organisation_id=incident.organisation_id,
                              kind=kind, actor_person_id=actor_person_id, data=data or {},
                              at=at or utcnow())
        self.session.add(event)
        return event

    async def names(self, person_ids: Iterable[int | None]) -> dict[int, str | None]:
        """Display names of the people an incident mentions, in one query."""
        wanted = {i for i in person_ids if i is not None}
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(Person.id, Person.display_name).where(Person.id.in_(wanted)))
        return {person_id: name for person_id, name in rows}

    async def events(self, organisation_id: int, incident_id: uuid.UUID) -> list[IncidentEvent]:
        """The incident's history, oldest first."""
        return list(
            await self.session.scalars(
                select(IncidentEvent)
                .where(
                    IncidentEvent.incident_id == incident_id,
                    IncidentEvent.organisation_id == organisation_id,
                )
                .order_by(IncidentEvent.id)
            )
        )

    async def for_reporter(
        self, reporter_person_id: int, organisation_id: int | None = None
    ) -> list[Incident]:
        """The reporter's own incidents (all their organisations unless one is given)."""
        query = select(Incident).where(Incident.reporter_person_id == reporter_person_id)
        if organisation_id is not None:
            query = query.where(Incident.organisation_id == organisation_id)
        return list(await self.session.scalars(query.order_by(Incident.created_at.desc())))

    async def in_organisations(
        self, organisation_ids: Sequence[int], statuses: Iterable[str]
    ) -> list[Incident]:
        """Incidents of these organisations with these statuses, newest first."""
        if not organisation_ids:
            return []
        query = select(Incident).where(Incident.organisation_id.in_(list(organisation_ids)),
                                       Incident.status.in_([str(s) for s in statuses]))
        return list(await self.session.scalars(query.order_by(Incident.created_at.desc())))

    async def by_reference_in(
        self, organisation_ids: Sequence[int], reference: str
    ) -> Incident | None:
        """An incident by reference among these organisations (in their order: references
        are per organisation, so the first one listed wins)."""
        if not organisation_ids:
            return None
        rows = await self.session.scalars(select(Incident).where(
            Incident.organisation_id.in_(list(organisation_ids)),
            Incident.reference == reference.strip().upper()))
        found = {row.organisation_id: row for row in rows}
        return next((found[org] for org in organisation_ids if org in found), None)

    async def for_organisation(
        self, organisation_id: int, statuses: Iterable[str] | None = None
    ) -> list[Incident]:
        query = select(Incident).where(Incident.organisation_id == organisation_id)
        if statuses is not None:
            query = query.where(Incident.status.in_(list(statuses)))
        return list(await self.session.scalars(query.order_by(Incident.created_at.desc())))


def _reject_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"not an updatable incident field: {', '.join(sorted(unknown))}")
