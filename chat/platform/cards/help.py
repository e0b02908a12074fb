"""The help card: the commands this person may use, grouped by who they are for."""

from __future__ import annotations

from collections.abc import Sequence

from cards import elements as el
from cards.safe import inert
from chat.platform.cards.starts import start_buttons
from chat.registry import GROUPS, Command, StartAction
from i18n import Lang, t
from storage.roles import Role


def _usage(cmd: Command, lang: Lang) -> str:
    # Backticks keep "?" or an argument pattern from being read as markdown.
    usage = cmd.word(lang)
    if cmd.argument_key:
        usage = f"{usage} {t(lang, cmd.argument_key)}"
    return f"`{usage}`"


def help_card(lang: Lang, commands: Sequence[Command], roles: set[str],
              starts: Sequence[StartAction] = (), *,
              unknown_text: str | None = None) -> el.Element:
    """The `commands` this person may use (with their `roles`); with `unknown_text`,
    says first that it was not understood (quoting it when not empty: the caller
    passes a short masked excerpt, or "" where nothing may be repeated)."""
    body: list[el.Element] = []
    if unknown_text is not None:
        said = (t(lang, "help.unknown_command", text=inert(unknown_text, 60)) if unknown_text
                else t(lang, "help.unknown_plain"))
        body.append(el.text(said, trusted=True, weight="Bolder"))
    body += [el.heading(t(lang, "help.title")), el.text(t(lang, "help.intro"), trusted=True)]
    for group in GROUPS:
        in_group = [c for c in commands if c.group == group]
        if not in_group:
            continue
        body.append(el.heading(t(lang, f"help.group_{group}"), size="Medium", spacing="Medium"))
        body.append(
            el.facts(
                [(_usage(c, lang), t(lang, c.description_key)) for c in in_group],
                trusted_values=True,
            )
        )
    shown_roles = sorted(set(roles) - {Role.STAFF.value})
    if shown_roles:
        names = ", ".join(t(lang, f"common.roles.{r}") for r in shown_roles)
        body.append(el.text(t(lang, "help.your_roles", roles=names), trusted=True, isSubtle=True))
    body.append(el.text(t(lang, "help.group_chat_hint"), trusted=True, isSubtle=True, size="Small"))
    actions = [
        *start_buttons(lang, starts),
        el.action_submit(t(lang, "welcome.my_cases"), "command", {"command": "my_cases"}),
    ]
    return el.card(body, actions, lang=lang, fallback_text=t(lang, "help.title"))
