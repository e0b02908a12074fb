"""What the person who reported an incident sees: the confirmation, the DSO's
questions (answered in place), and status changes in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards import elements as el
from cards.forms import form_inputs
from cards.safe import inert
from features.incidents.flow import REPLY_FORM
from i18n import Lang, t

QUESTION_LIMIT = 1500


def _ref(reference: str) -> str:
    return inert(reference, 40)


def reporter_confirmation_card(lang: Lang, *, reference: str, dso_name: str | None,
                               submitted_late: bool) -> el.Element:
    next_dso = (t(lang, "dso.reporter.next_dso", name=inert(dso_name, 80)) if dso_name
                else t(lang, "dso.reporter.next_dso_unnamed"))
    steps = [next_dso, t(lang, "dso.reporter.next_questions"), t(lang, "dso.reporter.next_status")]
    body = [
        el.heading(t(lang, "dso.reporter.thanks")),
        el.text(t(lang, "dso.reporter.reference", reference=f"**{_ref(reference)}**"),
                trusted=True, size="Medium"),
        el.text(t(lang, "dso.reporter.next_title"), trusted=True, weight="Bolder"),
        el.text("\n".join(f"- {s}" for s in steps), trusted=True),
    ]
    if submitted_late:
        body.append(el.text(t(lang, "dso.reporter.late"), trusted=True, color="Warning"))
    body += [
        el.container([el.text(t(lang, "dso.reporter.no_forward"), trusted=True)],
                     style="warning"),
        el.text(t(lang, "dso.reporter.follow"), trusted=True, isSubtle=True),
    ]
    return el.card(body, lang=lang, fallback_text=t(lang, "dso.reporter.thanks"))


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
        el.text(t(lang, "dso.reporter.answered_thanks"), trusted=True, color="Good"),
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
