"""Who is told about an incident, and with which card.

A new incident goes at once to every DSO and deputy of the organisation;
where the controller records its own decisions, to its admins too; and to
the roles the organisation added (`alert_scopes`: e.g. the information
security coordinator, a registrar), each with the card its scope allows.
Every card is built for its recipient: in their language, offering what
their seat on the incident lets them do.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from chat.records import Notification
from features.incidents.access import ALERT_ROLES, seat_of
from features.incidents.alert_delivery import ALERT_KEY, alert_key
from features.incidents.cards.incident import incident_card
from features.incidents.records import load_view
from features.incidents.repo import IncidentRepository
from features.incidents.rules.workflow import EventKind
from i18n import t
from storage.models import Incident, OrganisationSettings
from storage.repos import OrganisationSettingsRepository, RoleRepository
from storage.roles import DSO_ROLES, Role

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    person_id: int
    language: str | None
    roles: frozenset[Role]  # in the incident's organisation


async def recipients(session: AsyncSession, incident: Incident,
                     settings: OrganisationSettings) -> list[Recipient]:
    """Who is told of a new incident, each with their roles in its organisation."""
    told = set(DSO_ROLES)
    if not settings.dso_records_decisions:
        told.add(Role.ADMIN)
    told |= {role for role in ALERT_ROLES if settings.alert_scopes.get(role.value)}
    holders = await RoleRepository(session).holders(incident.organisation_id,
                                                    tuple(sorted(told)))
    roles: dict[int, set[Role]] = defaultdict(set)
    languages: dict[int, str | None] = {}
    for holder in holders:
        roles[holder.person.id].add(holder.role)
        languages[holder.person.id] = holder.person.preferred_language
    return [Recipient(person, languages[person], frozenset(held))
            for person, held in roles.items()]


async def card_for(session: AsyncSession, incident: Incident, roles: frozenset[Role],
                   lang: str, now: datetime, settings: OrganisationSettings | None = None
                   ) -> dict[str, Any] | None:
    """The incident card for someone holding `roles`; None when they may see nothing."""
    settings = settings or await OrganisationSettingsRepository(session).get(
        incident.organisation_id)
    seat = seat_of(roles, incident, settings)
    if seat.scope is None:
        return None
    return incident_card(lang, await load_view(session, incident, lang, now, seat))


def card_notice(person_id: int, roles: frozenset[Role], incident: Incident,
                now: datetime) -> Notification:
    """The incident card as a notification, built in the recipient's language when sent."""

    async def build(lang: str, session: AsyncSession) -> Any:
        card = await card_for(session, incident, roles, lang, now)
        return card if card is not None else t(lang, "handling.not_found_lookup")

    return Notification(person_id, build)


async def alert(ctx: Ctx, session: AsyncSession, incident: Incident) -> bool:
    """Queue the alert to everyone the organisation says should know of a new
    incident, in the transaction that files it; whether there is a DSO to tell. The
    outbox delivers the alerts after the commit: a crash or a connector outage in
    between loses none. The card shows an alert whose delivery failed for good."""
    now = ctx.now()
    settings = await OrganisationSettingsRepository(session).get(incident.organisation_id)
    people = await recipients(session, incident, settings)
    dsos = 0
    for person in people:
        lang = person.language or ctx.settings.default_language
        card = await card_for(session, incident, person.roles, lang, now, settings)
        if card is None:
            continue
        is_dso = bool(person.roles & DSO_ROLES)
        dsos += is_dso
        await ctx.notify(session, person.person_id, card, kind=ALERT_KEY,
                         key=alert_key(incident.id, person.person_id, is_dso),
                         organisation_id=incident.organisation_id, record_type="incident",
                         record_id=incident.id)
    if not dsos:
        log.warning("an incident has no DSO to alert in Teams")
    IncidentRepository(session).record_event(
        incident, EventKind.ALERTED, None, {"dsos": dsos, "delivered": dsos}, at=now)
    await ctx.audit(session, "incident.dso_alerted", "incident", incident.id,
                    organisation_id=incident.organisation_id, recipients=len(people),
                    queued=len(people))
    return dsos > 0
