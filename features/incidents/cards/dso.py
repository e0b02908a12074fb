"""The DSO's incident card: the alert on submit and the detail card afterwards.

It is updated in place after every action, so it always shows the current
state, never a snapshot. Every action carries the incident's revision (`rev`):
the handler refuses an action from an out-of-date card and answers with the
current one (with `notice` saying so), so two DSOs cannot overwrite each other.
The severity is shown as advice; the decision is the controller's, recorded
with who made it. What the card offers is what the viewer may do
(`IncidentView.may`); the server checks it again on every action.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cards import elements as el
from cards.safe import inert
from compliance import pii
from compliance.deadlines import format_span
from compliance.localtime import format_datetime
from features.incidents.cards.correction import START
from features.incidents.cards.decision import decision_section
from features.incidents.cards.forms import form_button
from features.incidents.flow import (
    ADJUST_FORM,
    FLOW,
    MEASURES_FORM,
    QUESTION_FORM,
    REGISTER_FORM,
)
from features.incidents.rules.severity import Suggestion
from features.incidents.views import (
    CorrectionView,
    IncidentView,
    answer_text,
    aware_text,
    format_decimal,
)
from i18n import Lang, t

# Shown text is cut so that even a report of very long answers stays far
# below Teams' message size limit.
FACT_LIMIT = 150
TEXT_LIMIT = 400
QUESTION_LIMIT = 200
SUMMARY_LIMIT = 600
MAX_SUMMARY = 40
MAX_QUESTIONS = 3
MAX_EVENTS = 6
MAX_CORRECTIONS = 3
KEY_FACTS = ("event", "breach_type", "data_categories", "data_other", "subject_categories",
             "subjects_other", "people_count", "records_count", "encryption", "recipients",
             "retrieval", "ongoing", "ceased_at", "system", "processor_name", "unit")


def incident_data(view: IncidentView, **extra: Any) -> dict[str, Any]:
    """Action data: which incident, and the revision the card showed."""
    return {"incident": view.id, "rev": view.revision, **extra}


def _subtle(value: str, **props: Any) -> el.Element:
    return el.text(value, trusted=True, isSubtle=True, size="Small", **props)


def _user(value: Any, limit: int) -> str:
    """User text for a card: masked once more, inert, bounded."""
    return inert(pii.mask(str(value)), limit)


def _who(lang: Lang, name: str | None) -> str:
    return _user(name, 60) if name else t(lang, "dso.history.someone")


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
        (t(lang, "dso.owner"), _who(lang, view.owner_name) if view.owner_name
         else t(lang, "dso.no_owner")),
        (t(lang, "dso.reported_by"), _who(lang, view.reporter_name)),
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
        span = format_span(view.time_left, lang)
        color = "Attention" if view.urgent else "Default"
        items += [
            el.text(t(lang, "dso.clock.title"), trusted=True, weight="Bolder"),
            el.text(t(lang, key, span=span), trusted=True, size="Large", weight="Bolder",
                    color=color),
            el.text(t(lang, "dso.clock.deadline", when=deadline), trusted=True),
        ]
        style = "attention" if view.urgent else "emphasis"
    if view.aware_at is None:
        items.append(_subtle(t(lang, "dso.clock.aware_unknown")))
    elif view.aware_date_only:
        items.append(_subtle(t(lang, "dso.clock.aware_day_only")))
    if view.submitted_late:
        items.append(el.text(t(lang, "dso.clock.late"), trusted=True, color="Attention",
                             weight="Bolder"))
    return el.container(items, style=style, spacing="Medium")


def _key_facts(lang: Lang, view: IncidentView) -> list[el.Element]:
    pairs = []
    for step_id in KEY_FACTS:
        shown = answer_text(view.answers, step_id, lang)
        if shown:
            pairs.append((t(lang, f"incident.q.{step_id}"), inert(shown, FACT_LIMIT)))
    body = [el.text(t(lang, "dso.key_facts"), trusted=True, weight="Bolder", separator=True,
                    spacing="Medium"),
            el.facts(pairs, trusted_values=True)]
    if view.pii_flag:
        body.append(el.text(t(lang, "dso.pii_flag"), trusted=True, color="Warning",
                            size="Small"))
    if view.corrections:
        body.append(_subtle(t(lang, "dso.correction.count", count=len(view.corrections))))
    return body


def _correct_action(lang: Lang, view: IncidentView) -> list[el.Element]:
    if "correct" not in view.may or view.closed:
        return []
    return [el.action_execute(t(lang, "dso.action.correct"), START, incident_data(view))]


def _correction_line(lang: Lang, c: CorrectionView) -> str:
    question = t(lang, FLOW.step(c.step_id).question_key) if FLOW.has_step(c.step_id) else ""
    before = answer_text({c.step_id: c.old}, c.step_id, lang) or t(lang, "dso.not_given")
    after = answer_text({c.step_id: c.new}, c.step_id, lang) or t(lang, "dso.not_given")
    return t(lang, "dso.correction.line", question=inert(question, 80),
             before=inert(before, 80), after=inert(after, 80), when=format_datetime(c.at),
             who=_who(lang, c.by), reason=_user(c.reason, 150))


def _corrections(lang: Lang, view: IncidentView) -> list[el.Element]:
    """Every corrected answer with what the report first said: the facts' history."""
    if not view.corrections:
        return []
    shown = sorted(view.corrections, key=lambda c: c.at)[-MAX_CORRECTIONS:]
    body = [el.text(t(lang, "dso.correction.section"), trusted=True, weight="Bolder",
                    separator=True, spacing="Medium"),
            el.text("\n\n".join(_correction_line(lang, c) for c in shown), trusted=True,
                    size="Small")]
    if len(view.corrections) > len(shown):
        body.append(_subtle(t(lang, "dso.correction.more", shown=len(shown),
                              total=len(view.corrections))))
    return body


