"""The DSO's actions on the incident card: own it, ask, decide, record measures, adjust, close.

Each action names the incident and the revision its card showed. A card that
is out of date (another DSO acted meanwhile) changes nothing and is answered
with the current state, so nobody overwrites what they have not seen.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from bot.actions import action
from bot.context import Ctx
from bot.directory import dso_contact
from bot.incidents.access import Refusal, audit, incident_for, revision_of, text_input
from bot.incidents.records import load_view, parse_day
from bot.turn import Answer
from cards.imy_text import imy_notification_text, subjects_notice_text
from cards.incident_dso import dso_incident_card
from cards.incident_imy import imy_text_card
from cards.incident_reporter import reporter_question_card, reporter_status_card
from compliance.deadlines import is_late
from compliance.severity import ALLOWED
from i18n import t
from storage.errors import StaleRevision
from storage.models import Incident
from storage.repos import IncidentRepository, OrganisationRepository

# What a decision form may say.
DECISIONS = {"notified": "notified_imy", "not_notifiable": "not_notifiable"}
INFORMED = {"yes": True, "no": False, "not_yet": None}

Change = tuple[dict[str, Any], str, dict[str, Any]]  # (columns, event kind, event data)
Decide = Callable[[Ctx, Incident, dict[str, Any]], Awaitable["Change | str"]]


async def card_answer(
    ctx: Ctx, incident: Incident, notice: str | None = None, draft: dict[str, Any] | None = None
) -> Answer:
    async with ctx.db.session(readonly=True) as session:
        view = await load_view(session, incident, ctx.lang, ctx.now())
    return Answer(replace_card=dso_incident_card(ctx.lang, view, notice=notice, draft=draft))


async def _reload(ctx: Ctx, incident: Incident) -> Incident:
    async with ctx.db.session(readonly=True) as session:
        fresh = await IncidentRepository(session).get(incident.organisation_id, incident.id)
    assert fresh is not None
    return fresh


async def _apply(ctx: Ctx, data: dict[str, Any], decide: Decide, audit_action: str) -> Answer:
    """Authorise, check the revision, validate, store with its event and audit entry."""
    loaded = await incident_for(ctx, data, dso=True)
    if isinstance(loaded, Refusal):
        return loaded.answer
    incident = loaded
    if revision_of(data) != incident.revision:
        await audit(ctx, f"{audit_action}.stale", incident)
        return await card_answer(ctx, incident, t(ctx.lang, "handling.stale"))
    if incident.status == "closed":
        return await card_answer(ctx, incident, t(ctx.lang, "handling.closed"))
    change = await decide(ctx, incident, data)
    if isinstance(change, str):  # a validation message: nothing stored, entries shown again
        return await card_answer(ctx, incident, change, draft=data)
    columns, kind, event_data = change
    try:
        async with ctx.db.session() as session:
            incidents = IncidentRepository(session)
            updated = await incidents.update(
                incident.organisation_id, incident.id, incident.revision, **columns
            )
            await incidents.add_event(incident.organisation_id, incident.id, kind=kind,
                                      actor_person_id=ctx.who.person_id, data=event_data,
                                      at=ctx.now())
    except StaleRevision:
        await audit(ctx, f"{audit_action}.stale", incident)
        return await card_answer(ctx, await _reload(ctx, incident), t(ctx.lang, "handling.stale"))
    await audit(ctx, audit_action, updated, status=updated.status)
    if updated.status != incident.status and updated.reporter_person_id:
        await _tell_reporter_status(ctx, updated)
    return await card_answer(ctx, updated)


async def _tell_reporter_status(ctx: Ctx, incident: Incident) -> None:
    if incident.status == "awaiting_reporter":
        return  # the question card itself tells them
    lang = await ctx.language_of(incident.reporter_person_id)
    await ctx.notify(
        incident.reporter_person_id,  # type: ignore[arg-type]
        reporter_status_card(lang, reference=incident.reference, status=incident.status),
    )


# -- the actions ----------------------------------------------------------------------


@action("incident.open")
async def open_incident(ctx: Ctx, data: dict[str, Any]) -> Answer:
    loaded = await incident_for(ctx, data, dso=True)
    if isinstance(loaded, Refusal):
        return loaded.answer
    await audit(ctx, "incident.viewed", loaded)
    answer = await card_answer(ctx, loaded)
    # From a list, the incident comes as its own card under the list.
    return Answer(messages=[answer.replace_card]) if data.get("from") == "list" else answer


@action("incident.take")
async def take(ctx: Ctx, data: dict[str, Any]) -> Answer:
    async def decide(ctx: Ctx, incident: Incident, data: dict[str, Any]) -> Change | str:
        status = "in_review" if incident.status == "submitted" else incident.status
        return {"owner_person_id": ctx.who.person_id, "status": status}, "taken", {}

    return await _apply(ctx, data, decide, "incident.taken")


@action("incident.ask")
async def ask(ctx: Ctx, data: dict[str, Any]) -> Answer:
    question = text_input(data, "question", 2000)
    question_id = uuid.uuid4().hex

    async def decide(ctx: Ctx, incident: Incident, data: dict[str, Any]) -> Change | str:
        if not question:
            return t(ctx.lang, "handling.question_empty")
        if incident.reporter_person_id is None:
            return t(ctx.lang, "handling.no_reporter")
        columns = {"status": "awaiting_reporter"}
        if incident.owner_person_id is None:
            columns["owner_person_id"] = ctx.who.person_id  # type: ignore[assignment]
        return columns, "question_asked", {"question": question_id, "text": question}

    answer = await _apply(ctx, data, decide, "incident.question_asked")
    incident = await incident_for(ctx, data, dso=True)
    if not isinstance(incident, Refusal) and incident.status == "awaiting_reporter" and any(
        e for e in await _events(ctx, incident) if e.data.get("question") == question_id
    ):
        lang = await ctx.language_of(incident.reporter_person_id)
        await ctx.notify(
            incident.reporter_person_id,  # type: ignore[arg-type]
            reporter_question_card(lang, reference=incident.reference,
                                   incident_id=str(incident.id), question_id=question_id,
                                   asked_by=ctx.who.name, question=question),
        )
    return answer


async def _events(ctx: Ctx, incident: Incident) -> list[Any]:
    async with ctx.db.session(readonly=True) as session:
        return await IncidentRepository(session).events(incident.organisation_id, incident.id)


@action("incident.decide")
async def decide_notification(ctx: Ctx, data: dict[str, Any]) -> Answer:
    async def decide(ctx: Ctx, incident: Incident, data: dict[str, Any]) -> Change | str:
        return validate_decision(ctx, incident, data)

    return await _apply(ctx, data, decide, "incident.decision_recorded")


def validate_decision(ctx: Ctx, incident: Incident, data: dict[str, Any]) -> Change | str:
    """The law's minimum for a recorded decision; a message says what is missing."""
    lang = ctx.lang
    decision = text_input(data, "decision")
    if decision not in DECISIONS:
        return t(lang, "handling.decision_choose")
    justification = text_input(data, "justification", current=incident.justification)
    columns: dict[str, Any] = {"decision": decision, "status": DECISIONS[decision]}
    if decision == "not_notifiable":
        if len(justification) < 10:
            return t(lang, "handling.decision_needs_justification")
        columns.update(imy_notified_on=None, imy_reference=None)
    else:
        day = parse_day(data.get("imy_date"))
        if day is None:
            return t(lang, "handling.decision_needs_date")
        if day > ctx.now().date():
            return t(lang, "handling.decision_date_future")
        columns.update(imy_notified_on=day, imy_reference=text_input(data, "imy_reference", 64)
                       or None)
        submitted = incident.submitted_at or incident.created_at
        late = incident.aware_at is not None and is_late(
            incident.aware_at, datetime.combine(day, datetime.min.time(), submitted.tzinfo)
        )
        late_reason = text_input(data, "late_reason", current=incident.late_reason)
        if late and not late_reason:
            return t(lang, "handling.decision_needs_late_reason")
        columns["late_reason"] = late_reason or None
    columns["justification"] = justification or None
    informed = text_input(data, "subjects_informed") or "not_yet"
    if informed not in INFORMED:
        return t(lang, "handling.decision_choose")
    reason = text_input(data, "subjects_reason", current=incident.subjects_informed_reason)
    if informed == "no" and not reason:
        return t(lang, "handling.decision_needs_subjects_reason")
    columns.update(subjects_informed=INFORMED[informed], subjects_informed_reason=reason or None)
    return columns, "decision_recorded", {"decision": decision, "subjects_informed": informed}


