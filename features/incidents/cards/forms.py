"""The DSO's forms on the incident card, each revealed by an Action.ShowCard.

The forms are declared once in `features.incidents.flow`; here they get what
is recorded (so recording again corrects rather than starts over) and, after a
refused submission, what the DSO had entered (`draft`), so nothing typed is
lost. Each submits with Action.Execute carrying the incident and the revision
the card showed, so an answer from an out-of-date card changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards import elements as el
from cards.forms import PREFILL_LIMIT, form_card
from cards.safe import plain
from features.incidents.flow import ADJUST_FORM, DECISION_FORM, MEASURES_FORM, QUESTION_FORM
from features.incidents.views import IncidentView
from i18n import Lang

# What the DSO entered in a form that was refused, by input id.
Draft = Mapping[str, Any] | None


def _data(view: IncidentView) -> dict[str, Any]:
    return {"incident": view.id, "rev": view.revision}


def question_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    return form_card(lang, QUESTION_FORM, _data(view), draft=draft)


def _subjects_value(view: IncidentView) -> str | None:
    if view.subjects_informed is None:
        return "not_yet" if view.decided else None
    return "yes" if view.subjects_informed else "no"


def decide_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    recorded = {
        "decision": view.decision, "imy_date": view.imy_notified_on,
        "imy_reference": view.imy_reference, "justification": view.justification,
        "subjects_informed": _subjects_value(view),
        "subjects_reason": view.subjects_informed_reason, "late_reason": view.late_reason,
    }
    # Reasons for a late report are asked for when the report itself came late.
    omit = frozenset() if view.submitted_late else frozenset({"late_reason"})
    return form_card(lang, DECISION_FORM, _data(view), values=recorded, draft=draft, omit=omit)


def measures_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    # Until the DSO records measures, start from the reporter's account (a copy,
    # so shortening it loses nothing).
    measures = view.measures or plain(view.answers.get("measures") or "", PREFILL_LIMIT) or None
    return form_card(lang, MEASURES_FORM, _data(view), values={"measures": measures},
                     draft=draft)


def adjust_form(lang: Lang, view: IncidentView, draft: Draft = None) -> el.Element:
    return form_card(lang, ADJUST_FORM, _data(view), draft=draft)
