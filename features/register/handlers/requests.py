"""Change requests: asking for a change or a retirement from an entry's card, and the
approver's approve / reject / ask, the requester's answers and withdrawal.

A request is stored with what it proposes and what the entry then said, so the
approver sees old → new and approval can tell if the entry changed meanwhile.
Every action goes through the record-action kernel: the request (or entry) is
found within the person's organisation, the card's revision is checked, and the
person must be allowed at the request's stage; a refusal is audited.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.records import (
    Access,
    Change,
    Changed,
    Declined,
    Invalid,
    Notification,
    RecordAction,
    Refused,
    Stale,
    Unchanged,
    act,
    notice,
    read,
)
from chat.turn import Answer
from chat.viewer import viewer_of
from dialogs.forms import PII_FORM, read_form
from dialogs.model import Form
from features.register.access import (
    RequestStatus,
    Stage,
    may_approve,
    object_of,
)
from features.register.approval import Conflict, apply, approvers, decided_columns, next_stage
from features.register.cards.request import question_card, request_card
from features.register.forms import ASK_FORM, REJECT_FORM, REPLY_FORM
from features.register.reading import request_view
from features.register.records import REQUEST
from features.register.views import RequestView
from i18n import t
from storage.models import ChangeRequest, RegisterObject, RequestEvent
from storage.repos.counters import next_number
from storage.roles import EVERYONE

REQUEST_KIND = "RA"  # registerändring


async def new_reference(session: AsyncSession, organisation_id: int, year: int) -> str:
    number = await next_number(session, organisation_id, REQUEST_KIND, year)
    return f"{REQUEST_KIND}-{year}-{number:04d}"


async def _shown(ctx: Ctx, session: AsyncSession, request: ChangeRequest) -> RequestView:
    return await request_view(session, ctx.who, request)


def _card(ctx: Ctx, view: RequestView, notice_text: str | None = None,
          draft: dict[str, Any] | None = None) -> Answer:
    return Answer(replace_card=request_card(ctx.lang, view, notice=notice_text, draft=draft))


def request_notice(person_id: int, request: ChangeRequest, text_key: str | None = None
                   ) -> list[Notification]:
    """The request's card for someone (built for them: what they may do), and a line."""

    async def build(lang: str, session: AsyncSession) -> dict[str, Any]:
        viewer = await viewer_of(session, person_id)
        return request_card(lang, await request_view(session, viewer, request))

    told: list[Notification] = []
    if text_key:
        reference = request.reference
        told.append(notice(person_id, lambda lang: t(lang, text_key, reference=reference)))
    return [*told, Notification(person_id, build)]


async def route(session: AsyncSession, request: ChangeRequest, obj: RegisterObject | None,
                stage: str | None = None) -> list[Notification]:
    """Who is asked at `stage` (default the request's), told with the request's card."""
    told: list[Notification] = []
    for person_id in await approvers(session, request, obj, stage):
        if person_id != request.requester_person_id:
            told += request_notice(person_id, request, "register.told.to_approve")
    return told


async def _object(session: AsyncSession, request: ChangeRequest) -> RegisterObject | None:
    return await session.get(RegisterObject, request.object_id) if request.object_id else None


# -- the approver's actions -------------------------------------------------------------


async def _approver_gate(ctx: Any, session: AsyncSession, request: ChangeRequest
                         ) -> str | None:
    if request.status != RequestStatus.IN_REVIEW:
        return None  # answered by the action: "already decided", with the card
    return None if may_approve(ctx.who, request, await _object(session, request)) \
        else "not_approver"


APPROVER = Access(roles=EVERYONE, gate=_approver_gate)


def _still_open(request: ChangeRequest, lang: str) -> Unchanged | None:
    if request.status == RequestStatus.IN_REVIEW:
        return None
    return Unchanged(t(lang, f"register.request.already.{request.status}"))


async def _approve(ctx: Ctx, session: AsyncSession, request: ChangeRequest,
                   data: dict[str, Any]) -> Change | Invalid | Unchanged:
    done = _still_open(request, ctx.lang)
    if done is not None:
        return done
    obj = await _object(session, request)
    stage = await next_stage(session, request, obj, Stage(request.stage or Stage.OWNER))
    if stage is not None:
        return Change({"stage": stage}, "approved", {"stage": request.stage},
                      audit={"stage": str(stage)},
                      notify=await route(session, request, obj, stage))
    try:
        activity = await apply(session, request, ctx.who.person_id)
    except Conflict as conflict:
        names = ", ".join(t(ctx.lang, f"register.field.{f}") for f in conflict.fields)
        return Invalid(t(ctx.lang, "register.request.conflict", fields=names))
    told = []
    if request.requester_person_id is not None:
        told = request_notice(request.requester_person_id, request, "register.told.approved")
    return Change({**decided_columns(RequestStatus.APPROVED), "activity_id": activity.id,
                   "object_id": activity.object_id}, "approved",
                  {"stage": request.stage, "activity": str(activity.id)},
                  audit={"status": "approved"}, notify=told)


