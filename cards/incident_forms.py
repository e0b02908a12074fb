"""The DSO's forms on the incident card, each revealed by an Action.ShowCard.

Each form submits with Action.Execute carrying the incident and the revision
the card showed, so an answer from an out-of-date card changes nothing.
Inputs are pre-filled with what is recorded, so recording again corrects
rather than starts over. Required fields are checked by Teams and again by the
handler (a justification for "not notifiable" depends on the choice, which a
card cannot express).
"""

from __future__ import annotations

from typing import Any

from cards import elements as el
from cards.i18n import Lang, t
from cards.incident_views import IncidentView
from compliance.severity import ALLOWED

TEXT_LIMIT = 4000


def _data(view: IncidentView) -> dict[str, Any]:
    return {"incident": view.id, "rev": view.revision}


def _form(lang: Lang, body: list[el.Element], title_key: str, action: str,
          view: IncidentView) -> el.Element:
    submit = el.action_execute(t(lang, title_key), action, _data(view), style="positive")
    return el.card(body, [submit], lang=lang)


def _help(value: str) -> el.Element:
    return el.text(value, trusted=True, isSubtle=True, size="Small")


def question_form(lang: Lang, view: IncidentView) -> el.Element:
    body = [
        el.input_text("question", label=t(lang, "dso.form.question"), multiline=True,
                      max_length=1000, required=True,
                      error_message=t(lang, "dso.form.question_error")),
        _help(t(lang, "dso.form.question_help")),
    ]
    return _form(lang, body, "dso.action.send", "incident.ask", view)


def _subjects_value(view: IncidentView) -> str | None:
    if view.subjects_informed is None:
        return "not_yet" if view.decided else None
    return "yes" if view.subjects_informed else "no"


def decide_form(lang: Lang, view: IncidentView) -> el.Element:
    decisions = [(t(lang, f"dso.decision.{d}"), d) for d in ("notified", "not_notifiable")]
    subjects = [(t(lang, f"dso.decision.subjects_{v}"), v) for v in ("yes", "no", "not_yet")]
    body = [
        el.input_choice_set("decision", decisions, label=t(lang, "dso.form.decision"),
                            value=view.decision, required=True,
                            error_message=t(lang, "dso.form.decision_error")),
        el.input_date("imy_date", label=t(lang, "dso.form.imy_date"),
                      value=view.imy_notified_on.isoformat() if view.imy_notified_on else None),
        el.input_text("imy_reference", label=t(lang, "dso.form.imy_reference"),
                      value=view.imy_reference, max_length=100),
        el.input_text("justification", label=t(lang, "dso.form.justification"),
                      value=view.justification, multiline=True, max_length=TEXT_LIMIT),
        el.input_choice_set("subjects_informed", subjects, label=t(lang, "dso.form.subjects"),
                            value=_subjects_value(view)),
        el.input_text("subjects_reason", label=t(lang, "dso.form.subjects_reason"),
                      value=view.subjects_informed_reason, multiline=True,
                      max_length=TEXT_LIMIT),
    ]
    if view.submitted_late:
        body.append(el.input_text("late_reason", label=t(lang, "dso.form.late_reason"),
                                  value=view.late_reason, multiline=True,
                                  max_length=TEXT_LIMIT))
    return _form(lang, body, "dso.action.save", "incident.decide", view)


def measures_form(lang: Lang, view: IncidentView) -> el.Element:
    # Start from the reporter's account of what was done when nothing is recorded yet.
    current = view.measures or view.answers.get("measures")
    body = [el.input_text("measures", label=t(lang, "dso.form.measures"), value=current,
                          multiline=True, max_length=TEXT_LIMIT)]
    return _form(lang, body, "dso.action.save", "incident.measures", view)


def adjust_form(lang: Lang, view: IncidentView) -> el.Element:
    factors = [(t(lang, f"incident.severity.factor.{key}"), key) for key in ALLOWED]
    body = [
        el.input_choice_set("factor", factors, label=t(lang, "dso.form.factor"),
                            style="compact", required=True,
                            error_message=t(lang, "dso.form.factor_error")),
        # elements.input_number takes no error message; the validator wants one.
        {**el.input_number("value", label=t(lang, "dso.form.value"), min=0, max=4,
                           required=True), "errorMessage": t(lang, "dso.form.value_error")},
        _help(t(lang, "dso.form.value_help")),
        el.input_text("reason", label=t(lang, "dso.form.reason"), multiline=True,
                      max_length=1000, required=True,
                      error_message=t(lang, "dso.form.reason_error")),
    ]
    return _form(lang, body, "dso.action.save", "incident.adjust", view)
