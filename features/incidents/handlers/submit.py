"""Filing a finished incident report, and alerting the organisation's DSOs at once."""

from __future__ import annotations

import logging

from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete
from chat.directory import dso_contact
from chat.turn import Answer
from compliance.deadlines import is_late
from dialogs.format import record_fields
from features.incidents.cards.dso import dso_incident_card
from features.incidents.cards.reporter import reporter_confirmation_card
from features.incidents.flow import FLOW
from features.incidents.records import load_view
from features.incidents.repo import IncidentRepository
from features.incidents.rules.workflow import EventKind, Status
from storage.models import Incident
from storage.repos import RoleRepository

log = logging.getLogger(__name__)


async def file_incident(ctx: Ctx, submitted: Submission) -> Answer:
    """The report is stored (and the dialog closed) in one transaction before anyone is told."""
    org_id = submitted.organisation_id
    state = submitted.state
    fields = record_fields(FLOW, state)
    pii_flag = bool(fields.pop("pii_flagged"))
    now = ctx.now()
    async with ctx.db.session() as session:
        incidents = IncidentRepository(session)
        incident = await incidents.create(
            organisation_id=org_id,
            reporter_person_id=ctx.who.person_id,
            status=Status.SUBMITTED,
            answers=state["answers"],
            submitted_at=now,
            pii_flag=pii_flag,
            severity={"adjustments": {}},
            # Every step's `record_field` is a column (the repository refuses others).
            **fields,
        )
        incidents.record_event(incident, EventKind.SUBMITTED, ctx.who.person_id, at=now)
        await complete(session, submitted)
        await ctx.audit(session, "incident.submitted", "incident", incident.id,
                        organisation_id=org_id, reference=incident.reference,
                        pii_flag=incident.pii_flag)
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
        await ctx.audit(session, "incident.dso_alerted", "incident", incident.id,
                        organisation_id=incident.organisation_id, dsos=len(holders),
                        delivered=delivered)
