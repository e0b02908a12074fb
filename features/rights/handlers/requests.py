"""What those who handle a request do on its card: verify identity, start, name a
handler, extend the deadline, record the secrecy assessment and the recipients told,
answer, or record that it was withdrawn. Each through the record-action kernel: only
the organisation's DSOs and the handler act, on the revision they saw; every change
is a history event with the values before and after.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.records import (
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
from compliance.localtime import to_local
from dialogs.forms import PII_FORM, FormInput, read_form
from dialogs.model import Form
from features.rights.access import HANDLE, SEE
from features.rights.cards.request import history_card, request_card, request_form_card
from features.rights.forms import (
    ANSWER_FORM,
    EXTEND_FORM,
    HANDLER_FORM,
    IDENTITY_FORM,
    RECIPIENTS_FORM,
    SECRECY_FORM,
    WITHDRAW_FORM,
)
from features.rights.handlers.explainer import answer_question
from features.rights.records import REQUEST, versioned
from features.rights.repo import dso_ids, person_by_address
from features.rights.rules.clock import Refusal, extend
from features.rights.rules.workflow import (
    CLOSED,
    EventKind,
    Missing,
    Outcome,
    Status,
    missing_for_answer,
)
from features.rights.views import RequestView, request_view
from i18n import t
from storage.models import RightsRequest

FORMS: dict[str, Form] = {f.id: f for f in (IDENTITY_FORM, HANDLER_FORM, EXTEND_FORM,
                                            SECRECY_FORM, RECIPIENTS_FORM, ANSWER_FORM,
                                            WITHDRAW_FORM)}

Decided = Any  # Change | Invalid | Unchanged
REFERENCE = re.compile(r"\bREG-\d{4}-\d{4,}\b", re.IGNORECASE)


async def _shown(ctx: Ctx, session: AsyncSession, request: RightsRequest) -> RequestView:
    return await request_view(session, ctx.who, request, ctx.now())


def refused(ctx: Ctx, result: Refused) -> Answer:
    key = "rights.not_found" if result.reason == "not_found" else "rights.not_allowed"
    return Answer.text(t(ctx.lang, key))


def request_notice(person_id: int, request: RightsRequest, now: Any,
                   text_key: str | None = None) -> list[Notification]:
    """A line for someone, then the request's card built for them (their buttons)."""

    async def build(lang: str, session: AsyncSession) -> dict[str, Any]:
        viewer = await viewer_of(session, person_id)
        return request_card(lang, await request_view(session, viewer, request, now))

    told: list[Notification] = []
    if text_key:
        reference = request.reference
        told.append(notice(person_id, lambda lang: t(lang, text_key, reference=reference)))
    return [*told, Notification(person_id, build)]


def _today(ctx: Ctx) -> date:
    return to_local(ctx.now()).date()


def _form_refusal(ctx: Ctx, form: Form, read_: FormInput) -> Invalid:
    assert read_.error is not None
    return Invalid(t(ctx.lang, read_.error.key, **read_.error.params),
                   {PII_FORM: form.id} if read_.pii_warning else {})


def _day_problem(ctx: Ctx, request: RightsRequest, day: date) -> Invalid | None:
    """A day something was done is on or after receipt and not in the future."""
    if day < request.received_on:
        return Invalid(t(ctx.lang, "rights.form.before_receipt",
                         received=request.received_on.isoformat()))
    if day > _today(ctx):
        return Invalid(t(ctx.lang, "rights.form.in_future"))
    return None


def _while_open(decide: Any) -> Any:
    """A request answered or withdrawn is not changed any more; the card says so."""

    async def checked(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                      data: dict[str, Any]) -> Decided:
        if request.status in CLOSED:
            return Unchanged(t(ctx.lang, f"rights.already.{request.status}"))
        return await decide(ctx, session, request, data)

    return checked


def _advanced(request: RightsRequest, to: Status) -> dict[str, Any]:
    """The status moves forward only: received → identity verified → in progress."""
    order = [Status.RECEIVED, Status.IDENTITY_VERIFIED, Status.IN_PROGRESS]
    return {"status": to.value} if order.index(Status(request.status)) < order.index(to) else {}


async def _identity(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                    data: dict[str, Any]) -> Decided:
    form = read_form(IDENTITY_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, IDENTITY_FORM, form)
    problem = _day_problem(ctx, request, form.values["identity_verified_on"])
    if problem is not None:
        return problem
    return versioned(request, {**IDENTITY_FORM.columns(form.values),
                               **_advanced(request, Status.IDENTITY_VERIFIED)},
                     EventKind.IDENTITY_VERIFIED, receipt="rights.done.identity")


async def _start(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                 data: dict[str, Any]) -> Decided:
    columns = _advanced(request, Status.IN_PROGRESS)
    if not columns:
        return Unchanged(t(ctx.lang, "rights.already.in_progress"))
    return versioned(request, columns, EventKind.STARTED, receipt="rights.done.started")


