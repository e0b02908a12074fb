"""Gap-free, per-organisation, per-year reference numbers (e.g. PUI-2026-0007)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ReferenceCounter
from storage.repos._dialect import upsert_insert


async def next_number(session: AsyncSession, organisation_id: int, kind: str, year: int) -> int:
    """The next number for (organisation, kind, year), starting at 1.

    One atomic INSERT ... ON CONFLICT DO UPDATE ... RETURNING: on PostgreSQL
    the row lock makes concurrent callers wait for each other's commit; on
    SQLite writers are serialised by the database lock. The number belongs to
    the caller's transaction, so a rolled-back creation leaves no gap.
    """
    table = ReferenceCounter.__table__
    statement = (
        upsert_insert(session, table)
        .values(organisation_id=organisation_id, kind=kind, year=year, last_value=1)
        .on_conflict_do_update(
            index_elements=["organisation_id", "kind", "year"],
            set_={"last_value": table.c.last_value + 1},
        )
        .returning(table.c.last_value)
    )
    return (await session.execute(statement)).scalar_one()


def format_reference(kind: str, year: int, number: int) -> str:
    return f"{kind}-{year}-{number:04d}"
