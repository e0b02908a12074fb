"""Optimistic concurrency: update a row only if nobody changed it since it was read."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

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
    statement = (
        _guarded_update(model, record_id, organisation_id, expected_revision, changes)
        .returning(model)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    updated = (await session.scalars(statement)).first()
    if updated is not None:
        return updated
    raise await _refusal(session, model, record_id, organisation_id, expected_revision)


async def compare_and_set_revision(
    session: AsyncSession | AsyncConnection,
    model: type[Model],
    record_id: uuid.UUID,
    organisation_id: int,
    expected_revision: int,
    changes: dict[str, Any],
) -> int:
    """As `compare_and_set`, returning only the new revision.

    For hot paths that already hold what they wrote: loading the whole row
    back (e.g. a dialog's state document) is most of an update's cost.
    """
    columns: Any = model
    statement = _guarded_update(
        model, record_id, organisation_id, expected_revision, changes
    ).returning(columns.revision)
    revision = (await session.execute(statement)).scalar()
    if revision is not None:
        return revision
    raise await _refusal(session, model, record_id, organisation_id, expected_revision)


def _guarded_update(
    model: type[Model],
    record_id: uuid.UUID,
    organisation_id: int,
    expected_revision: int,
    changes: dict[str, Any],
) -> Any:
    columns: Any = model
    return (
        update(model)
        .where(
            columns.id == record_id,
            columns.organisation_id == organisation_id,
            columns.revision == expected_revision,
        )
        .values(**changes, revision=columns.revision + 1, updated_at=utcnow())
    )


async def _refusal(
    session: AsyncSession | AsyncConnection,
    model: type[Model],
    record_id: uuid.UUID,
    organisation_id: int,
    expected_revision: int,
) -> NotFound | StaleRevision:
    """Why an update matched no row: the record is not there, or someone saved first."""
    columns: Any = model
    current = await session.scalar(
        select(columns.revision).where(
            columns.id == record_id, columns.organisation_id == organisation_id
        )
    )
    if current is None:
        return NotFound(f"{model.__name__} {record_id} not found in organisation {organisation_id}")
    return StaleRevision(model.__name__, expected_revision, current)
