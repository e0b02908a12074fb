"""SQLite connections for the async engine that run on the event loop's own thread.

SQLAlchemy's async SQLite dialect talks to aiosqlite, which hands every call
(cursor, execute, fetch, commit) to a worker thread and waits for the answer.
For SQLite, an in-process library whose statements take tens of microseconds
on a local file, those hand-overs cost far more than the work: a dialog turn
made about forty of them, and the bot spent most of its time passing results
between threads. Here the same aiosqlite interface runs each call directly.

What that trades: a statement blocks the event loop while it runs. That is
fine for short statements on a local file. Waiting for another process's
write lock would block it too, so that wait is kept short (`BUSY_TIMEOUT_MS`);
within one process, `storage.db.Database` queues writers before they reach
SQLite, so they never wait inside it. PostgreSQL, the production database,
is unaffected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite

# Another process (e.g. `dsobot role grant`) may hold the write lock briefly.
BUSY_TIMEOUT_MS = 2_000


class _RunNow:
    """Stands in for aiosqlite's queue to the worker thread: runs each call at once.

    SQLAlchemy's dialect also puts calls on that queue directly (to set the
    isolation level), so the queue itself must work, not only `_execute`.
    """

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:
            if future is not None:
                future.set_exception(error)
            return
        if future is not None:
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's Connection, minus the worker thread (see the module docstring)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return partial(fn, *args, **kwargs)()

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        self.stop()


def inline_creator(path: str) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine` opening `path` inline."""

    async def create() -> InlineConnection:
        def connect() -> sqlite3.Connection:
            # The driver's own transaction handling is switched off (as
            # SQLAlchemy's dialect expects); `storage.db` emits BEGIN itself.
            return sqlite3.connect(path, isolation_level=None, check_same_thread=False)

        connection = InlineConnection(connect)
        return await connection._connect()

    return create
