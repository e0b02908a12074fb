"""Filing a finished incident report, and alerting the organisation at once."""

from __future__ import annotations

from typing import Any

from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete
from chat.directory import dso_contact
from chat.records import parse_id
from chat.turn import Answer
from compliance.deadlines import is_late
from dialogs.format import record_fields
from features.incidents.cards.reporter import reporter_confirmation_card
from features.incidents.flow import FLOW, stored_columns
from features.incidents.handlers.alerts import alert
from features.incidents.repo import IncidentRepository
from features.incidents.rules.workflow import EventKind, Status
from storage.models import Incident


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
        # The closed dialog remembers what it filed: a second "send" shows this receipt.
        state["record"] = str(incident.id)
        await complete(session, submitted)
        await ctx.audit(session, "incident.submitted", "incident", incident.id,
                        organisation_id=org_id, reference=incident.reference,
                        pii_flag=incident.pii_flag)
        reached = await alert(ctx, session, incident)
    return Answer(replace_card=await _receipt(ctx, incident, reached))


async def _receipt(ctx: Ctx, incident: Incident, reached: bool) -> dict[str, Any]:
    """The reporter's receipt: the reference, and what happens next, truthfully (a DSO
    not reached is said so)."""
    dso_name, _ = await dso_contact(ctx.db, incident.organisation_id)
    at = incident.submitted_at or incident.created_at
    late = incident.aware_at is not None and is_late(incident.aware_at, at)
    return reporter_confirmation_card(
        ctx.lang, reference=incident.reference, dso_name=dso_name, submitted_late=late,
        incident_id=str(incident.id), revision=incident.revision,
        near_miss=incident.near_miss, dso_reached=reached)


async def receipt_again(ctx: Ctx, state: dict[str, Any]) -> Answer | None:
    """The same receipt for a report sent twice (a double click, a retry)."""
    record = parse_id(state.get("record"))
    if record is None or ctx.who.organisation is None:
        return None
    async with ctx.db.session(readonly=True) as session:
        repo = IncidentRepository(session)
        incident = await repo.get(ctx.who.organisation.id, record)
        if incident is None or incident.reporter_person_id != ctx.who.person_id:
            return None
        events = await repo.events(incident.organisation_id, incident.id)
    alerted = [e for e in events if e.kind == EventKind.ALERTED]
    reached = not alerted or bool(alerted[-1].data.get("delivered"))
    return Answer(replace_card=await _receipt(ctx, incident, reached))
