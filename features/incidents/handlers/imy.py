"""The texts for IMY and for the people affected, for the DSO (or the deciding
controller) to copy: built from the corrected facts and the organisation's settings."""

from __future__ import annotations

from typing import Any

from chat.ctx import Ctx
from chat.directory import dso_contact
from chat.records import Refused
from chat.turn import Answer
from features.incidents.access import Act
from features.incidents.cards.imy import imy_text_card
from features.incidents.handlers.reading import refused_look, the_incident
from features.incidents.imy_text import imy_notification_text
from features.incidents.letter import subjects_notice_suggested, subjects_notice_text
from features.incidents.views import Controller, IncidentView
from storage.models import Incident
from storage.repos import OrganisationRepository, OrganisationSettingsRepository


async def imy_text(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await the_incident(ctx, data, "incident.imy_text_viewed", Act.IMY_TEXT, lang="sv")
    if isinstance(found, Refused):
        return refused_look(ctx, found)
    incident, view = found
    return Answer(messages=[await imy_card(ctx, incident, view)])


async def controller_of(ctx: Ctx, organisation_id: int) -> Controller:
    dso_name, dso_email = await dso_contact(ctx.db, organisation_id)
    async with ctx.db.session(readonly=True) as session:
        organisation = await OrganisationRepository(session).get(organisation_id)
        settings = await OrganisationSettingsRepository(session).get(organisation_id)
    assert organisation is not None
    return Controller(name=organisation.name, org_number=settings.org_number,
                      address=settings.address, dso_name=dso_name, dso_email=dso_email)


async def imy_card(ctx: Ctx, incident: Incident, view: IncidentView) -> dict[str, Any]:
    """The IMY texts (the notification always in Swedish: IMY's e-service is)."""
    controller = await controller_of(ctx, incident.organisation_id)
    letter = (subjects_notice_text(view, controller, lang="sv")
              if subjects_notice_suggested(view) else None)
    return imy_text_card(ctx.lang, reference=incident.reference,
                         notification=imy_notification_text(view, controller),
                         subjects_notice=letter)
