"""The dialog state of one turn, read and written with plain statements.

Every answer in a guided dialog loads the person's active instance and stores
the engine's new state. That is the hot path of a dialog turn, so it runs on a
plain connection (`Database.transaction`) with prepared-once statements and no
ORM identity map: the row comes back as a small frozen record.
`FlowRepository` keeps the rest (starting, pausing, listing) on ORM sessions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import FlowInstance, FlowStatus
from storage.repos.revision import compare_and_set_revision


@dataclass(frozen=True)
class FlowState:
    id: uuid.UUID
    organisation_id: int
    person_id: int
    flow_id: str
    state: dict[str, Any]
    revision: int


_COLUMNS = (
    FlowInstance.id,
    FlowInstance.organisation_id,
    FlowInstance.person_id,
    FlowInstance.flow_id,
    FlowInstance.state,
    FlowInstance.revision,
)
_ACTIVE = select(*_COLUMNS).where(
    FlowInstance.person_id == bindparam("person_id"),
    FlowInstance.conversation_id == bindparam("conversation_id"),
    FlowInstance.status == FlowStatus.ACTIVE.value,
)
_LATEST = (
    select(*_COLUMNS)
    .where(FlowInstance.person_id == bindparam("person_id"),
           FlowInstance.conversation_id == bindparam("conversation_id"))
    .order_by(FlowInstance.updated_at.desc())
    .limit(1)
)
_BY_ID = select(*_COLUMNS).where(
    FlowInstance.id == bindparam("instance_id"),
    FlowInstance.organisation_id == bindparam("organisation_id"),
)


async def active_state(
    connection: AsyncConnection, person_id: int, conversation_id: str
) -> FlowState | None:
    """The person's active dialog in this conversation (one at most)."""
    row = (
        await connection.execute(
            _ACTIVE, {"person_id": person_id, "conversation_id": conversation_id}
        )
    ).first()
    return FlowState(*row) if row else None


async def latest_state(
    connection: AsyncConnection, person_id: int, conversation_id: str
) -> FlowState | None:
    """The person's most recently changed dialog in this conversation, whatever its status."""
    row = (
        await connection.execute(
            _LATEST, {"person_id": person_id, "conversation_id": conversation_id}
        )
    ).first()
    return FlowState(*row) if row else None


async def state_by_id(
    connection: AsyncConnection, organisation_id: int, instance_id: uuid.UUID
) -> FlowState | None:
    """An instance by id, only within this organisation."""
    row = (
        await connection.execute(
            _BY_ID, {"instance_id": instance_id, "organisation_id": organisation_id}
        )
    ).first()
    return FlowState(*row) if row else None


async def store_state(
    connection: AsyncConnection,
    current: FlowState,
    state: dict[str, Any],
    step_id: str | None,
    status: FlowStatus | None = None,
) -> int:
    """Store the engine's new state (and status); returns the new revision.

    StaleRevision, changing nothing, if another turn stored first.
    """
    changes: dict[str, Any] = {"state": state, "step_id": step_id}
    if status is not None:
        changes["status"] = status.value
    return await compare_and_set_revision(
        connection, FlowInstance, current.id, current.organisation_id, current.revision, changes
    )
