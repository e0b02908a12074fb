"""The camera register's queries, always scoped to one organisation."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Camera, Person, ProcessingActivity

ACTIVE = "active"
RETIRED = "retired"


class CameraRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self, organisation_id: int, *, active_only: bool = False) -> list[Camera]:
        query = select(Camera).where(Camera.organisation_id == organisation_id)
        if active_only:
            query = query.where(Camera.status == ACTIVE)
        return list(await self.session.scalars(query.order_by(Camera.reference, Camera.id)))

    async def by_references(self, organisation_id: int, references: Iterable[str]
                            ) -> dict[str, Camera]:
        """Existing cameras by their reference, compared without regard to case."""
        wanted = {r.casefold() for r in references if r}
        if not wanted:
            return {}
        found = await self.session.scalars(select(Camera).where(
            Camera.organisation_id == organisation_id,
            func.lower(Camera.reference).in_(wanted)))
        return {c.reference.casefold(): c for c in found}

    async def get(self, organisation_id: int, camera_id: uuid.UUID) -> Camera | None:
        """A camera of this organisation, or None (another organisation's is None too)."""
        return await self.session.scalar(select(Camera).where(
            Camera.organisation_id == organisation_id, Camera.id == camera_id))

    async def responsible_for(self, organisation_id: int, person_id: int) -> bool:
        return bool(await self.session.scalar(select(func.count()).select_from(Camera).where(
            Camera.organisation_id == organisation_id,
            Camera.responsible_person_id == person_id)))

    async def activities(self, organisation_id: int) -> list[tuple[uuid.UUID, str, str]]:
        """(id, reference, name) of the organisation's processing activities."""
        rows = await self.session.execute(select(
            ProcessingActivity.id, ProcessingActivity.reference, ProcessingActivity.name
        ).where(ProcessingActivity.organisation_id == organisation_id))
        return [(i, r, n) for i, r, n in rows.all()]

    async def activity_references(self, organisation_id: int) -> dict[uuid.UUID, str]:
        return {i: r for i, r, _ in await self.activities(organisation_id)}

    async def activity_names(self, organisation_id: int) -> dict[uuid.UUID, str]:
        return {i: n for i, _, n in await self.activities(organisation_id)}

    async def people(self, organisation_id: int) -> list[tuple[int, str | None, str | None]]:
        """(id, display name, e-mail) of the people whose home is this organisation."""
        rows = await self.session.execute(select(Person.id, Person.display_name, Person.email)
                                          .where(Person.home_organisation_id == organisation_id,
                                                 Person.anonymised_at.is_(None)))
        return [(i, n, e) for i, n, e in rows.all()]

    async def names_of(self, person_ids: Iterable[int]) -> dict[int, str]:
        ids = {p for p in person_ids if p is not None}
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.display_name).where(
            Person.id.in_(ids), Person.display_name.is_not(None)))
        return {i: n for i, n in rows.all() if n}
