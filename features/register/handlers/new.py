"""Filing a request for a new processing activity, and what the register offers other
capabilities to pick from (its objects, its active entries)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete
from chat.records import tell
from chat.turn import Answer
from compliance.localtime import to_local
from features.register.access import RequestStatus
from features.register.approval import Conflict, apply, next_stage
from features.register.cards.request import request_card
from features.register.flow import picked_object_id, proposed_values
from features.register.handlers.requests import new_reference, route
from features.register.reading import request_view
from features.register.rules.dpia import screen
from features.register.rules.vocabulary import Dpia, Status
from i18n import t
from storage.models import ChangeRequest, ProcessingActivity, RegisterObject, RequestEvent


async def file_new(ctx: Ctx, submitted: Submission) -> Answer:
    """The request and the closed dialog are stored together, then the approvers told."""
    answers = submitted.state["answers"]
    proposed = proposed_values(answers)
    screening = screen(proposed.get("dpia_screening") or [])
    if screening.likely_needed:
        proposed.setdefault("dpia", Dpia.NEEDED)
    org = submitted.organisation_id
    async with ctx.db.session() as session:
        obj = None
        picked = picked_object_id(answers)
        if picked:
            obj = await session.get(RegisterObject, uuid.UUID(picked))
            if obj is None or obj.organisation_id != org:
                obj = None
        request = ChangeRequest(
            organisation_id=org, reference=await new_reference(session, org,
                                                               to_local(ctx.now()).year),
            kind="new", object_id=obj.id if obj else None,
            requester_person_id=ctx.who.person_id, status=RequestStatus.IN_REVIEW,
            proposed=proposed, previous={}, reason=answers.get("reason"),
            dpia_screening=screening.as_record())
        session.add(request)
        await session.flush()
        session.add(RequestEvent(organisation_id=org, request_id=request.id,
                                 actor_person_id=ctx.who.person_id, kind="submitted", data={},
                                 at=ctx.now()))
        submitted.state["record"] = str(request.id)
        await complete(session, submitted)
        await ctx.audit(session, "register_request.submitted", "register_request", request.id,
                        organisation_id=org, kind="new",
                        dpia_likely=screening.likely_needed)
        stage = await next_stage(session, request, obj, None)
        if stage is None:
            try:
                await apply(session, request, ctx.who.person_id)
                request.status, request.decided_at = RequestStatus.APPROVED, ctx.now()
            except Conflict:  # cannot happen for a new entry; kept for the type's sake
                pass
        else:
            request.stage = stage
            await tell(ctx, session, await route(session, request, obj),
                       kind="register_request.notice", record_type="register_request",
                       record_id=request.id, organisation_id=org)
        shown = await request_view(session, ctx.who, request)
    key = "register.request.sent" if stage is not None else "register.request.done"
    return Answer(replace_card=request_card(ctx.lang, shown, notice=t(ctx.lang, key)))


async def receipt_again(ctx: Ctx, state: dict) -> Answer | None:
    """A request sent twice (a double click) shows the same request."""
    if ctx.who.organisation is None or not state.get("record"):
        return None
    async with ctx.db.session(readonly=True) as session:
        request = await session.get(ChangeRequest, uuid.UUID(str(state["record"])))
        if request is None or request.organisation_id != ctx.who.organisation.id:
            return None
        shown = await request_view(session, ctx.who, request)
    return Answer(replace_card=request_card(ctx.lang, shown))


async def object_choices(ctx: Ctx) -> Sequence[tuple[str, str]]:
    """The organisation's objects, for "which object" in a new request."""
    if ctx.who.organisation is None:
        return []
    async with ctx.db.session(readonly=True) as session:
        rows = await session.execute(select(RegisterObject.id, RegisterObject.name).where(
            RegisterObject.organisation_id == ctx.who.organisation.id)
            .order_by(RegisterObject.name))
        return [(str(i), name) for i, name in rows]


async def entry_choices(ctx: Ctx) -> Sequence[tuple[str, str]]:
    """The organisation's active entries, for a report's "which system or processing"."""
    if ctx.who.organisation is None:
        return []
    async with ctx.db.session(readonly=True) as session:
        rows = await session.execute(
            select(ProcessingActivity.id, ProcessingActivity.reference,
                   ProcessingActivity.name).where(
                ProcessingActivity.organisation_id == ctx.who.organisation.id,
                ProcessingActivity.status == Status.ACTIVE)
            .order_by(ProcessingActivity.name))
        return [(str(i), f"{name} ({reference})") for i, reference, name in rows]
