"""Apply the Alembic migrations shipped inside this package.

`upgrade(url)` is what `dsobot migrate` and the bot's start-up call. It needs
no alembic.ini and does not depend on the working directory. It is safe on an
up-to-date database (a no-op) and safe when several bot instances start at
once against PostgreSQL (an advisory lock serialises them).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# An arbitrary constant: the key of the PostgreSQL advisory lock for migrations.
_PG_MIGRATION_LOCK = 7_301_955_001


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would choke on '%' in passwords.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def _upgrade_on(connection: Connection, url: str, target: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _current_on(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade_async(url: str, target: str = "head") -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            await connection.run_sync(_upgrade_on, url, target)
    finally:
        await engine.dispose()


async def current_revision_async(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current_on)
    finally:
        await engine.dispose()


def _run(coroutine_factory, *args):  # type: ignore[no-untyped-def]
    """Run a coroutine to completion, also when called from inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_factory(*args))
    outcome: dict[str, object] = {}

    def worker() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine_factory(*args))
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=worker, name="dsobot-migrate")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


def upgrade(url: str, target: str = "head") -> None:
    """Bring the database at `url` up to `target` (default: the newest revision)."""
    _run(upgrade_async, url, target)


def current_revision(url: str) -> str | None:
    return _run(current_revision_async, url)
