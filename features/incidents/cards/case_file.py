"""The whole case ("Hela ärendet"): every answer of the report in full, the
corrections, the assessment with its factors, advice and decision, the people
affected, measures, every question and the whole history.

It is as long as the case is, so it is cut into pages that each stay well
below Teams' message size; the buttons page through and lead back to the
incident card. Nothing is shortened except what a page cannot hold.
"""

from __future__ import annotations

import json
from typing import Any

from cards import elements as el
from cards.safe import inert
from compliance.localtime import format_datetime
from features.incidents.cards.decision import decision_section
from features.incidents.cards.forms import form_button
from features.incidents.cards.parts import (
    correction_line,
    factor_line,
    history_line,
    section,
    subtle,
    user_text,
    who,
)
from features.incidents.flow import ADJUST_FORM, MEASURES_FORM
from features.incidents.rules.severity import Suggestion
from features.incidents.views import IncidentView, format_decimal
from i18n import Lang, t

PAGE_BYTES = 18 * 1024  # what one page may hold, far below Teams' limit with its envelope
ANSWER_LIMIT = 4000  # no answer of the report is longer (the flow's own limit is 2,000)
SHOW = "incident.case_file"  # data {"incident", "page"}


def _report(lang: Lang, view: IncidentView) -> list[el.Element]:
    body: list[el.Element] = [section(lang, "dso.case.report")]
    for label, value in view.summary:
        body += [el.text(user_text(label, 300), trusted=True, weight="Bolder", spacing="Small"),
                 el.text(user_text(value, ANSWER_LIMIT), trusted=True, spacing="None")]
    if view.pii_flag:
        body.append(el.text(t(lang, "dso.pii_flag"), trusted=True, weight="Bolder",
                            size="Small"))
    return body


def _corrections(lang: Lang, view: IncidentView) -> list[el.Element]:
    if not view.corrections:
        return []
    ordered = sorted(view.corrections, key=lambda c: c.at)
    return [section(lang, "dso.correction.section"),
            *(el.text(correction_line(lang, c, limit=ANSWER_LIMIT), trusted=True, size="Small")
              for c in ordered)]


def _assessment(lang: Lang, view: IncidentView) -> list[el.Element]:
    a = view.assessment
    edpb = "\n".join(f"- {t(lang, f'incident.edpb.{f.code}', **dict(f.params))}"
                     for f in a.edpb)
    good = a.suggestion in (Suggestion.NOT_NOTIFIABLE, Suggestion.NEAR_MISS)
    body: list[el.Element] = [
        section(lang, "dso.severity.title"),
        el.container([el.text(t(lang, "dso.severity.suggestion", suggestion=t(
            lang, f"incident.severity.suggestion.{a.suggestion}")), trusted=True,
            weight="Bolder"),
            el.text(" ".join(t(lang, f"incident.severity.why.{c}") for c in a.suggestion_reasons),
                    trusted=True)], style="emphasis" if good else "attention"),
        el.text(t(lang, "incident.severity.score", score=format_decimal(a.score, lang),
                  band=t(lang, f"incident.severity.band.{a.band}")), trusted=True),
        subtle(t(lang, "dso.severity.formula", dpc=format_decimal(a.dpc, lang),
                 ei=format_decimal(a.ei, lang), cb=format_decimal(a.cb, lang))),
        el.facts([(t(lang, f"incident.severity.factor.{f.key}"), factor_line(lang, f))
                  for f in a.factors], trusted_values=True),
        el.text(t(lang, "dso.severity.edpb"), trusted=True, weight="Bolder"),
        el.text(edpb, trusted=True),
        subtle(t(lang, "dso.severity.decision_is_yours")),
    ]
    if not view.closed and "adjust" in view.may:
        body.append(el.action_set([form_button(lang, view, ADJUST_FORM.id)]))
    return body


def _measures(lang: Lang, view: IncidentView) -> list[el.Element]:
    body = [section(lang, "dso.measures.title"),
            el.text(user_text(view.measures, ANSWER_LIMIT), trusted=True) if view.measures
            else subtle(t(lang, "dso.measures.none"))]
    if not view.closed and "measures" in view.may:
        body.append(el.action_set([form_button(lang, view, MEASURES_FORM.id)]))
    return body


def _questions(lang: Lang, view: IncidentView) -> list[el.Element]:
    if not view.questions:
        return []
    body: list[el.Element] = [section(lang, "dso.questions.title")]
    for q in sorted(view.questions, key=lambda q: q.asked_at):
        items = [subtle(t(lang, "dso.questions.asked", when=format_datetime(q.asked_at),
                          who=who(lang, q.asked_by))),
                 el.text(user_text(q.question, ANSWER_LIMIT), trusted=True)]
        if q.answer is not None:
            when = format_datetime(q.answered_at) if q.answered_at else ""
            items += [subtle(t(lang, "dso.questions.answer", when=when)),
                      el.text(user_text(q.answer, ANSWER_LIMIT), trusted=True)]
        else:
            items.append(subtle(t(lang, "dso.questions.no_answer"), weight="Bolder"))
        body.append(el.container(items, style="emphasis"))
    return body


def _history(lang: Lang, view: IncidentView) -> list[el.Element]:
    ordered = sorted(view.events, key=lambda e: e.at)
    return [section(lang, "dso.history.title"),
            *(el.text(history_line(lang, e), trusted=True, size="Small", spacing="Small")
              for e in ordered)]


def _size(elements: list[el.Element]) -> int:
    return len(json.dumps(elements, ensure_ascii=False).encode())


def _pages(elements: list[el.Element]) -> list[list[el.Element]]:
    pages: list[list[el.Element]] = [[]]
    for element in elements:
        if pages[-1] and _size([*pages[-1], element]) > PAGE_BYTES:
            pages.append([])
        pages[-1].append(element)
    return pages


def case_file_card(lang: Lang, view: IncidentView, page: int = 1) -> dict[str, Any]:
    """One page of the whole case (pages count from 1; a page past the end shows the last)."""
    everything = [*_report(lang, view), *_corrections(lang, view), *_assessment(lang, view),
                  *decision_section(lang, view), *_measures(lang, view),
                  *_questions(lang, view), *_history(lang, view)]
    pages = _pages(everything)
    page = min(max(page, 1), len(pages))
    title = t(lang, "dso.case.title", reference=inert(view.reference, 40))
    head = [el.heading(title, size="Medium")]
    if len(pages) > 1:
        head.append(subtle(t(lang, "dso.case.page", page=page, pages=len(pages))))
    actions = []
    if page > 1:
        actions.append(el.action_execute(t(lang, "dso.case.previous"), SHOW,
                                         {"incident": view.id, "page": page - 1}))
    if page < len(pages):
        actions.append(el.action_execute(t(lang, "dso.case.next"), SHOW,
                                         {"incident": view.id, "page": page + 1},
                                         style="positive"))
    actions.append(el.action_execute(t(lang, "dso.case.back"), "incident.open",
                                     {"incident": view.id}))
    return el.card([*head, *pages[page - 1]], actions, lang=lang, fallback_text=title)
