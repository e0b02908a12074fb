"""The rights capability's reminder policy (`chat.reminders`): `rights_deadline`.

To the request's handler and the organisation's DSOs: by default 7 and 2 days
before the last day to answer, on the day itself, and every day once it has
passed, while the request is neither answered nor withdrawn. The one-month
clock is a legal one: it runs on calendar days, weekends included. The steps
are the pure rules' (`rules/reminders.py`); each person's reminder of each step
has its own key, so it is queued once.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.reminders import Due, ReminderPolicy
from compliance.localtime import to_local
from features.rights.cards.reminders import POLICY, DeadlineReminder, deadline_card
from features.rights.repo import names_of
from features.rights.rules.reminders import DEFAULTS, RequestFacts, due_steps, ladder_settings
from features.rights.rules.workflow import OPEN
from i18n import Lang, t
from storage.models import Person, RightsRequest
from storage.repos import RoleRepository
from storage.roles import DSO_ROLES

RECORD_TYPE = "rights_request"


async def _request(session: AsyncSession, record_id: str | uuid.UUID) -> RightsRequest | None:
    try:
        key = record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
    except ValueError:
        return None
    return await session.get(RightsRequest, key)


def _build(request_id: uuid.UUID, now: datetime):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        request = await _request(session, request_id)
        if request is None:
            return t(lang, "rights.reminder.gone")
        names = await names_of(session, [request.handler_person_id])
        return deadline_card(lang, DeadlineReminder(
            request_id=str(request.id), reference=request.reference,
            rights=tuple(request.rights or ()), status=request.status,
            due_on=request.due_on, today=to_local(now).date(),
            handler=names.get(request.handler_person_id or -1)))

    return build


async def _reachable(session: AsyncSession, person_ids: list[int]) -> set[int]:
    """Those still in the directory (not anonymised after leaving)."""
    if not person_ids:
        return set()
    rows = await session.scalars(select(Person.id).where(Person.id.in_(person_ids),
                                                         Person.anonymised_at.is_(None)))
    return set(rows)


async def find_due(session: AsyncSession, organisation_id: int, settings: Mapping[str, Any],
                   now: datetime) -> list[Due]:
    ladder = ladder_settings(settings)
    requests = list(await session.scalars(select(RightsRequest).where(
        RightsRequest.organisation_id == organisation_id,
        RightsRequest.status.in_([s.value for s in OPEN]),
        RightsRequest.imported_at.is_(None))  # imported history is not nagged about
        .order_by(RightsRequest.due_on, RightsRequest.reference)))
    by_id = {str(r.id): r for r in requests}
    steps = due_steps((RequestFacts(str(r.id), r.due_on) for r in requests), ladder, now)
    if not steps:
        return []
    holders = await RoleRepository(session).holders(organisation_id, tuple(sorted(DSO_ROLES)))
    dsos = list(dict.fromkeys(h.person.id for h in holders if h.person.anonymised_at is None))
    reachable = await _reachable(session, [r.handler_person_id for r in requests
                                           if r.handler_person_id is not None])
    due: list[Due] = []
    for fact, step in steps:
        request = by_id[fact.id]
        handler = [request.handler_person_id] if request.handler_person_id in reachable else []
        for person_id in dict.fromkeys([*handler, *dsos]):
            due.append(Due(key=f"{POLICY}:{request.id}:{step.name}:{person_id}",
                           person_id=person_id, build=_build(request.id, now),
                           record_type=RECORD_TYPE, record_id=str(request.id)))
    return due


async def still_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    """Neither answered nor withdrawn: the clock still runs."""
    request = await _request(session, record_id)
    return request is not None and request.status in {s.value for s in OPEN}


RIGHTS_DEADLINE = ReminderPolicy(
    name=POLICY, label_key="rights.reminder.label", find=find_due, defaults=DEFAULTS,
    still_applies=still_applies, legal=True)

POLICIES = (RIGHTS_DEADLINE,)
