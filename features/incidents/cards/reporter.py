"""What the person who reported an incident sees: the confirmation, the DSO's
questions (answered in place), and status changes in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards import elements as el
from cards.forms import form_inputs
from cards.safe import inert
from features.incidents.cards.correction import START
from features.incidents.flow import FLOW, REPLY_FORM
from features.incidents.views import answer_text
from i18n import Lang, t

QUESTION_LIMIT = 1500


def _ref(reference: str) -> str:
    return inert(reference, 40)


def _correct_action(lang: Lang, incident_id: str, revision: int) -> el.Element:
    """The reporter may correct their report until a DSO takes it."""
    return el.action_execute(t(lang, "dso.reporter.correct"), START,
                             {"incident": incident_id, "rev": revision})


def reporter_confirmation_card(lang: Lang, *, reference: str, dso_name: str | None,
                               submitted_late: bool, incident_id: str, revision: int,
                               near_miss: bool = False, dso_reached: bool = True
                               ) -> el.Element:
    """The receipt; `dso_reached` False when the alert reached no DSO: then it says
    what is true (the case waits in their list; we keep trying), not "they assess it"."""
    next_dso = (t(lang, "dso.reporter.next_dso", name=inert(dso_name, 80)) if dso_name
                else t(lang, "dso.reporter.next_dso_unnamed"))
    if near_miss:
        next_dso = t(lang, "dso.reporter.next_near_miss")
    if not dso_reached:
        next_dso = t(lang, "dso.reporter.next_unreached")
    steps = [next_dso, t(lang, "dso.reporter.next_questions"), t(lang, "dso.reporter.next_status")]
    body = [
        el.heading(t(lang, "dso.reporter.thanks")),
        el.text(t(lang, "dso.reporter.reference", reference=f"**{_ref(reference)}**"),
                trusted=True, size="Medium"),
        el.text(t(lang, "dso.reporter.next_title"), trusted=True, weight="Bolder"),
        el.text("\n".join(f"- {s}" for s in steps), trusted=True),
    ]
    if submitted_late:
        body.append(el.text(t(lang, "dso.reporter.late"), trusted=True, weight="Bolder"))
    body += [
        el.container([el.text(t(lang, "dso.reporter.no_forward"), trusted=True)],
                     style="warning"),
        el.text(t(lang, "dso.reporter.follow"), trusted=True, isSubtle=True),
        el.text(t(lang, "dso.reporter.correct_until"), trusted=True, isSubtle=True,
                size="Small"),
    ]
    return el.card(body, [_correct_action(lang, incident_id, revision)], lang=lang,
                   fallback_text=t(lang, "dso.reporter.thanks"))


def reporter_corrected_card(lang: Lang, *, reference: str, incident_id: str, revision: int,
                            answers: Mapping[str, Any], corrected: str | None,
                            notice: str | None = None) -> el.Element:
    """After a correction (or leaving one): what now stands, and another correction."""
    title = t(lang, "dso.reporter.corrected_title", reference=_ref(reference))
    body: list[el.Element] = [el.heading(title, size="Medium")]
    if notice:
        body.append(el.text(inert(notice, 400), trusted=True, color="Attention",
                            weight="Bolder"))
    if corrected and FLOW.has_step(corrected):
        shown = answer_text(answers, corrected, lang) or t(lang, "dso.not_given")
        body += [
            el.facts([(t(lang, FLOW.step(corrected).question_key), inert(shown, 300))],
                     trusted_values=True),
            el.text(t(lang, "dso.reporter.corrected_saved"), trusted=True, weight="Bolder"),
        ]
    body.append(el.text(t(lang, "dso.reporter.follow"), trusted=True, isSubtle=True))
    return el.card(body, [_correct_action(lang, incident_id, revision)], lang=lang,
                   fallback_text=title)


def reporter_question_card(lang: Lang, *, reference: str, incident_id: str, question_id: str,
                           asked_by: str | None, question: str, notice: str | None = None,
                           draft: Mapping[str, Any] | None = None) -> el.Element:
    """The DSO's question with a form to answer it; after a refused answer, `notice`
    says why and `draft` keeps what was written."""
    who = (t(lang, "dso.reporter.question_from", who=inert(asked_by, 80)) if asked_by
           else t(lang, "dso.reporter.question_from_unnamed"))
    title = t(lang, "dso.reporter.question_title", reference=_ref(reference))
    body = [
        el.heading(title, size="Medium"),
        el.text(who, trusted=True, isSubtle=True),
        el.container([el.text(inert(question, QUESTION_LIMIT), trusted=True)], style="emphasis"),
        *([el.text(inert(notice, 400), trusted=True, color="Attention", weight="Bolder")]
          if notice else []),
        *form_inputs(lang, REPLY_FORM, draft=draft),
    ]
    send = el.action_execute(t(lang, REPLY_FORM.submit_key), REPLY_FORM.id,
                             {"incident": incident_id, "question": question_id},
                             style="positive")
    return el.card(body, [send], lang=lang, fallback_text=title)


def reporter_answered_card(lang: Lang, *, reference: str, question: str,
                           answer: str) -> el.Element:
    """Replaces the question card once answered: read-only, nothing to send twice."""
    title = t(lang, "dso.reporter.answered_title", reference=_ref(reference))
    body = [
        el.heading(title, size="Medium"),
        el.facts([(t(lang, "dso.reporter.answered_question"), inert(question, QUESTION_LIMIT)),
                  (t(lang, "dso.reporter.answered_answer"), inert(answer, QUESTION_LIMIT))],
                 trusted_values=True),
        el.text(t(lang, "dso.reporter.answered_thanks"), trusted=True, weight="Bolder"),
    ]
    return el.card(body, lang=lang, fallback_text=title)


def reporter_status_card(lang: Lang, *, reference: str, status: str) -> el.Element:
    title = t(lang, "dso.reporter.status_title", reference=_ref(reference))
    body = [
        el.heading(title, size="Medium"),
        el.text(t(lang, "dso.reporter.status_now",
                  status=t(lang, f"incident.case_status.{status}")),
                trusted=True, weight="Bolder"),
        el.text(t(lang, f"dso.reporter.status.{status}"), trusted=True),
        el.text(t(lang, "dso.reporter.follow"), trusted=True, isSubtle=True),
    ]
    return el.card(body, lang=lang, fallback_text=title)
