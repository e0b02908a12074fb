"""Finding and numbering requests and questions, and the people they concern."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.rights.rules.workflow import OPEN
from storage.models import Person, RightsQuestion, RightsRequest, RightsRequestEvent
from storage.repos import PeopleRepository, RoleRepository
from storage.repos.counters import next_number

REFERENCE_KIND = "REG"  # REG-2026-0003: the organisation's requests of 2026, numbered


async def new_reference(session: AsyncSession, organisation_id: int, year: int) -> str:
    number = await next_number(session, organisation_id, REFERENCE_KIND, year)
    return f"{REFERENCE_KIND}-{year}-{number:04d}"


async def dso_ids(session: AsyncSession, organisation_id: int) -> list[int]:
    """The DSOs and deputies of the organisation: they are told of every request."""
    return list(dict.fromkeys(h.person.id for h in
                              await RoleRepository(session).dsos_of(organisation_id)))


async def person_by_address(session: AsyncSession, organisation_id: int, email: str
                            ) -> Person:
    """The person with this address, pre-created when the bot does not know them yet
    (they find the request when they first open the bot), at home in the organisation."""
    person, _ = await PeopleRepository(session).ensure(email=email)
    if person.home_organisation_id is None:
        person.home_organisation_id = organisation_id
    return person


async def open_requests(session: AsyncSession, organisation_id: int) -> list[RightsRequest]:
    """The organisation's open requests, the soonest due first."""
    return list(await session.scalars(select(RightsRequest).where(
        RightsRequest.organisation_id == organisation_id,
        RightsRequest.status.in_([s.value for s in OPEN]))
        .order_by(RightsRequest.due_on, RightsRequest.reference)))


async def requests_of(session: AsyncSession, person_id: int, limit: int = 20
                      ) -> list[RightsRequest]:
    """The requests a person handles or logged, open ones first, the soonest due first."""
    rows = await session.scalars(select(RightsRequest).where(or_(
        RightsRequest.handler_person_id == person_id,
        RightsRequest.logged_by_person_id == person_id)))
    ordered = sorted(rows, key=lambda r: (r.status not in OPEN, r.due_on, r.reference))
    return ordered[:limit]


async def questions_of(session: AsyncSession, person_id: int, limit: int = 10
                       ) -> list[RightsQuestion]:
    return list(await session.scalars(select(RightsQuestion).where(
        RightsQuestion.asker_person_id == person_id)
        .order_by(RightsQuestion.created_at.desc()).limit(limit)))


async def events_of(session: AsyncSession, request_id: uuid.UUID) -> list[RightsRequestEvent]:
    return list(await session.scalars(select(RightsRequestEvent).where(
        RightsRequestEvent.request_id == request_id).order_by(RightsRequestEvent.id)))


async def names_of(session: AsyncSession, person_ids: Sequence[int | None]) -> dict[int, str]:
    wanted = {p for p in person_ids if p is not None}
    if not wanted:
        return {}
    rows = await session.execute(select(Person.id, Person.display_name, Person.email)
                                 .where(Person.id.in_(wanted)))
    return {pid: name or email or "?" for pid, name, email in rows}
