"""When a person starts a dialog while another is unfinished: continue it, or pause it."""

from __future__ import annotations

from cards import elements as el
from dialogs.views import View
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
