"""Stockholm local time: the one place that turns instants into "2026-11-20 14:30".

Instants are stored and compared as timezone-aware datetimes (UTC in the
database); people read them in Europe/Stockholm, whatever the server's zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def require_aware(moment: datetime) -> datetime:
    """Refuse naive datetimes: guessing their zone is how deadlines go wrong."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment


def to_local(moment: datetime) -> datetime:
    return require_aware(moment).astimezone(STOCKHOLM)


def to_utc(moment: datetime) -> datetime:
    return require_aware(moment).astimezone(UTC)


def start_of_day(day: date) -> datetime:
    """Midnight in Stockholm at the start of `day` (aware)."""
    return datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM)


def format_datetime(moment: datetime) -> str:
    """`2026-11-20 14:30` in Stockholm time (the same in both languages)."""
    return to_local(moment).strftime("%Y-%m-%d %H:%M")


def format_date(day: date | datetime) -> str:
    """`2026-11-20`; a datetime is first converted to Stockholm time."""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return day.isoformat()


def month_of(moment: datetime) -> str:
    """The month in Stockholm, "2026-11" (the step of a monthly reminder): 23:30 UTC on
    31 October is already November here."""
    return to_local(moment).strftime("%Y-%m")
