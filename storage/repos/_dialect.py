"""Dialect-specific INSERT, so ON CONFLICT works the same on PostgreSQL and SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


def upsert_insert(executor: AsyncSession | AsyncConnection, table: Any) -> Any:
    """An INSERT construct offering `on_conflict_do_nothing/do_update` for this backend."""
    bind = executor if isinstance(executor, AsyncConnection) else executor.get_bind()
    name = bind.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"ON CONFLICT inserts are not supported on {name}")
