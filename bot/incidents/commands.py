"""Chat commands about incidents: report one, list them, show one, the IMY text."""

from __future__ import annotations

import re

from bot.actions import command
from bot.context import Ctx
from bot.dialog_runner import start_flow
from bot.incidents.access import audit, dso_first
from bot.incidents.dso_actions import card_answer, imy_card
from bot.incidents.records import OPEN_STATUSES, list_item
from bot.turn import Answer
from cards.incident_list import incident_list_card
from i18n import t
from storage.repos import IncidentRepository, PeopleRepository

REFERENCE = re.compile(r"\b(PUI-\d{4}-\d{4,})\b", re.IGNORECASE)


@command("report_incident")
async def report_incident(ctx: Ctx, rest: str) -> Answer:
    return await start_flow(ctx, "incident")


@command("incidents")
async def list_incidents(ctx: Ctx, rest: str) -> Answer:
    now = ctx.now()
    async with ctx.db.session(readonly=True) as session:
        incidents = IncidentRepository(session)
        rows = [
            row
            for organisation_id in dso_first(ctx)
            for row in await incidents.for_organisation(organisation_id, OPEN_STATUSES)
        ]
        people = PeopleRepository(session)
        items = []
        for row in rows:
            owner = await people.get(row.owner_person_id) if row.owner_person_id else None
            items.append(list_item(row, owner.display_name if owner else None, now))
    await audit(ctx, "incident.list_viewed", None, count=len(items))
    return Answer.card(incident_list_card(ctx.lang, items))


@command("incident")
async def show_incident(ctx: Ctx, rest: str) -> Answer:
    found = REFERENCE.search(rest)
    if found is None:
        return Answer.text(t(ctx.lang, "handling.no_incidents_access"))
    incident = None
    async with ctx.db.session(readonly=True) as session:
        # References are per organisation; the DSO's own organisation is tried first.
        for organisation_id in dso_first(ctx):
            incident = await IncidentRepository(session).by_reference(
                organisation_id, found.group(1)
            )
            if incident is not None:
                break
    if incident is None:
        await audit(ctx, "incident.refused.unknown", found.group(1).upper())
        return Answer.text(t(ctx.lang, "handling.not_found"))
    if rest[found.end():].strip().lower() == "imy":
        return Answer.card(await imy_card(ctx, incident))
    await audit(ctx, "incident.viewed", incident)
    answer = await card_answer(ctx, incident)
    assert answer.replace_card is not None
    return Answer.card(answer.replace_card)
