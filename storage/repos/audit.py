"""The audit trail: append and read, never change."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry

# Detail is for identifiers and outcomes, not content; a size cap keeps it that way.
MAX_DETAIL_CHARS = 2000


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        *,
        organisation_id: int | None,
        actor_person_id: int | None,
        action: str,
        record_type: str | None = None,
        record_id: str | object | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append one entry. Never put message text or answers in `detail`."""
        detail = detail or {}
        if len(json.dumps(detail, default=str)) > MAX_DETAIL_CHARS:
            raise ValueError("audit detail too large: store identifiers, not content")
        entry = AuditEntry(
            organisation_id=organisation_id,
            actor_person_id=actor_person_id,
            action=action,
            record_type=record_type,
            record_id=None if record_id is None else str(record_id),
            detail=detail,
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def for_record(
        self, organisation_id: int, record_type: str, record_id: str | object
    ) -> list[AuditEntry]:
        """The trail of one record, oldest first."""
        return list(
            await self.session.scalars(
                select(AuditEntry)
                .where(
                    AuditEntry.organisation_id == organisation_id,
                    AuditEntry.record_type == record_type,
                    AuditEntry.record_id == str(record_id),
                )
                .order_by(AuditEntry.id)
            )
        )