@action("incident.measures")
async def record_measures(ctx: Ctx, data: dict[str, Any]) -> Answer:
    async def decide(ctx: Ctx, incident: Incident, data: dict[str, Any]) -> Change | str:
        measures = text_input(data, "measures", current=incident.measures)
        if not measures:
            return t(ctx.lang, "handling.measures_empty")
        return {"measures": measures}, "measures_recorded", {}

    return await _apply(ctx, data, decide, "incident.measures_recorded")


@action("incident.adjust")
async def adjust_severity(ctx: Ctx, data: dict[str, Any]) -> Answer:
    async def decide(ctx: Ctx, incident: Incident, data: dict[str, Any]) -> Change | str:
        factor = text_input(data, "factor")
        reason = text_input(data, "reason", 1000)
        try:
            value = float(str(data.get("value", "")).replace(",", "."))
        except ValueError:
            value = None
        allowed = ALLOWED.get(factor)
        if allowed is None or value is None or value not in allowed or not reason:
            return t(ctx.lang, "handling.adjust_invalid")
        severity = dict(incident.severity or {})
        adjustments = dict(severity.get("adjustments") or {})
        adjustments[factor] = {"value": value, "reason": reason}
        severity["adjustments"] = adjustments
        return {"severity": severity}, "severity_adjusted", {"detail": f"{factor}={value:g}"}

    return await _apply(ctx, data, decide, "incident.severity_adjusted")


@action("incident.close")
async def close(ctx: Ctx, data: dict[str, Any]) -> Answer:
    async def decide(ctx: Ctx, incident: Incident, data: dict[str, Any]) -> Change | str:
        if incident.decision is None:
            return t(ctx.lang, "handling.close_needs_decision")
        return {"status": "closed", "closed_at": ctx.now()}, "closed", {}

    return await _apply(ctx, data, decide, "incident.closed")


@action("incident.imy")
async def imy_text(ctx: Ctx, data: dict[str, Any]) -> Answer:
    loaded = await incident_for(ctx, data, dso=True)
    if isinstance(loaded, Refusal):
        return loaded.answer
    return Answer(messages=[await imy_card(ctx, loaded)])


async def imy_card(ctx: Ctx, incident: Incident) -> dict[str, Any]:
    dso_name, dso_email = await dso_contact(ctx.db, incident.organisation_id)
    async with ctx.db.session(readonly=True) as session:
        view = await load_view(session, incident, "sv", ctx.now())
        organisation = await OrganisationRepository(session).get(incident.organisation_id)
    assert organisation is not None
    contact = {"organisation_name": organisation.name, "dso_name": dso_name,
               "dso_email": dso_email}
    await audit(ctx, "incident.imy_text_viewed", incident)
    return imy_text_card(
        ctx.lang,
        reference=incident.reference,
        notification=imy_notification_text(view, **contact),
        subjects_notice=subjects_notice_text(view, **contact, lang="sv"),
    )
