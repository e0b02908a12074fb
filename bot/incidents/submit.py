"""Filing a finished incident report, and alerting the organisation's DSOs at once."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from bot import dialog_runner
from bot.context import Ctx
from bot.directory import dso_contact
from bot.incidents.records import load_view
from bot.turn import Answer
from cards.incident_dso import dso_incident_card
from cards.incident_reporter import reporter_confirmation_card
from compliance.deadlines import is_late
from dialogs.flows.incident import FLOW
from dialogs.format import record_fields
from storage.models import Incident
from storage.repos import AuditRepository, FlowRepository, IncidentRepository, RoleRepository

log = logging.getLogger(__name__)


async def file_incident(ctx: Ctx, instance_id: uuid.UUID, state: dict[str, Any]) -> Answer:
    """The report is stored (and the dialog closed) in one transaction before anyone is told."""
    assert ctx.who.organisation is not None
    org_id = ctx.who.organisation.id
    fields = record_fields(FLOW, state)
    now = ctx.now()
    async with ctx.db.session() as session:
        incidents = IncidentRepository(session)
        incident = await incidents.create(
            organisation_id=org_id,
            reporter_person_id=ctx.who.person_id,
            status="submitted",
            answers=state["answers"],
            submitted_at=now,
            occurred_at=fields.get("occurred_at"),
            discovered_at=fields.get("discovered_at"),
            aware_at=fields.get("aware_at"),
            pii_flag=bool(fields.get("pii_flagged")),
            severity={"adjustments": {}},
        )
        await incidents.add_event(org_id, incident.id, kind="submitted",
                                  actor_person_id=ctx.who.person_id, at=now)
        flows = FlowRepository(session)
        row = await flows.get(org_id, instance_id)
        assert row is not None
        await flows.complete(org_id, instance_id, row.revision)
        await AuditRepository(session).record(
            organisation_id=org_id, actor_person_id=ctx.who.person_id,
            action="incident.submitted", record_type="incident", record_id=incident.id,
            detail={"reference": incident.reference, "pii_flag": incident.pii_flag},
        )
    await alert_dsos(ctx, incident)
    dso_name, _ = await dso_contact(ctx.db, org_id)
    late = incident.aware_at is not None and is_late(incident.aware_at, now)
    return Answer(
        replace_card=reporter_confirmation_card(
            ctx.lang, reference=incident.reference, dso_name=dso_name, submitted_late=late
        )
    )


async def alert_dsos(ctx: Ctx, incident: Incident) -> None:
    """Every DSO and deputy of the organisation gets the alert card in their own language."""
    async with ctx.db.session(readonly=True) as session:
        holders = await RoleRepository(session).dsos_of(incident.organisation_id)
        cards = {}
        for holder in holders:
            lang = holder.person.preferred_language or ctx.settings.default_language
            if lang not in cards:
                cards[lang] = dso_incident_card(
                    lang, await load_view(session, incident, lang, ctx.now())
                )
    delivered = 0
    for holder in holders:
        lang = holder.person.preferred_language or ctx.settings.default_language
        if await ctx.notify(holder.person.id, cards[lang]):
            delivered += 1
    if holders and not delivered:
        log.warning("incident %s: no DSO could be reached in Teams", incident.reference)
    async with ctx.db.session() as session:
        await AuditRepository(session).record(
            organisation_id=incident.organisation_id, actor_person_id=None,
            action="incident.dso_alerted", record_type="incident", record_id=incident.id,
            detail={"dsos": len(holders), "delivered": delivered},
        )


dialog_runner.ON_DONE[FLOW.id] = file_incident
