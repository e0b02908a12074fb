"""`begäranden [öppna|försenade|ÅR] [sida N]` / `requests [open|overdue|YEAR] [page N]` for
the DSO (open requests, the most urgent first, and the questions waiting for an answer;
overdue ones: not answered and past their due day; a year: received that year, answered
ones included), and what rights add to everyone's "my cases"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from chat import list_filter
from chat.ctx import Ctx
from chat.list_filter import ListFilter, ListWords, UnknownWord
from chat.registry import CaseSummary
from chat.turn import Answer
from compliance import pii
from compliance.localtime import to_local
from features.rights.cards.lists import PAGE_SIZE, QuestionRow, RequestRow, desk_card
from features.rights.cards.request import rights_text
from features.rights.repo import names_of, questions_of, requests_of
from features.rights.rules.workflow import OPEN
from i18n import t
from i18n.dates import long_date
from storage.models import RightsQuestion, RightsRequest
from storage.roles import DSO_ROLES

EXCERPT = 120


LISTS = ListWords((list_filter.OPEN, list_filter.OVERDUE), "rights.lists")


def conditions(f: ListFilter, organisation_id: int, today: date) -> list:
    where = [RightsRequest.organisation_id == organisation_id]
    if f.which in ("open", "overdue"):
        where.append(RightsRequest.status.in_([str(s) for s in OPEN]))
    if f.which == "overdue":  # not answered and past the day it was due
        where += [RightsRequest.answered_on.is_(None), RightsRequest.due_on < today]
    if f.year is not None:
        where += [RightsRequest.received_on >= date(f.year, 1, 1),
                  RightsRequest.received_on < date(f.year + 1, 1, 1)]
    return where


async def desk(ctx: Ctx, rest: str) -> Answer:
    """The requests of the person's current organisation, filtered and paged in SQL; the
    open ones (the default) also show the questions waiting for an answer."""
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    if not ctx.who.holds(DSO_ROLES, org):
        return Answer.text(t(ctx.lang, "rights.not_allowed"))
    try:
        wanted = LISTS.parse(rest)
    except UnknownWord as error:
        return LISTS.typo_answer(ctx.lang, error)
    today = to_local(ctx.now()).date()
    where = conditions(wanted, org, today)
    with_questions = wanted.which == "open" and wanted.year is None and wanted.page == 1
    async with ctx.db.session() as session:
        total = int(await session.scalar(
            select(func.count()).select_from(RightsRequest).where(*where)) or 0)
        page = min(wanted.page, max(1, -(-total // PAGE_SIZE)))
        requests = list(await session.scalars(
            select(RightsRequest).where(*where)
            .order_by(RightsRequest.due_on, RightsRequest.reference, RightsRequest.id)
            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
        questions = list(await session.scalars(select(RightsQuestion).where(
            RightsQuestion.organisation_id == org, RightsQuestion.status == "open")
            .order_by(RightsQuestion.created_at))) if with_questions else []
        names = await names_of(session, [*(r.handler_person_id for r in requests),
                                         *(q.asker_person_id for q in questions)])
        await ctx.audit(session, "rights.desk_viewed", "organisation", org,
                        organisation_id=org, requests=len(requests), questions=len(questions),
                        which=wanted.which, year=wanted.year, page=page, total=total)
    rows = [RequestRow(str(r.id), r.reference, tuple(r.rights), r.status, r.due_on,
                       (r.due_on - today).days, names.get(r.handler_person_id or -1))
            for r in requests]
    asked = [QuestionRow(str(q.id), names.get(q.asker_person_id or -1),
                         pii.mask(q.question, ctx.lang)[:EXCERPT]) for q in questions]
    return Answer.card(desk_card(ctx.lang, rows, asked, which=wanted.which, year=wanted.year,
                                 page=page, total=total, filter_words=wanted.words(ctx.lang)))


async def my_cases(ctx: Ctx) -> list[CaseSummary]:
    """The requests the person handles or logged, and the questions they asked."""
    if ctx.who.person_id is None:
        return []
    async with ctx.db.session(readonly=True) as session:
        requests = await requests_of(session, ctx.who.person_id)
        questions = await questions_of(session, ctx.who.person_id)
    found = [CaseSummary(
        reference=r.reference, title=rights_text(ctx.lang, r.rights),
        status_text=t(ctx.lang, "rights.mine.open" if r.status in OPEN else "rights.mine.closed",
                      status=t(ctx.lang, f"rights.status.{r.status}"),
                      due=long_date(r.due_on, ctx.lang, weekday=False)),
        submitted_at=r.created_at) for r in requests]
    found += [CaseSummary(
        reference=t(ctx.lang, "rights.mine.question_reference"),
        title=pii.mask(q.question, ctx.lang)[:60],
        status_text=t(ctx.lang, f"rights.mine.question_{q.status}"),
        submitted_at=q.created_at) for q in questions]
    return found
