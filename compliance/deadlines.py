"""Legal deadlines: 72 hours to notify IMY (Art. 33), one month to answer a
rights request (Art. 12(3)).

The 72 hours are elapsed hours from the moment the organisation became aware,
so the arithmetic is done on UTC instants: across the October change to winter
time, 10:00 on a Friday plus 72 h is 09:00 local on the Monday.

The month is counted in days, not hours: from the day of receipt in Stockholm to
the same date a month later, moved to the next working day when it ends on a day
off (`compliance.workdays`).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from compliance.localtime import to_local, to_utc
from compliance.workdays import next_working_day

NOTIFICATION_WINDOW = timedelta(hours=72)
# Art. 12(3): the month to answer may be extended "by two further months".
MAX_FURTHER_MONTHS = 2

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


def received_date(received: date | datetime) -> date:
    """The day a request was received: a datetime is first taken to Stockholm time, so
    00:30 on 1 March in Stockholm is 1 March, though it is still February in UTC."""
    if isinstance(received, datetime):
        return to_local(received).date()
    return received


def rights_request_period_end(received: date | datetime, *, further_months: int = 0) -> date:
    """The calendar end of the period to answer a rights request, before the working-day
    rule: one month after receipt (Art. 12(3)), plus `further_months` (0–2) when extended.

    A month ends on the same date in the month after receipt, or on that month's last
    day when it has no such date (Regulation 1182/71, Art. 3(2)(c)): 31 January → 28
    February, 29 February in a leap year.

    An extended period is counted from receipt as a whole (1 + further months), not
    from the one-month date after it was moved past a weekend: Art. 12(3) extends the
    period itself, and 1182/71 moves only the end of a period, so a move must not
    carry over into the extension (received 14 January 2026: one month ends Saturday
    14 February, moved to Monday 16 February; three months end Tuesday 14 April).
    """
    if not 0 <= further_months <= MAX_FURTHER_MONTHS:
        raise ValueError(f"further_months must be 0 to {MAX_FURTHER_MONTHS}: {further_months}")
    return add_months(received_date(received), 1 + further_months)


def rights_request_deadline(received: date | datetime, *, further_months: int = 0) -> date:
    """The last day to answer a rights request (the answer is in time through that day).

    One month after the day of receipt in Stockholm (Art. 12(3)), or 1 + `further_months`
    months when extended (`rights_request_period_end`); a period that ends on a
    Saturday, Sunday, Swedish public holiday, midsommarafton, julafton or nyårsafton
    ends on the next working day instead (Regulation 1182/71, Art. 3(4); lag
    (1930:173)). Received 14 January 2026 → Monday 16 February 2026.
    """
    return next_working_day(rights_request_period_end(received, further_months=further_months))
