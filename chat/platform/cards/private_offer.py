"""Sent to the 1:1 chat when someone mentioned the bot in a group about something
private: what to do here instead, and the buttons to start it."""

from __future__ import annotations

from collections.abc import Sequence

from cards import elements as el
from chat.platform.cards.starts import start_buttons
from chat.registry import StartAction
from i18n import Lang, t


def private_offer_card(lang: Lang, starts: Sequence[StartAction]) -> el.Element:
    body = [el.heading(t(lang, "bot.private_offer_title"), size="Medium"),
            el.text(t(lang, "bot.private_offer_intro"), trusted=True)]
    return el.card(body, start_buttons(lang, starts), lang=lang,
                   fallback_text=t(lang, "bot.private_offer_title"))
