"""help, about, my cases: what every person can ask."""

from __future__ import annotations

from typing import Any

from bot.actions import action, command
from bot.context import Ctx
from bot.dialog_runner import drafts_of
from bot.directory import dso_contact
from bot.incidents.records import title_of
from bot.turn import Answer
from cards.about import about_card
from cards.help import help_card
from cards.my_cases import CaseSummary, my_cases_card
from storage.repos import IncidentRepository


@command("help")
async def show_help(ctx: Ctx, rest: str) -> Answer:
    return Answer.card(help_card(ctx.lang, set(ctx.who.all_roles)))


@command("about")
async def show_about(ctx: Ctx, rest: str) -> Answer:
    org = ctx.who.organisation
    dso_name, dso_email = await dso_contact(ctx.db, org.id) if org else (None, None)
    return Answer.card(
        about_card(
            ctx.lang,
            organisation_name=org.name if org else None,
            dso_name=dso_name,
            dso_email=dso_email,
        )
    )


@command("my_cases")
async def show_my_cases(ctx: Ctx, rest: str) -> Answer:
    async with ctx.db.session(readonly=True) as session:
        incidents = await IncidentRepository(session).for_reporter(ctx.who.person_id)
    cases = [
        CaseSummary(
            reference=i.reference,
            title=title_of(i.answers),
            status=i.status,
            submitted_at=i.submitted_at or i.created_at,
        )
        for i in incidents
    ]
    drafts = await drafts_of(ctx) if ctx.who.is_personal else []
    return Answer.card(my_cases_card(ctx.lang, cases, drafts))


@action("command")
async def command_button(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Buttons that do what typing a command does (welcome card, help card)."""
    from bot.router import run_command  # the router imports this module

    return await run_command(ctx, str(data.get("command", "")), "")
