"""The DSO alert's place in the outbox: its keys, and whether it arrived."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxState
from storage.repos import OutboxRepository

ALERT_KEY = "incident.alert"
_LOST = frozenset({OutboxState.UNDELIVERABLE.value, OutboxState.FAILED.value})


def alert_key(incident_id: Any, person_id: int, dso: bool) -> str:
    """The outbox key of one person's alert: queued once, whatever is retried."""
    return f"{ALERT_KEY}:{incident_id}:{'dso' if dso else 'other'}:{person_id}"


async def alerts_delivered(session: AsyncSession, incident_id: Any) -> int | None:
    """How many DSOs' alerts are sent or still on their way (not lost for good); None
    when none was queued."""
    states = await OutboxRepository(session).states_of(f"{ALERT_KEY}:{incident_id}:dso:")
    if not states:
        return None
    return sum(1 for state in states if state not in _LOST)
