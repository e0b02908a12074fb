"""Loading an incident for an action: authorised for this person, organisation and revision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.context import Ctx
from bot.incidents.records import parse_incident_id
from bot.turn import Answer
from cards.i18n import t
from storage.models import Incident
from storage.repos import IncidentRepository


@dataclass(frozen=True)
class Refusal:
    answer: Answer


async def audit(ctx: Ctx, what: str, incident_id: Any, **detail: Any) -> None:
    async with ctx.db.session() as session:
        await ctx.audit(session, what, "incident", incident_id, **detail)


async def incident_for(ctx: Ctx, data: dict[str, Any], *, dso: bool) -> Incident | Refusal:
    """The incident a card names, if this person may act on it; else a polite refusal.

    Every refusal is audited: forged ids, other organisations' records and
    staff sending the DSO's actions are exactly what the trail is for.
    """
    raw_id = data.get("incident")
    if dso and not ctx.who.is_dso:
        await audit(ctx, "incident.refused.not_dso", raw_id, card_action=data.get("action"))
        return Refusal(Answer.text(t(ctx.lang, "bot.not_allowed")))
    incident_id = parse_incident_id(raw_id)
    incident = None
    if incident_id is not None and ctx.who.organisation is not None:
        async with ctx.db.session(readonly=True) as session:
            incident = await IncidentRepository(session).get(ctx.who.organisation.id, incident_id)
    if incident is None:
        await audit(ctx, "incident.refused.unknown", raw_id, card_action=data.get("action"))
        return Refusal(Answer.text(t(ctx.lang, "handling.not_found")))
    if not dso and incident.reporter_person_id != ctx.who.person_id:
        await audit(ctx, "incident.refused.not_reporter", incident.id,
                    card_action=data.get("action"))
        return Refusal(Answer.text(t(ctx.lang, "handling.not_found")))
    return incident


def revision_of(data: dict[str, Any]) -> int | None:
    try:
        return int(data.get("rev"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def text_input(
    data: dict[str, Any], name: str, limit: int = 4000, *, current: str | None = None
) -> str:
    """A text field of a card; `current` is kept when the field comes back empty.

    Long recorded texts are not put back into the forms (a card must stay small),
    so an empty field on a form that edits a record means "unchanged".
    """
    value = data.get(name)
    text = str(value).strip()[:limit] if isinstance(value, str | int | float) else ""
    return text or (current or "")
