"""The register's reminder policies (`chat.reminders`), none of them a legal clock.

- `register_review`: entries not confirmed for 12 months (`months`), one card
  a month per object owner listing them, each with "confirm it is still
  correct" (`handlers/review.py`);
- `register_incomplete`: one card a month per owner listing what each of their
  entries lacks (the register's own completeness check);
- `register_approvals`: a change request waiting at its stage for 2 working
  days, then weekly, to whoever may approve it now (`approval.approvers`);
- `dpia_followup`: once an entry's DPIA follow-up date has come, to the object
  owner and the DSOs, once per follow-up date.

An owner is a person in the directory (`RegisterObject.owner_person_id`); an
object whose owner is only a name from an imported workbook has nobody to
remind yet (the DSO sees such entries in the register's lists).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.reminders import Due, ReminderPolicy
from compliance.localtime import month_of, to_local
from compliance.workdays import working_days_between
from features.register.access import RequestStatus
from features.register.approval import approvers
from features.register.cards.reminders import (
    APPROVALS,
    DPIA,
    INCOMPLETE,
    REVIEW,
    ApprovalReminder,
    DpiaReminder,
    IncompleteRow,
    ReviewRow,
    ReviewView,
    approval_card,
    dpia_card,
    incomplete_card,
    review_card,
)
from features.register.completeness import missing
from features.register.repo import RegisterRepository, entry_values
from features.register.rules.reminders import (
    APPROVAL_DEFAULTS,
    DPIA_DEFAULTS,
    INCOMPLETE_DEFAULTS,
    REVIEW_DEFAULTS,
    ApprovalFacts,
    ReviewFacts,
    approval_settings,
    approval_step,
    due_for_review,
    follow_up_date,
    follow_up_due,
    review_months,
    start_of,
)
from features.register.rules.vocabulary import Status
from i18n import Lang, t
from storage.models import (
    ActivityVersion,
    ChangeRequest,
    Person,
    ProcessingActivity,
    RegisterObject,
    ReminderSetting,
    RequestEvent,
)
from storage.repos import RoleRepository
from storage.roles import DSO_ROLES

Entry = tuple[ProcessingActivity, RegisterObject, Person | None]
# Request events that start a stage: the request came in, or a stage approved it onwards.
STAGE_STARTS = ("submitted", "approved")


async def settings_of(session: AsyncSession, organisation_id: int, policy: ReminderPolicy
                      ) -> Mapping[str, Any]:
    """The organisation's settings for a policy over its defaults (for the card actions,
    which are not handed them by the reminders capability)."""
    own = await session.scalar(select(ReminderSetting.settings).where(
        ReminderSetting.organisation_id == organisation_id,
        ReminderSetting.policy == policy.name))
    return {**policy.defaults, **(own or {})}


def _today(now: datetime) -> date:
    return to_local(now).date()


async def _reachable(session: AsyncSession, person_ids: Sequence[int | None]) -> set[int]:
    """Those still in the directory (not anonymised after leaving)."""
    wanted = {p for p in person_ids if p is not None}
    if not wanted:
        return set()
    return set(await session.scalars(select(Person.id).where(
        Person.id.in_(wanted), Person.anonymised_at.is_(None))))


async def _dsos(session: AsyncSession, organisation_id: int) -> list[int]:
    holders = await RoleRepository(session).holders(organisation_id, tuple(sorted(DSO_ROLES)))
    return list(dict.fromkeys(h.person.id for h in holders if h.person.anonymised_at is None))


def _by_owner(entries: Sequence[Entry]) -> dict[int, list[Entry]]:
    """Entries still in the register (not retired), by their object's owner."""
    owned: dict[int, list[Entry]] = defaultdict(list)
    for activity, obj, owner in entries:
        if obj.owner_person_id is not None and activity.status != Status.RETIRED:
            owned[obj.owner_person_id].append((activity, obj, owner))
    return owned


def _person_id(record_id: str) -> int | None:
    try:
        return int(record_id)
    except (TypeError, ValueError):
        return None


def _uuid(record_id: Any) -> uuid.UUID | None:
    try:
        return record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
    except ValueError:
        return None


# -- review ----------------------------------------------------------------------------------


