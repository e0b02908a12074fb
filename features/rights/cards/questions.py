"""A question about rights on its way to the DSO and back: the DSO's card (with the
answer form while it is open), and the asker's (the question, then the answer)."""

from __future__ import annotations

from typing import Any

from cards import elements as el
from cards.forms import form_inputs
from cards.safe import inert
from compliance.localtime import format_datetime
from features.rights.forms import DSO_ANSWER_FORM
from features.rights.views import QuestionView
from i18n import Lang, t


def _hint(lang: Lang, view: QuestionView) -> list[el.Element]:
    if not view.topic_hint:
        return []
    return [el.text(t(lang, "rights.question.hint",
                      topic=t(lang, f"rights.topic.{view.topic_hint}.title")),
                    trusted=True, isSubtle=True, size="Small")]


def dso_question_card(lang: Lang, view: QuestionView, *, notice: str | None = None,
                      draft: dict[str, Any] | None = None) -> dict:
    heading = t(lang, "rights.question.dso_title", asker=inert(view.asker, 120) or "?")
    body: list[el.Element] = [el.heading(heading, size="Medium"),
                              el.text(format_datetime(view.asked_at), isSubtle=True,
                                      size="Small", spacing="None"),
                              el.text(inert(view.question, 2000), trusted=True), *_hint(lang, view)]
    if notice:
        body.append(el.container([el.text(notice, trusted=True, weight="Bolder")],
                                 style="emphasis"))
    if view.status == "answered":
        body += _answer(lang, view)
        return el.card(body, lang=lang, fallback_text=heading)
    body += form_inputs(lang, DSO_ANSWER_FORM, draft=draft)
    send = el.action_execute(t(lang, DSO_ANSWER_FORM.submit_key), DSO_ANSWER_FORM.id,
                             {"rights_question": view.id, "rev": view.revision},
                             style="positive")
    return el.card(body, [send], lang=lang, fallback_text=heading)


def _answer(lang: Lang, view: QuestionView) -> list[el.Element]:
    return [el.text(t(lang, "rights.question.answer_by", who=inert(view.answered_by, 120)
                      or "?", when=format_datetime(view.answered_at)
                      if view.answered_at else ""),
                    trusted=True, weight="Bolder", separator=True, spacing="Medium"),
            el.text(inert(view.answer, 4000), trusted=True)]


def asker_card(lang: Lang, view: QuestionView, *, notice: str | None = None) -> dict:
    """The asker's view: their question, and the DSO's answer once there is one."""
    heading = t(lang, "rights.question.asker_title" if view.status == "answered"
                else "rights.question.sent_title")
    body: list[el.Element] = [el.heading(heading, size="Medium")]
    if notice:
        body.append(el.text(notice, trusted=True, weight="Bolder"))
    body += [el.text(t(lang, "rights.question.yours"), trusted=True, isSubtle=True,
                     size="Small"),
             el.text(inert(view.question, 2000), trusted=True)]
    if view.status == "answered":
        body += _answer(lang, view)
    return el.card(body, lang=lang, fallback_text=heading)
