"""What a capability contributes to the DSO's summary and annual report: its figures.

Each capability declares one `SummarySection` in `Feature(summary_sections=...)`.
Its `figures` function counts with SQL aggregates (never by loading records into
Python) for a set of organisations and a calendar year in Europe/Stockholm, and
returns `Figure`s under stable keys. The reports capability composes them: the
summary card shows them, the annual report puts them in its "Fråga/kontroll |
Svar" tables by key. A figure names the command that lists what it counts, so
the DSO can open the list behind it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal_column
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from compliance.localtime import STOCKHOLM


@dataclass(frozen=True)
class Figure:
    key: str  # stable, "<section>.<name>", e.g. "register.classified"
    label_key: str  # catalog key of what it counts, in words
    value: int
    of: int | None = None  # shown as "60 av 125" when set
    # The typed command that lists the records behind the figure (e.g. "incidenter 2026"),
    # without the organisation; None when there is no such list.
    command: str | None = None


@dataclass(frozen=True)
class Period:
    """A calendar year in Stockholm time, as UTC instants and local dates."""

    year: int
    start: datetime  # 1 January 00:00 Stockholm, aware
    end: datetime  # 1 January of the next year 00:00 Stockholm, aware (exclusive)
    now: datetime  # aware; for "open now" and "overdue now"


# (session, organisation ids, the period) -> the section's figures, summed over those
# organisations. The caller asks once per organisation to show them apart.
CountFigures = Callable[[AsyncSession, Sequence[int], Period], Awaitable[Sequence[Figure]]]


@dataclass(frozen=True)
class SummarySection:
    name: str  # "register", "rights", "incidents", "cameras"
    title_key: str  # catalog key of the section's heading
    order: int  # where it stands in the summary and the report
    figures: CountFigures


def period_of(year: int, now: datetime) -> Period:
    """The calendar year `year` in Stockholm time."""
    start = datetime(year, 1, 1, tzinfo=STOCKHOLM)
    end = datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)
    return Period(year, start.astimezone(UTC), end.astimezone(UTC), now)


# -- SQL helpers the sections share --------------------------------------------------------


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows of the aggregate meet `condition` (0, not NULL, over no rows)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class hours_after(FunctionElement[datetime]):
    """`instant + hours`, exact on both backends, for a `UTCDateTime` column.

    PostgreSQL adds an interval to `timestamptz` (elapsed hours, as the 72 hours
    are). SQLite keeps naive UTC text `YYYY-MM-DD HH:MM:SS.ffffff`: `strftime` adds
    the hours to the millisecond, and the three last microsecond digits are copied,
    so the result compares exactly with the stored text of other instants.
    """

    inherit_cache = True
    name = "hours_after"

    def __init__(self, instant: ColumnElement[datetime], hours: int) -> None:
        super().__init__(instant, literal_column(str(int(hours))))
        self.type = instant.type


@compiles(hours_after)
def _hours_after_default(element: hours_after, compiler: Any, **kw: Any) -> str:
    instant, hours = (compiler.process(c, **kw) for c in element.clauses)
    return f"({instant} + {hours} * INTERVAL '1 hour')"


@compiles(hours_after, "sqlite")
def _hours_after_sqlite(element: hours_after, compiler: Any, **kw: Any) -> str:
    instant, hours = (compiler.process(c, **kw) for c in element.clauses)
    return (f"(strftime('%Y-%m-%d %H:%M:%f', {instant}, '+{hours} hours')"
            f" || substr({instant}, 24, 3))")
