"""Looking at one incident, authorised like any action on it (`chat.records.read`)."""

from __future__ import annotations

from typing import Any

from chat.ctx import Ctx
from chat.records import Refused, read
from chat.turn import Answer
from features.incidents.access import Act, access, seat_in
from features.incidents.records import INCIDENT, load_view
from features.incidents.views import IncidentView
from i18n import t
from storage.models import Incident


async def the_incident(ctx: Ctx, data: dict[str, Any], audit_as: str | None, act: Act,
                       *, lang: str | None = None) -> tuple[Incident, IncidentView] | Refused:
    """The incident a card names and its view (in `lang`, default the person's), for
    someone whose seat on it allows `act`."""

    async def show(ctx: Ctx, session: Any, incident: Incident) -> IncidentView:
        seat = await seat_in(session, ctx.who, incident)
        return await load_view(session, incident, lang or ctx.lang, ctx.now(), seat)

    return await read(ctx, INCIDENT, access(act), data.get("incident"), audit_as=audit_as,
                      show=show)


# Refusals a person can do something about, said in their own words.
_SAID = {"taken_over": "handling.correction_taken_over"}


def refused_answer(ctx: Ctx, refused: Refused) -> Answer:
    """For an action: not found or not allowed, and that nothing was changed."""
    key = "handling.not_found" if refused.reason == "not_found" else _SAID.get(
        refused.detail or "", "bot.not_allowed_action")
    return Answer.text(t(ctx.lang, key))


def refused_look(ctx: Ctx, refused: Refused) -> Answer:
    """For a look-up: not found or not allowed (nothing was to be changed anyway)."""
    key = "handling.not_found_lookup" if refused.reason == "not_found" else _SAID.get(
        refused.detail or "", "bot.not_allowed_look")
    return Answer.text(t(ctx.lang, key))
