"""Swedish working days: when a legal period that ends on a day off really ends.

EU time limits follow Regulation (EEC, Euratom) No 1182/71, Art. 3(4): a period
whose last day is a Saturday, Sunday or public holiday ends at the end of the
next working day; the public holidays are those of the member state where the
act is to be done (Art. 2(1)), here Sweden. Swedish deadline law (lag (1930:173)
om beräkning av lagstadgad tid) treats midsommarafton, julafton and nyårsafton
the same way, though they are not public holidays in law.

The holidays come from the `holidays` package, never from a hand-written list:
`Sweden(categories=("public", "de_facto"))` is exactly the public holidays of
lag (1989:253) om allmänna helgdagar plus the three eves ("de facto" holidays).
Sundays are asked for explicitly not to be included (older versions of the
package counted every Sunday as a holiday, with the name "Söndag"); weekends are
checked here by weekday instead. Names are always asked for in an explicit
language: left to itself the package picks one from the server's locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Self

import holidays

from compliance.localtime import STOCKHOLM, to_local
from compliance.settings import whole_number

HOLIDAY_CATEGORIES = ("public", "de_facto")
NAME_LANGUAGES = {"sv": "sv", "en": "en_US", "en_US": "en_US"}
_SATURDAY = 5


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> Mapping[date, str]:
    """The days off other than weekends in `year`, with their names (read-only).

    Cached because every deadline check asks, and building the set computes Easter
    and Midsummer each time; a read-only copy, so no caller can alter the cache.
    Bounded, because a year typed by a user is a key too.
    """
    days = holidays.Sweden(
        years=year,
        categories=HOLIDAY_CATEGORIES,
        language=language,
        include_sundays=False,
    )
    return MappingProxyType(dict(days))


def _require_date(day: date) -> date:
    # A datetime is a date to Python, but never equal to one: it would silently miss
    # every holiday. Which date it is depends on the zone, so the caller decides.
    if isinstance(day, datetime):
        raise TypeError("a date is required: take to_local(moment).date() first")
    return day


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Swedish public holiday, midsommarafton, julafton or
    nyårsafton."""
    day = _require_date(day)
    return day.weekday() < _SATURDAY and day not in _holidays(day.year, "sv")


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def holiday_name(day: date, lang: str = "sv") -> str | None:
    """The holiday on `day` ("Långfredagen", "Good Friday"), or None (a weekday or a
    plain weekend). `lang` is "sv" or "en" (also "en_US"); others fall back to
    Swedish. Two holidays on one day are joined by "; " ("Nationaldagen; Pingstdagen",
    6 June 2049)."""
    day = _require_date(day)
    return _holidays(day.year, NAME_LANGUAGES.get(lang, "sv")).get(day)


def after_working_days(start: datetime, days: int) -> datetime:
    """The same time of day `days` Swedish working days after `start`, in Stockholm:
    asked on Friday 15:00, two working days later is Tuesday 15:00; received Thursday
    2 April 2026 at 10:00, three working days later is Thursday 9 April at 10:00 (Good
    Friday and Easter Monday are not working days)."""
    local = to_local(start)
    day, counted = local.date(), 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, local.time(), tzinfo=STOCKHOLM)


def working_days_between(start: datetime, now: datetime) -> int:
    """Whole Swedish working days that have passed since `start` (Stockholm days)."""
    day, end, count = to_local(start).date(), to_local(now).date(), 0
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def repeating_after_working_days(start: datetime, working_days: int, every_days: int,
                                 now: datetime) -> tuple[int, datetime] | None:
    """The latest of: `working_days` working days after `start`, then every `every_days`
    days after that, with its number (0 the first); None before the first. A request
    waiting since Friday 15:00 with 2 working days, then weekly: Tuesday 15:00 is 0, the
    Tuesday after is 1."""
    first = after_working_days(start, working_days)
    if now < first:
        return None
    number = (now - first) // timedelta(days=every_days)
    return number, first + number * timedelta(days=every_days)


@dataclass(frozen=True)
class WorkingDayNudges:
    """A reminder `working_days` Swedish working days after a start, then every
    `then_every_days` days. Each use declares its defaults in a subclass."""

    working_days: int
    then_every_days: int

    @classmethod
    def from_settings(cls, given: Mapping[str, Any]) -> Self:
        """The organisation's settings over the defaults (0 working days is allowed: at
        once; a repeat needs at least a day)."""
        default = cls()  # each subclass gives every default
        working = whole_number(given.get("working_days"), 0, 30)
        every = whole_number(given.get("then_every_days"), 1, 60)
        return cls(default.working_days if working is None else working,
                   every or default.then_every_days)

    def due(self, start: datetime, now: datetime) -> tuple[int, datetime] | None:
        """(number, when) of the latest nudge due at `now`; None before the first."""
        return repeating_after_working_days(start, self.working_days, self.then_every_days,
                                            now)
