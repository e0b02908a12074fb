"""Where a message or a card action goes: a command, the active dialog, or help.

What people write is never repeated into a group chat or channel: a message
there that looks like a capability's private business (personal data, or a
flow's topic words) is answered by moving to the 1:1 chat, without quoting it.
In the 1:1 chat a message that was not understood is quoted only as a short,
masked excerpt.
"""

from __future__ import annotations

import logging
from typing import Any

from chat import dialog_runner
from chat.ctx import Ctx
from chat.platform import smalltalk
from chat.platform.cards.help import help_card
from chat.platform.cards.private_offer import private_offer_card
from chat.platform.organisation import ask_organisation
from chat.registry import StartAction
from chat.turn import Answer, Upload
from compliance import pii
from dialogs.parsing import normalise
from i18n import t

EXCERPT = 40  # characters of a not-understood message quoted back in the 1:1 chat

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
    friendly = smalltalk.reply(ctx, text)
    if friendly is not None:
        return friendly
    if not ctx.who.is_personal:
        return await _in_a_group(ctx, text)
    for offer in ctx.registry.contributions("free_text"):
        if ctx.who.organisation is not None and (answer := await offer(ctx, text)):
            return answer
    return _not_understood(ctx, pii.mask(text, ctx.lang)[:EXCERPT])


async def route_upload(ctx: Ctx, upload: Upload) -> Answer:
    """A file sent in the 1:1 chat: the first capability that takes it answers."""
    if ctx.who.organisation is not None:
        for take in ctx.registry.contributions("uploads"):
            answer = await take(ctx, upload)
            if answer is not None:
                return answer
    upload.path.unlink(missing_ok=True)  # nobody wanted it: nothing of it is kept
    return Answer.text(t(ctx.lang, "bot.upload_not_taken"))


def _not_understood(ctx: Ctx, excerpt: str | None) -> Answer:
    roles = set(ctx.who.all_roles)
    return Answer.card(help_card(ctx.lang, ctx.registry.visible_to(roles), roles,
                                 ctx.registry.contributions("start_actions"),
                                 unknown_text=excerpt))


def _private_business(text: str, starts: list[StartAction]) -> list[StartAction]:
    """The flows a group message looks like it belongs to; all of them if it holds
    personal data (then it is private whatever it is about)."""
    words = f" {normalise(text)} "
    matching = [s for s in starts if any(f" {normalise(w)}" in words for w in s.topic)]
    return matching or (list(starts) if pii.find(text) else [])


async def _in_a_group(ctx: Ctx, text: str) -> Answer:
    """Nothing the person wrote goes back to the group; private business moves to 1:1."""
    starts = _private_business(text, ctx.registry.contributions("start_actions"))
    if not starts:
        return _not_understood(ctx, "")
    if ctx.who.person_id is not None:
        async with ctx.db.session() as session:
            await ctx.notify(session, ctx.who.person_id, private_offer_card(ctx.lang, starts),
                             kind="chat.private_offer")
    return Answer.text(t(ctx.lang, "bot.moved_private"))


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
