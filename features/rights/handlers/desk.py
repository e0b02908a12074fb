"""`begäranden` / `requests` for the DSO (open requests, the most urgent first, and the
questions waiting for an answer), and what rights add to everyone's "my cases"."""

from __future__ import annotations

from sqlalchemy import select

from chat.ctx import Ctx
from chat.registry import CaseSummary
from chat.turn import Answer
from compliance import pii
from compliance.localtime import to_local
from features.rights.cards.lists import QuestionRow, RequestRow, desk_card
from features.rights.cards.request import rights_text
from features.rights.repo import names_of, open_requests, questions_of, requests_of
from features.rights.rules.workflow import OPEN
from i18n import t
from i18n.dates import long_date
from storage.models import RightsQuestion
from storage.roles import DSO_ROLES

EXCERPT = 120


async def desk(ctx: Ctx, rest: str) -> Answer:
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    if not ctx.who.holds(DSO_ROLES, org):
        return Answer.text(t(ctx.lang, "rights.not_allowed"))
    today = to_local(ctx.now()).date()
    async with ctx.db.session() as session:
        requests = await open_requests(session, org)
        questions = list(await session.scalars(select(RightsQuestion).where(
            RightsQuestion.organisation_id == org, RightsQuestion.status == "open")
            .order_by(RightsQuestion.created_at)))
        names = await names_of(session, [*(r.handler_person_id for r in requests),
                                         *(q.asker_person_id for q in questions)])
        await ctx.audit(session, "rights.desk_viewed", "organisation", org,
                        organisation_id=org, requests=len(requests), questions=len(questions))
    rows = [RequestRow(str(r.id), r.reference, tuple(r.rights), r.status, r.due_on,
                       (r.due_on - today).days, names.get(r.handler_person_id or -1))
            for r in requests]
    asked = [QuestionRow(str(q.id), names.get(q.asker_person_id or -1),
                         pii.mask(q.question, ctx.lang)[:EXCERPT]) for q in questions]
    return Answer.card(desk_card(ctx.lang, rows, asked))


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
