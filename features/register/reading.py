"""Reading entries and requests into their views, for this viewer, in the caller's
transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.turn import Who
from features.register.access import RequestStatus, keeps, may_approve
from features.register.repo import RegisterRepository, shown_values
from features.register.views import EntryView, RequestEventView, RequestView, VersionView
from storage.models import (
    ActivityVersion,
    ChangeRequest,
    ProcessingActivity,
    RegisterObject,
    RequestEvent,
)


async def entry_view(session: AsyncSession, who: Who, activity: ProcessingActivity,
                     now: datetime, *, with_versions: bool = False) -> EntryView:
    repo = RegisterRepository(session)
    obj = await session.get(RegisterObject, activity.object_id)
    assert obj is not None
    versions: list[ActivityVersion] = (
        await repo.versions(activity.organisation_id, activity.id) if with_versions else [])
    people = await repo.people([obj.owner_person_id, *(v.actor_person_id for v in versions)])
    references = await _request_references(session, [v.request_id for v in versions])
    open_requests = await session.scalar(select(func.count()).select_from(ChangeRequest).where(
        ChangeRequest.organisation_id == activity.organisation_id,
        ChangeRequest.activity_id == activity.id,
        ChangeRequest.status == RequestStatus.IN_REVIEW))
    keeper = keeps(who, obj)
    return EntryView(
        id=str(activity.id), revision=activity.revision, reference=activity.reference,
        values=shown_values(activity, obj, people.get(obj.owner_person_id or -1)), now=now,
        full=keeper, keeper=keeper,
        versions=[VersionView(
            number=v.number, at=v.at,
            by=people[v.actor_person_id].display_name if v.actor_person_id in people else None,
            source=v.source, reason=v.reason,
            request=references.get(v.request_id) if v.request_id else None,
            changes=v.changes) for v in versions],
        open_requests=int(open_requests or 0))


async def _request_references(session: AsyncSession, ids: list) -> dict:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await session.execute(select(ChangeRequest.id, ChangeRequest.reference).where(
        ChangeRequest.id.in_(wanted)))
    return dict(rows.all())


async def request_view(session: AsyncSession, who: Who, request: ChangeRequest) -> RequestView:
    repo = RegisterRepository(session)
    activity = await session.get(ProcessingActivity, request.activity_id) \
        if request.activity_id else None
    obj = await session.get(RegisterObject, request.object_id) if request.object_id else None
    events = list(await session.scalars(select(RequestEvent).where(
        RequestEvent.organisation_id == request.organisation_id,
        RequestEvent.request_id == request.id).order_by(RequestEvent.id)))
    people = await repo.people([request.requester_person_id,
                                *(e.actor_person_id for e in events)])

    def name(person_id: int | None) -> str | None:
        return people[person_id].display_name if person_id in people else None

    entry_name = (activity.name if activity is not None
                  else str(request.proposed.get("name") or ""))
    return RequestView(
        id=str(request.id), revision=request.revision, reference=request.reference,
        kind=request.kind, status=request.status, stage=request.stage,
        entry_name=entry_name, entry_reference=activity.reference if activity else None,
        object_name=obj.name if obj else request.proposed.get("object"),
        requester=name(request.requester_person_id), reason=request.reason,
        proposed=request.proposed, previous=request.previous, dpia=request.dpia_screening,
        may_approve=may_approve(who, request, obj),
        is_requester=who.person_id == request.requester_person_id,
        events=[RequestEventView(e.at, name(e.actor_person_id), e.kind,
                                 e.data.get("text")) for e in events])
