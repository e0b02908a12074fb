"""Where a message or a card action goes: a command, the active dialog, or help."""

from __future__ import annotations

import logging
from typing import Any

from chat import dialog_runner
from chat.ctx import Ctx
from chat.platform.cards.help import help_card
from chat.platform.organisation import ask_organisation
from chat.turn import Answer
from i18n import t

log = logging.getLogger(__name__)


async def route_text(ctx: Ctx, text: str) -> Answer:
    found = ctx.registry.match(text)
    if found is not None:
        cmd, rest = found
        return await run_command(ctx, cmd.name, rest)
    if ctx.who.is_personal:  # dialogs only exist in the 1:1 chat
        answer = await dialog_runner.answer_typed(ctx, text)
        if answer is not None:
            return answer
    roles = set(ctx.who.all_roles)
    return Answer.card(help_card(ctx.lang, ctx.registry.visible_to(roles), roles,
                                 ctx.registry.contributions("start_actions"), unknown_text=text))


async def run_command(ctx: Ctx, name: str, rest: str) -> Answer:
    cmd = ctx.registry.command(name)
    if cmd is None:
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    if not ctx.who.is_personal and not cmd.shared:
        # Anything that may show or ask for personal data stays in the 1:1 chat.
        return Answer.text(t(ctx.lang, "bot.private_only", command=cmd.word(ctx.lang)))
    if not cmd.allowed_for(ctx.who.all_roles):
        return Answer.text(t(ctx.lang, "bot.not_allowed"))
    if ctx.who.organisation is None and not cmd.without_organisation:
        return await ask_organisation(ctx)
    return await cmd.handler(ctx, rest)


async def route_action(ctx: Ctx, data: dict[str, Any]) -> Answer:
    name = data.get("action")
    handler = ctx.registry.action(name) if isinstance(name, str) else None
    if handler is None:
        log.info("a card action is not known")
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    if not ctx.who.is_personal and name not in ctx.registry.shared_actions:
        return Answer.text(t(ctx.lang, "bot.private_only_action"))
    if ctx.who.organisation is None and name not in ctx.registry.actions_without_organisation:
        return await ask_organisation(ctx)
    return await handler(ctx, data)
