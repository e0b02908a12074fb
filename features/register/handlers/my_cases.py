"""What the register adds to "my cases": the person's own change requests."""

from __future__ import annotations

from sqlalchemy import select

from chat.ctx import Ctx
from chat.registry import CaseSummary
from i18n import t
from storage.models import ChangeRequest, ProcessingActivity


async def my_requests(ctx: Ctx) -> list[CaseSummary]:
    async with ctx.db.session(readonly=True) as session:
        rows = await session.execute(
            select(ChangeRequest, ProcessingActivity.name)
            .outerjoin(ProcessingActivity, ProcessingActivity.id == ChangeRequest.activity_id)
            .where(ChangeRequest.requester_person_id == ctx.who.person_id)
            .order_by(ChangeRequest.created_at.desc()))
        found = rows.all()
    return [
        CaseSummary(
            reference=request.reference,
            title=name or str(request.proposed.get("name") or ""),
            status_text=t(ctx.lang, f"register.request.status.{request.status}"),
            submitted_at=request.created_at,
        )
        for request, name in found
    ]
