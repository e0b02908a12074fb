"""Filing a logged footage request: the request with its number and erasure clock, its
first history event, the audit entry and the closed dialog in one transaction; the
DSOs and each camera's responsible person are told through the outbox, with the card
marked urgent when the footage is erased within 48 hours (or nobody knows when)."""

from __future__ import annotations

import uuid
from typing import Any

from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete
from chat.records import Notification, notice, tell
from chat.turn import Answer
from chat.viewer import viewer_of
from compliance.localtime import to_local
from features.cameras.requests.cards import request_card, when
from features.cameras.requests.flow import imprisonment, moment, needed_on, picked_cameras
from features.cameras.requests.records import add_event
from features.cameras.requests.repo import cameras_of, dso_ids, new_reference
from features.cameras.requests.rules.clock import erasure
from features.cameras.requests.rules.workflow import EventKind, Status
from features.cameras.requests.views import request_view
from i18n import t
from storage.models import FootageRequest

P = "cameras.requests"


def request_notice(person_id: int, request: FootageRequest, now: Any,
                   text_key: str | None = None, **params: Any) -> list[Notification]:
    """A line for someone, then the request's card built for them (their buttons)."""

    async def build(lang: str, session: Any) -> dict[str, Any]:
        viewer = await viewer_of(session, person_id)
        return request_card(lang, await request_view(session, viewer, request, now, lang))

    told: list[Notification] = []
    if text_key:
        reference = request.reference
        told.append(notice(person_id, lambda lang: t(lang, text_key, reference=reference,
                                                     **params.get(lang, {}))))
    return [*told, Notification(person_id, build)]


async def file_logged(ctx: Ctx, submitted: Submission) -> Answer:
    answers = submitted.state["answers"]
    org = submitted.organisation_id
    now = ctx.now()
    start, end = moment(answers.get("window_start")), moment(answers.get("window_end"),
                                                              end=True)
    assert start is not None and end is not None
    async with ctx.db.session() as session:
        cameras = await cameras_of(session, org, picked_cameras(answers))
        clock = erasure(start, {str(c.id): c.retention_hours for c in cameras})
        request = FootageRequest(
            organisation_id=org,
            reference=await new_reference(session, org, to_local(now).year),
            requester_kind=str(answers.get("requester")),
            requester_name=answers.get("requester_name") or None,
            requester_ref=answers.get("requester_ref") or None,
            camera_ids=[str(c.id) for c in cameras], window_start=start, window_end=end,
            purpose=answers.get("purpose") or None, imprisonment=imprisonment(answers),
            channel=answers.get("channel") or None, received_at=now,
            needed_by=needed_on(answers), logged_by_person_id=ctx.who.person_id,
            status=Status.RECEIVED.value, erasure_at=clock.at)
        session.add(request)
        await session.flush()
        urgent, too_late = clock.urgent(now), clock.too_late(now)
        await add_event(session, request, EventKind.LOGGED, ctx.who.person_id,
                        {"cameras": request.camera_ids, "urgent": urgent,
                         "too_late": too_late}, now)
        submitted.state["record"] = str(request.id)
        await complete(session, submitted)
        await ctx.audit(session, "footage_request.logged", "footage_request", request.id,
                        organisation_id=org, cameras=len(cameras), urgent=urgent,
                        too_late=too_late)
        key = f"{P}.told.too_late" if too_late else (
            f"{P}.told.urgent" if urgent else f"{P}.told.logged")
        erased = {lang: {"at": when(lang, clock.at) if clock.at else "?"}
                  for lang in ("sv", "en")}
        people = [*await dso_ids(session, org),
                  *(c.responsible_person_id for c in cameras if c.responsible_person_id)]
        told = [n for person_id in dict.fromkeys(people) if person_id != ctx.who.person_id
                for n in request_notice(person_id, request, now, key, **erased)]
        await tell(ctx, session, told, kind="footage_request.notice",
                   record_type="footage_request", record_id=request.id, organisation_id=org)
        shown = await request_view(session, ctx.who, request, now, ctx.lang)
    said = t(ctx.lang, f"{P}.logged", reference=shown.reference)
    if too_late:
        said += " " + t(ctx.lang, f"{P}.clock.too_late", at=when(ctx.lang, clock.at))
    return Answer(replace_card=request_card(ctx.lang, shown, notice=said))


async def receipt_again(ctx: Ctx, state: dict) -> Answer | None:
    """A request logged twice (a double click) shows the same request."""
    if ctx.who.organisation is None or not state.get("record"):
        return None
    async with ctx.db.session(readonly=True) as session:
        request = await session.get(FootageRequest, uuid.UUID(str(state["record"])))
        if request is None or request.organisation_id != ctx.who.organisation.id:
            return None
        shown = await request_view(session, ctx.who, request, ctx.now(), ctx.lang)
    return Answer(replace_card=request_card(ctx.lang, shown))
