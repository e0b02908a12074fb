"""Where a message or a card action goes: a command, the active dialog, or help."""

from __future__ import annotations

import logging
from typing import Any

from bot.actions import ACTIONS, COMMANDS
from bot.commands.organisation import ask_organisation
from bot.context import Ctx
from bot.turn import Answer
from cards import command_catalog
from cards.help import help_card
from i18n import t

log = logging.getLogger(__name__)

# Commands that work before the person's organisation is known.
WITHOUT_ORGANISATION = frozenset({"help", "about"})
# Card actions that may be used in group chats and channels (they re-check the command).
SHARED_ACTIONS = frozenset({"command"})


async def route_text(ctx: Ctx, text: str) -> Answer:
    found = command_catalog.match(text)
    if found is not None:
        cmd, rest = found
        return await run_command(ctx, cmd.name, rest)
    if ctx.who.is_personal:
        from bot import dialog_runner  # dialogs only exist in the 1:1 chat

        answer = await dialog_runner.answer_typed(ctx, text)
        if answer is not None:
            return answer
    return Answer.card(help_card(ctx.lang, set(ctx.who.all_roles), unknown_text=text))


async def run_command(ctx: Ctx, name: str, rest: str) -> Answer:
    cmd = command_catalog.BY_NAME.get(name)
    handler = COMMANDS.get(name)
    if cmd is None:
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    if not ctx.who.is_personal and not set(cmd.manifest_scopes) & set(command_catalog.SHARED):
        # Anything that may show or ask for personal data stays in the 1:1 chat.
        return Answer.text(t(ctx.lang, "bot.private_only", command=cmd.word(ctx.lang)))
    if not cmd.allowed_for(ctx.who.all_roles):
        return Answer.text(t(ctx.lang, "bot.not_allowed"))
    if ctx.who.organisation is None and name not in WITHOUT_ORGANISATION:
        return await ask_organisation(ctx)
    if handler is None:
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    return await handler(ctx, rest)


async def route_action(ctx: Ctx, data: dict[str, Any]) -> Answer:
    name = data.get("action")
    handler = ACTIONS.get(name) if isinstance(name, str) else None
    if handler is None:
        log.info("card action %r is not known", name)
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    if not ctx.who.is_personal and name not in SHARED_ACTIONS:
        return Answer.text(t(ctx.lang, "bot.private_only_action"))
    if ctx.who.organisation is None and name not in {"org.choose", "command"}:
        return await ask_organisation(ctx)
    return await handler(ctx, data)
