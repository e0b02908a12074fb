from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, select, text

from storage.db import Database
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Organisation

EXPECTED_TABLES = {
    "organisations",
    "people",
    "role_assignments",
    "conversation_references",
    "processed_activities",
    "audit_log",
    "flow_instances",
    "incidents",
    "incident_events",
    "reference_counters",
}


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


async def test_upgrade_from_empty_creates_every_table_and_is_repeatable(empty_db_url: str):
    assert current_revision(empty_db_url) is None
    upgrade(empty_db_url)  # called from inside a running loop, as at bot start
    upgrade(empty_db_url)  # up to date: a no-op, not an error
    assert current_revision(empty_db_url) == head_revision()
    database = Database(empty_db_url)
    try:
        assert EXPECTED_TABLES <= await _tables(database)
    finally:
        await database.dispose()


async def test_upgrade_does_not_depend_on_working_directory(
    empty_db_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    upgrade(empty_db_url)
    assert current_revision(empty_db_url) == head_revision()


async def test_timestamps_round_trip_as_aware_utc(db: Database):
    stockholm_summer = timezone(timedelta(hours=2))
    created = datetime(2026, 6, 1, 14, 30, tzinfo=stockholm_summer)
    async with db.session() as session:
        session.add(Organisation(slug="bn", name="Bildningsnämnden", created_at=created))
    async with db.session() as session:
        stored = (await session.scalars(select(Organisation))).one()
    assert stored.created_at == created
    assert stored.created_at.tzinfo == UTC
    assert stored.created_at.hour == 12


async def test_naive_timestamps_are_refused(db: Database):
    with pytest.raises(Exception, match="naive datetime"):
        async with db.session() as session:
            session.add(Organisation(slug="x", name="X", created_at=datetime(2026, 1, 1)))
            await session.flush()


async def test_session_rolls_back_on_error(db: Database):
    with pytest.raises(RuntimeError):
        async with db.session() as session:
            session.add(Organisation(slug="gone", name="Gone"))
            await session.flush()
            raise RuntimeError("boom")
    async with db.session(readonly=True) as session:
        count = await session.scalar(text("SELECT count(*) FROM organisations"))
    assert count == 0


async def test_sqlite_creates_missing_data_directory(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'data' / 'dsobot.db'}"
    upgrade(url)
    assert (tmp_path / "nested" / "data" / "dsobot.db").is_file()


async def test_the_migrations_build_exactly_the_models(db: Database):
    """The models are what the code believes; the migrations are what databases get."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    def differences(connection):
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with db.engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []
