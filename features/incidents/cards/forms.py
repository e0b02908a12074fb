"""The forms on an incident, each shown on its own card when asked for.

The incident card offers a button per form; pressing it replaces the card with
that form (the case's reference and clock on top), so the incident card stays
small and each form has the room it needs. The forms are declared once in
`features.incidents.flow`; here they get what is recorded (so recording again
corrects rather than starts over) and, after a refused submission, what the
person had entered (`draft`) with the reason (`notice`), so nothing typed is
lost. Each submits with Action.Execute carrying the incident and the revision
the card showed, so an answer from an out-of-date card changes nothing;
Cancel goes back to the incident card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cards import elements as el
from cards.forms import PREFILL_LIMIT, form_inputs
from cards.safe import inert, plain
from compliance.deadlines import format_span
from compliance.localtime import format_datetime
from dialogs.model import Form
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
from features.incidents.rules.workflow import Decision, NotificationPhase
from features.incidents.views import IncidentView
from i18n import Lang, t

# What the person entered in a form that was refused, by input id.
Draft = Mapping[str, Any] | None
SHOW = "incident.form"  # the action asking for a form, data {"incident", "rev", "form"}


def _subjects_value(view: IncidentView) -> str | None:
    if view.subjects_informed is None:
        return "not_yet" if view.decided else None
    return "yes" if view.subjects_informed else "no"


def _decision_values(view: IncidentView) -> dict[str, Any]:
    return {
        "decision": view.decision, "decided_by": view.decided_by,
        "decided_capacity": view.decided_capacity, "own_assessment": view.own_assessment,
        "justification": view.justification, "imy_notified_at": view.imy_notified_at,
        "notification_phase": view.notification_phase or (
            NotificationPhase.COMPLETE if view.decision == Decision.NOTIFIED else None),
        "imy_reference": view.imy_reference, "late_reason": view.late_reason,
    }


def _decision_omit(view: IncidentView) -> frozenset[str]:
    # The reasons for a delay are asked for whenever a notification is, or would now
    # be, later than 72 hours after awareness (Art. 33(1)).
    owed = view.delay_to_explain or view.late_reason
    return frozenset() if owed else frozenset({"late_reason"})


def _measures_values(view: IncidentView) -> dict[str, Any]:
    # Until measures are recorded, start from the reporter's account (a copy, so
    # shortening it loses nothing).
    return {"measures": view.measures
            or plain(view.answers.get("measures") or "", PREFILL_LIMIT) or None}


@dataclass(frozen=True)
class IncidentForm:
    form: Form
    title_key: str
    act: str  # the `access.Act` that may use it
    values: Callable[[IncidentView], dict[str, Any]] = lambda view: {}
    omit: Callable[[IncidentView], frozenset[str]] = lambda view: frozenset()
    intro_key: str | None = None  # a sentence above the inputs (e.g. what closing means)


FORMS: dict[str, IncidentForm] = {f.form.id: f for f in (
    IncidentForm(QUESTION_FORM, "dso.action.ask", "ask"),
    IncidentForm(ADVICE_FORM, "dso.action.advise", "advise", lambda v: {
        "dso_advice": v.dso_advice, "dso_advice_note": v.dso_advice_note}),
    IncidentForm(DECISION_FORM, "dso.action.decide", "decide", _decision_values,
                 _decision_omit),
    IncidentForm(SUPPLEMENT_FORM, "dso.action.supplement", "decide", lambda v: {
        "imy_supplement_at": v.imy_supplement_at}),
    IncidentForm(SUBJECTS_FORM, "dso.action.subjects", "decide", lambda v: {
        "subjects_informed": _subjects_value(v), "subjects_informed_on": v.subjects_informed_on,
        "subjects_informed_method": v.subjects_informed_method,
        "art34_exception": v.art34_exception, "subjects_reason": v.subjects_informed_reason}),
    IncidentForm(REGISTER_FORM, "dso.action.register", "register", lambda v: {
        "diarienummer": v.diarienummer}),
    IncidentForm(MEASURES_FORM, "dso.action.measures", "measures", _measures_values),
    IncidentForm(ADJUST_FORM, "dso.action.adjust", "adjust"),
    IncidentForm(CLOSE_FORM, "dso.action.close", "close", intro_key="dso.form.close_intro"),
    IncidentForm(REOPEN_FORM, "dso.action.reopen", "reopen",
                 intro_key="dso.form.reopen_intro"),
)}


def form_button(lang: Lang, view: IncidentView, form_id: str,
                title_key: str | None = None) -> el.Element:
    """The button that shows one form in place of the incident card."""
    spec = FORMS[form_id]
    return el.action_execute(t(lang, title_key or spec.title_key), SHOW,
                             {"incident": view.id, "rev": view.revision, "form": form_id})


def _context(lang: Lang, view: IncidentView) -> list[el.Element]:
    """What the person filling in a form should have in front of them."""
    pairs = [(t(lang, "dso.status_label"), t(lang, f"dso.status.{view.status}"))]
    if not view.near_miss:
        deadline = t(lang, "dso.clock.deadline", when=format_datetime(view.deadline))
        if not view.decided:
            key = "dso.clock.overdue" if view.overdue else "dso.clock.left"
            deadline += " · " + t(lang, key, span=format_span(view.time_left, lang))
        pairs.append((t(lang, "dso.clock.title"), deadline))
        suggestion = t(lang, f"incident.severity.suggestion.{view.assessment.suggestion}")
        pairs.append((t(lang, "dso.severity.title"), suggestion))
    if view.dso_advice:
        pairs.append((t(lang, "dso.advice.title"), t(lang, f"dso.advice.{view.dso_advice}")))
    return [el.facts(pairs, trusted_values=True)]


def form_for(lang: Lang, view: IncidentView, form_id: str, *, notice: str | None = None,
             draft: Draft = None) -> el.Element:
    """One form of an incident as its own card."""
    spec = FORMS[form_id]
    title = t(lang, "dso.form_title", form=t(lang, spec.title_key),
              reference=inert(view.reference, 40))
    body: list[el.Element] = [el.heading(title, size="Medium"), *_context(lang, view)]
    if spec.intro_key:
        body.append(el.text(t(lang, spec.intro_key), trusted=True))
    if notice:
        body.append(el.container([el.text(inert(notice, 400), trusted=True, weight="Bolder")],
                                 style="warning"))
    body += form_inputs(lang, spec.form, values=spec.values(view), draft=draft,
                        omit=spec.omit(view))
    data = {"incident": view.id, "rev": view.revision}
    actions = [
        el.action_execute(t(lang, spec.form.submit_key), spec.form.id, data, style="positive"),
        el.action_execute(t(lang, "common.cancel"), "incident.open", {"incident": view.id}),
    ]
    return el.card(body, actions, lang=lang, fallback_text=title)
