"""A question about rights relayed to the DSO, and the DSO's answer relayed back.

The question is stored before anyone is told, under the id its form card carried,
so a second click on the same card sends nothing twice. The DSO answers on the
card through the record-action kernel (only a DSO of the asker's organisation);
the answer is stored with the question and sent to the asker's chat.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.records import (
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
    tell,
)
from chat.turn import Answer
from dialogs.forms import PII_FORM, read_form
from features.rights.access import QUESTION_ANSWER, QUESTION_SEE, is_dso
from features.rights.cards.explainer import ask_card
from features.rights.cards.questions import asker_card, dso_question_card
from features.rights.forms import ASK_DSO_FORM, DSO_ANSWER_FORM
from features.rights.records import QUESTION
from features.rights.repo import dso_ids
from features.rights.rules.topics import Topic
from features.rights.views import QuestionView, question_view
from i18n import t
from storage.models import RightsQuestion

OPEN, ANSWERED = "open", "answered"


def _hint(raw: Any) -> str | None:
    try:
        return Topic(str(raw)).value
    except ValueError:
        return None


def _question_id(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


async def ask_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    question = str(data.get("question") or "").strip() or None
    return Answer.card(ask_card(ctx.lang, uuid.uuid4().hex, question=question,
                                hint=_hint(data.get("hint"))))


def _to_dso(person_id: int, question: RightsQuestion) -> list[Notification]:
    async def build(lang: str, session: AsyncSession) -> dict[str, Any]:
        return dso_question_card(lang, await question_view(session, question))

    return [notice(person_id, lambda lang: t(lang, "rights.told.question")),
            Notification(person_id, build)]


async def ask_dso(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Store the question (once), then tell the organisation's DSOs."""
    question_id = _question_id(data.get("rights_question"))
    hint = _hint(data.get("hint"))
    form = read_form(ASK_DSO_FORM, data, lang=ctx.lang, now=ctx.now())
    if question_id is None or ctx.who.organisation is None:
        return Answer.text(t(ctx.lang, "rights.not_found"))
    if form.error is not None:
        return Answer(replace_card=ask_card(
            ctx.lang, question_id.hex, question=None, hint=hint,
            notice=t(ctx.lang, form.error.key, **form.error.params),
            draft={**data, **({PII_FORM: ASK_DSO_FORM.id} if form.pii_warning else {})}))
    org = ctx.who.organisation.id
    async with ctx.db.session() as session:
        stored = await session.get(RightsQuestion, question_id)
        if stored is not None:  # the same card sent again: show what was sent
            if stored.asker_person_id != ctx.who.person_id:
                return Answer.text(t(ctx.lang, "rights.not_found"))
            return Answer(replace_card=asker_card(ctx.lang, await question_view(session,
                                                                                stored)))
        question = RightsQuestion(id=question_id, organisation_id=org,
                                  asker_person_id=ctx.who.person_id,
                                  question=form.values["question"], topic_hint=hint,
                                  status=OPEN)
        session.add(question)
        await session.flush()
        await ctx.audit(session, "rights_question.asked", "rights_question", question.id,
                        organisation_id=org, hint=hint, pii_kept=form.pii_kept)
        told = [n for person_id in await dso_ids(session, org) for n in _to_dso(person_id,
                                                                                question)]
        queued = await tell(ctx, session, told, kind="rights_question.relayed",
                            record_type="rights_question", record_id=question.id,
                            organisation_id=org)
        shown = await question_view(session, question)
    # Without a DSO to relay it to, the question waits in the list: said so.
    key = "rights.question.sent" if queued else "rights.question.unreached"
    return Answer(replace_card=asker_card(ctx.lang, shown, notice=t(ctx.lang, key)))


async def _shown(ctx: Ctx, session: AsyncSession, question: RightsQuestion) -> QuestionView:
    return await question_view(session, question)


async def _answer(ctx: Ctx, session: AsyncSession, question: RightsQuestion,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    if question.status == ANSWERED:
        return Unchanged(t(ctx.lang, "rights.question.already_answered"))
    form = read_form(DSO_ANSWER_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return Invalid(t(ctx.lang, form.error.key, **form.error.params),
                       {PII_FORM: DSO_ANSWER_FORM.id} if form.pii_warning else {})
    told: list[Notification] = []
    if question.asker_person_id is not None:
        asker = question.asker_person_id

        async def build(lang: str, session: AsyncSession) -> dict[str, Any]:
            return asker_card(lang, await question_view(session, question),
                              notice=t(lang, "rights.question.answered_notice"))

        told = [Notification(asker, build)]
    return Change({"status": ANSWERED, "answer": form.values["answer"],
                   "answered_by_person_id": ctx.who.person_id, "answered_at": ctx.now(),
                   "closed_at": ctx.now()}, ANSWERED, audit={"pii_kept": form.pii_kept},
                  notify=told)


ANSWER = RecordAction(name="rights_question.answered", record_type=QUESTION,
                      access=QUESTION_ANSWER, decide=_answer, show=_shown)


async def dso_answer(ctx: Ctx, data: dict[str, Any]) -> Answer:
    result = await act(ctx, ANSWER, data)
    match result:
        case Refused():
            return Answer.text(t(ctx.lang, "rights.not_allowed" if result.reason == "not_allowed"
                                 else "rights.not_found"))
        case Stale():
            return Answer(replace_card=dso_question_card(
                ctx.lang, result.shown, notice=t(ctx.lang, "rights.question.already_answered")
                if result.record.status == ANSWERED else t(ctx.lang, "rights.stale")))
        case Declined(outcome=Invalid() as invalid):
            return Answer(replace_card=dso_question_card(
                ctx.lang, result.shown, notice=invalid.message,
                draft={**data, **invalid.draft}))
        case Declined(outcome=Unchanged() as said):
            return Answer(replace_card=dso_question_card(ctx.lang, result.shown,
                                                         notice=said.message))
        case Changed():
            return Answer(replace_card=dso_question_card(
                ctx.lang, result.shown, notice=t(ctx.lang, "rights.question.answer_sent")))
    raise AssertionError(result)


async def open_question(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, QUESTION, QUESTION_SEE, data.get("rights_question"),
                       audit_as="rights_question.viewed", show=_shown)
    if isinstance(found, Refused):
        return Answer.text(t(ctx.lang, "rights.not_found"))
    question, view = found
    card = dso_question_card(ctx.lang, view) if is_dso(ctx.who, question.organisation_id) \
        else asker_card(ctx.lang, view)
    return Answer(messages=[card])


ACTIONS = {
    "rights.ask_start": ask_start,
    ASK_DSO_FORM.id: ask_dso,
    DSO_ANSWER_FORM.id: dso_answer,
    "rights.question_open": open_question,
}
