"""help, about, my cases, and the buttons that do what a typed command does."""

from __future__ import annotations

from typing import Any

from chat.ctx import Ctx
from chat.dialog_runner import drafts_of
from chat.directory import dso_contact
from chat.platform.cards.about import about_card
from chat.platform.cards.help import help_card
from chat.platform.cards.my_cases import my_cases_card
from chat.registry import CaseSummary
from chat.retention import schedule_of
from chat.turn import Answer


async def show_help(ctx: Ctx, rest: str) -> Answer:
    roles = set(ctx.who.all_roles)
    return Answer.card(help_card(ctx.lang, ctx.registry.visible_to(roles), roles,
                                 ctx.registry.contributions("start_actions")))


async def show_about(ctx: Ctx, rest: str) -> Answer:
    org = ctx.who.organisation
    dso_name, dso_email = await dso_contact(ctx.db, org.id) if org else (None, None)
    schedule = None
    if org is not None:
        async with ctx.db.session(readonly=True) as session:
            schedule = await schedule_of(session, org.id)
    return Answer.card(
        about_card(
            ctx.lang,
            organisation_name=org.name if org else None,
            dso_name=dso_name,
            dso_email=dso_email,
            schedule=schedule,
            purposes=ctx.registry.contributions("about_key"),
        )
    )


async def show_my_cases(ctx: Ctx, rest: str) -> Answer:
    cases: list[CaseSummary] = []
    for source in ctx.registry.contributions("my_cases"):
        cases += await source(ctx)
    drafts = await drafts_of(ctx) if ctx.who.is_personal else []
    return Answer.card(my_cases_card(ctx.lang, cases, drafts,
                                     ctx.registry.contributions("start_actions")))


async def command_button(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Buttons that do what typing a command does (welcome card, help card); `rest` is
    what would follow the command's word (e.g. "ofullständiga")."""
    from chat.router import run_command  # the router imports the platform

    rest = data.get("rest")
    return await run_command(ctx, str(data.get("command", "")),
                             str(rest)[:200] if isinstance(rest, str) else "")