def _review_facts(activity: ProcessingActivity) -> ReviewFacts:
    return ReviewFacts(str(activity.id), activity.reviewed_on,
                       to_local(activity.created_at).date(),
                       retired=activity.status == Status.RETIRED)


async def _confirmations(session: AsyncSession, activity_ids: Sequence[uuid.UUID],
                         since: date) -> dict[uuid.UUID, ActivityVersion]:
    """The latest confirmation of each entry from the day `since` on."""
    if not activity_ids:
        return {}
    rows = await session.scalars(select(ActivityVersion).where(
        ActivityVersion.activity_id.in_(list(activity_ids)),
        ActivityVersion.source == "confirm", ActivityVersion.at >= start_of(since))
        .order_by(ActivityVersion.number))
    return {version.activity_id: version for version in rows}


async def review_view(session: AsyncSession, organisation_id: int, owner_id: int,
                      now: datetime, *, since: date, page: int = 1,
                      entries: Sequence[Entry] | None = None,
                      may_confirm: bool = True) -> ReviewView:
    """An owner's review card as it stands: the entries due for review, and those
    confirmed since the reminder (which stay on the card, saying by whom and when)."""
    months = review_months(await settings_of(session, organisation_id, REGISTER_REVIEW))
    if entries is None:
        entries = await RegisterRepository(session).entries(organisation_id)
    mine = [(a, o) for a, o, _ in _by_owner(entries).get(owner_id, [])]
    due = {f.id for f in due_for_review((_review_facts(a) for a, _ in mine), months,
                                        _today(now))}
    confirmed = await _confirmations(session, [a.id for a, _ in mine], since)
    names = await RegisterRepository(session).people(
        v.actor_person_id for v in confirmed.values())
    rows = []
    for activity, obj in sorted(mine, key=lambda pair: pair[0].reference):
        version = confirmed.get(activity.id)
        if str(activity.id) not in due and version is None:
            continue
        by = names.get(version.actor_person_id or -1) if version else None
        rows.append(ReviewRow(
            id=str(activity.id), revision=activity.revision, reference=activity.reference,
            name=activity.name, object_name=obj.name, reviewed_on=activity.reviewed_on,
            registered_on=to_local(activity.created_at).date(),
            confirmed_by=(by.display_name or by.email) if by else None,
            confirmed_on=to_local(version.at).date()
            if version is not None and str(activity.id) not in due else None))
    return ReviewView(owner_id, rows, months, since, page, may_confirm)


def _review_build(organisation_id: int, owner_id: int, now: datetime):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        view = await review_view(session, organisation_id, owner_id, now, since=_today(now))
        if not view.rows:
            return t(lang, "register.reminder.review.all_done")
        return review_card(lang, view)

    return build


async def find_review(session: AsyncSession, organisation_id: int,
                      settings: Mapping[str, Any], now: datetime) -> list[Due]:
    months, today = review_months(settings), _today(now)
    entries = await RegisterRepository(session).entries(organisation_id)
    owned = _by_owner(entries)
    reachable = await _reachable(session, list(owned))
    due = []
    for owner_id, mine in sorted(owned.items()):
        if owner_id not in reachable:
            continue
        if due_for_review((_review_facts(a) for a, _, _ in mine), months, today):
            due.append(Due(key=f"{REVIEW}:{organisation_id}:{owner_id}:{month_of(now)}",
                           person_id=owner_id,
                           build=_review_build(organisation_id, owner_id, now),
                           record_type="person", record_id=str(owner_id)))
    return due


async def _owned_in(session: AsyncSession, owner_id: int) -> dict[int, list[Entry]]:
    """A person's entries (of objects they own) by organisation."""
    objects = list(await session.scalars(select(RegisterObject).where(
        RegisterObject.owner_person_id == owner_id)))
    if not objects:
        return {}
    by_id = {o.id: o for o in objects}
    activities = await session.scalars(select(ProcessingActivity).where(
        ProcessingActivity.object_id.in_(list(by_id)),
        ProcessingActivity.status != Status.RETIRED.value))
    found: dict[int, list[Entry]] = defaultdict(list)
    for activity in activities:
        found[activity.organisation_id].append((activity, by_id[activity.object_id], None))
    return found


