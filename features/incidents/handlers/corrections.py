"""Correcting an answer of a report: by the DSO from the incident card, by the
reporter from their receipt until a DSO takes the case.

A correction is read exactly as the report's answer was (the flow's step,
its parsing and validators, the personal-data guard), needs a reason, and is
kept in the history with the old and the new value. The incident's answers,
its times, whether it is a near miss, the severity, the IMY text and the
letter all follow the corrected facts; the history keeps the original.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.dialog_runner import engine_context
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
from compliance import pii
from dialogs.engine import reanswer
from dialogs.forms import PII_CHOICE, PII_FORM, read_form
from features.incidents.access import CASE_ROLES, Act, seat_in
from features.incidents.cards.correction import (
    CANCEL,
    PICK,
    START,
    STEP_INPUT,
    correction_card,
    correction_picker,
)
from features.incidents.cards.incident import incident_card
from features.incidents.cards.reporter import reporter_corrected_card
from features.incidents.flow import CORRECTION_FORM, FLOW, stored_columns
from features.incidents.handlers.alerts import card_notice
from features.incidents.handlers.dso import incident_view
from features.incidents.handlers.reading import refused_answer, refused_look
from features.incidents.records import INCIDENT
from features.incidents.rules.workflow import EventKind, Status
from features.incidents.views import IncidentView
from i18n import t
from storage.models import Incident
from storage.repos import RoleRepository
from storage.roles import Role


async def _may_correct(ctx: Ctx, session: AsyncSession, incident: Incident) -> str | None:
    """A DSO may correct while the case is open; the reporter until a DSO has it."""
    if (await seat_in(session, ctx.who, incident)).may(Act.CORRECT):
        return None
    if incident.reporter_person_id == ctx.who.person_id:
        if incident.owner_person_id is None and incident.status == Status.SUBMITTED:
            return None
        return "taken_over"
    return "not_correct"


CORRECTOR = Access(roles=CASE_ROLES, owner_column="reporter_person_id", refusal="not_dso",
                   gate=_may_correct)


def _step_of(data: dict[str, Any], answers: dict[str, Any]) -> str | None:
    """The step a card names, if it is one of this report's questions."""
    step_id = str(data.get(STEP_INPUT) or "")
    return step_id if step_id in {s.id for s in FLOW.path(answers)} else None


async def _shown(ctx: Ctx, session: AsyncSession, incident: Incident) -> IncidentView:
    return await incident_view(ctx, session, incident)


async def _correction_answer(ctx: Ctx, incident: Incident | IncidentView, step_id: str,
                             notice_text: str | None = None,
                             draft: dict[str, Any] | None = None) -> Answer:
    answers = dict(incident.answers)
    choices = (await engine_context(ctx, FLOW)).choices
    return Answer(replace_card=correction_card(
        ctx.lang, incident_id=str(incident.id), revision=incident.revision,
        reference=incident.reference, step_id=step_id, answers=answers, choices=choices,
        notice=notice_text, draft=draft))


def _picker(ctx: Ctx, incident: Incident, notice_text: str | None = None) -> Answer:
    return Answer(replace_card=correction_picker(
        ctx.lang, incident_id=str(incident.id), revision=incident.revision,
        reference=incident.reference, answers=incident.answers, notice=notice_text))


async def start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Which answer to correct: the report's questions with their answers now."""
    found = await read(ctx, INCIDENT, CORRECTOR, data.get("incident"), audit_as=None,
                       show=_shown)
    if isinstance(found, Refused):
        return refused_look(ctx, found)
    incident, _ = found
    if incident.status == Status.CLOSED:
        return Answer.text(t(ctx.lang, "handling.closed"))
    return _picker(ctx, incident)


