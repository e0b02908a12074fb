"""The actions on the incident card: own it, ask, correct, advise, decide and notify,
register, record measures, adjust, close.

Each goes through the record-action kernel (`chat.records.act`): the incident
is loaded within the organisations where the person holds a case role, the
revision the card showed is checked, the person's seat on this incident
(`features.incidents.access`) must allow the action, and the change, its
history event and its audit entry are written in one transaction. A card
that is out of date (someone acted meanwhile) changes nothing and is answered
with the current state, so nobody overwrites what they have not seen.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
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
from features.incidents.access import Act, Scope, access, seat_in
from features.incidents.cards.case_file import SHOW as CASE_FILE
from features.incidents.cards.case_file import case_file_card
from features.incidents.cards.forms import FORMS, SHOW, form_for
from features.incidents.cards.incident import incident_card
from features.incidents.cards.reporter import reporter_question_card, reporter_status_card
from features.incidents.flow import (
    ADJUST_FORM,
    ADVICE_FORM,
    CLOSE_FORM,
    DECISION_FORM,
    MEASURES_FORM,
    QUESTION_FORM,
    REGISTER_FORM,
    REOPEN_FORM,
    SUBJECTS_FORM,
    SUPPLEMENT_FORM,
)
from features.incidents.handlers.alerts import card_notice
from features.incidents.handlers.imy import imy_text
from features.incidents.handlers.reading import refused_answer, refused_look, the_incident
from features.incidents.records import INCIDENT, load_view
from features.incidents.rules import workflow
from features.incidents.rules.workflow import (
    DECIDED_STATUS,
    Decision,
    EventKind,
    NotificationPhase,
    Status,
)
from features.incidents.views import IncidentView
from i18n import t
from storage.models import Incident
from storage.repos import OrganisationSettingsRepository, RoleRepository
from storage.roles import Role

INFORMED = {"yes": True, "no": False, "not_yet": None}


async def incident_view(ctx: Ctx, session: AsyncSession, incident: Incident) -> IncidentView:
    """The incident as this person may see it, with what they may do."""
    seat = await seat_in(session, ctx.who, incident)
    return await load_view(session, incident, ctx.lang, ctx.now(), seat)


def _message(ctx: Ctx, message: Message) -> str:
    return t(ctx.lang, message.key, **message.params)


def _card(ctx: Ctx, view: IncidentView, notice: str | None = None) -> Answer:
    return Answer(replace_card=incident_card(ctx.lang, view, notice=notice))


async def _run(ctx: Ctx, action: RecordAction[Incident], data: dict[str, Any],
               form_id: str | None) -> Answer:
    """Run an action through the kernel and answer with the incident card as it now is;
    a refused form comes back with the reason and what was entered."""
    result = await act(ctx, action, data)
    match result:
        case Refused():
            return refused_answer(ctx, result)
        case Stale():
            return _card(ctx, result.shown, stale_notice(ctx, result.shown))
        case Declined(outcome=Invalid() as invalid) if form_id is not None:
            # Nothing stored; the form shows again with what was entered.
            return Answer(replace_card=form_for(ctx.lang, result.shown, form_id,
                                                notice=invalid.message,
                                                draft={**data, **invalid.draft}))
        case Declined(outcome=Invalid() | Unchanged() as said):
            return _card(ctx, result.shown, said.message)
        case Changed():
            return _card(ctx, result.shown)
    raise AssertionError(result)


def stale_notice(ctx: Ctx, view: IncidentView) -> str:
    """Why the card was out of date: someone else's change, or this person's own from
    another card (a second device, an older message)."""
    own = view.last_changed_by is not None and view.last_changed_by == ctx.who.person_id
    return t(ctx.lang, "handling.stale_own" if own else "handling.stale")


def _while_open(decide: Decide[Incident]) -> Decide[Incident]:
    """A closed incident is not changed any more; the card says so."""

    async def checked(ctx: Ctx, session: AsyncSession, incident: Incident,
                      data: dict[str, Any]) -> Change | Invalid | Unchanged:
        if incident.status == Status.CLOSED:
            return Unchanged(t(ctx.lang, "handling.closed"))
        return await decide(ctx, session, incident, data)

    return checked


def _handler(act_: Act, audit_name: str, decide: Decide[Incident],
             form: Form | None = None) -> ActionHandler:
    """A card action: the kernel runs `decide` while the incident is open, for those
    whose seat on the incident allows `act_`; `form` is what the action submits."""
    action = RecordAction(name=audit_name, record_type=INCIDENT, access=access(act_),
                          decide=_while_open(decide), show=incident_view)

    async def handle(ctx: Ctx, data: dict[str, Any]) -> Answer:
        return await _run(ctx, action, data, form.id if form else None)

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
    read = read_form(form, data, lang=ctx.lang, now=ctx.now(), **options)
    if read.error is None:
        return read
    return Invalid(_message(ctx, read.error),
                   {PII_FORM: form.id} if read.pii_warning else {})


def _flag(read: FormInput, columns: dict[str, Any]) -> dict[str, Any]:
    """Personal data kept on purpose flags the incident for the DSO, as in the report."""
    return {**columns, "pii_flag": True} if read.pii_kept else columns


# -- the actions ----------------------------------------------------------------------


async def show_form(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """One of the incident's forms in place of its card, for those who may use it."""
    spec = FORMS.get(str(data.get("form")))
    if spec is None:
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    found = await the_incident(ctx, data, None, Act(spec.act))
    if isinstance(found, Refused):
        return refused_look(ctx, found)
    _, view = found
    if view.closed != (spec.form is REOPEN_FORM):
        key = "handling.closed" if view.closed else "handling.not_closed"
        return _card(ctx, view, t(ctx.lang, key))
    return Answer(replace_card=form_for(ctx.lang, view, spec.form.id))


