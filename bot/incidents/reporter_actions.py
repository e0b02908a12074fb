"""The reporter answers the DSO's question; the answer joins the record and the DSO is told."""

from __future__ import annotations

from typing import Any

from bot.actions import action
from bot.context import Ctx
from bot.incidents.access import Refusal, audit, incident_for, text_input
from bot.incidents.records import load_view
from bot.turn import Answer
from cards.incident_dso import dso_incident_card
from cards.incident_reporter import reporter_answered_card
from i18n import t
from storage.errors import StaleRevision
from storage.repos import IncidentRepository, RoleRepository


@action("incident.reply")
async def reply(ctx: Ctx, data: dict[str, Any]) -> Answer:
    loaded = await incident_for(ctx, data, dso=False)
    if isinstance(loaded, Refusal):
        return loaded.answer
    incident = loaded
    question_id = str(data.get("question", ""))
    text = text_input(data, "answer")
    async with ctx.db.session(readonly=True) as session:
        events = await IncidentRepository(session).events(incident.organisation_id, incident.id)
    asked = next((e for e in events if e.kind == "question_asked"
                  and e.data.get("question") == question_id), None)
    if asked is None:
        await audit(ctx, "incident.refused.unknown_question", incident)
        return Answer.text(t(ctx.lang, "handling.not_found"))
    if any(e.kind == "reporter_answered" and e.data.get("question") == question_id
           for e in events):
        return Answer.text(t(ctx.lang, "handling.already_answered"))
    if not text:
        return Answer.text(t(ctx.lang, "handling.answer_empty"))
    for _ in range(3):  # a DSO may be saving at the same moment; the answer must not be lost
        try:
            async with ctx.db.session() as session:
                incidents = IncidentRepository(session)
                current = await incidents.get(incident.organisation_id, incident.id)
                assert current is not None
                status = "in_review" if current.status == "awaiting_reporter" else current.status
                await incidents.update(current.organisation_id, current.id, current.revision,
                                       status=status)
                await incidents.add_event(current.organisation_id, current.id,
                                          kind="reporter_answered",
                                          actor_person_id=ctx.who.person_id,
                                          data={"question": question_id, "text": text},
                                          at=ctx.now())
            break
        except StaleRevision:
            continue
    await audit(ctx, "incident.reporter_answered", incident)
    await _tell_dso(ctx, incident.organisation_id, incident.id, asked.actor_person_id)
    return Answer(replace_card=reporter_answered_card(
        ctx.lang, reference=incident.reference, question=str(asked.data.get("text", "")),
        answer=text))


async def _tell_dso(ctx: Ctx, org_id: int, incident_id: Any, asker: int | None) -> None:
    """The DSO who asked (or, failing that, every DSO) gets the updated card."""
    async with ctx.db.session(readonly=True) as session:
        incident = await IncidentRepository(session).get(org_id, incident_id)
        holders = await RoleRepository(session).dsos_of(org_id)
        targets = [h.person.id for h in holders if h.person.id == asker] or [
            h.person.id for h in holders
        ]
        assert incident is not None
        for person_id in targets:
            lang = await ctx.language_of(person_id)
            view = await load_view(session, incident, lang, ctx.now())
            await ctx.notify(person_id, t(lang, "handling.reporter_answered",
                                          reference=incident.reference))
            await ctx.notify(person_id, dso_incident_card(lang, view))

