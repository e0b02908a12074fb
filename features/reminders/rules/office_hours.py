"""When a reminder that is not a legal clock may be delivered: on a Swedish working
day, within the organisation's office hours, in Europe/Stockholm.

Legal clocks (72 hours, one month) run on calendar time and are never held back.
The others wait for the next office moment, so nobody is nudged about a review
on a Saturday night or on midsommarafton. Working days come from
`compliance.workdays` (the `holidays` package: public holidays plus midsommarafton,
julafton and nyårsafton), never from a hand-written list. Wall-clock times are
turned into instants in Stockholm's zone of that very day, so 08:00 is 08:00
local time on either side of a daylight-saving change.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from compliance.localtime import STOCKHOLM, to_local, to_utc
from compliance.workdays import is_working_day, next_working_day

DEFAULT_START = time(8, 0)
DEFAULT_END = time(17, 0)
_CLOCK = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?$", re.IGNORECASE)


def parse_clock(text: str) -> time | None:
    """A wall-clock time as people write it: "08:00", "8", "8.30", "kl. 17"; None if
    it is not one."""
    m = _CLOCK.match(text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def clock_text(moment: time) -> str:
    """`08:00`."""
    return moment.strftime("%H:%M")


def next_office_moment(now: datetime, start: time = DEFAULT_START,
                       end: time = DEFAULT_END) -> datetime:
    """`now` itself when it is within office hours on a Swedish working day; otherwise
    the start of office hours on the next working day (today, if the day has not begun
    yet). Aware in, aware UTC out.
    """
    if start >= end:
        raise ValueError("office hours must start before they end")
    local = to_local(now)
    day = local.date()
    if is_working_day(day):
        if local.time() < start:
            return to_utc(datetime.combine(day, start, tzinfo=STOCKHOLM))
        if local.time() < end:
            return to_utc(now)
    following = next_working_day(day + timedelta(days=1))
    return to_utc(datetime.combine(following, start, tzinfo=STOCKHOLM))
