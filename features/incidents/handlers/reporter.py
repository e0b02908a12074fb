"""The reporter answers the DSO's question; the answer joins the record and the DSO is told."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.records import (
    Change,
    Changed,
    Declined,
    Invalid,
    RecordAction,
    Refused,
    Stale,
    Unchanged,
    act,
    notice,
)
from chat.turn import Answer
from compliance import pii
from dialogs.forms import PII_FORM, read_form
from features.incidents.cards.reporter import reporter_answered_card, reporter_question_card
from features.incidents.flow import REPLY_FORM
from features.incidents.handlers.alerts import card_notice
from features.incidents.handlers.reading import refused_answer
from features.incidents.records import INCIDENT, REPORTER
from features.incidents.repo import IncidentRepository
from features.incidents.rules import workflow
from features.incidents.rules.workflow import EventKind
from i18n import t
from storage.models import Incident
from storage.repos import RoleRepository
from storage.roles import Role


async def _dsos_to_tell(session: AsyncSession, incident: Incident,
                        asker: int | None) -> dict[int, frozenset[Role]]:
    """The DSO who asked (while still a DSO there), or failing that every DSO; each
    with their roles there, for the card they get."""
    holders = await RoleRepository(session).dsos_of(incident.organisation_id)
    everyone: dict[int, frozenset[Role]] = {}
    for holder in holders:
        everyone[holder.person.id] = everyone.get(holder.person.id, frozenset()) | {holder.role}
    return {asker: everyone[asker]} if asker in everyone else everyone


async def _reply(ctx: Ctx, session: AsyncSession, incident: Incident,
                 data: dict[str, Any]) -> Change | Invalid | Unchanged:
    question_id = str(data.get("question", ""))[:64]
    events = await IncidentRepository(session).events(incident.organisation_id, incident.id)
    asked = next((e for e in events if e.kind == EventKind.QUESTION_ASKED
                  and e.data.get("question") == question_id), None)
    if asked is None:
        return Invalid(t(ctx.lang, "handling.not_found"))
    if any(e.kind == EventKind.REPORTER_ANSWERED and e.data.get("question") == question_id
           for e in events):
        return Unchanged(t(ctx.lang, "handling.already_answered"))
    form = read_form(REPLY_FORM, data, lang=ctx.lang)
    if form.error is not None:
        return Invalid(t(ctx.lang, form.error.key, **form.error.params),
                       {PII_FORM: REPLY_FORM.id} if form.pii_warning else {})
    reference, now = incident.reference, ctx.now()
    tell = []
    dsos = await _dsos_to_tell(session, incident, asked.actor_person_id)
    for person_id, roles in dsos.items():
        tell += [notice(person_id, lambda lang: t(lang, "handling.reporter_answered",
                                                  reference=reference)),
                 card_notice(person_id, roles, incident, now)]
    answer = form.values["answer"]
    columns: dict[str, Any] = {"status": workflow.after_reply(incident.status)}
    if form.pii_kept:
        columns["pii_flag"] = True  # kept on purpose: the DSO sees the flag
    return Change(columns, EventKind.REPORTER_ANSWERED,
                  {"question": question_id, "text": answer},
                  audit={"question": question_id}, notify=tell,
                  receipt=(str(asked.data.get("text", "")), answer))


async def _question_again(ctx: Ctx, incident: Incident, data: dict[str, Any],
                          invalid: Invalid) -> dict[str, Any]:
    question_id = str(data.get("question", ""))[:64]
    async with ctx.db.session(readonly=True) as session:
        repo = IncidentRepository(session)
        events = await repo.events(incident.organisation_id, incident.id)
        asked = next(e for e in events if e.kind == EventKind.QUESTION_ASKED
                     and e.data.get("question") == question_id)
        names = await repo.names([asked.actor_person_id])
    return reporter_question_card(
        ctx.lang, reference=incident.reference, incident_id=str(incident.id),
        question_id=question_id, asked_by=names.get(asked.actor_person_id) if
        asked.actor_person_id else None, question=str(asked.data.get("text", "")),
        notice=invalid.message, draft={**data, **invalid.draft})


# The question card names no revision: the DSO may be saving at the same moment,
# and the answer must not be lost for that (the kernel tries again).
REPLY = RecordAction(name="incident.reporter_answered", record_type=INCIDENT, access=REPORTER,
                     decide=_reply, check_revision=False)


async def _open_question(ctx: Ctx) -> tuple[Incident, Any, str | None] | None:
    """The newest unanswered question from a DSO to this person, with its incident and
    who asked; None when there is none."""
    async with ctx.db.session(readonly=True) as session:
        repo = IncidentRepository(session)
        waiting = [i for i in await repo.for_reporter(ctx.who.person_id)
                   if i.status == workflow.Status.AWAITING_REPORTER]
        for incident in waiting:  # newest first
            events = await repo.events(incident.organisation_id, incident.id)
            answered = {e.data.get("question") for e in events
                        if e.kind == EventKind.REPORTER_ANSWERED}
            open_ones = [e for e in events if e.kind == EventKind.QUESTION_ASKED
                         and e.data.get("question") not in answered]
            if open_ones:
                asked = open_ones[-1]
                names = await repo.names([asked.actor_person_id])
                return incident, asked, names.get(asked.actor_person_id) \
                    if asked.actor_person_id else None
    return None


async def offer_typed_answer(ctx: Ctx, text: str) -> Answer | None:
    """A typed message while a DSO's question is open: offered as the answer, shown as
    the DSO will see it (and held back if it holds personal data), sent only on Send."""
    found = await _open_question(ctx)
    if found is None:
        return None
    incident, asked, asked_by = found
    draft: dict[str, Any] = {"answer": text}
    notice_text = t(ctx.lang, "dso.reporter.typed_offer")
    kinds = pii.kinds(text)
    if kinds:
        draft[PII_FORM] = REPLY_FORM.id
        named = ", ".join(t(ctx.lang, f"dialog.pii.kinds.{k}") for k in dict.fromkeys(kinds))
        notice_text += " " + t(ctx.lang, "dialog.form.pii", kinds=named)
    return Answer.card(reporter_question_card(
        ctx.lang, reference=incident.reference, incident_id=str(incident.id),
        question_id=str(asked.data.get("question")), asked_by=asked_by,
        question=str(asked.data.get("text", "")), notice=notice_text, draft=draft))


async def reply(ctx: Ctx, data: dict[str, Any]) -> Answer:
    result = await act(ctx, REPLY, data)
    match result:
        case Refused():
            return refused_answer(ctx, result)
        case Stale():
            return Answer.text(t(ctx.lang, "handling.busy_try_again"))
        case Declined(outcome=Invalid() as invalid) if invalid.draft:
            # Personal data in the answer: the question again, asking to hide or keep it.
            return Answer(replace_card=await _question_again(ctx, result.record, data, invalid))
        case Declined(outcome=Invalid() | Unchanged() as said):
            return Answer.text(said.message)
        case Changed():
            question, answer = result.receipt
            return Answer(replace_card=reporter_answered_card(
                ctx.lang, reference=result.record.reference, question=question, answer=answer))
    raise AssertionError(result)
