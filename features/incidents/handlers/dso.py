"""The DSO's actions on the incident card: own it, ask, decide, record measures, adjust, close.

Each goes through the record-action kernel (`chat.records.act`): the incident
is loaded within the DSO's organisations, the revision the card showed is
checked, and the change, its history event and its audit entry are written in
one transaction. A card that is out of date (another DSO acted meanwhile)
changes nothing and is answered with the current state, so nobody overwrites
what they have not seen.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.directory import dso_contact
from chat.records import (
    Change,
    Changed,
    Decide,
    Declined,
    Invalid,
    Notification,
    RecordAction,
    Refused,
    Stale,
    Unchanged,
    act,
    notice,
)
from chat.registry import ActionHandler
from chat.turn import Answer
from dialogs.forms import PII_FORM, FormInput, read_form
from dialogs.model import Form
from dialogs.views import Message
from features.incidents.cards.dso import dso_incident_card
from features.incidents.cards.imy import imy_text_card
from features.incidents.cards.reporter import reporter_question_card, reporter_status_card
from features.incidents.flow import ADJUST_FORM, DECISION_FORM, MEASURES_FORM, QUESTION_FORM
from features.incidents.handlers.reading import refused_answer, the_incident
from features.incidents.imy_text import imy_notification_text, subjects_notice_text
from features.incidents.records import DSO, INCIDENT, load_view
from features.incidents.rules import workflow
from features.incidents.rules.workflow import DECIDED_STATUS, Decision, EventKind, Status
from features.incidents.views import IncidentView
from i18n import t
from storage.models import Incident
from storage.repos import OrganisationRepository

INFORMED = {"yes": True, "no": False, "not_yet": None}


async def _view(ctx: Ctx, session: AsyncSession, incident: Incident) -> IncidentView:
    return await load_view(session, incident, ctx.lang, ctx.now())


def _message(ctx: Ctx, message: Message) -> str:
    return t(ctx.lang, message.key, **message.params)


def _card(ctx: Ctx, view: IncidentView, notice: str | None = None,
          draft: dict[str, Any] | None = None) -> Answer:
    return Answer(replace_card=dso_incident_card(ctx.lang, view, notice=notice, draft=draft))


async def _run(ctx: Ctx, action: RecordAction[Incident], data: dict[str, Any]) -> Answer:
    """Run an action through the kernel and answer with the incident card as it now is."""
    result = await act(ctx, action, data)
    match result:
        case Refused():
            return refused_answer(ctx, result)
        case Stale():
            return _card(ctx, result.shown, t(ctx.lang, "handling.stale"))
        case Declined(outcome=Invalid() as invalid):
            # Nothing stored; the form shows again with what the DSO entered.
            return _card(ctx, result.shown, invalid.message, draft={**data, **invalid.draft})
        case Declined(outcome=Unchanged() as unchanged):
            return _card(ctx, result.shown, unchanged.message)
        case Changed():
            return _card(ctx, result.shown)
    raise AssertionError(result)


def _while_open(decide: Decide[Incident]) -> Decide[Incident]:
    """A closed incident is not changed any more; the card says so."""

    async def checked(ctx: Ctx, session: AsyncSession, incident: Incident,
                      data: dict[str, Any]) -> Change | Invalid | Unchanged:
        if incident.status == Status.CLOSED:
            return Unchanged(t(ctx.lang, "handling.closed"))
        return await decide(ctx, session, incident, data)

    return checked


def _handler(audit_name: str, decide: Decide[Incident]) -> ActionHandler:
    """A DSO's card action: the kernel runs `decide` while the incident is open."""
    action = RecordAction(name=audit_name, record_type=INCIDENT, access=DSO,
                          decide=_while_open(decide), show=_view)

    async def handle(ctx: Ctx, data: dict[str, Any]) -> Answer:
        return await _run(ctx, action, data)

    return handle


def _status_notice(incident: Incident, new_status: Status) -> list[Notification]:
    """The reporter hears of a status change (a question card tells them itself)."""
    if (new_status == incident.status or incident.reporter_person_id is None
            or new_status is Status.AWAITING_REPORTER):
        return []
    reference = incident.reference
    return [notice(incident.reporter_person_id, lambda lang: reporter_status_card(
        lang, reference=reference, status=new_status))]


def _read(ctx: Ctx, form: Form, data: dict[str, Any], **options: Any) -> FormInput | Invalid:
    """A form's values, or what to say (and, for personal data, which form asks)."""
    read = read_form(form, data, lang=ctx.lang, **options)
    if read.error is None:
        return read
    return Invalid(_message(ctx, read.error),
                   {PII_FORM: form.id} if read.pii_warning else {})


def _flag(read: FormInput, columns: dict[str, Any]) -> dict[str, Any]:
    """Personal data kept on purpose flags the incident for the DSO, as in the report."""
    return {**columns, "pii_flag": True} if read.pii_kept else columns


# -- the actions ----------------------------------------------------------------------


