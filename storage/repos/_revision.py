"""Optimistic concurrency: update a row only if nobody changed it since it was read."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import NotFound, StaleRevision
from storage.models import utcnow

Model = TypeVar("Model")


async def compare_and_set(
    session: AsyncSession,
    model: type[Model],
    record_id: uuid.UUID,
    organisation_id: int,
    expected_revision: int,
    changes: dict[str, Any],
) -> Model:
    """Apply `changes` and bump the revision, if the stored revision is `expected_revision`.

    Raises NotFound when the record is not in this organisation, and
    StaleRevision (changing nothing) when someone else saved first.
    """
    columns: Any = model
    statement = (
        update(model)
        .where(
            columns.id == record_id,
            columns.organisation_id == organisation_id,
            columns.revision == expected_revision,
        )
        .values(**changes, revision=columns.revision + 1, updated_at=utcnow())
        .returning(model)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    updated = (await session.scalars(statement)).first()
    if updated is not None:
        return updated
    current = await session.scalar(
        select(columns.revision).where(
            columns.id == record_id, columns.organisation_id == organisation_id
        )
    )
    if current is None:
        raise NotFound(f"{model.__name__} {record_id} not found in organisation {organisation_id}")
    raise StaleRevision(model.__name__, expected_revision, current)