async def pick(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """The question chosen on the picker, asked again."""
    found = await read(ctx, INCIDENT, CORRECTOR, data.get("incident"), audit_as=None,
                       show=_shown)
    if isinstance(found, Refused):
        return refused_look(ctx, found)
    incident, _ = found
    step_id = _step_of(data, incident.answers)
    if step_id is None:
        return _picker(ctx, incident, t(ctx.lang, "handling.correction_pick"))
    return await _correction_answer(ctx, incident, step_id)


async def cancel(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Back from a correction: the DSO to the incident card, the reporter to a status."""
    found = await read(ctx, INCIDENT, CORRECTOR, data.get("incident"), audit_as=None,
                       show=_shown)
    if isinstance(found, Refused):
        return refused_look(ctx, found)
    incident, view = found
    if view.scope is not None and view.may:
        return Answer(replace_card=incident_card(ctx.lang, view))
    return Answer(replace_card=reporter_corrected_card(
        ctx.lang, reference=incident.reference, incident_id=str(incident.id),
        revision=incident.revision, answers=incident.answers, corrected=None))


def _guard_own_words(ctx: Ctx, data: dict[str, Any], value: Any, own_words: str | None
                     ) -> tuple[Any, bool] | Invalid:
    """The personal-data guard on the corrected answer, as on every free text:
    refused once with the kinds found, then masked or kept as the person chooses."""
    kinds = list(pii.kinds(own_words)) if own_words else []
    if not kinds:
        return value, False
    choice = data.get(PII_CHOICE)
    if choice == "keep":
        return value, True
    if choice == "mask":
        masked = pii.mask(own_words or "", ctx.lang)
        return ({**value, "label": masked} if isinstance(value, dict) else masked), False
    named = ", ".join(t(ctx.lang, f"dialog.pii.kinds.{kind}") for kind in kinds)
    return Invalid(t(ctx.lang, "dialog.form.pii", kinds=named),
                   {PII_FORM: CORRECTION_FORM.id})


def _tell_dsos(people: dict[int, frozenset[Role]], incident: Incident,
               ctx: Ctx) -> list[Notification]:
    """The DSOs hear that the reporter corrected the report, with the card as it is now."""
    reference = incident.reference
    told: list[Notification] = []
    for person_id, roles in people.items():
        told += [notice(person_id, lambda lang: t(lang, "handling.reporter_corrected",
                                                  reference=reference)),
                 card_notice(person_id, roles, incident, ctx.now())]
    return told


async def _correct(ctx: Ctx, session: AsyncSession, incident: Incident,
                   data: dict[str, Any]) -> Change | Invalid | Unchanged:
    if incident.status == Status.CLOSED:
        return Unchanged(t(ctx.lang, "handling.closed"))
    answers = dict(incident.answers)
    step_id = _step_of(data, answers)
    if step_id is None:
        return Invalid(t(ctx.lang, "handling.correction_pick"))
    reason = read_form(CORRECTION_FORM, data, lang=ctx.lang, now=ctx.now())
    if reason.error is not None:
        return Invalid(t(ctx.lang, reason.error.key, **reason.error.params),
                       {PII_FORM: CORRECTION_FORM.id} if reason.pii_warning else {})
    context = await engine_context(ctx, FLOW)
    given = reanswer(FLOW, step_id, data, answers, ctx.now(), context)
    if given.error is not None:
        return Invalid(t(ctx.lang, given.error.key, **given.error.params))
    guarded = _guard_own_words(ctx, data, given.value, given.own_words)
    if isinstance(guarded, Invalid):
        return guarded
    value, kept = guarded
    old = answers.get(step_id)
    if value == old:
        return Unchanged(t(ctx.lang, "handling.correction_same"))
    corrected = {**answers, step_id: value}
    if value is None:
        corrected.pop(step_id)
    columns = {"answers": corrected, **stored_columns(corrected)}
    if kept or reason.pii_kept:
        columns["pii_flag"] = True
    tell: list[Notification] = []
    if ctx.who.person_id == incident.reporter_person_id and incident.owner_person_id is None:
        holders = await RoleRepository(session).dsos_of(incident.organisation_id)
        people: dict[int, frozenset[Role]] = {}
        for holder in holders:
            people[holder.person.id] = people.get(holder.person.id, frozenset()) | {
                holder.role}
        tell = _tell_dsos(people, incident, ctx)
    return Change(columns, EventKind.ANSWER_CORRECTED,
                  {"step": step_id, "old": old, "new": value,
                   "reason": reason.values["reason"]},
                  audit={"step": step_id}, notify=tell, receipt=step_id)


CORRECT = RecordAction(name="incident.answer_corrected", record_type=INCIDENT,
                       access=CORRECTOR, decide=_correct, show=_shown)


async def correct(ctx: Ctx, data: dict[str, Any]) -> Answer:
    result = await act(ctx, CORRECT, data)
    match result:
        case Refused():
            return refused_answer(ctx, result)
        case Stale():
            step_id = _step_of(data, result.record.answers)
            if step_id is None:
                return refused_answer(ctx, Refused("not_found"))
            return await _correction_answer(ctx, result.record, step_id,
                                            t(ctx.lang, "handling.stale"), draft=data)
        case Declined(outcome=Invalid() as invalid):
            step_id = _step_of(data, result.record.answers)
            if step_id is None:
                return Answer.text(invalid.message)
            return await _correction_answer(ctx, result.record, step_id, invalid.message,
                                            draft={**data, **invalid.draft})
        case Declined(outcome=Unchanged() as unchanged):
            return _after(ctx, result.record, result.shown, unchanged.message)
        case Changed():
            return _after(ctx, result.record, result.shown, None, corrected=result.receipt)
    raise AssertionError(result)


def _after(ctx: Ctx, incident: Incident, view: IncidentView, message: str | None,
           corrected: str | None = None) -> Answer:
    """The DSO sees the incident card; the reporter a receipt of the correction."""
    if view.may:
        saved = t(ctx.lang, "handling.correction_saved") if corrected else None
        return Answer(replace_card=incident_card(ctx.lang, view, notice=message or saved))
    return Answer(replace_card=reporter_corrected_card(
        ctx.lang, reference=incident.reference, incident_id=str(incident.id),
        revision=incident.revision, answers=incident.answers, corrected=corrected,
        notice=message))


ACTIONS = {
    START: start,
    PICK: pick,
    CORRECTION_FORM.id: correct,
    CANCEL: cancel,
}