async def open_incident(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await the_incident(ctx, data, "incident.viewed", DSO)
    if isinstance(found, Refused):
        return refused_answer(ctx, found)
    _, view = found
    card = dso_incident_card(ctx.lang, view)
    # From a list, the incident comes as its own card under the list.
    return Answer(messages=[card]) if data.get("from") == "list" else Answer(replace_card=card)


async def _take(ctx: Ctx, session: AsyncSession, incident: Incident,
                data: dict[str, Any]) -> Change | Unchanged:
    status = workflow.after_taking(incident.status)
    return Change({"owner_person_id": ctx.who.person_id, "status": status}, EventKind.TAKEN,
                  notify=_status_notice(incident, status))


async def _ask(ctx: Ctx, session: AsyncSession, incident: Incident,
               data: dict[str, Any]) -> Change | Invalid | Unchanged:
    form = _read(ctx, QUESTION_FORM, data)
    if isinstance(form, Invalid):
        return form
    if incident.reporter_person_id is None:
        return Invalid(t(ctx.lang, "handling.no_reporter"))
    question, question_id = form.values["question"], uuid.uuid4().hex
    columns: dict[str, Any] = {
        "status": workflow.move(incident.status, Status.AWAITING_REPORTER)}
    if incident.owner_person_id is None:
        columns["owner_person_id"] = ctx.who.person_id
    asked_by, reference, incident_id = ctx.who.name, incident.reference, str(incident.id)
    card = notice(incident.reporter_person_id, lambda lang: reporter_question_card(
        lang, reference=reference, incident_id=incident_id, question_id=question_id,
        asked_by=asked_by, question=question))
    return Change(_flag(form, columns), EventKind.QUESTION_ASKED,
                  {"question": question_id, "text": question}, notify=[card])


async def _decide(ctx: Ctx, session: AsyncSession, incident: Incident,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """The law's minimum for a recorded decision; a message says what is missing."""
    current = {"justification": incident.justification,
               "subjects_reason": incident.subjects_informed_reason,
               "late_reason": incident.late_reason}
    form = _read(ctx, DECISION_FORM, data, current=current,
                 context={"now": ctx.now(), "aware_at": incident.aware_at})
    if isinstance(form, Invalid):
        return form
    values = form.values
    decision = Decision(values["decision"])
    columns = DECISION_FORM.columns(values)
    if decision is Decision.NOT_NOTIFIABLE:
        columns.update(imy_notified_on=None, imy_reference=None, late_reason=None)
    informed = values.get("subjects_informed") or "not_yet"
    columns["subjects_informed"] = INFORMED[informed]
    status = workflow.move(incident.status, DECIDED_STATUS[decision])
    columns["status"] = status
    return Change(_flag(form, columns), EventKind.DECISION_RECORDED,
                  {"decision": decision.value, "subjects_informed": informed},
                  audit={"status": status.value}, notify=_status_notice(incident, status))


async def _measures(ctx: Ctx, session: AsyncSession, incident: Incident,
                    data: dict[str, Any]) -> Change | Invalid | Unchanged:
    form = _read(ctx, MEASURES_FORM, data, current={"measures": incident.measures})
    if isinstance(form, Invalid):
        return form
    if not form.values.get("measures"):
        return Invalid(t(ctx.lang, "handling.measures_empty"))
    return Change(_flag(form, MEASURES_FORM.columns(form.values)), EventKind.MEASURES_RECORDED)


async def _adjust(ctx: Ctx, session: AsyncSession, incident: Incident,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    form = _read(ctx, ADJUST_FORM, data)
    if isinstance(form, Invalid):
        return form if form.draft else Invalid(t(ctx.lang, "handling.adjust_invalid"))
    factor, value, reason = form.values["factor"], form.values["value"], form.values["reason"]
    severity = dict(incident.severity or {})
    severity["adjustments"] = {**(severity.get("adjustments") or {}),
                               factor: {"value": value, "reason": reason}}
    return Change(_flag(form, {"severity": severity}), EventKind.SEVERITY_ADJUSTED,
                  {"detail": f"{factor}={value:g}"})


async def _close(ctx: Ctx, session: AsyncSession, incident: Incident,
                 data: dict[str, Any]) -> Change | Invalid | Unchanged:
    if incident.decision is None:
        return Invalid(t(ctx.lang, "handling.close_needs_decision"))
    status = workflow.move(incident.status, Status.CLOSED)
    return Change({"status": status, "closed_at": ctx.now()}, EventKind.CLOSED,
                  audit={"status": status.value}, notify=_status_notice(incident, status))


async def imy_text(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await the_incident(ctx, data, "incident.imy_text_viewed", DSO, lang="sv")
    if isinstance(found, Refused):
        return refused_answer(ctx, found)
    incident, view = found
    return Answer(messages=[await imy_card(ctx, incident, view)])


async def imy_card(ctx: Ctx, incident: Incident, view: IncidentView) -> dict[str, Any]:
    """The IMY texts (always Swedish: IMY's e-service is) for the DSO to copy."""
    dso_name, dso_email = await dso_contact(ctx.db, incident.organisation_id)
    async with ctx.db.session(readonly=True) as session:
        organisation = await OrganisationRepository(session).get(incident.organisation_id)
    assert organisation is not None
    contact = {"organisation_name": organisation.name, "dso_name": dso_name,
               "dso_email": dso_email}
    return imy_text_card(
        ctx.lang,
        reference=incident.reference,
        notification=imy_notification_text(view, **contact),
        subjects_notice=subjects_notice_text(view, **contact, lang="sv"),
    )


ACTIONS: dict[str, ActionHandler] = {
    "incident.open": open_incident,
    "incident.take": _handler("incident.taken", _take),
    "incident.ask": _handler("incident.question_asked", _ask),
    "incident.decide": _handler("incident.decision_recorded", _decide),
    "incident.measures": _handler("incident.measures_recorded", _measures),
    "incident.adjust": _handler("incident.severity_adjusted", _adjust),
    "incident.close": _handler("incident.closed", _close),
    "incident.imy": imy_text,
}
