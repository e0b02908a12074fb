"""Filing a finished incident report, and alerting the organisation at once."""

from __future__ import annotations

from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete
from chat.directory import dso_contact
from chat.turn import Answer
from compliance.deadlines import is_late
from dialogs.format import record_fields
from features.incidents.cards.reporter import reporter_confirmation_card
from features.incidents.flow import FLOW, stored_columns
from features.incidents.handlers.alerts import alert
from features.incidents.repo import IncidentRepository
from features.incidents.rules.workflow import EventKind, Status


async def file_incident(ctx: Ctx, submitted: Submission) -> Answer:
    """The report is stored (and the dialog closed) in one transaction before anyone is told."""
    org_id = submitted.organisation_id
    state = submitted.state
    pii_flag = bool(record_fields(FLOW, state)["pii_flagged"])
    fields = stored_columns(state["answers"])
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
            # Every step's `record_field` is a column (the repository refuses others),
            # and whether it is a near miss.
            **fields,
        )
        incidents.record_event(incident, EventKind.SUBMITTED, ctx.who.person_id, at=now)
        await complete(session, submitted)
        await ctx.audit(session, "incident.submitted", "incident", incident.id,
                        organisation_id=org_id, reference=incident.reference,
                        pii_flag=incident.pii_flag)
    await alert(ctx, incident)
    dso_name, _ = await dso_contact(ctx.db, org_id)
    late = incident.aware_at is not None and is_late(incident.aware_at, now)
    return Answer(
        replace_card=reporter_confirmation_card(
            ctx.lang, reference=incident.reference, dso_name=dso_name, submitted_late=late,
            incident_id=str(incident.id), revision=incident.revision,
            near_miss=incident.near_miss,
        )
    )
