"""The one question asked of a person whose organisation is not configured."""

from __future__ import annotations

from typing import Any

from cards.safe import inert
from chat.ctx import Ctx
from chat.directory import choose_organisation, list_organisations
from chat.platform.cards.organisation import FIELD, choose_organisation_card
from chat.turn import Answer
from i18n import t
from storage.repos import AuditRepository


async def ask_organisation(ctx: Ctx, *, error: bool = False) -> Answer:
    organisations = await list_organisations(ctx.db)
    if not organisations:
        return Answer.text(t(ctx.lang, "bot.no_organisation"))
    choices = [(o.id, o.name) for o in organisations]
    return Answer.card(choose_organisation_card(ctx.lang, choices, error=error))


async def organisation_chosen(ctx: Ctx, data: dict[str, Any]) -> Answer:
    if ctx.who.organisation is not None:
        return Answer.text(t(ctx.lang, "bot.organisation_already"))
    try:
        organisation_id = int(str(data.get(FIELD, "")).strip())
    except ValueError:
        return await ask_organisation(ctx, error=True)
    if not await choose_organisation(ctx.db, ctx.who.person_id, organisation_id):
        return await ask_organisation(ctx, error=True)
    chosen = next(o for o in await list_organisations(ctx.db) if o.id == organisation_id)
    async with ctx.db.session() as session:
        await AuditRepository(session).record(
            organisation_id=organisation_id,  # ctx.who has none yet: this turn chose it
            actor_person_id=ctx.who.person_id,
            action="person.organisation_chosen",
            record_type="person",
            record_id=ctx.who.person_id,
        )
    return Answer.text(t(ctx.lang, "bot.organisation_chosen", organisation=inert(chosen.name)))