async def case_file(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """The whole case, page by page, for those who see the whole case."""
    found = await the_incident(ctx, data, "incident.viewed", Act.VIEW)
    if isinstance(found, Refused):
        return refused_look(ctx, found)
    _, view = found
    if view.scope != Scope.FULL:
        return Answer(replace_card=incident_card(ctx.lang, view))
    try:
        page = int(data.get("page") or 1)
    except (TypeError, ValueError):
        page = 1
    return Answer(replace_card=case_file_card(ctx.lang, view, page))


async def open_incident(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await the_incident(ctx, data, "incident.viewed", Act.VIEW)
    if isinstance(found, Refused):
        return refused_look(ctx, found)
    _, view = found
    card = incident_card(ctx.lang, view)
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


async def _advise(ctx: Ctx, session: AsyncSession, incident: Incident,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """The DSO's advice, apart from the decision the controller makes."""
    form = _read(ctx, ADVICE_FORM, data, current={"dso_advice_note": incident.dso_advice_note})
    if isinstance(form, Invalid):
        return form
    advice = form.values["dso_advice"]
    return Change(_flag(form, ADVICE_FORM.columns(form.values)), EventKind.ADVICE_RECORDED,
                  {"advice": advice}, audit={"advice": advice},
                  notify=await _deciders_told(ctx, session, incident))


async def _deciders_told(ctx: Ctx, session: AsyncSession,
                         incident: Incident) -> list[Notification]:
    """Where the controller records its own decisions, its admins hear of the advice."""
    settings = await OrganisationSettingsRepository(session).get(incident.organisation_id)
    if settings.dso_records_decisions:
        return []
    admins = await RoleRepository(session).holders(incident.organisation_id, (Role.ADMIN,))
    reference, now = incident.reference, ctx.now()
    told: list[Notification] = []
    for person_id in dict.fromkeys(h.person.id for h in admins):
        told += [notice(person_id, lambda lang: t(lang, "handling.advice_given",
                                                  reference=reference)),
                 card_notice(person_id, frozenset({Role.ADMIN}), incident, now)]
    return told


def _clock_start(incident: Incident) -> Any:
    # As on the card: without an awareness time, from when the report came in.
    return incident.aware_at or incident.submitted_at or incident.created_at


async def _decide(ctx: Ctx, session: AsyncSession, incident: Incident,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """The controller's decision with who made it; a message says what is missing."""
    current = {"justification": incident.justification, "late_reason": incident.late_reason}
    form = _read(ctx, DECISION_FORM, data, current=current,
                 context={"now": ctx.now(), "clock_start": _clock_start(incident)})
    if isinstance(form, Invalid):
        return form
    values = form.values
    decision = Decision(values["decision"])
    columns = DECISION_FORM.columns(values)
    if decision is Decision.NOT_NOTIFIABLE:
        columns.update(imy_notified_at=None, notification_phase=None, imy_reference=None,
                       imy_supplement_at=None, late_reason=None)
    else:
        columns["notification_phase"] = values.get("notification_phase") or \
            NotificationPhase.COMPLETE
    status = workflow.move(incident.status, DECIDED_STATUS[decision])
    columns["status"] = status
    return Change(_flag(form, columns), EventKind.DECISION_RECORDED,
                  {"decision": decision.value}, audit={"status": status.value},
                  notify=_status_notice(incident, status))


async def _supplement(ctx: Ctx, session: AsyncSession, incident: Incident,
                      data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """The supplement to a preliminary notification (Art. 33(4)) was given to IMY."""
    if incident.notification_phase != NotificationPhase.PRELIMINARY:
        return Invalid(t(ctx.lang, "handling.supplement_not_preliminary"))
    form = _read(ctx, SUPPLEMENT_FORM, data,
                 context={"now": ctx.now(), "notified_at": incident.imy_notified_at})
    if isinstance(form, Invalid):
        return form
    return Change(SUPPLEMENT_FORM.columns(form.values), EventKind.SUPPLEMENT_RECORDED)


async def _subjects(ctx: Ctx, session: AsyncSession, incident: Incident,
                    data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """Whether, when and how the people affected were told, or the exception relied on."""
    form = _read(ctx, SUBJECTS_FORM, data,
                 current={"subjects_reason": incident.subjects_informed_reason},
                 context={"now": ctx.now()})
    if isinstance(form, Invalid):
        return form
    informed = form.values["subjects_informed"]
    columns = SUBJECTS_FORM.columns(form.values)
    columns["subjects_informed"] = INFORMED[informed]
    if informed == "yes":
        columns["art34_exception"] = None
    else:
        columns.update(subjects_informed_on=None, subjects_informed_method=None)
    return Change(_flag(form, columns), EventKind.SUBJECTS_RECORDED, {"informed": informed})


async def _register(ctx: Ctx, session: AsyncSession, incident: Incident,
                    data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """The diarienummer, once the case is registered in the records system."""
    form = _read(ctx, REGISTER_FORM, data)
    if isinstance(form, Invalid):
        return form
    number = form.values["diarienummer"]
    if number == incident.diarienummer:
        return Unchanged(t(ctx.lang, "handling.register_same"))
    return Change(_flag(form, REGISTER_FORM.columns(form.values)), EventKind.REGISTERED,
                  {"detail": number})


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
                  {"factor": factor, "value": value})


async def _close(ctx: Ctx, session: AsyncSession, incident: Incident,
                 data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """A breach is closed once decided (and a preliminary notification supplemented);
    a near miss, which is never notified, whenever the DSO is done with it."""
    if incident.decision is None and not incident.near_miss:
        return Invalid(t(ctx.lang, "handling.close_needs_decision"))
    if (incident.notification_phase == NotificationPhase.PRELIMINARY
            and incident.imy_supplement_at is None and incident.decision == Decision.NOTIFIED):
        return Invalid(t(ctx.lang, "handling.close_needs_supplement"))
    status = workflow.move(incident.status, Status.CLOSED)
    return Change({"status": status, "closed_at": ctx.now()}, EventKind.CLOSED,
                  audit={"status": status.value}, notify=_status_notice(incident, status))


async def _reopen(ctx: Ctx, session: AsyncSession, incident: Incident,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    """A closed case opened again, with the reason kept in its history."""
    if incident.status != Status.CLOSED:
        return Unchanged(t(ctx.lang, "handling.not_closed"))
    form = _read(ctx, REOPEN_FORM, data)
    if isinstance(form, Invalid):
        return form
    status = workflow.move(incident.status, Status.IN_REVIEW)
    return Change(_flag(form, {"status": status, "closed_at": None}), EventKind.REOPENED,
                  {"detail": form.values["reason"]}, audit={"status": status.value},
                  notify=_status_notice(incident, status))


def _reopening(act_: Act, audit_name: str) -> ActionHandler:
    """Like `_handler`, for the one action meant for a closed incident."""
    action = RecordAction(name=audit_name, record_type=INCIDENT, access=access(act_),
                          decide=_reopen, show=incident_view)

    async def handle(ctx: Ctx, data: dict[str, Any]) -> Answer:
        return await _run(ctx, action, data, REOPEN_FORM.id)

    return handle


ACTIONS: dict[str, ActionHandler] = {
    "incident.open": open_incident,
    CASE_FILE: case_file,
    SHOW: show_form,
    "incident.take": _handler(Act.TAKE, "incident.taken", _take),
    QUESTION_FORM.id: _handler(Act.ASK, "incident.question_asked", _ask, QUESTION_FORM),
    ADVICE_FORM.id: _handler(Act.ADVISE, "incident.advice_recorded", _advise, ADVICE_FORM),
    DECISION_FORM.id: _handler(Act.DECIDE, "incident.decision_recorded", _decide,
                               DECISION_FORM),
    SUPPLEMENT_FORM.id: _handler(Act.DECIDE, "incident.supplement_recorded", _supplement,
                                 SUPPLEMENT_FORM),
    SUBJECTS_FORM.id: _handler(Act.DECIDE, "incident.subjects_recorded", _subjects,
                               SUBJECTS_FORM),
    REGISTER_FORM.id: _handler(Act.REGISTER, "incident.registered", _register, REGISTER_FORM),
    MEASURES_FORM.id: _handler(Act.MEASURES, "incident.measures_recorded", _measures,
                               MEASURES_FORM),
    ADJUST_FORM.id: _handler(Act.ADJUST, "incident.severity_adjusted", _adjust, ADJUST_FORM),
    CLOSE_FORM.id: _handler(Act.CLOSE, "incident.closed", _close, CLOSE_FORM),
    REOPEN_FORM.id: _reopening(Act.REOPEN, "incident.reopened"),
    "incident.imy": imy_text,
}
