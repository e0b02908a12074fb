"""The cameras' reminder policies (`chat.reminders`).

- `camera_erasure` (legal: delivered at any hour): a footage request whose material
  is neither secured nor closed, erased within 48 hours, to the DSOs and each
  requested camera's responsible person; again 12 hours before (`hours`: [48, 12]).
  It no longer applies once the material is secured or the request closed.
- `camera_no_decision`: no decision 3 Swedish working days (`working_days`) after
  the request was received, then weekly (`then_every_days`), to the DSOs.
- `camera_assessment_review`: active cameras whose assessment of interests is
  missing or older than the organisation's review interval (`months`, 12); one
  card a month per responsible person listing theirs, and to the DSOs for the
  cameras nobody answers for.

The steps are the pure rules' (`rules.py`); each person's reminder of each step
has its own key, so it is queued once.
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
from features.cameras.followup.cards import (
    RequestView,
    ReviewRow,
    ReviewView,
    decision_card,
    erasure_card,
    review_card,
)
from features.cameras.followup.rules import (
    ACTIVE,
    CLOSED_STATUSES,
    ERASURE,
    ERASURE_DEFAULTS,
    NO_DECISION,
    NO_DECISION_DEFAULTS,
    REVIEW,
    REVIEW_DEFAULTS,
    CameraFacts,
    DecisionFacts,
    ErasureFacts,
    decision_settings,
    decision_step,
    due_for_review,
    erasure_step,
    erasure_steps,
    hours_left,
    review_months,
)
from i18n import Lang, t
from storage.models import Camera, FootageRequest, Person, ReminderSetting
from storage.repos import RoleRepository
from storage.roles import DSO_ROLES

RECORD_TYPE = "footage_request"


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def _today(now: datetime) -> date:
    return to_local(now).date()


async def settings_of(session: AsyncSession, organisation_id: int, policy: ReminderPolicy
                      ) -> Mapping[str, Any]:
    """The organisation's settings for a policy over its defaults (for `still_applies`,
    which is not handed them)."""
    own = await session.scalar(select(ReminderSetting.settings).where(
        ReminderSetting.organisation_id == organisation_id,
        ReminderSetting.policy == policy.name))
    return {**policy.defaults, **(own or {})}


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


def _open(request: FootageRequest) -> bool:
    return request.closed_at is None and request.status not in CLOSED_STATUSES


async def _cameras_of(session: AsyncSession, organisation_id: int, ids: Sequence[str]
                      ) -> list[Camera]:
    keys = [k for k in (_uuid(i) for i in ids or ()) if k is not None]
    if not keys:
        return []
    return list(await session.scalars(select(Camera).where(
        Camera.organisation_id == organisation_id, Camera.id.in_(keys))
        .order_by(Camera.reference)))


async def _view(session: AsyncSession, request: FootageRequest, now: datetime) -> RequestView:
    cameras = await _cameras_of(session, request.organisation_id, request.camera_ids)
    return RequestView(
        request_id=str(request.id), reference=request.reference,
        requester=request.requester_name or request.requester_kind,
        cameras=tuple(c.name for c in cameras), window_start=request.window_start,
        window_end=request.window_end, received_at=request.received_at,
        erasure_at=request.erasure_at, now=now)


async def _request(session: AsyncSession, record_id: Any) -> FootageRequest | None:
    key = _uuid(record_id)
    return await session.get(FootageRequest, key) if key else None


async def _open_requests(session: AsyncSession, organisation_id: int, *conditions: Any
                         ) -> list[FootageRequest]:
    return [r for r in await session.scalars(select(FootageRequest).where(
        FootageRequest.organisation_id == organisation_id, FootageRequest.closed_at.is_(None),
        FootageRequest.status.not_in(sorted(CLOSED_STATUSES)), *conditions)
        .order_by(FootageRequest.received_at, FootageRequest.reference))]


# -- erasure ---------------------------------------------------------------------------------


def _erasure_facts(request: FootageRequest) -> ErasureFacts:
    return ErasureFacts(str(request.id), request.erasure_at,
                        secured=request.secured_at is not None, closed=not _open(request),
                        received_at=request.received_at)


def _erasure_build(request_id: uuid.UUID, now: datetime):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        request = await _request(session, request_id)
        if request is None or request.erasure_at is None:
            return t(lang, "cameras.followup.gone")
        return erasure_card(lang, await _view(session, request, now),
                            hours_left(request.erasure_at, now))

    return build


async def find_erasure(session: AsyncSession, organisation_id: int,
                       settings: Mapping[str, Any], now: datetime) -> list[Due]:
    steps = erasure_steps(settings)
    requests = await _open_requests(session, organisation_id,
                                    FootageRequest.secured_at.is_(None),
                                    FootageRequest.erasure_at.is_not(None),
                                    FootageRequest.erasure_at > now)
    found = [(r, s) for r in requests
             if (s := erasure_step(_erasure_facts(r), steps, now)) is not None]
    if not found:
        return []
    dsos = await _dsos(session, organisation_id)
    due: list[Due] = []
    for request, step in found:
        cameras = await _cameras_of(session, organisation_id, request.camera_ids)
        responsible = [c.responsible_person_id for c in cameras]
        reachable = await _reachable(session, responsible)
        people = [p for p in responsible if p in reachable]
        for person_id in dict.fromkeys([*people, *dsos]):
            due.append(Due(key=f"{ERASURE}:{request.id}:{step.name}:{person_id}",
                           person_id=person_id, build=_erasure_build(request.id, now),
                           record_type=RECORD_TYPE, record_id=str(request.id)))
    return due


async def erasure_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    """Neither secured nor closed, and not yet erased."""
    request = await _request(session, record_id)
    return request is not None and request.secured_at is None and _open(request) \
        and (request.erasure_at is None or now < request.erasure_at)


# -- no decision -----------------------------------------------------------------------------


def _decision_build(request_id: uuid.UUID, now: datetime):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        request = await _request(session, request_id)
        if request is None:
            return t(lang, "cameras.followup.gone")
        return decision_card(lang, await _view(session, request, now),
                             working_days_between(request.received_at, now))

    return build


async def find_no_decision(session: AsyncSession, organisation_id: int,
                           settings: Mapping[str, Any], now: datetime) -> list[Due]:
    ladder = decision_settings(settings)
    requests = await _open_requests(session, organisation_id,
                                    FootageRequest.decision.is_(None))
    found = [(r, s) for r in requests if (s := decision_step(
        DecisionFacts(str(r.id), r.received_at), ladder, now)) is not None]
    if not found:
        return []
    dsos = await _dsos(session, organisation_id)
    return [Due(key=f"{NO_DECISION}:{request.id}:{step.name}:{person_id}",
                person_id=person_id, build=_decision_build(request.id, now),
                record_type=RECORD_TYPE, record_id=str(request.id))
            for request, step in found for person_id in dsos]


async def decision_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    request = await _request(session, record_id)
    return request is not None and request.decision is None and _open(request)


# -- assessment review -----------------------------------------------------------------------


async def _due_cameras(session: AsyncSession, organisation_id: int, months: int,
                       now: datetime) -> list[Camera]:
    cameras = list(await session.scalars(select(Camera).where(
        Camera.organisation_id == organisation_id, Camera.status == ACTIVE)))
    by_id = {str(c.id): c for c in cameras}
    due = due_for_review((CameraFacts(str(c.id), c.assessment_on) for c in cameras), months,
                         _today(now))
    return [by_id[f.id] for f in due]


async def _review_groups(session: AsyncSession, organisation_id: int, months: int,
                         now: datetime) -> dict[int, tuple[list[Camera], bool]]:
    """Whom to remind of which cameras: each responsible person of theirs (still in the
    directory); the DSOs of those nobody reachable answers for (flagged True)."""
    due = await _due_cameras(session, organisation_id, months, now)
    if not due:
        return {}
    reachable = await _reachable(session, [c.responsible_person_id for c in due])
    owned: dict[int, list[Camera]] = defaultdict(list)
    orphans: list[Camera] = []
    for camera in due:
        if camera.responsible_person_id in reachable:
            owned[camera.responsible_person_id].append(camera)
        else:
            orphans.append(camera)
    groups = {person: (cameras, False) for person, cameras in owned.items()}
    if orphans:
        for dso in await _dsos(session, organisation_id):
            mine, _ = groups.get(dso, ([], True))
            groups[dso] = ([*mine, *orphans], True)
    return groups


def _record(organisation_id: int, person_id: int) -> str:
    return f"{organisation_id}:{person_id}"


def _review_build(organisation_id: int, person_id: int, now: datetime):
    async def build(lang: Lang, session: AsyncSession) -> str | dict[str, Any]:
        months = review_months(await settings_of(session, organisation_id,
                                                 CAMERA_ASSESSMENT_REVIEW))
        groups = await _review_groups(session, organisation_id, months, now)
        if person_id not in groups:
            return t(lang, "cameras.followup.review_done")
        cameras, as_dso = groups[person_id]
        return review_card(lang, ReviewView(
            _record(organisation_id, person_id), months,
            tuple(ReviewRow(c.reference, c.name, c.location, c.assessment_on)
                  for c in cameras), as_dso))

    return build


async def find_review(session: AsyncSession, organisation_id: int,
                      settings: Mapping[str, Any], now: datetime) -> list[Due]:
    groups = await _review_groups(session, organisation_id, review_months(settings), now)
    return [Due(key=f"{REVIEW}:{organisation_id}:{person_id}:{month_of(now)}",
                person_id=person_id, build=_review_build(organisation_id, person_id, now),
                record_type="person", record_id=_record(organisation_id, person_id))
            for person_id in sorted(groups)]


async def review_applies(session: AsyncSession, record_id: str, now: datetime) -> bool:
    """The person still has cameras to review in the organisation."""
    try:
        organisation_id, person_id = (int(p) for p in str(record_id).split(":"))
    except ValueError:
        return False
    months = review_months(await settings_of(session, organisation_id,
                                             CAMERA_ASSESSMENT_REVIEW))
    return person_id in await _review_groups(session, organisation_id, months, now)


CAMERA_ERASURE = ReminderPolicy(
    name=ERASURE, label_key="cameras.followup.erasure_label", find=find_erasure,
    defaults=ERASURE_DEFAULTS, still_applies=erasure_applies, legal=True)
CAMERA_NO_DECISION = ReminderPolicy(
    name=NO_DECISION, label_key="cameras.followup.decision_label", find=find_no_decision,
    defaults=NO_DECISION_DEFAULTS, still_applies=decision_applies)
CAMERA_ASSESSMENT_REVIEW = ReminderPolicy(
    name=REVIEW, label_key="cameras.followup.review_label", find=find_review,
    defaults=REVIEW_DEFAULTS, still_applies=review_applies)

POLICIES = (CAMERA_ERASURE, CAMERA_NO_DECISION, CAMERA_ASSESSMENT_REVIEW)
