"""The DSO's forms on the incident card, each revealed by an Action.ShowCard.

Each form submits with Action.Execute carrying the incident and the revision
the card showed, so an answer from an out-of-date card changes nothing.
Inputs are pre-filled with what is recorded, so recording again corrects
rather than starts over; after a refused submission (e.g. "not notifiable"
without a justification) they are pre-filled with what the DSO had entered
(`draft`), so nothing typed is lost. Required fields are checked by Teams and again by the
handler (a justification for "not notifiable" depends on the choice, which a
card cannot express).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards import elements as el
from cards.incident_views import IncidentView
from cards.safe import plain
from compliance.severity import ALLOWED
from i18n import Lang, t

# What the DSO entered in a form that was refused, by input id.
Draft = Mapping[str, Any] | None

TEXT_LIMIT = 2000
# A recorded text is put back in its field only up to this length: four long
# texts pre-filled in full would push the card past Teams' size limit. A longer
# one leaves the field empty with a placeholder: empty means "keep the text".
PREFILL_LIMIT = 300


def _data(view: IncidentView) -> dict[str, Any]:
    return {"incident": view.id, "rev": view.revision}


def _form(lang: Lang, body: list[el.Element], title_key: str, action: str,
          view: IncidentView) -> el.Element:
    submit = el.action_execute(t(lang, title_key), action, _data(view), style="positive")
    return el.card(body, [submit], lang=lang)


def _help(value: str) -> el.Element:
    return el.text(value, trusted=True, isSubtle=True, size="Small")


def _long_text(lang: Lang, id: str, label_key: str, current: str | None,
               draft: Draft = None) -> el.Element:
    if draft and draft.get(id):
        current = str(draft[id])
    fits = current is not None and len(current) <= PREFILL_LIMIT
    keep = current is not None and not fits
    return el.input_text(id, label=t(lang, label_key), value=current if fits else None,
                         placeholder=t(lang, "dso.form.keep") if keep else None,
                         multiline=True, max_length=TEXT_LIMIT)


def _kept(draft: Draft, id: str, current: Any) -> Any:
    """What an input shows: the refused entry if there is one, else the record."""
    return draft[id] if draft and draft.get(id) not in (None, "") else current


def question_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    body = [
        el.input_text("question", label=t(lang, "dso.form.question"), multiline=True,
                      value=_kept(draft, "question", None),
                      max_length=1000, required=True,
                      error_message=t(lang, "dso.form.question_error")),
        _help(t(lang, "dso.form.question_help")),
    ]
    return _form(lang, body, "dso.action.send", "incident.ask", view)


def _subjects_value(view: IncidentView) -> str | None:
    if view.subjects_informed is None:
        return "not_yet" if view.decided else None
    return "yes" if view.subjects_informed else "no"


def decide_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    decisions = [(t(lang, f"dso.decision.{d}"), d) for d in ("notified", "not_notifiable")]
    subjects = [(t(lang, f"dso.decision.subjects_{v}"), v) for v in ("yes", "no", "not_yet")]
    body = [
        el.input_choice_set("decision", decisions, label=t(lang, "dso.form.decision"),
                            value=_kept(draft, "decision", view.decision), required=True,
                            error_message=t(lang, "dso.form.decision_error")),
        el.input_date("imy_date", label=t(lang, "dso.form.imy_date"),
                      value=_kept(draft, "imy_date", view.imy_notified_on.isoformat()
                                  if view.imy_notified_on else None)),
        el.input_text("imy_reference", label=t(lang, "dso.form.imy_reference"),
                      value=_kept(draft, "imy_reference", view.imy_reference), max_length=100),
        _long_text(lang, "justification", "dso.form.justification", view.justification, draft),
        el.input_choice_set("subjects_informed", subjects, label=t(lang, "dso.form.subjects"),
                            value=_kept(draft, "subjects_informed", _subjects_value(view))),
        _long_text(lang, "subjects_reason", "dso.form.subjects_reason",
                   view.subjects_informed_reason, draft),
    ]
    if view.submitted_late:
        body.append(_long_text(lang, "late_reason", "dso.form.late_reason", view.late_reason,
                               draft))
    return _form(lang, body, "dso.action.save", "incident.decide", view)


def measures_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    if view.measures or (draft and draft.get("measures")):
        field = _long_text(lang, "measures", "dso.form.measures", view.measures, draft)
    else:
        # Start from the reporter's account (a copy, so shortening it loses nothing).
        field = el.input_text("measures", label=t(lang, "dso.form.measures"),
                              value=plain(view.answers.get("measures") or "", PREFILL_LIMIT)
                              or None, multiline=True, max_length=TEXT_LIMIT)
    body = [field]
    return _form(lang, body, "dso.action.save", "incident.measures", view)


def adjust_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    factors = [(t(lang, f"incident.severity.factor.{key}"), key) for key in ALLOWED]
    body = [
        el.input_choice_set("factor", factors, label=t(lang, "dso.form.factor"),
                            style="compact", required=True, value=_kept(draft, "factor", None),
                            error_message=t(lang, "dso.form.factor_error")),
        # elements.input_number takes no error message; the validator wants one.
        {**el.input_number("value", label=t(lang, "dso.form.value"), min=0, max=4,
                           required=True), "errorMessage": t(lang, "dso.form.value_error")},
        _help(t(lang, "dso.form.value_help")),
        el.input_text("reason", label=t(lang, "dso.form.reason"), multiline=True,
                      value=_kept(draft, "reason", None),
                      max_length=1000, required=True,
                      error_message=t(lang, "dso.form.reason_error")),
    ]
    return _form(lang, body, "dso.action.save", "incident.adjust", view)
