"""What the incident capability adds to "my cases": the person's own reports."""

from __future__ import annotations

from chat.ctx import Ctx
from chat.registry import CaseSummary
from features.incidents.records import title_of
from features.incidents.repo import IncidentRepository
from i18n import t


async def my_reports(ctx: Ctx) -> list[CaseSummary]:
    async with ctx.db.session(readonly=True) as session:
        incidents = await IncidentRepository(session).for_reporter(ctx.who.person_id)
    return [
        CaseSummary(
            reference=i.reference,
            title=title_of(i.answers),
            status_text=t(ctx.lang, f"incident.case_status.{i.status}"),
            submitted_at=i.submitted_at or i.created_at,
        )
        for i in incidents
    ]
