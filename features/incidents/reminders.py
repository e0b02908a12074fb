"""The incident capability's reminder policies (`chat.reminders`).

- `incident_deadline`: the 72-hour ladder to the organisation's DSOs and
  deputies while no decision on notifying IMY is recorded; once the deadline
  has passed, "overdue" once a day, to the escalation contacts too (the
  setting `escalate_to`, e-mail addresses of people in the directory; by
  default the organisation's admins). Near misses are never reminded.
- `imy_supplement`: about four weeks after a preliminary notification (Art.
  33(4)), while no supplement is recorded, to those who record it.

Each reads the facts, decides with the pure rules (`rules/reminders.py`) and
returns one `Due` per person, keyed per step of the incident's ladder. The
card is built for its recipient: in their language, with the description and
the open button only for someone whose seat on the incident shows them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.reminders import Due, ReminderPolicy
from compliance.deadlines import notification_deadline, time_left
from features.incidents.access import Scope, seat_of
from features.incidents.cards.reminders import (
    DEADLINE,
    SUPPLEMENT,
    DeadlineReminder,
    SupplementReminder,
    deadline_card,
    supplement_card,
)
from features.incidents.records import title_of
from features.incidents.rules.reminders import (
    DEADLINE_DEFAULTS,
    SUPPLEMENT_DEFAULTS,
    DeadlineFacts,
    Step,
    SupplementFacts,
    due_steps,
    ladder_settings,
    supplement_days,
    supplement_steps,
)
from features.incidents.rules.workflow import Decision, NotificationPhase, Status
from i18n import Lang, t
from storage.models import Incident
from storage.repos import OrganisationSettingsRepository, PeopleRepository, RoleRepository
from storage.roles import DSO_ROLES, Role

RECORD_TYPE = "incident"


def _clock_start(incident: Incident) -> datetime:
    # As on the card: without an awareness time, from when the report came in.
    return incident.aware_at or incident.submitted_at or incident.created_at


async def _people(session: AsyncSession, organisation_id: int,
                  roles: Sequence[Role]) -> list[int]:
    """Holders of these roles in the organisation who are still in the directory."""
    holders = await RoleRepository(session).holders(organisation_id, tuple(sorted(roles)))
    return list(dict.fromkeys(h.person.id for h in holders if h.person.anonymised_at is None))


async def escalation_contacts(session: AsyncSession, organisation_id: int,
                              addresses: Sequence[str]) -> list[int]:
    """The people the `escalate_to` addresses name (those the directory does not know are
    left out: an address is not a person the bot can write to); none named: the admins."""
    if not addresses:
        return await _people(session, organisation_id, (Role.ADMIN,))
    found: list[int] = []
    people = PeopleRepository(session)
    for address in addresses:
        person = await people.by_email(address)
        if person is not None and person.anonymised_at is None:
            found.append(person.id)
    return list(dict.fromkeys(found))


async def _seat_scope(session: AsyncSession, incident: Incident, person_id: int
                      ) -> tuple[Scope | None, bool]:
    """What this person sees of the incident, and whether they may open it."""
    roles = await RoleRepository(session).roles_in(person_id, incident.organisation_id)
    settings = await OrganisationSettingsRepository(session).get(incident.organisation_id)
    seat = seat_of(frozenset(roles), incident, settings)
    return seat.scope, seat.scope is not None


async def _incident(session: AsyncSession, record_id: str | uuid.UUID) -> Incident | None:
    try:
        key = record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
    except ValueError:
        return None
    return await session.get(Incident, key)


def _gone(lang: Lang) -> str:
    return t(lang, "incident.reminder.gone")


# -- the 72-hour ladder ---------------------------------------------------------------------


def _deadline_build(incident_id: uuid.UUID, person_id: int, step: Step, now: datetime,
                    escalated: bool):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        incident = await _incident(session, incident_id)
        if incident is None:
            return _gone(lang)
        scope, may_open = await _seat_scope(session, incident, person_id)
        deadline = notification_deadline(_clock_start(incident))
        return deadline_card(lang, DeadlineReminder(
            incident_id=str(incident.id), reference=incident.reference,
            status=incident.status,
            title=title_of(incident.answers) if scope == Scope.FULL else None,
            deadline=deadline, time_left=time_left(deadline, now), hours=step.hours,
            overdue=step.overdue, may_open=may_open, escalated=escalated,
            aware_known=incident.aware_at is not None))

    return build


async def find_deadline(session: AsyncSession, organisation_id: int,
                        settings: Mapping[str, Any], now: datetime) -> list[Due]:
    ladder = ladder_settings(settings)
    incidents = list(await session.scalars(select(Incident).where(
        Incident.organisation_id == organisation_id, Incident.status != Status.CLOSED,
        Incident.decision.is_(None), Incident.near_miss.is_(False),
        # History imported from last year's log is not nagged about.
        Incident.imported_at.is_(None))))
    facts = {str(i.id): i for i in incidents}
    steps = due_steps((DeadlineFacts(str(i.id), _clock_start(i), near_miss=i.near_miss,
                                     decided=i.decision is not None,
                                     closed=i.status == Status.CLOSED) for i in incidents),
                      ladder, now)
    if not steps:
        return []
    dsos = await _people(session, organisation_id, tuple(DSO_ROLES))
    escalate = await escalation_contacts(session, organisation_id, ladder.escalate_to) \
        if any(step.escalated for _, step in steps) else []
    due: list[Due] = []
    for fact, step in steps:
        incident = facts[fact.id]
        told = list(dict.fromkeys([*dsos, *(escalate if step.escalated else [])]))
        for person_id in told:
            due.append(Due(
                key=f"{DEADLINE}:{incident.id}:{step.name}:{person_id}", person_id=person_id,
                build=_deadline_build(incident.id, person_id, step, now,
                                      escalated=person_id not in dsos),
                record_type=RECORD_TYPE, record_id=str(incident.id)))
    return due


async def deadline_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    """Still undecided, open and not a near miss: the clock still runs."""
    incident = await _incident(session, record_id)
    return (incident is not None and not incident.near_miss and incident.decision is None
            and incident.status != Status.CLOSED)


# -- the supplement to a preliminary notification ----------------------------------------


def _supplement_build(incident_id: uuid.UUID, person_id: int, days: int):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        incident = await _incident(session, incident_id)
        if incident is None or incident.imy_notified_at is None:
            return _gone(lang)
        scope, may_open = await _seat_scope(session, incident, person_id)
        return supplement_card(lang, SupplementReminder(
            incident_id=str(incident.id), reference=incident.reference,
            title=title_of(incident.answers) if scope == Scope.FULL else None,
            notified_at=incident.imy_notified_at, days=days, may_open=may_open))

    return build


def _pending_supplement(incident: Incident) -> bool:
    return (incident.notification_phase == NotificationPhase.PRELIMINARY
            and incident.imy_supplement_at is None and incident.decision == Decision.NOTIFIED
            and incident.status != Status.CLOSED)


async def _recorders(session: AsyncSession, organisation_id: int) -> list[int]:
    """Who records the supplement: the DSOs, and the admins where the controller records
    its own decisions (`dso_records_decisions` off)."""
    settings = await OrganisationSettingsRepository(session).get(organisation_id)
    roles = set(DSO_ROLES) | (set() if settings.dso_records_decisions else {Role.ADMIN})
    return await _people(session, organisation_id, tuple(roles))


async def find_supplement(session: AsyncSession, organisation_id: int,
                          settings: Mapping[str, Any], now: datetime) -> list[Due]:
    days = supplement_days(settings)
    incidents = list(await session.scalars(select(Incident).where(
        Incident.organisation_id == organisation_id,
        Incident.notification_phase == NotificationPhase.PRELIMINARY.value,
        Incident.imy_supplement_at.is_(None), Incident.status != Status.CLOSED,
        Incident.imported_at.is_(None))))
    by_id = {str(i.id): i for i in incidents}
    steps = supplement_steps([SupplementFacts(
        str(i.id), i.imy_notified_at, preliminary=True, supplemented=False,
        notified=i.decision == Decision.NOTIFIED, closed=False) for i in incidents], days, now)
    if not steps:
        return []
    told = await _recorders(session, organisation_id)
    return [Due(key=f"{SUPPLEMENT}:{fact.id}:{step.name}:{person_id}", person_id=person_id,
                build=_supplement_build(by_id[fact.id].id, person_id, days),
                record_type=RECORD_TYPE, record_id=fact.id)
            for fact, step in steps for person_id in told]


async def supplement_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    incident = await _incident(session, record_id)
    return incident is not None and _pending_supplement(incident)


INCIDENT_DEADLINE = ReminderPolicy(
    name=DEADLINE, label_key="incident.reminder.deadline.label", find=find_deadline,
    defaults=DEADLINE_DEFAULTS, still_applies=deadline_applies, legal=True)

IMY_SUPPLEMENT = ReminderPolicy(
    name=SUPPLEMENT, label_key="incident.reminder.supplement.label", find=find_supplement,
    defaults=SUPPLEMENT_DEFAULTS, still_applies=supplement_applies, legal=True)

POLICIES = (INCIDENT_DEADLINE, IMY_SUPPLEMENT)

__all__ = ["IMY_SUPPLEMENT", "INCIDENT_DEADLINE", "POLICIES", "escalation_contacts"]
