"""The database handle: one pooled async engine, transactional sessions.

`Database(url)` accepts any SQLAlchemy async URL. The embedded default is
SQLite (`sqlite+aiosqlite:///path/to/dsobot.db`); production is PostgreSQL
(`postgresql+asyncpg://...`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.sqlite_inline import BUSY_TIMEOUT_MS, inline_creator

# Execution option naming the SQLite BEGIN mode for a session's transaction.
_SQLITE_BEGIN = "dsobot_sqlite_begin"


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _ensure_sqlite_directory(url: URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_pragmas(engine: AsyncEngine) -> None:
    """Foreign keys, WAL and a busy timeout on every connection; SQLAlchemy emits BEGIN.

    The sqlite3 driver's legacy transaction handling does not BEGIN before
    SELECT, so a read-then-write transaction can fail with "database is
    locked" instead of waiting. Writers therefore start with BEGIN IMMEDIATE,
    which takes the write lock up front and waits up to the busy timeout;
    read-only sessions use a plain (deferred) BEGIN and never block writers in
    WAL mode.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_SQLITE_BEGIN, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str | URL) -> AsyncEngine:
    """An async engine with the settings this project relies on, for any backend.

    `hide_parameters`: a failing statement is logged and raised without its values,
    which are what people typed (the README promises no message content in logs).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _ensure_sqlite_directory(parsed)
        database = parsed.database or ":memory:"
        engine = create_async_engine(
            parsed, pool_pre_ping=False, async_creator=inline_creator(database),
            hide_parameters=True,
        )
        _install_sqlite_pragmas(engine)
        return engine
    # Enough connections for a burst of concurrent turns. No pre-ping: it costs a
    # round trip on every checkout (several per turn). Connections are recycled
    # before idle reapers close them, and after a server restart the first
    # failing statement invalidates the whole pool, so one turn fails (the edge
    # answers 500 and releases the duplicate check, and Teams retries it).
    return create_async_engine(
        parsed, pool_size=10, max_overflow=20, pool_pre_ping=False, pool_recycle=1800,
        hide_parameters=True,
    )


class _WriterQueue:
    """An asyncio lock that refuses re-entry from the task holding it.

    A write session opened inside another one in the same task would wait for
    itself forever; failing loudly instead turns that bug into a stack trace.
    """

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None

    async def __aenter__(self) -> None:
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            raise RuntimeError("nested write session on SQLite in the same task")
        await self._lock.acquire()
        self._holder = task

    async def __aexit__(self, *exc_info: object) -> None:
        self._holder = None
        self._lock.release()


class Database:
    """Owns the engine. `async with db.session() as s:` is one transaction."""

    def __init__(self, url: str | URL) -> None:
        self.url = make_url(url)
        self.engine = create_engine(self.url)
        self._reader_engine = self.engine.execution_options(**{_SQLITE_BEGIN: "DEFERRED"})
        self._writer = async_sessionmaker(self.engine, expire_on_commit=False)
        self._reader = async_sessionmaker(self._reader_engine, expire_on_commit=False)
        # On PostgreSQL, reads and single-statement writes need no BEGIN/COMMIT
        # round trips around them: each statement is atomic on its own. (On
        # SQLite those cost nothing, and writers must keep their queue below.)
        self._autocommit = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.dialect == "postgresql"
            else None
        )
        self._single = (
            async_sessionmaker(self._autocommit, expire_on_commit=False)
            if self._autocommit is not None
            else None
        )
        # SQLite has one writer at a time. Queueing writers here, in the event
        # loop, is far cheaper than letting them collide inside SQLite, whose
        # busy handler sleeps in steps of up to 100 ms. Other processes on the
        # same file are still handled by the busy timeout.
        self._write_turn = _WriterQueue() if self.dialect == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @asynccontextmanager
    async def session(self, *, readonly: bool = False) -> AsyncIterator[AsyncSession]:
        """A session inside a transaction: committed on success, rolled back on error.

        `readonly=True`: for reading only. Each statement then sees the latest
        committed data (no snapshot across statements on PostgreSQL), and on
        SQLite the session runs alongside a writer instead of queueing.
        """
        if readonly and self._single is not None:
            async with self._single() as session, session.begin():
                yield session
            return
        if readonly or self._write_turn is None:
            maker = self._reader if readonly else self._writer
            async with maker() as session, session.begin():
                yield session
            return
        async with self._write_turn, self._writer() as session, session.begin():
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A plain connection in a writing transaction (Core statements, no ORM)."""
        if self._write_turn is None:
            async with self.engine.begin() as connection:
                yield connection
            return
        async with self._write_turn, self.engine.begin() as connection:
            yield connection

    @asynccontextmanager
    async def statement(self, *, readonly: bool = False) -> AsyncIterator[AsyncConnection]:
        """A plain connection for one statement that is atomic by itself.

        For the hot path of every turn (the duplicate check, who is speaking):
        no ORM session to build, and on PostgreSQL no BEGIN/COMMIT round trips.
        On SQLite a writing statement still takes its place in the writer queue.
        """
        if self._autocommit is not None:
            async with self._autocommit.connect() as connection:
                yield connection
            return
        if readonly:
            async with self._reader_engine.connect() as connection:
                yield connection
            return
        async with self.transaction() as connection:
            yield connection

    async def dispose(self) -> None:
        await self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"
