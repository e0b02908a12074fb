"""Chat commands about incidents: report one, list them, show one, the IMY text."""

from __future__ import annotations

import re

from chat.ctx import Ctx
from chat.dialog_runner import start_flow
from chat.turn import Answer
from features.incidents.access import Act, access, seat_in
from features.incidents.cards.incident import incident_card
from features.incidents.flow import FLOW
from features.incidents.handlers import listing
from features.incidents.handlers.imy import imy_card
from features.incidents.records import load_view
from features.incidents.repo import IncidentRepository
from i18n import t

REFERENCE = re.compile(r"\b(PUI-\d{4}-\d{4,})\b", re.IGNORECASE)


async def report_incident(ctx: Ctx, rest: str) -> Answer:
    return await start_flow(ctx, FLOW.id)


async def list_incidents(ctx: Ctx, rest: str) -> Answer:
    """The DSO's incidents, filtered and paged (`features.incidents.handlers.listing`)."""
    return await listing.list_incidents(ctx, rest)


async def show_incident(ctx: Ctx, rest: str) -> Answer:
    found = REFERENCE.search(rest)
    if found is None:
        return Answer.text(t(ctx.lang, "handling.no_incidents_access"))
    reference = found.group(1).upper()
    with_imy = rest[found.end():].strip().lower() == "imy"
    wanted = Act.IMY_TEXT if with_imy else Act.VIEW
    async with ctx.db.session() as session:
        # References are per organisation; the person's own organisation comes first.
        incident = await IncidentRepository(session).by_reference_in(
            access(wanted).organisations(ctx), reference)
        if incident is None:
            await ctx.audit(session, "incident.refused.unknown", "incident", reference)
            return Answer.text(t(ctx.lang, "handling.not_found_lookup"))
        seat = await seat_in(session, ctx.who, incident)
        if not seat.may(wanted):
            await ctx.audit(session, f"incident.refused.not_{wanted}", "incident", incident.id,
                            organisation_id=incident.organisation_id)
            return Answer.text(t(ctx.lang, "handling.not_found_lookup"))
        await ctx.audit(session, "incident.imy_text_viewed" if with_imy else "incident.viewed",
                        "incident", incident.id, organisation_id=incident.organisation_id)
        view = await load_view(session, incident, "sv" if with_imy else ctx.lang, ctx.now(),
                               seat)
    if with_imy:
        return Answer.card(await imy_card(ctx, incident, view))
    return Answer.card(incident_card(ctx.lang, view))
