"""What is done on a footage request's card, each through the record-action kernel:
the material secured, the secrecy assessment and decision, the hand-over, the close.
Also opening a request (by its card, or `KAM-2026-0004` typed alone), the DSO's list
of open requests (`kamerabegäranden`), and the logger's "my cases" rows."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.dialog_runner import start_flow
from chat.records import (
    Access,
    Changed,
    Declined,
    Invalid,
    RecordAction,
    Refused,
    Stale,
    Unchanged,
    act,
    read,
)
from chat.registry import CaseSummary
from chat.turn import Answer
from compliance.localtime import to_local
from dialogs.forms import PII_FORM, FormInput, read_form
from dialogs.model import Form
from features.cameras.requests.access import DECIDE, HANDLE, SEE, decides
from features.cameras.requests.cards import desk_card, request_card, request_form_card
from features.cameras.requests.flow import FLOW
from features.cameras.requests.forms import DECIDE_FORM, GROUND, HANDOVER_FORM, SECURE_FORM
from features.cameras.requests.records import REQUEST, versioned
from features.cameras.requests.repo import dso_ids, grounds_on, open_requests, requests_logged_by
from features.cameras.requests.rules.workflow import (
    CLOSED,
    Decision,
    EventKind,
    Status,
    may_hand_over,
)
from features.cameras.requests.views import RequestView, request_view
from i18n import t
from storage.models import FootageRequest

P = "cameras.requests"
FORMS: dict[str, Form] = {f.id: f for f in (SECURE_FORM, DECIDE_FORM, HANDOVER_FORM)}
FORM_ACCESS: dict[str, Access] = {SECURE_FORM.id: HANDLE, DECIDE_FORM.id: DECIDE,
                                  HANDOVER_FORM.id: HANDLE}
REFERENCE = re.compile(r"\bKAM-\d{4}-\d{4,}\b", re.IGNORECASE)
Decided = Any


async def _shown(ctx: Ctx, session: AsyncSession, request: FootageRequest) -> RequestView:
    return await request_view(session, ctx.who, request, ctx.now(), ctx.lang)


def refused(ctx: Ctx, result: Refused) -> Answer:
    key = f"{P}.not_found" if result.reason == "not_found" else f"{P}.not_allowed"
    return Answer.text(t(ctx.lang, key))


def _today(ctx: Ctx) -> date:
    return to_local(ctx.now()).date()


def _form_refusal(ctx: Ctx, form: Form, found: FormInput) -> Invalid:
    assert found.error is not None
    return Invalid(t(ctx.lang, found.error.key, **found.error.params),
                   {PII_FORM: form.id} if found.pii_warning else {})


def _while_open(decide: Any) -> Any:
    async def checked(ctx: Ctx, session: AsyncSession, request: FootageRequest,
                      data: dict[str, Any]) -> Decided:
        if request.status in CLOSED:
            return Unchanged(t(ctx.lang, f"{P}.already.closed"))
        return await decide(ctx, session, request, data)

    return checked


def _not_future(ctx: Ctx, moment: Any) -> Invalid | None:
    return Invalid(t(ctx.lang, f"{P}.form.in_future")) if moment > ctx.now() else None


async def _secure(ctx: Ctx, session: AsyncSession, request: FootageRequest,
                  data: dict[str, Any]) -> Decided:
    if request.secured_at is not None:
        return Unchanged(t(ctx.lang, f"{P}.already.secured"))
    form = read_form(SECURE_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, SECURE_FORM, form)
    problem = _not_future(ctx, form.values["secured_at"])
    if problem is not None:
        return problem
    columns = {**SECURE_FORM.columns(form.values), "secured_by_person_id": ctx.who.person_id}
    if request.status == Status.RECEIVED:
        columns["status"] = Status.SECURED.value
    return versioned(request, columns, EventKind.SECURED, receipt=f"{P}.done.secured")


async def _decide(ctx: Ctx, session: AsyncSession, request: FootageRequest,
                  data: dict[str, Any]) -> Decided:
    if request.decision is not None:
        return Unchanged(t(ctx.lang, f"{P}.already.decided"))
    form = read_form(DECIDE_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, DECIDE_FORM, form)
    on = form.values["decided_on"]
    if on > _today(ctx):
        return Invalid(t(ctx.lang, f"{P}.form.in_future"))
    valid = {g.code for g in await grounds_on(session, request.organisation_id, on)}
    if form.values[GROUND] not in valid:
        return Invalid(t(ctx.lang, f"{P}.form.ground_invalid"))
    columns = {**DECIDE_FORM.columns(form.values), "status": Status.DECIDED.value}
    told = []
    if ctx.who.person_id != request.logged_by_person_id and request.logged_by_person_id:
        from features.cameras.requests.handlers.log import request_notice

        told = request_notice(request.logged_by_person_id, request, ctx.now(),
                              f"{P}.told.decided")
    return versioned(request, columns, EventKind.DECIDED, notify=told,
                     data={"partial": form.values.get("partial") or []},
                     audit={"decision": form.values["decision"],
                            "legal_ground": form.values[GROUND]},
                     receipt=f"{P}.done.decided")


async def _handover(ctx: Ctx, session: AsyncSession, request: FootageRequest,
                    data: dict[str, Any]) -> Decided:
    if request.handed_over_at is not None:
        return Unchanged(t(ctx.lang, f"{P}.already.handed_over"))
    if not may_hand_over(request.decision):
        return Unchanged(t(ctx.lang, f"{P}.handover_needs_decision"))
    form = read_form(HANDOVER_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, HANDOVER_FORM, form)
    problem = _not_future(ctx, form.values["handed_over_at"])
    if problem is not None:
        return problem
    handover = {key: form.values[key] for key in ("format", "size", "medium", "recipient")}
    handover.update(checksum=str(form.values["checksum"]).lower(),
                    cameras=list(request.camera_ids or []),
                    window=[request.window_start.isoformat(), request.window_end.isoformat()])
    return versioned(request, {"handover": handover,
                               "handed_over_at": form.values["handed_over_at"],
                               "status": Status.HANDED_OVER.value},
                     EventKind.HANDED_OVER, receipt=f"{P}.done.handed_over")


async def _close(ctx: Ctx, session: AsyncSession, request: FootageRequest,
                 data: dict[str, Any]) -> Decided:
    return versioned(request, {"status": Status.CLOSED.value, "closed_at": ctx.now()},
                     EventKind.CLOSED, receipt=f"{P}.done.closed")


def _stale_notice(ctx: Ctx, request: FootageRequest) -> str:
    if request.status in CLOSED:
        return t(ctx.lang, f"{P}.already.closed")
    return t(ctx.lang, f"{P}.stale")


async def _grounds(ctx: Ctx, request_org: int) -> list[tuple[str, str]]:
    async with ctx.db.session(readonly=True) as session:
        found = await grounds_on(session, request_org, _today(ctx))
    return [(g.code, g.label_en if ctx.lang == "en" else g.label_sv) for g in found]


def _handle(name: str, decide: Any, access: Access, form: Form | None = None) -> Any:
    action = RecordAction(name=f"footage_request.{name}", record_type=REQUEST, access=access,
                          decide=_while_open(decide), show=_shown)

    async def handle(ctx: Ctx, data: dict[str, Any]) -> Answer:
        result = await act(ctx, action, data)
        match result:
            case Refused():
                return refused(ctx, result)
            case Stale():
                return Answer(replace_card=request_card(
                    ctx.lang, result.shown, notice=_stale_notice(ctx, result.record)))
            case Declined(outcome=Invalid() as invalid) if form is not None:
                grounds = await _grounds(ctx, result.record.organisation_id) \
                    if form is DECIDE_FORM else []
                return Answer(replace_card=request_form_card(
                    ctx.lang, result.shown, form, grounds=grounds, notice=invalid.message,
                    draft={**data, **invalid.draft}))
            case Declined(outcome=Invalid() | Unchanged() as said):
                return Answer(replace_card=request_card(ctx.lang, result.shown,
                                                        notice=said.message))
            case Changed():
                return Answer(replace_card=request_card(
                    ctx.lang, result.shown,
                    notice=t(ctx.lang, result.receipt, reference=result.record.reference)))
        raise AssertionError(result)

    return handle


async def open_request(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, REQUEST, SEE, data.get("footage_request"),
                       audit_as="footage_request.viewed", show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    return Answer(replace_card=request_card(ctx.lang, found[1]))


async def open_request_below(ctx: Ctx, data: dict[str, Any]) -> Answer:
    answer = await open_request(ctx, data)
    return Answer(messages=[answer.replace_card]) if answer.replace_card else answer


def _defaults(ctx: Ctx, view: RequestView, form: Form) -> dict[str, Any]:
    local = to_local(ctx.now())
    values: dict[str, Any] = {}
    for f in form.fields:
        if f.kind.value == "date":
            values[f.id] = local.date()
        elif f.kind.value == "datetime":
            values[f.id] = (local.date().isoformat(), f"{local:%H:%M}")
    return values


async def form_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """One of the request's forms, on a card of its own, for those who may use it."""
    form = FORMS.get(str(data.get("form")))
    access = FORM_ACCESS.get(form.id, HANDLE) if form else SEE
    found = await read(ctx, REQUEST, access, data.get("footage_request"), audit_as=None,
                       show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    request, view = found
    if form is None or view.closed:
        said = t(ctx.lang, f"{P}.already.closed") if view.closed else None
        return Answer(replace_card=request_card(ctx.lang, view, notice=said))
    grounds = await _grounds(ctx, request.organisation_id) if form is DECIDE_FORM else []
    return Answer(replace_card=request_form_card(ctx.lang, view, form, grounds=grounds,
                                                 values=_defaults(ctx, view, form)))


ACTIONS = {
    f"{P}.open": open_request,
    f"{P}.open_below": open_request_below,
    f"{P}.form": form_start,
    SECURE_FORM.id: _handle("secured", _secure, HANDLE, SECURE_FORM),
    DECIDE_FORM.id: _handle("decided", _decide, DECIDE, DECIDE_FORM),
    HANDOVER_FORM.id: _handle("handed_over", _handover, HANDLE, HANDOVER_FORM),
    "cameras.close": _handle("closed", _close, DECIDE),
}


async def log_or_open(ctx: Ctx, rest: str) -> Answer:
    """`kamerabegäran` starts the logging; `KAM-2026-0004` (alone or after the word)
    opens that request, if it is one the person may see."""
    found_reference = REFERENCE.search(rest or "")
    if found_reference is None:
        return await start_flow(ctx, FLOW.id)
    reference = found_reference.group().upper()
    async with ctx.db.session(readonly=True) as session:
        found = await session.scalar(select(FootageRequest.id).where(
            FootageRequest.organisation_id.in_(SEE.organisations(ctx)),
            FootageRequest.reference == reference))
    answer = await open_request(ctx, {"footage_request": str(found) if found else reference})
    return Answer(messages=[answer.replace_card]) if answer.replace_card else answer


async def desk(ctx: Ctx, rest: str) -> Answer:
    """The organisation's open requests for the DSO, the most urgent first."""
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    if not decides(ctx.who, org):
        return Answer.text(t(ctx.lang, f"{P}.not_allowed"))
    async with ctx.db.session() as session:
        requests = await open_requests(session, org)
        views = [await request_view(session, ctx.who, r, ctx.now(), ctx.lang)
                 for r in requests[:20]]
        await ctx.audit(session, "footage_request.desk_viewed", "organisation", org,
                        organisation_id=org, requests=len(views))
    return Answer.card(desk_card(ctx.lang, views))


async def my_cases(ctx: Ctx) -> list[CaseSummary]:
    """The requests the person logged, with their status."""
    if ctx.who.person_id is None:
        return []
    async with ctx.db.session(readonly=True) as session:
        requests = await requests_logged_by(session, ctx.who.person_id)
    return [CaseSummary(
        reference=r.reference,
        title=t(ctx.lang, f"{P}.mine.title",
                requester=t(ctx.lang, f"{P}.choice.requester.{r.requester_kind}")),
        status_text=t(ctx.lang, f"{P}.status.{r.status}"),
        submitted_at=r.created_at) for r in requests]


__all__ = ["ACTIONS", "Decision", "desk", "dso_ids", "log_or_open", "my_cases"]
