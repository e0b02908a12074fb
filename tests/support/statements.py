"""Counting what reaches the database: transactions and statements of one action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0

    @property
    def writes(self) -> list[str]:
        return [s for s in self.statements
                if s.split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


@contextmanager
def counting() -> Iterator[Counted]:
    """Every statement and every transaction begun, on any engine, while inside."""
    counted = Counted()

    def on_statement(conn, cursor, statement, params, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            counted.statements.append(statement)

    def on_begin(conn):
        counted.transactions += 1

    event.listen(Engine, "before_cursor_execute", on_statement)
    event.listen(Engine, "begin", on_begin)
    try:
        yield counted
    finally:
        event.remove(Engine, "before_cursor_execute", on_statement)
        event.remove(Engine, "begin", on_begin)