def full_report_card(lang: Lang, view: IncidentView) -> dict:
    """Every question of the report with its answer (as corrected), on a card of its
    own so the incident card stays small; Back returns to the incident."""
    pairs = [(_user(label, 120), _user(value, SUMMARY_LIMIT))
             for label, value in view.summary[:MAX_SUMMARY]]
    title = t(lang, "dso.full_report_title", reference=inert(view.reference, 40))
    body = [el.heading(title, size="Medium"),
            el.facts(pairs, trusted_titles=True, trusted_values=True),
            _subtle(t(lang, "dso.truncated"))]
    back = el.action_execute(t(lang, "common.back"), "incident.open", {"incident": view.id})
    return el.card(body, [back], lang=lang, fallback_text=title)


def _factor_line(lang: Lang, factor: Any) -> str:
    reasons = " ".join(t(lang, f"incident.severity.reason.{code}") for code in factor.reasons)
    line = f"**{format_decimal(factor.value, lang)}** · {reasons}"
    if factor.adjusted:
        line += " " + t(lang, "dso.severity.adjusted",
                        computed=format_decimal(factor.computed, lang),
                        reason=_user(factor.adjustment_reason, 150))
    return line


def _severity(lang: Lang, view: IncidentView, editable: bool) -> list[el.Element]:
    a = view.assessment
    band = t(lang, f"incident.severity.band.{a.band}")
    suggestion = t(lang, f"incident.severity.suggestion.{a.suggestion}")
    why = " ".join(t(lang, f"incident.severity.why.{code}") for code in a.suggestion_reasons)
    edpb = "\n".join(f"- {t(lang, f'incident.edpb.{f.code}', **dict(f.params))}"
                     for f in a.edpb)
    style = "good" if a.suggestion in (Suggestion.NOT_NOTIFIABLE, Suggestion.NEAR_MISS) \
        else "attention"
    body: list[el.Element] = [
        el.text(t(lang, "dso.severity.title"), trusted=True, weight="Bolder", separator=True,
                spacing="Medium"),
        el.container([
            el.text(t(lang, "dso.severity.suggestion", suggestion=suggestion), trusted=True,
                    weight="Bolder"),
            el.text(why, trusted=True),
        ], style=style),
        el.text(t(lang, "incident.severity.score", score=format_decimal(a.score, lang),
                  band=band), trusted=True),
        _subtle(t(lang, "dso.severity.formula", dpc=format_decimal(a.dpc, lang),
                  ei=format_decimal(a.ei, lang), cb=format_decimal(a.cb, lang))),
        el.facts([(t(lang, f"incident.severity.factor.{f.key}"), _factor_line(lang, f))
                  for f in a.factors], trusted_values=True),
        el.text(t(lang, "dso.severity.edpb"), trusted=True, weight="Bolder"),
        el.text(edpb, trusted=True),
        _subtle(t(lang, "dso.severity.decision_is_yours")),
    ]
    if editable and "adjust" in view.may:
        body.append(el.action_set([form_button(lang, view, ADJUST_FORM.id)]))
    return body


