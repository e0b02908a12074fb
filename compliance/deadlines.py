"""Legal deadlines: 72 hours to notify IMY (Art. 33), one month to answer a
rights request (Art. 12(3)).

The 72 hours are elapsed hours from the moment the organisation became aware,
so the arithmetic is done on UTC instants: across the October change to winter
time, 10:00 on a Friday plus 72 h is 09:00 local on the Monday.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from compliance.localtime import to_local, to_utc

NOTIFICATION_WINDOW = timedelta(hours=72)

_UNITS = {
    "sv": {"day": ("dygn", "dygn"), "hour": "tim", "minute": "min",
           "left": "{span} kvar", "overdue": "{span} försenad"},
    "en": {"day": ("day", "days"), "hour": "h", "minute": "min",
           "left": "{span} left", "overdue": "overdue by {span}"},
}


def notification_deadline(aware_at: datetime) -> datetime:
    """When the 72 hours run out, as a UTC instant (show it with `format_datetime`).

    UTC on purpose: Python subtracts two datetimes of the same zone on the wall
    clock, which is an hour off across a clock change.
    """
    return to_utc(aware_at) + NOTIFICATION_WINDOW


def time_left(deadline: datetime, now: datetime) -> timedelta:
    """Time until `deadline`; negative once it has passed."""
    return to_utc(deadline) - to_utc(now)


def is_late(aware_at: datetime, submitted_at: datetime) -> bool:
    """Submitted after 72 hours: the notification must give reasons for the delay."""
    return to_utc(submitted_at) > to_utc(aware_at) + NOTIFICATION_WINDOW


def format_span(span: timedelta, lang: str = "sv") -> str:
    """`2 dygn 5 tim` / `2 days 5 h`; below a day hours and minutes, whole minutes."""
    units = _UNITS.get(lang, _UNITS["sv"])
    minutes = int(abs(span).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} {units['day'][days != 1]}")
    if hours:
        parts.append(f"{hours} {units['hour']}")
    if mins and not days:
        parts.append(f"{mins} {units['minute']}")
    return " ".join(parts) or f"0 {units['minute']}"


def format_time_left(span: timedelta, lang: str = "sv") -> str:
    """`2 dygn 5 tim kvar`, `3 tim försenad` / `2 days 5 h left`, `overdue by 3 h`."""
    units = _UNITS.get(lang, _UNITS["sv"])
    template = units["left"] if span >= timedelta(0) else units["overdue"]
    return template.format(span=format_span(span, lang))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rights_request_deadline(received: date | datetime, *, extended: bool = False) -> date:
    """The last day to answer a rights request: one month from receipt (Art. 12(3)),
    three months when extended for complexity or number (the person told in time)."""
    if isinstance(received, datetime):
        received = to_local(received).date()
    return add_months(received, 3 if extended else 1)