async def review_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    """The owner still has entries due for review."""
    owner_id = _person_id(record_id)
    if owner_id is None:
        return False
    for organisation_id, mine in (await _owned_in(session, owner_id)).items():
        months = review_months(await settings_of(session, organisation_id, REGISTER_REVIEW))
        if due_for_review((_review_facts(a) for a, _, _ in mine), months, _today(now)):
            return True
    return False


# -- incomplete ------------------------------------------------------------------------------


def _incomplete(mine: Sequence[Entry]) -> list[IncompleteRow]:
    rows = []
    for activity, obj, owner in sorted(mine, key=lambda e: e[0].reference):
        lacking = missing(entry_values(activity, obj, owner))
        if lacking:
            rows.append(IncompleteRow(str(activity.id), activity.revision, activity.reference,
                                      activity.name, obj.name, tuple(lacking)))
    return rows


def _incomplete_build(organisation_id: int, owner_id: int):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        entries = await RegisterRepository(session).entries(organisation_id)
        rows = _incomplete(_by_owner(entries).get(owner_id, []))
        if not rows:
            return t(lang, "register.entry.nothing_missing")
        return incomplete_card(lang, owner_id, rows)

    return build


async def find_incomplete(session: AsyncSession, organisation_id: int,
                          settings: Mapping[str, Any], now: datetime) -> list[Due]:
    entries = await RegisterRepository(session).entries(organisation_id)
    owned = _by_owner(entries)
    reachable = await _reachable(session, list(owned))
    return [Due(key=f"{INCOMPLETE}:{organisation_id}:{owner_id}:{month_of(now)}",
                person_id=owner_id, build=_incomplete_build(organisation_id, owner_id),
                record_type="person", record_id=str(owner_id))
            for owner_id, mine in sorted(owned.items())
            if owner_id in reachable and _incomplete(mine)]


async def incomplete_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    owner_id = _person_id(record_id)
    if owner_id is None:
        return False
    return any(_incomplete(mine) for mine in (await _owned_in(session, owner_id)).values())


# -- approvals -------------------------------------------------------------------------------


async def _waiting_since(session: AsyncSession, requests: Sequence[ChangeRequest]
                         ) -> dict[uuid.UUID, datetime]:
    """When each request reached its present stage: its latest submitted/approved event."""
    if not requests:
        return {}
    rows = await session.execute(select(RequestEvent.request_id, RequestEvent.at).where(
        RequestEvent.request_id.in_([r.id for r in requests]),
        RequestEvent.kind.in_(STAGE_STARTS)).order_by(RequestEvent.id))
    since = {r.id: r.created_at for r in requests}
    for request_id, at in rows:
        since[request_id] = at
    return since


def _approval_build(request_id: uuid.UUID, since: datetime, now: datetime):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        request = await session.get(ChangeRequest, request_id)
        if request is None or request.status != RequestStatus.IN_REVIEW:
            return t(lang, "register.reminder.approval.gone")
        repo = RegisterRepository(session)
        activity = await repo.get(request.organisation_id, request.activity_id) \
            if request.activity_id else None
        obj = await session.get(RegisterObject, request.object_id) if request.object_id \
            else None
        requester = (await repo.people([request.requester_person_id])).get(
            request.requester_person_id or -1)
        return approval_card(lang, ApprovalReminder(
            request_id=str(request.id), reference=request.reference, kind=request.kind,
            entry_name=activity.name if activity else str(request.proposed.get("name") or ""),
            object_name=obj.name if obj else request.proposed.get("object"),
            requester=(requester.display_name or requester.email) if requester else None,
            waiting_since=since, working_days=working_days_between(since, now),
            stage=request.stage or "owner"))

    return build


