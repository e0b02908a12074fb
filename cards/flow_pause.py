"""When a person starts a dialog while another is unfinished: continue it, or pause it."""

from __future__ import annotations

from cards import elements as el
from cards.gallery import register
from dialogs.model import Kind
from dialogs.views import Phase, QuestionView, View
from i18n import Lang, t


def busy_card(lang: Lang, current: View, *, new_flow: str) -> el.Element:
    where = ""
    if current.question is not None:
        where = t(lang, "dialog.progress", position=current.question.position,
                  total=current.question.total)
    body = [
        el.heading(t(lang, "bot.flow_busy_title")),
        el.text(t(lang, "bot.flow_busy_intro", flow=t(lang, current.title_key)), trusted=True),
    ]
    if where:
        body.append(el.text(where, trusted=True, isSubtle=True))
    actions = [
        el.action_submit(t(lang, "bot.flow_continue"), "flow.resume", style="positive"),
        el.action_submit(t(lang, "bot.flow_pause_and_start"), "flow.pause_and_start",
                         {"flow": new_flow}),
    ]
    return el.card(body, actions, lang=lang, fallback_text=t(lang, "bot.flow_busy_title"))


@register("flow_busy")
def _sample(lang: Lang) -> el.Element:
    question = QuestionView(
        step_id="description", question_key="incident.q.description", help_key=None,
        kind=Kind.LONG_TEXT, required=True,
        choices=(), value=None, value_text=None, allow_unknown=False, max_length=2000,
        position=2, total=18, can_back=True,
    )
    view = View(phase=Phase.ASKING, flow_id="incident", title_key="incident.title",
                instance="0" * 32, rev=3, lang=lang, question=question)
    return busy_card(lang, view, new_flow="incident")
