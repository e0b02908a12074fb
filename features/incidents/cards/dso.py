"""The incident card: the alert on submit and the card afterwards, kept short.

What the DSO needs first is at the top: the case, the clock and the buttons,
then the key facts, the advice in a line, where the decision stands and the
latest events. Everything else (every answer in full, the factors, every
question, the whole history) is in the case file (`cards.case_file`), and each
form opens on a card of its own (`cards.forms`), so nothing sits far down a
tall card.

It is updated in place after every action, so it always shows the current
state. Every action carries the incident's revision (`rev`): the handler
refuses an action from an out-of-date card and answers with the current one.
What the card offers is what the viewer may do (`IncidentView.may`); the
server checks it again on every action.
"""

from __future__ import annotations

from cards import elements as el
from cards.safe import inert
from compliance.deadlines import format_span
from compliance.localtime import format_date, format_datetime
from features.incidents.cards.case_file import SHOW as CASE_FILE
from features.incidents.cards.correction import START
from features.incidents.cards.forms import form_button
from features.incidents.cards.parts import (
    history_line,
    incident_data,
    section,
    subtle,
    user_text,
    who,
)
from features.incidents.flow import (
    ADVICE_FORM,
    CLOSE_FORM,
    DECISION_FORM,
    QUESTION_FORM,
    REGISTER_FORM,
    REOPEN_FORM,
    SUBJECTS_FORM,
    SUPPLEMENT_FORM,
)
from features.incidents.rules.severity import Suggestion
from features.incidents.rules.workflow import NotificationPhase
from features.incidents.views import IncidentView, answer_text, aware_text, format_decimal
from i18n import Lang, t

FACT_LIMIT = 120
# The facts a DSO looks at first, under short labels (`dso.fact.<step>`).
KEY_FACTS = ("breach_type", "data_categories", "subject_categories", "people_count",
             "recipients", "encryption", "ongoing", "unit")
LATEST_EVENTS = 2
ROW = 4  # buttons in a row


def _header(lang: Lang, view: IncidentView, notice: str | None) -> list[el.Element]:
    body: list[el.Element] = []
    if notice:
        body.append(el.container([el.text(inert(notice, 300), trusted=True, weight="Bolder")],
                                 style="warning"))
    title = "dso.title_near_miss" if view.near_miss else "dso.title"
    body.append(el.heading(t(lang, title, reference=inert(view.reference, 40))))
    pairs = [
        (t(lang, "dso.status_label"), t(lang, f"dso.status.{view.status}")),
        (t(lang, "dso.diarienummer"), inert(view.diarienummer, 64) if view.diarienummer
         else t(lang, "dso.not_registered")),
        (t(lang, "dso.owner"), who(lang, view.owner_name) if view.owner_name
         else t(lang, "dso.no_owner")),
        (t(lang, "dso.reported_by"), who(lang, view.reporter_name)),
        (t(lang, "dso.submitted_at"), format_datetime(view.submitted_at)),
    ]
    if view.aware_at:
        pairs.append((t(lang, "dso.aware_at"), aware_text(view, lang)))
    body.append(el.facts(pairs, trusted_values=True))
    return body


def register_action(lang: Lang, view: IncidentView) -> list[el.Element]:
    """The registrar's (or DSO's) form for the diarienummer, while the case is open."""
    if "register" not in view.may or view.closed:
        return []
    label = "dso.action.register_again" if view.diarienummer else "dso.action.register"
    return [el.action_set([form_button(lang, view, REGISTER_FORM.id, label)])]