async def _handler(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                   data: dict[str, Any]) -> Decided:
    form = read_form(HANDLER_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, HANDLER_FORM, form)
    person = await person_by_address(session, request.organisation_id,
                                     form.values["handler_email"])
    if person.id == request.handler_person_id:
        return Unchanged(t(ctx.lang, "rights.already.handler"))
    told = [] if person.id == ctx.who.person_id else request_notice(
        person.id, request, ctx.now(), "rights.told.handler")
    return versioned(request, {"handler_person_id": person.id}, EventKind.HANDLER_SET,
                     notify=told, receipt="rights.done.handler")


async def _extend(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                  data: dict[str, Any]) -> Decided:
    form = read_form(EXTEND_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, EXTEND_FORM, form)
    months = int(form.values["further_months"])
    extended = extend(request.received_on, request.further_months, months,
                      form.values["extension_reason"], form.values["extension_told_on"],
                      _today(ctx))
    if isinstance(extended, Refusal):
        return Invalid(t(ctx.lang, f"rights.extension.{extended.value}"))
    return versioned(request, {
        "due_on": extended.due, "further_months": extended.further_months,
        "extension_reason": form.values["extension_reason"],
        "extension_told_on": form.values["extension_told_on"]}, EventKind.EXTENDED,
        receipt="rights.done.extended")


async def _secrecy(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                   data: dict[str, Any]) -> Decided:
    form = read_form(SECRECY_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, SECRECY_FORM, form)
    problem = _day_problem(ctx, request, form.values["secrecy_on"])
    if problem is not None:
        return problem
    return versioned(request, {**SECRECY_FORM.columns(form.values),
                               **_advanced(request, Status.IN_PROGRESS)},
                     EventKind.SECRECY_ASSESSED, receipt="rights.done.secrecy")


async def _recipients(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                      data: dict[str, Any]) -> Decided:
    form = read_form(RECIPIENTS_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, RECIPIENTS_FORM, form)
    if form.values["recipients_told"] == "told" and not form.values.get("recipients"):
        return Invalid(t(ctx.lang, "rights.form.recipients_needed"))
    return versioned(request, {**RECIPIENTS_FORM.columns(form.values),
                               **_advanced(request, Status.IN_PROGRESS)},
                     EventKind.RECIPIENTS_RECORDED, receipt="rights.done.recipients")


async def _answer(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                  data: dict[str, Any]) -> Decided:
    form = read_form(ANSWER_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, ANSWER_FORM, form)
    problem = _day_problem(ctx, request, form.values["answered_on"])
    if problem is not None:
        return problem
    view = await _shown(ctx, session, request)
    outcome = Outcome(form.values["outcome"])
    missing = missing_for_answer(view.checkpoints(), outcome,
                                 reason=form.values.get("outcome_reason"),
                                 appeal_info_given=form.values.get("appeal_info_given") == "yes")
    if missing:
        return Invalid(_missing_text(ctx, missing))
    columns = {**ANSWER_FORM.columns(form.values), "status": Status.ANSWERED.value,
               "appeal_info_given": form.values.get("appeal_info_given") == "yes",
               "closed_at": ctx.now()}
    in_time = form.values["answered_on"] <= request.due_on
    told = [n for person_id in await dso_ids(session, request.organisation_id)
            if person_id != ctx.who.person_id
            for n in request_notice(person_id, request, ctx.now(), "rights.told.answered")]
    return versioned(request, columns, EventKind.ANSWERED, notify=told,
                     audit={"outcome": outcome.value, "in_time": in_time},
                     receipt="rights.done.answered" if in_time else "rights.done.answered_late")


def _missing_text(ctx: Ctx, missing: list[Missing]) -> str:
    items = "\n".join(f"- {t(ctx.lang, f'rights.missing.{m.value}')}" for m in missing)
    return t(ctx.lang, "rights.missing.intro") + "\n" + items