def _measures(lang: Lang, view: IncidentView, editable: bool) -> list[el.Element]:
    body = [el.text(t(lang, "dso.measures.title"), trusted=True, weight="Bolder",
                    separator=True, spacing="Medium"),
            el.text(_user(view.measures, TEXT_LIMIT), trusted=True) if view.measures
            else _subtle(t(lang, "dso.measures.none"))]
    if editable and "measures" in view.may:
        body.append(el.action_set([form_button(lang, view, MEASURES_FORM.id)]))
    return body


def _questions(lang: Lang, view: IncidentView) -> list[el.Element]:
    if not view.questions:
        return []
    shown = sorted(view.questions, key=lambda q: q.asked_at)[-MAX_QUESTIONS:]
    body = [el.text(t(lang, "dso.questions.title"), trusted=True, weight="Bolder",
                    separator=True, spacing="Medium")]
    if len(view.questions) > len(shown):
        body.append(_subtle(t(lang, "dso.questions.more", shown=len(shown),
                              total=len(view.questions))))
    for q in shown:
        items = [_subtle(t(lang, "dso.questions.asked", when=format_datetime(q.asked_at),
                           who=_who(lang, q.asked_by))),
                 el.text(_user(q.question, QUESTION_LIMIT), trusted=True)]
        if q.answer is not None:
            when = format_datetime(q.answered_at) if q.answered_at else ""
            items += [_subtle(t(lang, "dso.questions.answer", when=when)),
                      el.text(_user(q.answer, QUESTION_LIMIT), trusted=True)]
        else:
            items.append(_subtle(t(lang, "dso.questions.no_answer"), color="Warning"))
        body.append(el.container(items, style="emphasis"))
    return body


def _history(lang: Lang, events: Sequence[Any]) -> list[el.Element]:
    if not events:
        return []
    shown = sorted(events, key=lambda e: e.at)[-MAX_EVENTS:]
    lines = []
    for e in shown:
        what = t(lang, f"dso.event.{e.kind}", who=_who(lang, e.actor_name))
        if e.detail:
            what += f": {_user(e.detail, 60)}"
        lines.append(t(lang, "dso.history.line", when=format_datetime(e.at), what=what))
    body = [el.text(t(lang, "dso.history.title"), trusted=True, weight="Bolder",
                    separator=True, spacing="Medium"),
            el.text("\n\n".join(lines), trusted=True, size="Small")]
    if len(events) > len(shown):
        body.append(_subtle(t(lang, "dso.history.more", shown=len(shown), total=len(events))))
    return body


def _actions(lang: Lang, view: IncidentView) -> list[el.Element]:
    may = view.may
    actions = []
    if not view.closed and "take" in may and view.owner_name is None:
        actions.append(el.action_execute(t(lang, "dso.action.take"), "incident.take",
                                         incident_data(view), style="positive"))
    if not view.closed and "ask" in may:
        actions.append(form_button(lang, view, QUESTION_FORM.id))
    actions += _correct_action(lang, view)
    if "imy_text" in may:
        actions.append(el.action_execute(t(lang, "dso.action.imy"), "incident.imy",
                                         incident_data(view)))
    if not view.closed and "close" in may and (view.decided or view.near_miss):
        actions.append(el.action_execute(t(lang, "dso.action.close"), "incident.close",
                                         incident_data(view)))
    return actions


def dso_incident_card(lang: Lang, view: IncidentView, *, notice: str | None = None) -> dict:
    """The DSO's card for one incident, in its current state; `notice` says what just
    happened (e.g. a stale card)."""
    editable = not view.closed
    body = [
        *_header(lang, view, notice),
        *register_action(lang, view),
        _clock(lang, view),
        *_key_facts(lang, view),
        el.action_set([el.action_execute(t(lang, "dso.full_report"), "incident.report",
                                         {"incident": view.id})]),
        *_severity(lang, view, editable),
        *decision_section(lang, view),
        *_measures(lang, view, editable),
        *_corrections(lang, view),
        *_questions(lang, view),
        *_history(lang, view.events),
    ]
    title = t(lang, "dso.title", reference=view.reference)
    return el.card(body, _actions(lang, view), lang=lang, fallback_text=title)