async def find_approvals(session: AsyncSession, organisation_id: int,
                         settings: Mapping[str, Any], now: datetime) -> list[Due]:
    ladder = approval_settings(settings)
    requests = list(await session.scalars(select(ChangeRequest).where(
        ChangeRequest.organisation_id == organisation_id,
        ChangeRequest.status == RequestStatus.IN_REVIEW).order_by(ChangeRequest.reference)))
    since = await _waiting_since(session, requests)
    due: list[Due] = []
    for request in requests:
        stage = request.stage or "owner"
        step = approval_step(ApprovalFacts(str(request.id), stage, since[request.id]),
                             ladder, now)
        if step is None:
            continue
        obj = await session.get(RegisterObject, request.object_id) if request.object_id \
            else None
        asked = [p for p in await approvers(session, request, obj)
                 if p != request.requester_person_id]
        reachable = await _reachable(session, asked)
        for person_id in asked:
            if person_id in reachable:
                due.append(Due(key=f"{APPROVALS}:{request.id}:{step.name}:{person_id}",
                               person_id=person_id,
                               build=_approval_build(request.id, since[request.id], now),
                               record_type="register_request", record_id=str(request.id)))
    return due


async def approval_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    key = _uuid(record_id)
    request = await session.get(ChangeRequest, key) if key else None
    return request is not None and request.status == RequestStatus.IN_REVIEW


# -- DPIA follow-up --------------------------------------------------------------------------


def _follow_up(activity: ProcessingActivity) -> date | None:
    return follow_up_date((activity.values or {}).get("dpia_follow_up"))


def _dpia_build(activity_id: uuid.UUID, now: datetime):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        activity = await session.get(ProcessingActivity, activity_id)
        follow_up = _follow_up(activity) if activity else None
        if activity is None or follow_up is None:
            return t(lang, "register.reminder.dpia.gone")
        obj = await session.get(RegisterObject, activity.object_id)
        return dpia_card(lang, DpiaReminder(
            entry_id=str(activity.id), reference=activity.reference, name=activity.name,
            object_name=obj.name if obj else "", follow_up=follow_up,
            dpia_date=follow_up_date((activity.values or {}).get("dpia_date")),
            today=_today(now)))

    return build


async def find_dpia(session: AsyncSession, organisation_id: int, settings: Mapping[str, Any],
                    now: datetime) -> list[Due]:
    today = _today(now)
    entries = await RegisterRepository(session).entries(organisation_id)
    followed = [(a, o) for a, o, _ in entries
                if follow_up_due(_follow_up(a), today, a.status == Status.RETIRED)]
    if not followed:
        return []
    dsos = await _dsos(session, organisation_id)
    reachable = await _reachable(session, [o.owner_person_id for _, o in followed])
    due = []
    for activity, obj in followed:
        owner = [obj.owner_person_id] if obj.owner_person_id in reachable else []
        follow_up = _follow_up(activity)
        assert follow_up is not None
        for person_id in dict.fromkeys([*owner, *dsos]):
            due.append(Due(key=f"{DPIA}:{activity.id}:{follow_up.isoformat()}:{person_id}",
                           person_id=person_id, build=_dpia_build(activity.id, now),
                           record_type="register_entry", record_id=str(activity.id)))
    return due


async def dpia_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    key = _uuid(record_id)
    activity = await session.get(ProcessingActivity, key) if key else None
    return activity is not None and follow_up_due(_follow_up(activity), _today(now),
                                                  activity.status == Status.RETIRED)


REGISTER_REVIEW = ReminderPolicy(
    name=REVIEW, label_key="register.reminder.review.label", find=find_review,
    defaults=REVIEW_DEFAULTS, still_applies=review_applies)
REGISTER_INCOMPLETE = ReminderPolicy(
    name=INCOMPLETE, label_key="register.reminder.incomplete.label", find=find_incomplete,
    defaults=INCOMPLETE_DEFAULTS, still_applies=incomplete_applies)
REGISTER_APPROVALS = ReminderPolicy(
    name=APPROVALS, label_key="register.reminder.approval.label", find=find_approvals,
    defaults=APPROVAL_DEFAULTS, still_applies=approval_applies)
DPIA_FOLLOWUP = ReminderPolicy(
    name=DPIA, label_key="register.reminder.dpia.label", find=find_dpia,
    defaults=DPIA_DEFAULTS, still_applies=dpia_applies)

POLICIES = (REGISTER_REVIEW, REGISTER_INCOMPLETE, REGISTER_APPROVALS, DPIA_FOLLOWUP)
