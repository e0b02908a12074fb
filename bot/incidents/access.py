"""Loading an incident for an action: authorised for this person, organisation and revision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.context import Ctx
from bot.incidents.records import parse_incident_id
from bot.turn import Answer
from i18n import t
from storage.models import Incident
from storage.repos import IncidentRepository


@dataclass(frozen=True)
class Refusal:
    answer: Answer


async def audit(ctx: Ctx, what: str, incident: Incident | Any, **detail: Any) -> None:
    """Audit an incident event; an `Incident` files it under its own organisation,
    anything else (an unknown or forged id) under the person's."""
    organisation_id = incident.organisation_id if isinstance(incident, Incident) else None
    record_id = incident.id if isinstance(incident, Incident) else incident
    async with ctx.db.session() as session:
        await ctx.audit(session, what, "incident", record_id, organisation_id=organisation_id,
                        **detail)


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
    # A DSO acts in every organisation they are DSO of; a reporter in their own.
    organisations = dso_first(ctx) if dso else (
        [ctx.who.organisation.id] if ctx.who.organisation else []
    )
    if incident_id is not None:
        async with ctx.db.session(readonly=True) as session:
            for organisation_id in organisations:
                incident = await IncidentRepository(session).get(organisation_id, incident_id)
                if incident is not None:
                    break
    if incident is None:
        await audit(ctx, "incident.refused.unknown", raw_id, card_action=data.get("action"))
        return Refusal(Answer.text(t(ctx.lang, "handling.not_found")))
    if not dso and incident.reporter_person_id != ctx.who.person_id:
        await audit(ctx, "incident.refused.not_reporter", incident,
                    card_action=data.get("action"))
        return Refusal(Answer.text(t(ctx.lang, "handling.not_found")))
    return incident


def dso_first(ctx: Ctx) -> list[int]:
    """The organisations this person is DSO of, their own organisation first."""
    home = ctx.who.organisation.id if ctx.who.organisation else None
    return sorted(ctx.who.dso_organisations, key=lambda org: (org != home, org))


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
