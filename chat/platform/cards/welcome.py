"""The greeting a person gets once, when the bot is installed or first meets them."""

from __future__ import annotations

from collections.abc import Sequence

from cards import elements as el
from cards.safe import inert
from chat.platform.cards.starts import start_buttons
from chat.registry import StartAction
from i18n import Lang, t


def welcome_card(
    lang: Lang, *, user_name: str | None, organisation_name: str | None, dso_name: str | None,
    offers: Sequence[str] = (), starts: Sequence[StartAction] = (), you_are_dso: bool = False,
) -> el.Element:
    """`offers`: what each installed capability lets people do (catalog keys);
    `you_are_dso`: the reader is a DSO there (told what is theirs, not their own name)."""
    # Names come from the directory or configuration: shown inert, never as markdown.
    title = (
        t(lang, "welcome.title", name=inert(user_name, 80))
        if user_name
        else t(lang, "welcome.title_anonymous")
    )
    body = [
        el.heading(title),
        el.text(
            t(lang, "welcome.intro", organisation=inert(organisation_name, 120))
            if organisation_name
            else t(lang, "welcome.intro_no_org"),
            trusted=True,
        ),
        *(el.text(t(lang, key), trusted=True) for key in offers),
    ]
    if you_are_dso:
        body.append(el.text(t(lang, "welcome.you_are_dso"), trusted=True))
    elif dso_name:
        body.append(el.text(t(lang, "welcome.dso", dso=inert(dso_name, 120)), trusted=True))
    body.append(el.text(t(lang, "welcome.privacy"), trusted=True, isSubtle=True, size="Small"))
    # Action.Submit, so the welcome stays in the chat and the answer comes below it.
    # What people can start is a row of its own in the body: Teams shows at most six
    # actions in one set, and every capability may bring one.
    if starts:
        body.append(el.action_set(start_buttons(lang, starts), spacing="Medium"))
    actions = [
        el.action_submit(t(lang, "welcome.my_cases"), "command", {"command": "my_cases"}),
        el.action_submit(t(lang, "welcome.help"), "command", {"command": "help"}),
        el.action_submit(t(lang, "welcome.about"), "command", {"command": "about"}),
    ]
    return el.card(body, actions, lang=lang, fallback_text=title)