def _clock(lang: Lang, view: IncidentView) -> el.Element:
    if view.near_miss:
        return el.container([el.text(t(lang, "dso.clock.near_miss"), trusted=True)],
                            style="emphasis", spacing="Medium")
    deadline = format_datetime(view.deadline)
    items: list[el.Element] = []
    if view.decided or view.closed:
        items.append(el.text(t(lang, "dso.clock.decided", when=deadline), trusted=True))
        style = "emphasis"
    else:
        key = "dso.clock.overdue" if view.overdue else "dso.clock.left"
        color = "Attention" if view.urgent else "Default"
        items += [
            el.text(t(lang, "dso.clock.title"), trusted=True, weight="Bolder", size="Small"),
            el.text(t(lang, key, span=format_span(view.time_left, lang)), trusted=True,
                    size="Large", weight="Bolder", color=color, spacing="None"),
            el.text(t(lang, "dso.clock.deadline", when=deadline), trusted=True,
                    spacing="None"),
        ]
        style = "attention" if view.urgent else "emphasis"
    if view.aware_at is None:
        items.append(subtle(t(lang, "dso.clock.aware_unknown")))
    elif view.aware_date_only:
        items.append(subtle(t(lang, "dso.clock.aware_day_only")))
    if view.submitted_late:
        items.append(el.text(t(lang, "dso.clock.late"), trusted=True, color="Attention",
                             weight="Bolder"))
    return el.container(items, style=style, spacing="Medium")


def _primary(lang: Lang, view: IncidentView) -> list[el.Element]:
    """The buttons the case needs now, right under the clock."""
    may, open_ = view.may, not view.closed
    first: list[el.Element] = []
    if open_ and "take" in may and view.owner_name is None:
        first.append(el.action_execute(t(lang, "dso.action.take"), "incident.take",
                                       incident_data(view), style="positive"))
    if open_ and "decide" in may:
        first.append(form_button(lang, view, DECISION_FORM.id))
    if open_ and "ask" in may:
        first.append(form_button(lang, view, QUESTION_FORM.id))
    if view.scope == "full":
        first.append(el.action_execute(t(lang, "dso.action.case_file"), CASE_FILE,
                                       {"incident": view.id, "page": 1}))
    second: list[el.Element] = []
    if open_ and "advise" in may:
        second.append(form_button(lang, view, ADVICE_FORM.id))
    if open_ and "correct" in may:
        second.append(el.action_execute(t(lang, "dso.action.correct"), START,
                                        incident_data(view)))
    if open_ and "decide" in may:
        if view.notification_phase == NotificationPhase.PRELIMINARY:
            second.append(form_button(lang, view, SUPPLEMENT_FORM.id))
        second.append(form_button(lang, view, SUBJECTS_FORM.id))
    if open_ and "register" in may:
        label = "dso.action.register_again" if view.diarienummer else "dso.action.register"
        second.append(form_button(lang, view, REGISTER_FORM.id, label))
    if "imy_text" in may:
        second.append(el.action_execute(t(lang, "dso.action.imy"), "incident.imy",
                                        incident_data(view)))
    if open_ and "close" in may and (view.decided or view.near_miss):
        second.append(form_button(lang, view, CLOSE_FORM.id))
    if not open_ and "reopen" in may:
        second.append(form_button(lang, view, REOPEN_FORM.id))
    # Teams shows at most six buttons in a row; four read better.
    rows = [first[i:i + ROW] for i in range(0, len(first), ROW)]
    rows += [second[i:i + ROW] for i in range(0, len(second), ROW)]
    return [el.action_set(row) for row in rows]


def _key_facts(lang: Lang, view: IncidentView) -> list[el.Element]:
    pairs = []
    for step_id in KEY_FACTS:
        shown = answer_text(view.answers, step_id, lang)
        if shown:
            pairs.append((t(lang, f"dso.fact.{step_id}"), inert(shown, FACT_LIMIT)))
    body = [section(lang, "dso.key_facts"), el.facts(pairs, trusted_values=True)]
    if view.pii_flag:
        body.append(el.text(t(lang, "dso.pii_flag"), trusted=True, weight="Bolder",
                            size="Small"))
    if view.corrections:
        body.append(subtle(t(lang, "dso.correction.count", count=len(view.corrections))))
    return body