async def _reject(ctx: Ctx, session: AsyncSession, request: ChangeRequest,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    done = _still_open(request, ctx.lang)
    if done is not None:
        return done
    form = read_form(REJECT_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return Invalid(t(ctx.lang, form.error.key, **form.error.params),
                       {PII_FORM: REJECT_FORM.id} if form.pii_warning else {})
    told = []
    if request.requester_person_id is not None:
        told = request_notice(request.requester_person_id, request, "register.told.rejected")
    return Change(decided_columns(RequestStatus.REJECTED), "rejected",
                  {"text": form.values["reason"]}, audit={"status": "rejected"}, notify=told)


async def _ask(ctx: Ctx, session: AsyncSession, request: ChangeRequest,
               data: dict[str, Any]) -> Change | Invalid | Unchanged:
    done = _still_open(request, ctx.lang)
    if done is not None:
        return done
    form = read_form(ASK_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return Invalid(t(ctx.lang, form.error.key, **form.error.params),
                       {PII_FORM: ASK_FORM.id} if form.pii_warning else {})
    if request.requester_person_id is None:
        return Invalid(t(ctx.lang, "register.request.no_requester"))
    question, question_id = form.values["question"], uuid.uuid4().hex
    asked_by = ctx.who.name
    requester = request.requester_person_id

    async def build(lang: str, session: AsyncSession) -> dict[str, Any]:
        viewer = await viewer_of(session, requester)
        return question_card(lang, await request_view(session, viewer, request), question,
                             asked_by, question_id)

    # The revision moves, so the approver's card shows the question in the history.
    return Change({"stage": request.stage}, "asked", {"text": question, "question": question_id},
                  audit={"question": question_id}, notify=[Notification(requester, build)])


async def _withdraw_gate(ctx: Any, session: AsyncSession, request: ChangeRequest
                         ) -> str | None:
    return None if ctx.who.person_id == request.requester_person_id else "not_requester"


async def _withdraw(ctx: Ctx, session: AsyncSession, request: ChangeRequest,
                    data: dict[str, Any]) -> Change | Invalid | Unchanged:
    done = _still_open(request, ctx.lang)
    if done is not None:
        return done
    return Change(decided_columns(RequestStatus.WITHDRAWN), "withdrawn",
                  audit={"status": "withdrawn"})


def _stale_notice(ctx: Ctx, request: ChangeRequest) -> str:
    """A card that is out of date because the request was decided (perhaps by this very
    person's first click, which Teams had not yet shown) says so: nothing new was done."""
    if request.status != RequestStatus.IN_REVIEW:
        return t(ctx.lang, f"register.request.already.{request.status}")
    return t(ctx.lang, "register.stale")


async def _run(ctx: Ctx, action: RecordAction[ChangeRequest], data: dict[str, Any],
               form: Form | None = None) -> Answer:
    result = await act(ctx, action, data)
    match result:
        case Refused():
            return refused(ctx, result)
        case Stale():
            return _card(ctx, result.shown, _stale_notice(ctx, result.record))
        case Declined(outcome=Invalid() as invalid):
            return _card(ctx, result.shown, invalid.message,
                         draft={**data, **invalid.draft} if form else None)
        case Declined(outcome=Unchanged() as unchanged):
            return _card(ctx, result.shown, unchanged.message)
        case Changed():
            return _card(ctx, result.shown)
    raise AssertionError(result)


def refused(ctx: Ctx, result: Refused) -> Answer:
    key = "register.not_found" if result.reason == "not_found" else "register.not_allowed"
    return Answer.text(t(ctx.lang, key))


def _handler(name: str, decide: Any, access: Access = APPROVER, form: Form | None = None):
    action = RecordAction(name=f"register_request.{name}", record_type=REQUEST, access=access,
                          decide=decide, show=_shown)

    async def handle(ctx: Ctx, data: dict[str, Any]) -> Answer:
        return await _run(ctx, action, data, form)

    return handle


# -- the requester answers a question ------------------------------------------------------


async def _reply(ctx: Ctx, session: AsyncSession, request: ChangeRequest,
                 data: dict[str, Any]) -> Change | Invalid | Unchanged:
    question_id = str(data.get("question") or "")[:64]
    form = read_form(REPLY_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return Invalid(t(ctx.lang, form.error.key, **form.error.params),
                       {PII_FORM: REPLY_FORM.id} if form.pii_warning else {})
    answered = await session.scalar(_answered(request, question_id))
    if answered:
        return Unchanged(t(ctx.lang, "register.request.already_answered"))
    obj = await _object(session, request)
    told = []
    for person_id in await approvers(session, request, obj):
        told += request_notice(person_id, request, "register.told.answered")
    return Change({"stage": request.stage}, "answered",
                  {"text": form.values["answer"], "question": question_id}, notify=told)


def _answered(request: ChangeRequest, question_id: str) -> Any:
    from sqlalchemy import select

    return select(RequestEvent.id).where(
        RequestEvent.request_id == request.id, RequestEvent.kind == "answered",
        RequestEvent.data["question"].as_string() == question_id).limit(1)


REQUESTER = Access(roles=EVERYONE, gate=_withdraw_gate)
REPLY = RecordAction(name="register_request.answered", record_type=REQUEST, access=REQUESTER,
                     decide=_reply, check_revision=False, show=_shown)


async def reply(ctx: Ctx, data: dict[str, Any]) -> Answer:
    result = await act(ctx, REPLY, data)
    match result:
        case Refused():
            return refused(ctx, result)
        case Stale():
            return Answer.text(t(ctx.lang, "register.busy_try_again"))
        case Declined(outcome=Invalid() | Unchanged() as said):
            return Answer.text(said.message)
        case Changed():
            return _card(ctx, result.shown, t(ctx.lang, "register.request.answer_sent"))
    raise AssertionError(result)


async def open_request(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, REQUEST, Access(roles=EVERYONE), data.get("register_request"),
                       audit_as="register_request.viewed", show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    return Answer(replace_card=request_card(ctx.lang, found[1]))


ACTIONS = {
    "register.approve": _handler("approved", _approve),
    REJECT_FORM.id: _handler("rejected", _reject, form=REJECT_FORM),
    ASK_FORM.id: _handler("asked", _ask, form=ASK_FORM),
    "register.withdraw": _handler("withdrawn", _withdraw, access=REQUESTER),
    REPLY_FORM.id: reply,
    "register.request_open": open_request,
}

__all__ = ["ACTIONS", "new_reference", "object_of", "route"]