async def _withdraw(ctx: Ctx, session: AsyncSession, request: RightsRequest,
                    data: dict[str, Any]) -> Decided:
    form = read_form(WITHDRAW_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return _form_refusal(ctx, WITHDRAW_FORM, form)
    return versioned(request, {"status": Status.WITHDRAWN.value, "closed_at": ctx.now()},
                     EventKind.WITHDRAWN, data={"note": form.values.get("note")},
                     receipt="rights.done.withdrawn")


def stale_notice(ctx: Ctx, request: RightsRequest) -> str:
    """Out of date because the request was closed meanwhile (perhaps by this person's
    own earlier click), or because someone changed it."""
    if request.status in CLOSED:
        return t(ctx.lang, f"rights.already.{request.status}")
    return t(ctx.lang, "rights.stale")


def _handle(name: str, decide: Any, form: Form | None = None) -> Any:
    action = RecordAction(name=f"rights_request.{name}", record_type=REQUEST, access=HANDLE,
                          decide=_while_open(decide), show=_shown)

    async def handle(ctx: Ctx, data: dict[str, Any]) -> Answer:
        result = await act(ctx, action, data)
        match result:
            case Refused():
                return refused(ctx, result)
            case Stale():
                return Answer(replace_card=request_card(
                    ctx.lang, result.shown, notice=stale_notice(ctx, result.record)))
            case Declined(outcome=Invalid() as invalid) if form is not None:
                return Answer(replace_card=request_form_card(
                    ctx.lang, result.shown, form, notice=invalid.message,
                    draft={**data, **invalid.draft}))
            case Declined(outcome=Invalid() | Unchanged() as said):
                return Answer(replace_card=request_card(ctx.lang, result.shown,
                                                        notice=said.message))
            case Changed():
                return Answer(replace_card=request_card(
                    ctx.lang, result.shown, notice=t(ctx.lang, result.receipt,
                                                     reference=result.record.reference)))
        raise AssertionError(result)

    return handle


async def open_request(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, REQUEST, SEE, data.get("rights_request"),
                       audit_as="rights_request.viewed", show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    return Answer(replace_card=request_card(ctx.lang, found[1]))


async def open_request_below(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """From a list: the request's card as a new message, the list staying."""
    answer = await open_request(ctx, data)
    return Answer(messages=[answer.replace_card]) if answer.replace_card else answer


async def history(ctx: Ctx, data: dict[str, Any]) -> Answer:
    async def shown(ctx: Ctx, session: AsyncSession, request: RightsRequest) -> RequestView:
        return await request_view(session, ctx.who, request, ctx.now(), with_events=True)

    found = await read(ctx, REQUEST, SEE, data.get("rights_request"), audit_as=None,
                       show=shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    return Answer(replace_card=history_card(ctx.lang, found[1]))


def _defaults(view: RequestView, form: Form, today: date) -> dict[str, Any]:
    """Today for the day something was done; what the request already says."""
    values: dict[str, Any] = {f.id: today for f in form.fields
                              if f.kind.value == "date" and f.id != "extension_told_on"}
    if form is EXTEND_FORM:
        values["extension_told_on"] = today
    if form is RECIPIENTS_FORM and view.recipients:
        values["recipients"] = view.recipients
    return values


async def form_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """One of the request's forms, on a card of its own."""
    form = FORMS.get(str(data.get("form")))
    found = await read(ctx, REQUEST, HANDLE, data.get("rights_request"), audit_as=None,
                       show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    request, view = found
    if form is None or view.closed:
        notice_text = t(ctx.lang, f"rights.already.{request.status}") if view.closed else None
        return Answer(replace_card=request_card(ctx.lang, view, notice=notice_text))
    return Answer(replace_card=request_form_card(ctx.lang, view, form,
                                                 values=_defaults(view, form, _today(ctx))))


ACTIONS = {
    "rights.open": open_request,
    "rights.open_below": open_request_below,
    "rights.history": history,
    "rights.form_start": form_start,
    "rights.start": _handle("started", _start),
    IDENTITY_FORM.id: _handle("identity_verified", _identity, IDENTITY_FORM),
    HANDLER_FORM.id: _handle("handler_set", _handler, HANDLER_FORM),
    EXTEND_FORM.id: _handle("extended", _extend, EXTEND_FORM),
    SECRECY_FORM.id: _handle("secrecy_assessed", _secrecy, SECRECY_FORM),
    RECIPIENTS_FORM.id: _handle("recipients_recorded", _recipients, RECIPIENTS_FORM),
    ANSWER_FORM.id: _handle("answered", _answer, ANSWER_FORM),
    WITHDRAW_FORM.id: _handle("withdrawn", _withdraw, WITHDRAW_FORM),
}


async def by_reference(ctx: Ctx, rest: str) -> Answer:
    """`REG-2026-0003` typed alone (or after `begäran`): that request, if it is one the
    person may see; otherwise the same "not found" as for a forged card. Anything else
    after the word ("begäran om registerutdrag …") is a question about rights."""
    found_reference = REFERENCE.search(rest)
    if found_reference is None:
        return answer_question(ctx, f"{t(ctx.lang, 'rights.args.word')} {rest}".strip())
    reference = found_reference.group().upper()
    async with ctx.db.session(readonly=True) as session:
        found = await session.scalar(select(RightsRequest.id).where(
            RightsRequest.organisation_id.in_(SEE.organisations(ctx)),
            RightsRequest.reference == reference))
    answer = await open_request(ctx, {"rights_request": str(found) if found else reference})
    return Answer(messages=[answer.replace_card]) if answer.replace_card else answer