def _advice(lang: Lang, view: IncidentView) -> list[el.Element]:
    a = view.assessment
    good = a.suggestion in (Suggestion.NOT_NOTIFIABLE, Suggestion.NEAR_MISS)
    why = " ".join(t(lang, f"incident.severity.why.{code}") for code in a.suggestion_reasons)
    return [el.container([
        el.text(t(lang, "dso.severity.suggestion",
                  suggestion=t(lang, f"incident.severity.suggestion.{a.suggestion}")),
                trusted=True, weight="Bolder"),
        el.text(why, trusted=True, size="Small"),
        subtle(t(lang, "incident.severity.score", score=format_decimal(a.score, lang),
                 band=t(lang, f"incident.severity.band.{a.band}"))
               + " · " + t(lang, "dso.severity.decision_is_yours")),
    ], style="emphasis" if good else "attention", spacing="Medium")]


def _standing(lang: Lang, view: IncidentView) -> list[el.Element]:
    """Where advice and decision stand, in a line each."""
    if view.near_miss:
        return []
    lines = [t(lang, "dso.advice.title") + ": " + (
        t(lang, f"dso.advice.{view.dso_advice}") if view.dso_advice
        else t(lang, "dso.standing.no_advice"))]
    if view.decided:
        decided = t(lang, f"dso.decision.{view.decision}")
        if view.imy_notified_at:
            decided += " " + format_datetime(view.imy_notified_at)
        lines.append(t(lang, "dso.decision.title") + ": " + decided)
    else:
        lines.append(t(lang, "dso.decision.title") + ": " + t(lang, "dso.decision.none"))
    body: list[el.Element] = [el.text("\n\n".join(lines), trusted=True, size="Small")]
    due = view.supplement_due
    if due is not None:
        body.append(el.text(t(lang, "dso.decision.supplement_due", when=format_date(due)),
                            trusted=True, weight="Bolder",
                            color="Attention" if due < view.now else "Default"))
    return body


QUESTION_LIMIT = 300


def _latest_question(lang: Lang, view: IncidentView) -> list[el.Element]:
    """The latest question to the reporter and its answer, if any (all are in the case)."""
    if not view.questions:
        return []
    q = sorted(view.questions, key=lambda q: q.asked_at)[-1]
    items = [subtle(t(lang, "dso.questions.asked", when=format_datetime(q.asked_at),
                      who=who(lang, q.asked_by))),
             el.text(user_text(q.question, QUESTION_LIMIT), trusted=True)]
    if q.answer is not None:
        when = format_datetime(q.answered_at) if q.answered_at else ""
        items += [subtle(t(lang, "dso.questions.answer", when=when)),
                  el.text(user_text(q.answer, QUESTION_LIMIT), trusted=True)]
    else:
        items.append(subtle(t(lang, "dso.questions.no_answer"), weight="Bolder"))
    return [section(lang, "dso.questions.latest"), el.container(items, style="emphasis")]


def _latest(lang: Lang, view: IncidentView) -> list[el.Element]:
    if not view.events:
        return []
    latest = sorted(view.events, key=lambda e: e.at)[-LATEST_EVENTS:]
    lines = [history_line(lang, e) for e in latest]
    failed = [e for e in view.events if e.kind == "alerted" and not e.params.get("delivered")]
    body: list[el.Element] = []
    if failed:
        body.append(el.text(t(lang, "dso.alert_failed"), trusted=True, color="Attention",
                            size="Small"))
    body += [el.text("\n\n".join(lines), trusted=True, size="Small", separator=True,
                     spacing="Medium")]
    return body


def dso_incident_card(lang: Lang, view: IncidentView, *, notice: str | None = None) -> dict:
    """The card for one incident, in its current state; `notice` says what just
    happened (e.g. a stale card)."""
    body = [
        *_header(lang, view, notice),
        _clock(lang, view),
        *_primary(lang, view),
        *_key_facts(lang, view),
        *_advice(lang, view),
        *_standing(lang, view),
        *_latest_question(lang, view),
        *_latest(lang, view),
    ]
    title = t(lang, "dso.title", reference=view.reference)
    return el.card(body, lang=lang, fallback_text=title)


