"""Finding and numbering footage requests, their cameras and the grounds offered."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.cameras.followup.grounds import grounds_valid_on
from features.cameras.requests.rules.workflow import OPEN
from storage.models import Camera, CameraLegalGround, FootageRequest, Person
from storage.repos import RoleRepository
from storage.repos.counters import next_number

REFERENCE_KIND = "KAM"  # KAM-2026-0004


async def new_reference(session: AsyncSession, organisation_id: int, year: int) -> str:
    number = await next_number(session, organisation_id, REFERENCE_KIND, year)
    return f"{REFERENCE_KIND}-{year}-{number:04d}"


async def dso_ids(session: AsyncSession, organisation_id: int) -> list[int]:
    return list(dict.fromkeys(h.person.id for h in
                              await RoleRepository(session).dsos_of(organisation_id)))


async def cameras_of(session: AsyncSession, organisation_id: int, ids: Sequence[str]
                     ) -> list[Camera]:
    """The organisation's cameras among `ids` (a card or an answer can be forged)."""
    wanted = []
    for raw in ids:
        try:
            wanted.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    if not wanted:
        return []
    found = {c.id: c for c in await session.scalars(select(Camera).where(
        Camera.organisation_id == organisation_id, Camera.id.in_(wanted)))}
    return [found[i] for i in wanted if i in found]


async def grounds_on(session: AsyncSession, organisation_id: int, day: date
                     ) -> list[CameraLegalGround]:
    """The legal grounds valid on `day` for the organisation (its own overriding the
    shared ones): the grounds' own rule, kept in one place."""
    return await grounds_valid_on(session, organisation_id, day)


async def ground_label(session: AsyncSession, organisation_id: int, code: str | None,
                       lang: str) -> str | None:
    if not code:
        return None
    rows = list(await session.scalars(select(CameraLegalGround).where(
        CameraLegalGround.code == code, or_(CameraLegalGround.organisation_id.is_(None),
                                            CameraLegalGround.organisation_id == organisation_id))))
    if not rows:
        return code
    ground = max(rows, key=lambda g: g.organisation_id is not None)
    return ground.label_en if lang == "en" else ground.label_sv


async def open_requests(session: AsyncSession, organisation_id: int) -> list[FootageRequest]:
    """Open requests, the most urgent first: not secured before secured, unknown erasure
    first, then the soonest erased."""
    rows = await session.scalars(select(FootageRequest).where(
        FootageRequest.organisation_id == organisation_id,
        FootageRequest.status.in_([s.value for s in OPEN])))
    return sorted(rows, key=lambda r: (r.secured_at is not None, r.erasure_at is not None,
                                       r.erasure_at or r.received_at, r.reference))


async def requests_logged_by(session: AsyncSession, person_id: int, limit: int = 20
                             ) -> list[FootageRequest]:
    return list(await session.scalars(select(FootageRequest).where(
        FootageRequest.logged_by_person_id == person_id)
        .order_by(FootageRequest.received_at.desc()).limit(limit)))


async def names_of(session: AsyncSession, person_ids: Sequence[int | None]) -> dict[int, str]:
    wanted = {p for p in person_ids if p is not None}
    if not wanted:
        return {}
    rows = await session.execute(select(Person.id, Person.display_name, Person.email)
                                 .where(Person.id.in_(wanted)))
    return {pid: name or email or "?" for pid, name, email in rows}
